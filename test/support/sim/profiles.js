'use strict';
// Provider profiles: in the 0.0 dialect the 13 built-ins (always present, never deletable or overwritable)
// plus custom profiles imported into a gateway; in the 0.1 dialect imported profiles only
// (openshell-0.1.md §7), with -f/--from/--url sources (profiles01.js has the 0.1-only commands). Import/update/lint read files locally (read and parse problems are
// reported without contacting the gateway), then the "server" validates and stores them; every problem is
// a line in the stderr diagnostics block followed by the "provider profile <verb> failed" error.
const fs = require('fs');
const path = require('path');
const { CliError, GrpcError } = require('./errors');
const { bold, red, cyan, padEnd, charLen } = require('./ansi');
const { json, yaml } = require('./output');
const { BUILTIN_PROFILES, CATEGORIES } = require('./types');

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const NOT_FOUND = () => new GrpcError('NotFound', 'provider profile not found');
// Category headings in list-profiles (the real labels are not in the reference; these are approximate).
const CATEGORY_LABEL = { other: 'Other', inference: 'Inference', agent: 'Agent', source_control: 'Source Control', messaging: 'Messaging', data: 'Data', knowledge: 'Knowledge' };

/** Diagnostics collected for one import/update/lint; thrown to abort a transaction without writing. */
class ProfileDiagnostics extends Error {
  constructor(diags) {
    super('provider profile diagnostics');
    this.diags = diags;
  }
}

// 0.1 has no built-in profiles at all (§7): the catalog is exactly what was imported.
const builtins = (ctx) => (ctx.v01 ? [] : BUILTIN_PROFILES);
const isBuiltin = (ctx, id) => builtins(ctx).some((b) => b.id === id);

/** Custom profiles visible from a workspace: its own and the gateway-global ones. */
const visibleCustom = (g, workspace) => g.profiles.filter((p) => !p.scope || p.scope === 'global' || p.scope === workspace);

/** ProviderProfile DTO in struct order; optional fields only when set. */
function dto(p) {
  const o = { id: p.id };
  if (p.resource_version) o.resource_version = p.resource_version;
  if (p.annotations && Object.keys(p.annotations).length) o.annotations = p.annotations;
  o.display_name = p.display_name;
  o.description = p.description || '';
  o.category = p.category || 'other';
  o.credentials = p.credentials || [];
  o.endpoints = p.endpoints || [];
  o.binaries = p.binaries || [];
  o.inference_capable = Boolean(p.inference_capable);
  if (p.discovery) o.discovery = p.discovery;
  o.source = p.source || 'custom';
  if (p.scope) o.scope = p.scope;
  return o;
}

// std::io::Error Display for the errors a test can provoke.
function osError(e) {
  const known = { ENOENT: 'No such file or directory (os error 2)', EACCES: 'Permission denied (os error 13)', EISDIR: 'Is a directory (os error 21)', ENOTDIR: 'Not a directory (os error 20)' };
  return known[e.code] || e.message;
}

/** Files named by -f, or the non-recursive *.yaml|*.yml|*.json of --from. */
function sourceFiles(ctx) {
  const values = ctx.values;
  if (values.file !== undefined) return [values.file];
  let names;
  try {
    names = fs.readdirSync(values.from);
  } catch (e) {
    // 0.1 puts the OS error on a cause line (openshell-0.1.md §5.8)
    if (ctx.v01) throw new CliError(`failed to read profile directory ${values.from}`, [osError(e)]);
    throw new CliError(`failed to read provider profile directory '${values.from}': ${osError(e)}`);
  }
  return names.filter((n) => /\.(ya?ml|json)$/i.test(n)).sort().map((n) => path.join(values.from, n));
}

// Unknown fields are ignored, like serde with no deny_unknown_fields.
const FIELDS = ['id', 'resource_version', 'annotations', 'display_name', 'description', 'category', 'credentials', 'endpoints', 'binaries', 'inference_capable', 'discovery'];

/** Read and parse one file: {file, doc} or {file, diag}. */
function readProfile(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { file, diag: { file, profile: '-', field: 'file', message: `failed to read provider profile file: ${osError(e)}` } };
  }
  return parseProfile(file, text);
}

/** Parse one profile's text (YAML, or JSON for *.json): {file, doc} or {file, diag}. */
function parseProfile(file, text) {
  let raw;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text) : require('yaml').parse(text);
  } catch (e) {
    return { file, diag: { file, profile: '-', field: 'file', message: `failed to parse provider profile YAML: ${String(e.message).split('\n')[0]}` } };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { file, diag: { file, profile: '-', field: 'file', message: 'failed to parse provider profile YAML: expected a mapping' } };
  }
  const doc = {};
  for (const k of FIELDS) if (raw[k] !== undefined && raw[k] !== null) doc[k] = raw[k];
  return { file, doc };
}

