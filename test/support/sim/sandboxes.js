'use strict';
// `sandbox list` and `sandbox delete` (§4.9). Sandboxes only come from seeding (sim.seed) — the simulator
// does not run `sandbox create` — and exist so that provider/profile deletes can be blocked by them and so
// leaked `fs-*` sandboxes can be listed and deleted.
const { CliError } = require('./errors');
const { check, bang, bold, green, padEnd, charLen } = require('./ansi');
const { json, yaml, sortKeys } = require('./output');

const ws = (s) => s.workspace || 'default';
const byCreatedThenName = (a, b) => (a.created_at || 0) - (b.created_at || 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** YYYY-MM-DD HH:MM:SS in UTC. */
const created = (ms) => new Date(ms || 0).toISOString().slice(0, 19).replace('T', ' ');

function sandboxJson(s) {
  return sortKeys({
    annotations: s.annotations || {},
    created_at: s.created_at || 0,
    current_policy_version: s.current_policy_version || 0,
    id: s.id,
    labels: s.labels || {},
    name: s.name,
    phase: s.phase || 'Ready',
    resource_version: s.resource_version || 1,
    workspace: ws(s),
  });
}

/** --selector k=v,… : every pair must match a label. */
function selectorFilter(selector) {
  if (selector === undefined) return () => true;
  const pairs = selector.split(',').filter(Boolean).map((kv) => {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new CliError(`invalid selector '${kv}': expected key=value`);
    return [kv.slice(0, eq).trim(), kv.slice(eq + 1).trim()];
  });
  return (s) => pairs.every(([k, v]) => (s.labels || {})[k] === v);
}

async function list(ctx) {
  const v = ctx.values;
  ctx.resolve();
  const matches = selectorFilter(v.selector);
  await ctx.connect();
  const offset = v.offset ?? 0;
  const limit = v.limit ?? 100;
  const sbs = ctx.read().sandboxes
    .filter((s) => (v.allWorkspaces || ws(s) === ctx.workspace) && matches(s))
    .sort(byCreatedThenName)
    .slice(offset, offset + limit);
  if (v.ids) return ctx.out(sbs.map((s) => `${s.id}\n`).join(''));
  if (v.names) return ctx.out(sbs.map((s) => `${v.allWorkspaces ? `${ws(s)}/` : ''}${s.name}\n`).join(''));
  if (v.output === 'json') return ctx.out(json(sbs.map(sandboxJson)));
  if (v.output === 'yaml') return ctx.out(yaml(sbs.map(sandboxJson)));
  if (sbs.length === 0) return ctx.out('No sandboxes found.\n');
  return ctx.out(table(sbs, (phase) => (phase === 'Ready' ? green(phase) : phase)));
}

/** The sandbox list table; `paint` styles the phase cell. */
function table(sbs, paint) {
  const W = Math.max(4, ...sbs.map((s) => charLen(s.name)));
  let out = `${bold(padEnd('NAME', W))}  ${bold(padEnd('CREATED', 19))}  ${bold('PHASE')}\n`;
  for (const s of sbs) out += `${padEnd(s.name, W)}  ${created(s.created_at)}  ${paint(s.phase || 'Ready')}\n`;
  return out;
}

// One RPC per name, like provider delete.
async function remove(ctx) {
  ctx.resolve();
  await ctx.connect();
  let names = ctx.values.names || [];
  if (ctx.values.all) {
    names = ctx.read().sandboxes.filter((s) => ws(s) === ctx.workspace).sort(byCreatedThenName).map((s) => s.name);
    if (names.length === 0) return ctx.out('No sandboxes to delete.\n');
  }
  for (const name of names) {
    const deleted = await ctx.mutate((g) => {
      const i = g.sandboxes.findIndex((s) => s.name === name && ws(s) === ctx.workspace);
      if (i < 0) return false;
      g.sandboxes.splice(i, 1);
      return true;
    });
    ctx.out(deleted ? `${check()} Deleted sandbox ${name}\n` : `${bang()} Sandbox ${name} not found\n`);
  }
  return undefined;
}

module.exports = { list, remove, sandboxJson, table, selectorFilter, byCreatedThenName, created };
