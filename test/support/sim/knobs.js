'use strict';
// Test knobs. Each comes from an env var or from `knobs` in the state file (so a test can reconfigure the
// simulator behind a running extension host without restarting it); a non-empty env var wins.
//   OPENSHELL_SIM_LATENCY_MS      latencyMs     sleep once per networked command, when it connects
//   OPENSHELL_SIM_GATEWAY_DOWN    gatewayDown   "1"/true = every gateway down, or a comma list / array of names
//   OPENSHELL_SIM_FAIL            fail          "<kind>[#N|#N+|#*]=<error>[:<message>],…"
//   OPENSHELL_SIM_LEGACY_ERRORS   legacyErrors  "1"/true = tonic 0.12 (≤ v0.0.60) status text
//   OPENSHELL_SIM_VERSION         version       version string (default 0.0.111); selects the dialect (dialect.js)
// 0.1 dialect only (openshell-0.1.md §9):
//   OPENSHELL_SIM_READINESS       readiness       provider update readiness report (default on; off = pre-#3391 build)
//   OPENSHELL_SIM_PROFILE_TABLE   profileTable    "flat" (default, #3258) | "grouped" (older 0.1 builds)
//   OPENSHELL_SIM_CREDLESS_CREATE credlessCreate  provider create without a credential source (default on, #3304)
//   OPENSHELL_SIM_JSON_ORDER      jsonOrder       "insertion" (default, preserve_order) | "sorted"
//   OPENSHELL_SIM_SANDBOX_DELETION sandboxDeletion "completed" (default) | "accepted" (cleanup pending)
const { GrpcError, transportError } = require('./errors');
const { dialectOf } = require('./dialect');

const DEFAULT_VERSION = '0.0.111';

/** A simulator misconfiguration: reported as "openshell-sim: …", exit 70, never as a CLI error. */
class SimError extends Error {}

// error kinds → what the "server" answers
const FAIL_KINDS = {
  unavailable: 'Unavailable',
  internal: 'Internal',
  aborted: 'Aborted',
  'already-exists': 'AlreadyExists',
  'not-found': 'NotFound',
  'failed-precondition': 'FailedPrecondition',
  'invalid-argument': 'InvalidArgument',
  'permission-denied': 'PermissionDenied',
  unauthenticated: 'Unauthenticated',
  unimplemented: 'Unimplemented',
  'deadline-exceeded': 'DeadlineExceeded',
  'resource-exhausted': 'ResourceExhausted',
  transport: null, // the refused-connection error, as for a down gateway
  hang: null, // never answer: sleep until killed
  // The call does its work on the gateway, then (the reliability suites' faults, ARCHITECTURE §7):
  'hang-after': null, // never answers: sleeps until killed, so the caller cannot know the write happened
  garbled: null, // prints garbage instead of its stdout (exit 0)
  truncated: null, // prints only the first half of its stdout (exit 0)
};
/** Fail kinds that do not stop the call where the server would answer: the command runs, then misbehaves. */
const AFTER_THE_WORK = new Set(['hang-after', 'garbled', 'truncated']);

const truthy = (v) => v === true || /^(1|true|yes|on)$/i.test(String(v));
const envOr = (env, name, fallback) => (env[name] !== undefined && env[name] !== '' ? env[name] : fallback);

