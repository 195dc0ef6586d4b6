'use strict';
// Which CLI dialect a version string selects (openshell-0.1.md §10.1): major.minor >= 0.1 — including
// prereleases `0.1.0-pre.N` and dev builds `0.1.6-dev.N+g<sha>` — speaks the 0.1 dialect; 0.0.x (also
// `0.0.112-dev.7+g…`) and anything unparseable (the old `m-dev` bug) speak the 0.0 dialect.

const VERSION_RE = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/** {major, minor, patch, pre, build} or null. */
function parseVersion(version) {
  const m = VERSION_RE.exec(String(version).trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] || null, build: m[5] || null };
}

/** '0.1' for major.minor >= 0.1, else '0.0'. */
function dialectOf(version) {
  const v = parseVersion(version);
  return v && (v.major > 0 || v.minor >= 1) ? '0.1' : '0.0';
}

module.exports = { parseVersion, dialectOf };
