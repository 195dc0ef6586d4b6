'use strict';
// Profile commands that only the 0.1 dialect has or that changed shape there (openshell-0.1.md §5.5–5.7):
// `profile list` (also `provider list-profiles`, `provider profile list`) with the flat table of #3258 or
// the older grouped one (profileTable knob), `profile describe`, and multi-id `profile delete` that
// continues past failures. import/update/lint/export are shared with 0.0 in profiles.js.
const { GrpcError } = require('./errors');
const { padEnd, charLen, check, bang } = require('./ansi');
const { json, yaml } = require('./output');
const { visibleCustom, dto, groupedTable, NOT_FOUND } = require('./profiles');
const { deleteEach } = require('./deletes');

// §5.6: the flat table's category labels
const FLAT_LABEL = { inference: 'INFERENCE', agent: 'AGENT', source_control: 'SOURCE CONTROL', messaging: 'MESSAGING', data: 'DATA', knowledge: 'KNOWLEDGE', other: 'OTHER' };
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const scopeOf = (ctx) => (ctx.values.global ? 'global' : ctx.workspace);

/** The catalog as the CLI assembles it from every page, sorted by id, scope, source. */
function catalog(ctx) {
  return visibleCustom(ctx.read(), scopeOf(ctx)).map(dto)
    .sort((a, b) => cmp(a.id, b.id) || cmp(a.scope || '', b.scope || '') || cmp(a.source, b.source));
}

// ids over 32 and sources over 24 characters are cut to max-3 characters plus "..."
const truncate = (s, max) => (charLen(s) > max ? `${[...s].slice(0, max - 3).join('')}...` : s);

/** YP format_provider_profile_table (§5.6): plain text, trim_end()ed as a whole, then "\n". */
function flatTable(profiles) {
  const rows = profiles.map((p) => [truncate(p.id, 32), 'provider', FLAT_LABEL[p.category] || 'OTHER', truncate(p.source, 24), p.scope || '']);
  const head = ['NAME', 'TYPE', 'CATEGORY', 'SOURCE', 'SCOPE'];
  const min = [4, 8, 8, 6, 5];
  const widths = min.map((m, i) => Math.max(m, ...rows.map((r) => charLen(r[i]))));
  const text = [head, ...rows].map((cells) => cells.map((c, i) => padEnd(c, widths[i])).join('  ')).join('\n');
  return `${text.trimEnd()}\n`;
}

async function list(ctx) {
  ctx.resolve();
  await ctx.connect();
  const profiles = catalog(ctx);
  const fmt = ctx.values.output;
  // -o json|yaml: the whole catalog as a plain array, never an envelope (§5.6)
  if (fmt === 'json') return ctx.out(json(profiles));
  if (fmt === 'yaml') return ctx.out(yaml(profiles));
  const grouped = ctx.knobs.profileTable === 'grouped';
  if (profiles.length === 0) return ctx.out(grouped ? 'No provider profiles found.\n' : 'No profiles found.\n');
  return ctx.out(grouped ? groupedTable(profiles) : flatTable(profiles));
}

const orNot = (v) => (v === undefined || v === null || v === '' ? 'not specified' : String(v));
const list2 = (v) => (Array.isArray(v) ? v.join(', ') : String(v));

// One declared endpoint (§5.7). Which lines appear for which fields is not in the reference: every line is
// printed when its field is set.
function endpointText(e) {
  let out = `  ${e.host || '*'}\n`;
  const line = (label, v) => { if (v !== undefined && v !== null && v !== '') out += `    ${label}: ${v}\n`; };
  line('Ports', e.ports !== undefined ? list2(e.ports) : e.port);
  line('Path', e.path);
  line('Protocol', e.protocol);
  line('TLS', e.tls);
  line('Allow uninspected credentials', e.allow_uninspected_credentials);
  line('Access', e.access);
  if (Array.isArray(e.rules)) {
    const deny = e.rules.filter((r) => r && (r.action === 'deny' || r.deny)).length;
    line('Rules', `${e.rules.length - deny} allow, ${deny} deny`);
  }
  line('Enforcement', e.enforcement);
  line('Allowed IPs', e.allowed_ips !== undefined ? list2(e.allowed_ips) : undefined);
  return out;
}

function credentialText(c) {
  let out = `  ${c.name} (${c.required ? 'required' : 'optional'})\n`;
  if (c.description) out += `    Description: ${c.description}\n`;
  out += `    Environment variables: ${c.env_vars && c.env_vars.length ? c.env_vars.join(', ') : 'none declared'}\n`;
  out += `    Authentication: ${c.auth_style || 'not specified'}\n`;
  if (c.header_name) out += `    Header: ${c.header_name}\n`;
  if (c.query_param) out += `    Query parameter: ${c.query_param}\n`;
  return out;
}

/** YP describe text (§5.7), printed with println!("{}", rendered.trim_end()). */
function describeText(p) {
  const section = (title, items, fn) => `\n${title}:\n${items.length ? items.map(fn).join('') : '  None declared.\n'}`;
  const text = `${p.id} (provider)\n` +
    `Category: ${FLAT_LABEL[p.category] || 'OTHER'}\n` +
    `Display name: ${orNot(p.display_name)}\n` +
    `Description: ${orNot(p.description)}\n` +
    `Source: ${orNot(p.source)}\n` +
    `Scope: ${orNot(p.scope)}\n` +
    `Inference capable: ${p.inference_capable ? 'true' : 'false'}\n` +
    section('Credentials', p.credentials, credentialText) +
    section('Endpoints (declared policy)', p.endpoints, endpointText) +
    section('Binaries', p.binaries, (b) => `  ${typeof b === 'string' ? b : b.path}\n`);
  return `${text.trimEnd()}\n`;
}

async function describe(ctx) {
  ctx.resolve();
  await ctx.connect();
  const p = catalog(ctx).find((c) => c.id === ctx.values.id);
  if (!p) throw NOT_FOUND();
  const fmt = ctx.values.output || 'table';
  // -o json|yaml: the same bytes as `profile export` (§5.7)
  if (fmt === 'json') return ctx.out(json(p));
  if (fmt === 'yaml') return ctx.out(yaml(p));
  return ctx.out(describeText(p));
}

/** Providers (by type) that reference a profile; the 0.1 gateway refuses to delete it then (§5.8). */
const referencing = (g, id) => g.providers.filter((p) => p.type === id).map((p) => p.name).sort();

async function remove(ctx) {
  ctx.resolve();
  await ctx.connect(undefined, { deferInjected: true });
  await deleteEach(ctx, 'provider profile', ctx.values.ids, (id) => ctx.mutate((g) => {
    const p = visibleCustom(g, scopeOf(ctx)).find((c) => c.id === id);
    if (!p) return `${bang()} Provider profile ${id} not found\n`;
    const users = referencing(g, id);
    // server text not verified (§5.8): a FailedPrecondition naming the referencing providers
    if (users.length) throw new GrpcError('FailedPrecondition', `provider profile '${id}' is referenced by providers: ${users.join(', ')}`);
    g.profiles.splice(g.profiles.indexOf(p), 1);
    return `${check()} Deleted provider profile ${id}\n`;
  }));
}

module.exports = { list, describe, remove, flatTable, describeText };