function parseFail(spec) {
  if (!spec) return [];
  const rules = [];
  for (const raw of String(spec).split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    // `*` as the command words: every command, counted together (`*#3=…` fails the third call of any kind)
    const m = /^(\*|[a-z][a-z -]*?)\s*(?:#(\*|\d+\+?))?\s*=\s*([a-z-]+)(?::(.*))?$/.exec(entry);
    if (!m || !Object.prototype.hasOwnProperty.call(FAIL_KINDS, m[3])) {
      // (the text predates `*` and the AFTER_THE_WORK kinds, and tests pin it: README.md documents them)
      throw new SimError(`bad OPENSHELL_SIM_FAIL entry '${entry}' (expected "<command words>[#N|#N+|#*]=<${Object.keys(FAIL_KINDS).filter((k) => !AFTER_THE_WORK.has(k)).join('|')}>[:message]")`);
    }
    const sel = m[2] || '*';
    rules.push({ kind: m[1].trim().replace(/\s+/g, ' '), sel, error: m[3], message: m[4] });
  }
  return rules;
}

function oneOf(name, raw, allowed) {
  const v = String(raw);
  if (!allowed.includes(v)) throw new SimError(`bad ${name} '${v}' (expected ${allowed.join('|')})`);
  return v;
}

const selects = (sel, n) => sel === '*' || (sel.endsWith('+') ? n >= Number(sel.slice(0, -1)) : n === Number(sel));

/** Effective knobs for one invocation. */
function load(env, stateKnobs = {}) {
  const latency = Number(envOr(env, 'OPENSHELL_SIM_LATENCY_MS', stateKnobs.latencyMs ?? 0));
  if (!Number.isFinite(latency) || latency < 0) throw new SimError(`bad OPENSHELL_SIM_LATENCY_MS '${env.OPENSHELL_SIM_LATENCY_MS}'`);
  const downRaw = envOr(env, 'OPENSHELL_SIM_GATEWAY_DOWN', stateKnobs.gatewayDown ?? false);
  let down;
  if (Array.isArray(downRaw)) down = new Set(downRaw);
  else if (downRaw === true || downRaw === false || /^(0|1|true|false|yes|no|on|off)$/i.test(String(downRaw))) down = truthy(downRaw) ? '*' : new Set();
  else down = new Set(String(downRaw).split(',').map((s) => s.trim()).filter(Boolean));
  const version = String(envOr(env, 'OPENSHELL_SIM_VERSION', stateKnobs.version ?? DEFAULT_VERSION));
  return {
    latencyMs: latency,
    isDown: (name) => down === '*' || down.has(name),
    fail: parseFail(envOr(env, 'OPENSHELL_SIM_FAIL', stateKnobs.fail ?? '')),
    legacyErrors: truthy(envOr(env, 'OPENSHELL_SIM_LEGACY_ERRORS', stateKnobs.legacyErrors ?? false)),
    version,
    dialect: dialectOf(version),
    readiness: truthy(envOr(env, 'OPENSHELL_SIM_READINESS', stateKnobs.readiness ?? true)),
    profileTable: oneOf('OPENSHELL_SIM_PROFILE_TABLE', envOr(env, 'OPENSHELL_SIM_PROFILE_TABLE', stateKnobs.profileTable ?? 'flat'), ['flat', 'grouped']),
    credlessCreate: truthy(envOr(env, 'OPENSHELL_SIM_CREDLESS_CREATE', stateKnobs.credlessCreate ?? true)),
    jsonOrder: oneOf('OPENSHELL_SIM_JSON_ORDER', envOr(env, 'OPENSHELL_SIM_JSON_ORDER', stateKnobs.jsonOrder ?? 'insertion'), ['insertion', 'sorted']),
    sandboxDeletion: oneOf('OPENSHELL_SIM_SANDBOX_DELETION', envOr(env, 'OPENSHELL_SIM_SANDBOX_DELETION', stateKnobs.sandboxDeletion ?? 'completed'), ['completed', 'accepted']),
  };
}

/**
 * The rule that fires for this call of `kind`, if any (first matching rule wins). `n` is the call's number
 * among calls of its kind, or `{ [kind]: n, '*': m }` when `*` rules count every call as well.
 */
function failureFor(rules, kind, n) {
  const count = (k) => (typeof n === 'number' ? (k === kind ? n : undefined) : n[k]);
  return rules.find((r) => (r.kind === kind || r.kind === '*') && count(r.kind) !== undefined && selects(r.sel, count(r.kind))) || null;
}

/** The error a fired rule produces; `hang` is handled by the caller. */
function failureError(rule) {
  if (rule.error === 'transport') return transportError();
  const message = rule.message !== undefined ? rule.message : `injected by OPENSHELL_SIM_FAIL (${rule.kind}#${rule.sel}=${rule.error})`;
  return new GrpcError(FAIL_KINDS[rule.error], message);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How an in-process call (inprocess.js) is ended: the stand-in for the signal that ends a process. */
class Killed extends Error {
  constructor(signal = 'SIGTERM') { super(`killed by ${signal}`); this.signal = signal; }
}

// An interval keeps the event loop alive; the process then only ends by a signal. In process (inprocess.js),
// `signal` stands in for that: its abort ends the wait with Killed, and the interval is cleared.
const hangForever = (signal) => new Promise((_, reject) => {
  const timer = setInterval(() => {}, 1 << 30);
  if (!signal) return;
  const kill = () => { clearInterval(timer); reject(new Killed(signal.reason && signal.reason.signal)); };
  if (signal.aborted) kill();
  else signal.addEventListener('abort', kill, { once: true });
});

module.exports = { load, parseFail, failureFor, failureError, sleep, hangForever, Killed, SimError, DEFAULT_VERSION, FAIL_KINDS, AFTER_THE_WORK };
