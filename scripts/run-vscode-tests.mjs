// Runs the in-host integration suites in REAL VS Code extension hosts, one fresh host per workspace, once
// per OpenShell dialect: 0.1.x (what fullsend pins) and 0.0.x. The worlds that never start a process
// (untrusted, plain folder) do not depend on the dialect and run in the 0.1 pass only.
// Default host: code-server (works offline); VSCODE_TEST_HOST=electron uses @vscode/test-electron on
// machines that can download VS Code. Prints a line per dialect and one `integration: N passed, N failed`
// line; exit 0/1. ITEST_DIALECTS=0.1.5 (a comma list of versions) runs only those passes.
import * as path from 'node:path';
import { runSuiteInHost, ROOT } from './in-host.mjs';

const t0 = Date.now();
const say = (m) => console.log(`[vscode-test ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

const WORLDS = process.env.TEST_WORKSPACE
  ? [{ name: path.basename(process.env.TEST_WORKSPACE), fixture: process.env.TEST_WORKSPACE, suite: 'main', openshell: true }]
  : [
      { name: 'acme-agents', fixture: path.join(ROOT, 'test/fixtures/agents-repo'), suite: 'main', openshell: true },
      // Workspace trust on and the folder untrusted: welcome views, no process started until trust is granted.
      { name: 'untrusted-agents', fixture: path.join(ROOT, 'test/fixtures/agents-repo'), suite: 'untrusted', trusted: false },
      // Two fullsend dirs (a per-repo install and an agents repo) and a plain folder: the views group by dir.
      { name: 'multi-root', fixture: path.join(ROOT, 'test/fixtures/multi-root'), suite: 'multiroot', workspaceFile: 'multi-root.code-workspace', openshell: true },
      // Negative control: without the markers the extension must stay inactive.
      { name: 'plain-folder', fixture: path.join(ROOT, 'test/fixtures/plain-folder'), suite: 'plain' },
    ];
const DIALECTS = (process.env.ITEST_DIALECTS || '0.1.5,0.0.116').split(',').map((s) => s.trim()).filter(Boolean);

// ITEST_WORLDS=name,name runs only those worlds (e.g. ITEST_WORLDS=untrusted-agents while working on it).
const only = process.env.ITEST_WORLDS?.split(',').map((s) => s.trim()).filter(Boolean);
if (only?.length) WORLDS.splice(0, WORLDS.length, ...WORLDS.filter((w) => only.includes(w.name)));

const line = (label, t) => `${label}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`;
const total = { passed: 0, failed: 0, skipped: 0 };
const perDialect = [];
let ok = true;
for (const [i, version] of DIALECTS.entries()) {
  // The simulator of every world in this pass speaks this version (scripts/integration-world.mjs).
  process.env.OPENSHELL_SIM_DEFAULT_VERSION = version;
  const pass = { passed: 0, failed: 0, skipped: 0 };
  for (const world of WORLDS.filter((w) => i === 0 || w.openshell)) {
    say(`${world.name} [openshell ${version}]`);
    const r = await runSuiteInHost({ ...world, say }).catch((err) => {
      say(`${world.name}: ${err.message}`);
      return { ok: false, passed: 0, failed: 1, skipped: 0 };
    });
    ok &&= r.ok;
    for (const k of Object.keys(pass)) { pass[k] += r[k]; total[k] += r[k]; }
  }
  perDialect.push(line(`integration-openshell-${version}`, pass));
}
for (const l of perDialect) console.log(l);
console.log(`integration: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(ok && total.failed === 0 ? 0 : 1);