// The server's field checks (messages other than the kebab-case one are approximate).
function fieldDiags(file, doc, v01 = false) {
  const d = (field, message) => ({ file, profile: typeof doc.id === 'string' && doc.id ? doc.id : '-', field, message });
  const out = [];
  if (typeof doc.id !== 'string' || doc.id === '') out.push(d('id', 'id is required'));
  else if (!KEBAB.test(doc.id)) out.push(d('id', "provider profile id must be lowercase kebab-case using only a-z, 0-9, and '-'"));
  if (typeof doc.display_name !== 'string' || doc.display_name === '') out.push(d('display_name', 'display_name is required'));
  if (doc.category !== undefined && !CATEGORIES.includes(doc.category)) {
    out.push(d('category', `unknown category '${doc.category}'; expected one of: ${CATEGORIES.join(', ')}`));
  }
  if (v01) {
    // 0.1 validation rejects `harness` on binaries and endpoint `tls` other than omitted/`skip` (§5.8; texts approximate)
    (Array.isArray(doc.endpoints) ? doc.endpoints : []).forEach((e, i) => {
      if (e && e.tls !== undefined && e.tls !== null && e.tls !== 'skip') out.push(d(`endpoints[${i}].tls`, "tls must be omitted or 'skip'"));
    });
    (Array.isArray(doc.binaries) ? doc.binaries : []).forEach((b, i) => {
      if (b && typeof b === 'object' && b.harness !== undefined) out.push(d(`binaries[${i}].harness`, 'harness is no longer supported'));
    });
  }
  return out;
}

function printDiagnostics(ctx, diags) {
  let out = `${bold(red('Provider profile diagnostics:'))}\n`;
  for (const x of diags) out += `  ${red('error')} ${x.file} profile=${x.profile} field=${x.field} ${x.message}\n`;
  ctx.err(out);
}

/** Run a read → validate → store sequence, turning diagnostics into the CLI's output and final error. */
async function withDiagnostics(ctx, verb, fn) {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof ProfileDiagnostics)) throw e;
    printDiagnostics(ctx, e.diags);
    throw new CliError(`provider profile ${verb} failed`);
  }
}

/** Every source read and parsed (0.1: also --url); parse problems become diagnostics. */
async function readAll(ctx) {
  const read = ctx.values.url !== undefined
    ? [await require('./profile-url').fetchProfile(ctx.values.url).then(({ file, text }) => parseProfile(file, text))]
    : sourceFiles(ctx).map(readProfile);
  if (ctx.v01 && read.length === 0) throw new CliError('no provider profile files found'); // §5.8
  const diags = read.filter((r) => r.diag).map((r) => r.diag);
  if (diags.length) throw new ProfileDiagnostics(diags);
  return read;
}

const scopeOf = (ctx) => (ctx.values.global ? 'global' : ctx.workspace);

async function importProfiles(ctx) {
  ctx.resolve();
  const n = await withDiagnostics(ctx, 'import', async () => {
    const files = await readAll(ctx);
    await ctx.connect();
    return ctx.mutate((g) => {
      const diags = [];
      const batch = new Set();
      for (const { file, doc } of files) {
        const fd = fieldDiags(file, doc, ctx.v01);
        diags.push(...fd);
        if (fd.some((x) => x.field === 'id')) continue;
        const d = (message) => diags.push({ file, profile: doc.id, field: 'id', message });
        if (isBuiltin(ctx, doc.id)) d(`provider profile '${doc.id}' is managed by source 'builtin' and cannot be overwritten`);
        else if (visibleCustom(g, scopeOf(ctx)).some((p) => p.id === doc.id)) d(`custom provider profile '${doc.id}' already exists`);
        else if (batch.has(doc.id)) d(`duplicate provider profile id '${doc.id}'`);
        batch.add(doc.id);
      }
      if (diags.length) throw new ProfileDiagnostics(diags);
      for (const { doc } of files) {
        g.profiles.push({ ...dto({ ...doc, source: 'custom', scope: scopeOf(ctx) }), resource_version: 1 });
      }
      return files.length;
    });
  });
  ctx.out(`Imported ${n} provider profile${n === 1 ? '' : 's'}.\n`);
}

async function updateProfile(ctx) {
  const id = ctx.values.id;
  ctx.resolve();
  await withDiagnostics(ctx, 'update', async () => {
    const [{ file, doc }] = await readAll(ctx);
    await ctx.connect();
    await ctx.mutate((g) => {
      const d = (field, message) => ({ file, profile: doc.id || '-', field, message });
      const diags = fieldDiags(file, doc, ctx.v01);
      if (!diags.length && doc.id !== id) diags.push(d('id', `profile id '${doc.id}' does not match '${id}'`));
      if (!diags.length && isBuiltin(ctx, id)) diags.push(d('id', `provider profile '${id}' is managed by source 'builtin' and cannot be overwritten`));
      if (diags.length) throw new ProfileDiagnostics(diags);
      const current = visibleCustom(g, ctx.workspace).find((p) => p.id === id);
      if (!current) throw NOT_FOUND();
      if (doc.resource_version === undefined) {
        throw new ProfileDiagnostics([d('resource_version', 'resource_version is required; export the profile to get the current value')]);
      }
      if (Number(doc.resource_version) !== current.resource_version) {
        throw new GrpcError('Aborted', `provider profile '${id}' resource_version ${doc.resource_version} is stale (current ${current.resource_version}); export it again and retry`);
      }
      const next = dto({ ...doc, source: 'custom', scope: current.scope });
      g.profiles[g.profiles.indexOf(current)] = { ...next, resource_version: current.resource_version + 1 };
    });
  });
  ctx.out('Updated provider profile.\n');
}

