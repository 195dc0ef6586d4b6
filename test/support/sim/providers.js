'use strict';
// `provider create|get|list|update|delete` against a gateway's store, in the CLI's order of checks
// (run.rs:3405): resolve gateway → connect → resolve type → parse --credential → parse --config →
// --from-existing discovery → empty check → server validation → RPC. Credential values are stored (the store
// is a test double of the gateway DB) but never printed: like the server, output only names keys.
const { CliError, GrpcError } = require('./errors');
const { check, bang, bold, dim, cyan, padEnd, charLen } = require('./ansi');
const { json, yaml } = require('./output');
const { put } = require('./state');
const { normalizeKnown, BUILTIN_IDS, BUILTIN_PROFILES, legacyDiscoveryVars } = require('./types');
const { visibleCustom } = require('./profiles');

const NOT_FOUND = () => new GrpcError('NotFound', 'provider not found');
const byteLen = (s) => Buffer.byteLength(s, 'utf8');
const blank = (v) => v === undefined || v.trim() === '';

/** commands/common.rs parse_credential_pairs: KEY=VALUE verbatim, or bare KEY read from our own env. */
function parseCredentials(items, env) {
  const out = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    if (key === '') throw new CliError('--credential key cannot be empty');
    if (eq >= 0) put(out, key, item.slice(eq + 1));
    else if (blank(env[key])) throw new CliError(`--credential ${key} requires local env var '${key}' to be set to a non-empty value`);
    else put(out, key, env[key]);
  }
  return out;
}

/** parse_key_value_pairs for --config. */
function parseConfig(items) {
  const out = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq < 0) throw new CliError(`--config expects KEY=VALUE, got '${item}'`);
    const key = item.slice(0, eq).trim();
    if (key === '') throw new CliError('--config key cannot be empty');
    put(out, key, item.slice(eq + 1));
  }
  return out;
}

// --credential-expires-at KEY=TIMESTAMP: epoch milliseconds or an RFC 3339 date; 0 clears the expiry.
function parseExpiries(items) {
  const out = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq < 0) throw new CliError(`--credential-expires-at expects KEY=TIMESTAMP, got '${item}'`);
    const key = item.slice(0, eq).trim();
    const ts = item.slice(eq + 1).trim();
    const ms = /^\d+$/.test(ts) ? Number(ts) : Date.parse(ts);
    if (key === '' || !Number.isFinite(ms)) throw new CliError(`--credential-expires-at expects KEY=TIMESTAMP, got '${item}'`);
    put(out, key, ms);
  }
  return out;
}

/** Normalized built-in type, built-in profile, or custom profile visible here; else the CLI's error. */
function resolveType(typed, g, workspace) {
  const known = normalizeKnown(typed);
  if (known) return known;
  const t = typed.trim();
  if (BUILTIN_IDS.has(t) || visibleCustom(g, workspace).some((p) => p.id === t)) return t;
  throw new CliError(`unsupported provider type or profile: ${typed}`);
}

// --from-existing: the legacy registry, or under providers v2 the type's profile `discovery`.
function discover(type, g, workspace, env) {
  let vars;
  if (g.settings.values.providers_v2_enabled === true) {
    const p = BUILTIN_PROFILES.find((b) => b.id === type) || visibleCustom(g, workspace).find((c) => c.id === type);
    if (!p) throw new CliError(`provider profile '${type}' not found; providers v2 discovery requires a provider profile`);
    const wanted = p.discovery && Array.isArray(p.discovery.credentials) ? p.discovery.credentials : [];
    vars = (p.credentials || []).filter((c) => wanted.includes(c.name)).flatMap((c) => c.env_vars || []);
  } else {
    vars = legacyDiscoveryVars(type);
  }
  const found = {};
  for (const v of vars) if (!blank(env[v])) put(found, v, env[v]);
  if (Object.keys(found).length === 0) throw new CliError(`no existing local credentials/config found for provider type '${type}'`);
  return found;
}

// grpc/validation.rs limits (messages for the entry/size limits are approximate).
function validate(name, credentials, config) {
  const bad = (m) => new GrpcError('InvalidArgument', m);
  if (name === '') throw bad('provider.name is required');
  if (byteLen(name) > 253) throw bad(`provider.name exceeds maximum length (${byteLen(name)} > 253)`);
  for (const [field, map, max] of [['credentials', credentials, 32], ['config', config, 64]]) {
    const keys = Object.keys(map);
    if (keys.length > max) throw bad(`provider.${field} exceeds maximum entries (${keys.length} > ${max})`);
    for (const k of keys) {
      if (byteLen(k) > 256) throw bad(`provider.${field} key exceeds maximum length (${byteLen(k)} > 256)`);
      if (byteLen(String(map[k])) > 8192) throw bad(`provider.${field} value exceeds maximum length (${byteLen(String(map[k]))} > 8192)`);
    }
  }
}

