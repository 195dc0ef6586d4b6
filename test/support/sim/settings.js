'use strict';
// `settings get|set|delete --global` (run.rs:5595-5860). Order for set/delete: resolve gateway → validate
// key/value → confirmation (--yes; the simulator is never interactive) → connect → RPC. Sandbox-scoped
// settings are not simulated.
const { CliError, GrpcError } = require('./errors');
const { check, bang } = require('./ansi');
const { json } = require('./output');
const { put } = require('./state');

// openshell-core/src/settings.rs:110, in registration order (the error message lists them in this order)
const REGISTERED_00 = [
  ['providers_v2_enabled', 'bool'],
  ['ocsf_json_enabled', 'bool'],
  ['agent_policy_proposals_enabled', 'bool'],
  ['proposal_approval_mode', ['manual', 'auto']],
];
// 0.1 (openshell-0.1.md §5.9): providers_v2_enabled is gone, ocsf_schema_version is new ("" first)
const REGISTERED_01 = [
  ['ocsf_json_enabled', 'bool'],
  ['ocsf_schema_version', ['', '1.1', '1.3']],
  ['agent_policy_proposals_enabled', 'bool'],
  ['proposal_approval_mode', ['manual', 'auto']],
];
const registered = (dialect) => (dialect === '0.1' ? REGISTERED_01 : REGISTERED_00);
const TRUE = ['1', 'true', 'yes', 'y', 'on'];
const FALSE = ['0', 'false', 'no', 'n', 'off'];

function checkKey(key, dialect) {
  const kind = registered(dialect).find(([k]) => k === key);
  if (!kind) throw new CliError(`unknown setting key '${key}'. Allowed keys: ${registered(dialect).map(([k]) => k).join(', ')}`);
  return kind[1];
}

/** The typed value for a key, or the CLI's validation error. */
function parseValue(key, value, dialect = '0.0') {
  const kind = checkKey(key, dialect);
  if (kind === 'bool') {
    const v = value.toLowerCase();
    if (TRUE.includes(v)) return true;
    if (FALSE.includes(v)) return false;
    throw new CliError(`invalid bool value '${value}' for key '${key}'; expected one of: true,false,yes,no,1,0`);
  }
  if (!kind.includes(value)) throw new CliError(`invalid value '${value}' for key '${key}'; expected one of: ${kind.join(', ')}`);
  return value;
}

const NO_SANDBOX = 'No sandbox name provided and no last-used sandbox.\nSpecify a sandbox name or connect to one first: openshell sandbox connect <name>';

// Without --global the CLI targets a sandbox; the simulator keeps no last-used sandbox and simulates no
// sandbox settings.
function requireGlobal(ctx) {
  if (ctx.values.global) return;
  if (ctx.values.sandbox === undefined) throw new CliError(NO_SANDBOX);
  throw new CliError(`the openshell simulator does not implement sandbox settings ('${ctx.kind} ${ctx.values.sandbox}')`);
}

const show = (v) => (v === undefined || v === null ? '<unset>' : String(v));

async function get(ctx) {
  ctx.resolve();
  if (ctx.values.global && ctx.values.sandbox !== undefined) throw new CliError('settings get --global does not accept a sandbox name');
  requireGlobal(ctx);
  await ctx.connect();
  const { values, revision } = ctx.read().settings;
  const keys = registered(ctx.knobs.dialect).map(([k]) => k).sort();
  if (ctx.values.json) {
    const settings = {};
    for (const k of keys) settings[k] = show(values[k]);
    // 0.1: insertion order scope, settings_revision, settings (jsonOrder knob; §5.9)
    if (ctx.v01) return ctx.out(ctx.json({ scope: 'global', settings_revision: revision, settings }));
    return ctx.out(json({ scope: 'global', settings, settings_revision: revision }));
  }
  return ctx.out(`Scope:         global\nSettings Rev:  ${revision}\nSettings:\n${keys.map((k) => `  ${k} = ${show(values[k])}\n`).join('')}`);
}

async function set(ctx) {
  const { key, value } = ctx.values;
  ctx.resolve();
  requireGlobal(ctx);
  const typed = parseValue(key, value, ctx.knobs.dialect);
  if (!ctx.values.yes) throw new CliError('global setting updates require confirmation; pass --yes in non-interactive mode');
  await ctx.connect();
  const revision = await ctx.mutate((g) => {
    put(g.settings.values, key, typed);
    return ++g.settings.revision;
  });
  ctx.out(`${check()} Set global setting ${key}=${value} (revision ${revision})\n`);
}

async function remove(ctx) {
  const { key } = ctx.values;
  ctx.resolve();
  requireGlobal(ctx);
  if (!ctx.v01) checkKey(key); // 0.1 leaves the key to the gateway (§5.9)
  if (!ctx.values.yes) throw new CliError('global setting deletes require confirmation; pass --yes in non-interactive mode');
  await ctx.connect();
  if (ctx.v01 && !registered('0.1').some(([k]) => k === key)) throw new GrpcError('InvalidArgument', `unknown setting key '${key}'`); // text approximate
  const revision = await ctx.mutate((g) => {
    if (!Object.prototype.hasOwnProperty.call(g.settings.values, key)) return null;
    delete g.settings.values[key];
    return ++g.settings.revision;
  });
  ctx.out(revision === null ? `${bang()} Global setting ${key} not found\n` : `${check()} Deleted global setting ${key} (revision ${revision})\n`);
}

module.exports = { get, set, remove, parseValue, registered };
