'use strict';
// `profile import|lint --url <URL>` (0.1 dialect, openshell-0.1.md §5.8): the CLI's URL checks in order,
// then one GET with a 15 s timeout and a 1 MiB body limit. The fetch-error wording after
// "failed to fetch provider profile from <url>: " is reqwest-like and approximate.
const { CliError } = require('./errors');

const LIMIT = 1024 * 1024;
const TIMEOUT_MS = 15000;

/** The URL without query and fragment, as the CLI names it in messages and diagnostics. */
const shown = (u) => `${u.origin}${u.pathname}`;

function check(text) {
  let u;
  try {
    u = new URL(text);
  } catch {
    throw new CliError('invalid provider profile URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CliError('provider profile URL must use http or https');
  if (u.username || u.password) throw new CliError('provider profile URL must not contain userinfo');
  if (!/\.(ya?ml|json)$/i.test(u.pathname)) throw new CliError('provider profile URL must end in .yaml, .yml, or .json');
  return u;
}

/** {file, text}: `file` is the shown URL (it names the diagnostics' source). */
async function fetchProfile(text) {
  const u = check(text);
  const fail = (why) => new CliError(`failed to fetch provider profile from ${shown(u)}: ${why}`);
  let res;
  try {
    res = await fetch(u, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  } catch (e) {
    throw fail(`error sending request for url (${u.href})${e && e.cause && e.cause.code ? `: ${e.cause.code}` : ''}`);
  }
  if (!res.ok) throw fail(`HTTP status ${res.status >= 500 ? 'server' : 'client'} error (${res.status} ${res.statusText}) for url (${u.href})`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > LIMIT) throw new CliError(`provider profile at ${shown(u)} exceeds the 1 MiB download limit`);
  let decoded;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new CliError(`provider profile at ${shown(u)} is not UTF-8`);
  }
  // the extension decides YAML or JSON: parseProfile reads *.json as JSON
  return { file: shown(u), text: decoded };
}

module.exports = { fetchProfile, check };