/** grpc/provider.rs merge_map: a non-empty value sets, an empty value deletes. */
function mergeMap(target, incoming) {
  for (const [k, v] of Object.entries(incoming)) {
    if (v === '' || v === 0) delete target[k];
    else put(target, k, v);
  }
}

const findProvider = (g, workspace, name) => g.providers.find((p) => (p.workspace || 'default') === workspace && p.name === name);

async function create(ctx) {
  const v = ctx.values;
  ctx.resolve();
  await ctx.connect();
  const g = ctx.read();
  const type = resolveType(v.type, g, ctx.workspace);
  let credentials = parseCredentials(v.credential || [], ctx.env);
  const config = parseConfig(v.config || []);
  if (v.fromExisting) credentials = discover(type, g, ctx.workspace, ctx.env);
  if (v.fromGcloudAdc) throw new CliError('the openshell simulator does not implement --from-gcloud-adc');
  if (Object.keys(credentials).length === 0 && !v.runtimeCredentials) {
    throw new CliError(`no credentials resolved for provider type '${type}'. Use --credential KEY[=VALUE], --runtime-credentials for runtime-resolved profile credentials, or --from-existing with the appropriate env vars set.`);
  }
  validate(v.name, credentials, config);
  await ctx.mutate((gs) => {
    if (findProvider(gs, ctx.workspace, v.name)) throw new GrpcError('AlreadyExists', 'provider already exists');
    gs.providers.push({
      id: require('crypto').randomUUID(),
      name: v.name,
      type,
      workspace: ctx.workspace,
      credentials,
      config,
      credential_expires_at_ms: {},
      labels: {},
      created_at: 0, // CLI-created providers report 0 (§4.1), so list order falls back to the name
      resource_version: 1,
    });
  });
  ctx.out(`${check()} Created provider ${v.name}\n`);
}

async function update(ctx) {
  const v = ctx.values;
  ctx.resolve();
  await ctx.connect();
  let credentials = parseCredentials(v.credential || [], ctx.env);
  const config = parseConfig(v.config || []);
  const expiries = parseExpiries(v.credentialExpiresAt || []);
  if (v.fromExisting) {
    const g = ctx.read();
    const p = findProvider(g, ctx.workspace, v.name);
    if (!p) throw NOT_FOUND();
    credentials = { ...discover(p.type, g, ctx.workspace, ctx.env), ...credentials };
  }
  await ctx.mutate((gs) => {
    const p = findProvider(gs, ctx.workspace, v.name);
    if (!p) throw NOT_FOUND();
    applyUpdate(p, { credentials, config, expiries });
  });
  ctx.out(`${check()} Updated provider ${v.name}\n`);
}

/**
 * The server's merge (both dialects): an empty value deletes the key, the result is validated before anything
 * changes, and resource_version goes up on every update that carries a key (no flags: a true no-op).
 */
function applyUpdate(p, { credentials, config, expiries }) {
  const touched = Object.keys(credentials).length + Object.keys(config).length + Object.keys(expiries).length;
  const next = { credentials: { ...p.credentials }, config: { ...p.config }, expiries: { ...(p.credential_expires_at_ms || {}) } };
  mergeMap(next.credentials, credentials);
  mergeMap(next.config, config);
  mergeMap(next.expiries, expiries);
  validate(p.name, next.credentials, next.config);
  p.credentials = next.credentials;
  p.config = next.config;
  p.credential_expires_at_ms = next.expiries;
  if (touched > 0) p.resource_version = (p.resource_version || 0) + 1;
}

// Each name is its own RPC: earlier lines are already out when a later one fails.
async function remove(ctx) {
  ctx.resolve();
  await ctx.connect();
  for (const name of ctx.values.names) {
    const deleted = await ctx.mutate((gs) => {
      const p = findProvider(gs, ctx.workspace, name);
      if (!p) return false;
      const users = sortSandboxes(gs.sandboxes.filter((s) => (s.workspace || 'default') === ctx.workspace && (s.providers || []).includes(name)));
      if (users.length) {
        throw new GrpcError('FailedPrecondition', `provider '${name}' is attached to sandbox(es): ${users.map((s) => s.name).join(', ')}`);
      }
      gs.providers.splice(gs.providers.indexOf(p), 1);
      return true;
    });
    ctx.out(deleted ? `${check()} Deleted provider ${name}\n` : `${bang()} Provider ${name} not found\n`);
  }
}

