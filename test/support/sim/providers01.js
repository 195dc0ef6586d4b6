'use strict';
// `provider create|list|update|delete` in the 0.1 dialect (openshell-0.1.md §5.1, §5.3–5.5): profiles are
// import-only and a provider's type names its profile; credential-less create when the profile allows it;
// paged list with the JSON envelope; the update readiness report and its `<prefix> (<code description>)`
// errors; deletes that continue past failures. `provider get` is shared with 0.0 (providers.js).
const crypto = require('crypto');
const { CliError, GrpcError, CODES } = require('./errors');
const { check, bang } = require('./ansi');
const { put } = require('./state');
const { visibleCustom } = require('./profiles');
const { parseCredentials, parseConfig, parseExpiries, applyUpdate, validate, findProvider, byCreatedThenName, sortSandboxes, providerTable } = require('./providers');
const { page, envelope, printNext } = require('./paging');
const readiness = require('./readiness');
const { deleteEach } = require('./deletes');

const blank = (v) => v === undefined || v.trim() === '';
const ws = (p) => p.workspace || 'default';
/** YYYY-MM-DD HH:MM:SS in UTC (§5.1: 1_234_567_890_000 → "2009-02-13 23:31:30"). */
const created = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** GetProviderProfile{id, workspace}: --global-profile looks at platform-scope profiles only. */
function lookupProfile(g, id, ctx) {
  const visible = ctx.values.globalProfile ? g.profiles.filter((p) => p.scope === 'global') : visibleCustom(g, ctx.workspace);
  return visible.find((p) => p.id === id) || null;
}

// A credential is resolved at runtime when it declares a refresh strategy or a token grant (field names I).
const runtimeResolvable = (c) => Boolean(c.refresh || c.refresh_strategy || c.token_grant);
/** §5.3: every *required* credential is runtime-resolvable; `credentials: []` qualifies. */
const allowsEmpty = (profile) => (profile.credentials || []).filter((c) => c.required === true).every(runtimeResolvable);

/** --from-existing: the env vars of the profile's `discovery` credentials (providers v2 is unconditional). */
function discover(profile, type, env) {
  const wanted = profile && profile.discovery && Array.isArray(profile.discovery.credentials) ? profile.discovery.credentials : [];
  const vars = ((profile && profile.credentials) || []).filter((c) => wanted.includes(c.name)).flatMap((c) => c.env_vars || []);
  const found = {};
  for (const v of vars) if (!blank(env[v])) put(found, v, env[v]);
  if (Object.keys(found).length === 0) throw new CliError(`no existing local credentials/config found for provider type '${type}'`);
  return found;
}

async function create(ctx) {
  const v = ctx.values;
  ctx.resolve();
  await ctx.connect(undefined, { deferInjected: true });
  const type = v.type.trim();
  if (type === '') throw new CliError('provider type is required');
  const g = ctx.read();
  const profile = lookupProfile(g, type, ctx);
  if (!profile) throw new CliError(`provider profile '${type}' not found; import a matching profile before using this provider type`);
  let credentials = parseCredentials(v.credential || [], ctx.env);
  const config = parseConfig(v.config || []);
  if (v.fromExisting) credentials = discover(profile, type, ctx.env);
  if (v.fromGcloudAdc) throw new CliError('the openshell simulator does not implement --from-gcloud-adc');
  if (v.fromOidcToken) throw new CliError('the openshell simulator does not implement --from-oidc-token');
  if (Object.keys(credentials).length === 0) {
    if (v.runtimeCredentials && !allowsEmpty(profile)) {
      throw new CliError('--runtime-credentials is only valid for provider profiles whose required credentials are resolved at runtime');
    }
    if (!allowsEmpty(profile)) {
      throw new CliError(`no credentials resolved for provider type '${type}'. Use --credential KEY[=VALUE], --runtime-credentials for runtime-resolved profile credentials, or --from-existing with the appropriate env vars set.`);
    }
  }
  validate(v.name, credentials, config);
  if (ctx.rpcFailure()) throw ctx.rpcFailure();
  await ctx.mutate((gs) => {
    if (findProvider(gs, ctx.workspace, v.name)) throw new GrpcError('AlreadyExists', 'provider already exists');
    gs.providers.push({
      id: crypto.randomUUID(),
      name: v.name,
      type: profile.id, // the stored type is the profile's id (§5.3)
      workspace: ctx.workspace,
      credentials,
      config,
      credential_expires_at_ms: {},
      labels: {},
      created_at: Date.now(), // a 0.1 gateway reports creation times (§5.1)
      resource_version: 1,
    });
  });
  ctx.out(`${check()} Created provider ${v.name}\n`);
}