async function lint(ctx) {
  ctx.resolve();
  await withDiagnostics(ctx, 'lint', async () => {
    const files = await readAll(ctx);
    await ctx.connect();
    const diags = files.flatMap(({ file, doc }) => fieldDiags(file, doc, ctx.v01));
    if (diags.length) throw new ProfileDiagnostics(diags);
  });
  ctx.out('Provider profile lint passed.\n');
}

async function exportProfile(ctx) {
  const fmt = ctx.values.output || 'yaml';
  ctx.resolve();
  if (fmt === 'table') throw new CliError("profile export supports '-o yaml' and '-o json'; table output is not supported");
  await ctx.connect();
  const p = builtins(ctx).find((b) => b.id === ctx.values.id) || visibleCustom(ctx.read(), ctx.workspace).find((c) => c.id === ctx.values.id);
  if (!p) throw NOT_FOUND();
  ctx.out(fmt === 'json' ? json(dto(p)) : yaml(dto(p)));
}

/** Sandboxes whose attached providers use a profile (by type), sorted like sandbox list. */
function sandboxesUsing(g, id) {
  return g.sandboxes
    .filter((s) => (s.providers || []).some((name) => g.providers.some((p) => p.name === name && p.type === id && (p.workspace || 'default') === (s.workspace || 'default'))))
    .sort((a, b) => (a.created_at || 0) - (b.created_at || 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => s.name);
}

async function remove(ctx) {
  const id = ctx.values.id;
  ctx.resolve();
  await ctx.connect();
  await ctx.mutate((g) => {
    if (isBuiltin(ctx, id)) throw new GrpcError('FailedPrecondition', `provider profile '${id}' is managed by source 'builtin' and cannot be deleted`);
    const p = visibleCustom(g, ctx.workspace).find((c) => c.id === id);
    if (!p) throw NOT_FOUND();
    const users = sandboxesUsing(g, id);
    if (users.length) throw new GrpcError('FailedPrecondition', `provider profile '${id}' is in use by sandboxes: ${users.join(', ')}`);
    g.profiles.splice(g.profiles.indexOf(p), 1);
  });
  ctx.out(`Deleted provider profile '${id}'.\n`);
}

/** The grouped table (0.0, and 0.1 before #3258): sorted by category then id, one block per category (§4.4). */
function groupedTable(profiles) {
  const rank = (p) => CATEGORIES.indexOf(p.category || 'other');
  const all = [...profiles].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const w = (key, header) => Math.max(charLen(header), ...all.map((p) => charLen(String(p[key] || ''))));
  const [iw, sw, ow, nw] = [w('id', 'ID'), w('scope', 'SCOPE'), w('source', 'SOURCE'), w('display_name', 'NAME')];
  let out = `${bold(cyan('Available Provider Profiles:'))}\n`;
  for (const cat of CATEGORIES) {
    const rows = all.filter((p) => p.category === cat);
    if (!rows.length) continue;
    out += `\n  ${bold(CATEGORY_LABEL[cat])}\n`;
    out += `    ${padEnd('ID', iw)}  ${padEnd('SCOPE', sw)}  ${padEnd('SOURCE', ow)}  ${padEnd('NAME', nw)}  ENDPOINTS\n`;
    for (const p of rows) {
      out += `    ${padEnd(p.id, iw)}  ${padEnd(p.scope || '', sw)}  ${padEnd(p.source, ow)}  ${padEnd(p.display_name, nw)}  ${padEnd(String(p.endpoints.length), 2)}${p.inference_capable ? ' inference' : ''}\n`;
    }
  }
  return out;
}

async function list(ctx) {
  ctx.resolve();
  await ctx.connect();
  const rank = (p) => CATEGORIES.indexOf(p.category || 'other');
  const all = [...BUILTIN_PROFILES, ...visibleCustom(ctx.read(), ctx.workspace)]
    .map(dto)
    .sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const fmt = ctx.values.output;
  if (fmt === 'json') return ctx.out(json(all));
  if (fmt === 'yaml') return ctx.out(yaml(all));
  return ctx.out(groupedTable(all));
}

module.exports = { list, groupedTable, importProfiles, updateProfile, lint, exportProfile, remove, visibleCustom, dto, sandboxesUsing, CATEGORY_LABEL, NOT_FOUND };