async function get(ctx) {
  ctx.resolve();
  await ctx.connect();
  const p = findProvider(ctx.read(), ctx.workspace, ctx.values.name);
  if (!p) throw NOT_FOUND();
  const keys = (m) => (Object.keys(m).length ? Object.keys(m) : null);
  const credKeys = keys(p.credentials);
  const confKeys = keys(p.config || {});
  ctx.out(
    `${bold(cyan('Provider:'))}\n\n` +
      `  ${dim('Id:')} ${p.id}\n` +
      `  ${dim('Name:')} ${p.name}\n` +
      `  ${dim('Type:')} ${p.type}\n` +
      `  ${dim('Resource version:')} ${p.resource_version || 0}\n` +
      `  ${dim('Credential keys:')} ${credKeys ? credKeys.sort().join(', ') : '<none>'}\n` +
      `  ${dim('Config keys:')} ${confKeys ? confKeys.join(', ') : '<none>'}\n`,
  );
}

/** provider_to_json (run.rs:3693): sorted keys; optional fields only when non-empty / non-zero. */
function providerJson(p) {
  const o = {};
  const nonEmpty = (m) => m && Object.keys(m).length > 0;
  if (nonEmpty(p.config)) o.config_keys = Object.keys(p.config);
  if (p.created_at) o.created_at = p.created_at;
  if (nonEmpty(p.credential_expires_at_ms)) o.credential_expires_at_ms = p.credential_expires_at_ms;
  o.credential_keys = Object.keys(p.credentials).sort();
  o.id = p.id;
  if (nonEmpty(p.labels)) o.labels = p.labels;
  o.name = p.name;
  if (p.resource_version) o.resource_version = p.resource_version;
  o.type = p.type;
  o.workspace = p.workspace || 'default';
  return o;
}

const byCreatedThenName = (a, b) => (a.created_at || 0) - (b.created_at || 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const sortSandboxes = (list) => [...list].sort(byCreatedThenName);

async function list(ctx) {
  const v = ctx.values;
  ctx.resolve();
  await ctx.connect();
  const all = v.allWorkspaces;
  const offset = v.offset ?? 0;
  const limit = v.limit ?? 100;
  const ps = ctx.read().providers
    .filter((p) => all || (p.workspace || 'default') === ctx.workspace)
    .sort(byCreatedThenName)
    .slice(offset, offset + limit);
  const ws = (p) => p.workspace || 'default';

  if (v.names) return ctx.out(ps.map((p) => `${all ? `${ws(p)}/` : ''}${p.name}\n`).join(''));
  if (v.output === 'json') return ctx.out(json(ps.map(providerJson)));
  if (v.output === 'yaml') return ctx.out(yaml(ps.map(providerJson)));
  if (ps.length === 0) return ctx.out('No providers found.\n');
  return ctx.out(providerTable(ps, all));
}

/** The provider list table (both dialects; 0.1 prints it without styling unless colour is on). */
function providerTable(ps, all) {
  const ws = (p) => p.workspace || 'default';
  const W = Math.max(4, ...ps.map((p) => charLen(p.name)));
  const T = Math.max(4, ...ps.map((p) => charLen(p.type)));
  const S = Math.max(9, ...ps.map((p) => charLen(ws(p))));
  let out = (all ? `${bold(padEnd('WORKSPACE', S))}  ` : '') +
    `${bold(padEnd('NAME', W))}  ${bold(padEnd('TYPE', T))}  ${bold(padEnd('CREDENTIAL_KEYS', 16))}  ${bold('CONFIG_KEYS')}\n`;
  for (const p of ps) {
    out += (all ? `${padEnd(ws(p), S)}  ` : '') +
      `${padEnd(p.name, W)}  ${padEnd(p.type, T)}  ${padEnd(String(Object.keys(p.credentials).length), 16)}  ${Object.keys(p.config || {}).length}\n`;
  }
  return out;
}

module.exports = {
  create, update, applyUpdate, remove, get, list, parseCredentials, parseConfig, parseExpiries, mergeMap, validate, findProvider, resolveType, providerJson, byCreatedThenName, sortSandboxes, providerTable,
};