/** The `<prefix> (<code description>)` form: the server's message is dropped (§2.4). */
const described = (prefix, e) => new CliError(`${prefix} (${CODES[e.code]})`);

async function update(ctx) {
  const v = ctx.values;
  ctx.resolve();
  await ctx.connect(undefined, { deferInjected: true });
  const g = ctx.read();
  // GetProvider (best effort): any failure is "provider update lookup failed (<desc>)" (§5.4 step 2)
  const stored = findProvider(g, ctx.workspace, v.name);
  if (!stored) throw described('provider update lookup failed', { code: 'NotFound' });
  let credentials = parseCredentials(v.credential || [], ctx.env);
  const config = parseConfig(v.config || []);
  const expiries = parseExpiries(v.credentialExpiresAt || []);
  if (v.fromExisting) credentials = { ...discover(visibleCustom(g, ctx.workspace).find((p) => p.id === stored.type), stored.type, ctx.env), ...credentials };
  const persistedMs = Date.now();
  let mutation;
  try {
    if (ctx.rpcFailure()) throw ctx.rpcFailure();
    mutation = await ctx.mutate((gs) => {
      const p = findProvider(gs, ctx.workspace, v.name);
      if (!p) throw new GrpcError('NotFound', 'provider not found');
      applyUpdate(p, { credentials, config, expiries });
      gs.mutations = (gs.mutations || 0) + 1; // the mutation counter behind mutation_id
      const sandboxes = sortSandboxes(gs.sandboxes.filter((s) => ws(s) === ctx.workspace && (s.providers || []).includes(p.name)));
      return { mutationId: `mut-${String(gs.mutations).padStart(6, '0')}`, provider: { ...p }, sandboxes, persistedMs };
    });
  } catch (e) {
    if (e instanceof GrpcError) throw described('provider update failed', e);
    throw e;
  }
  if (!ctx.knobs.readiness) return ctx.out(`${check()} Updated provider ${v.name}\n`); // builds before #3391
  return readiness.report(ctx, mutation, { wait: Boolean(v.wait), timeoutSecs: v.timeout ?? 30, output: v.output || 'table' });
}

async function remove(ctx) {
  ctx.resolve();
  await ctx.connect(undefined, { deferInjected: true });
  await deleteEach(ctx, 'provider', ctx.values.names, (name) => ctx.mutate((gs) => {
    const p = findProvider(gs, ctx.workspace, name);
    if (!p) return `${bang()} Provider ${name} not found\n`;
    const users = sortSandboxes(gs.sandboxes.filter((s) => ws(s) === ctx.workspace && (s.providers || []).includes(name)));
    if (users.length) throw new GrpcError('FailedPrecondition', `provider '${name}' is attached to sandbox(es): ${users.map((s) => s.name).join(', ')}`);
    gs.providers.splice(gs.providers.indexOf(p), 1);
    return `${check()} Deleted provider ${name}\n`;
  }));
}

/** provider_to_json (§5.1), insertion order; optional keys only when set. */
function providerJson(p) {
  const nonEmpty = (m) => m && Object.keys(m).length > 0;
  const o = { id: p.id, name: p.name, workspace: ws(p), type: p.type, credential_keys: [...new Set(Object.keys(p.credentials))].sort() };
  if (nonEmpty(p.config)) o.config_keys = Object.keys(p.config);
  if (nonEmpty(p.labels)) o.labels = p.labels;
  if (p.resource_version) o.resource_version = p.resource_version;
  if (p.created_at) o.created_at = created(p.created_at);
  if (nonEmpty(p.credential_expires_at_ms)) o.credential_expires_at_ms = p.credential_expires_at_ms;
  return o;
}

async function list(ctx) {
  const v = ctx.values;
  ctx.resolve();
  await ctx.connect();
  const all = v.allWorkspaces;
  const matching = ctx.read().providers.filter((p) => all || ws(p) === ctx.workspace).sort(byCreatedThenName);
  const { items: ps, next } = page(matching, v, { list: 'providers', workspace: all ? '*' : ctx.workspace });

  if (v.names) return ctx.out(ps.map((p) => `${all ? `${ws(p)}/` : ''}${p.name}\n`).join(''));
  if (v.output === 'json') return ctx.out(ctx.json(envelope('providers', ps.map(providerJson), next)));
  if (v.output === 'yaml') return ctx.out(ctx.yaml(envelope('providers', ps.map(providerJson), next)));
  if (ps.length === 0) return ctx.out('No providers found.\n');
  printNext(ctx, next);
  return ctx.out(providerTable(ps, all));
}

module.exports = { create, update, remove, list, providerJson, allowsEmpty };
