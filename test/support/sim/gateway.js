'use strict';
// `gateway list|select|remove|add` (commands/gateway.rs): local files only, no network, no latency.
// Their human output goes to stderr (select/remove/add) or stdout (list), as in the real CLI.
const registry = require('./registry');
const { CliError } = require('./errors');
const { check, warn, bold, dim, green, padEnd, charLen } = require('./ansi');
const { json, yaml, sortKeys } = require('./output');

const NO_GATEWAYS = () => `No gateways found.\n\nRegister a gateway with: ${dim('openshell gateway add <endpoint>')}\n`;

function listing(ctx, fmt) {
  const gws = registry.list(ctx.env);
  // "active" is -g / OPENSHELL_GATEWAY when given, else the active_gateway file
  const active = ctx.globals.gateway !== undefined ? ctx.globals.gateway : ctx.env.OPENSHELL_GATEWAY || registry.readActive(ctx.env);
  const rows = gws.map(({ name, meta, source }) => ({
    active: name === active,
    auth: registry.authOf(meta),
    endpoint: meta.gateway_endpoint,
    is_remote: Boolean(meta.is_remote),
    name,
    remote_host: meta.remote_host ?? null,
    resolved_host: meta.resolved_host ?? null,
    source,
    type: registry.typeOf(meta),
  }));
  if (fmt === 'json') return json(rows.map(sortKeys));
  if (fmt === 'yaml') return yaml(rows.map(sortKeys));
  if (rows.length === 0) return NO_GATEWAYS();

  // REMOTE appears only when some gateway has a remote host (its position is approximate)
  const cols = [['NAME', 'name'], ['ENDPOINT', 'endpoint']];
  if (rows.some((r) => r.remote_host)) cols.push(['REMOTE', 'remote_host']);
  cols.push(['TYPE', 'type'], ['SOURCE', 'source'], ['AUTH', 'auth']);
  const widths = cols.map(([h, k]) => Math.max(charLen(h), ...rows.map((r) => charLen(String(r[k] ?? '')))));
  const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? c : padEnd(c, widths[i]))).join('  ');
  let out = `  ${cols.map(([h], i) => bold(i === cols.length - 1 ? h : padEnd(h, widths[i]))).join('  ')}\n`;
  for (const r of rows) {
    const text = line(cols.map(([, k]) => String(r[k] ?? '')));
    out += r.active ? `${green(`* ${text}`)}\n` : `  ${text}\n`;
  }
  return out;
}

async function list(ctx) {
  await ctx.injected();
  ctx.out(listing(ctx, ctx.values.output || 'table'));
}

const noMetadata = (n, hint) => new CliError(`No gateway metadata found for '${n}'.\n${hint}`);

async function select(ctx) {
  const name = ctx.values.name;
  if (name !== undefined) ctx.gw = { name };
  await ctx.injected();
  if (name === undefined) {
    // non-TTY: the list plus a hint instead of an interactive picker (hint wording approximate)
    ctx.out(listing(ctx, 'table'));
    ctx.err('\nSelect a gateway with: openshell gateway select <name>\n');
    return;
  }
  if (!registry.metadata(ctx.env, name)) {
    throw noMetadata(name, `Register it first with: openshell gateway add <endpoint> --name ${name}\nOr list available gateways: openshell gateway select`);
  }
  registry.writeActive(ctx.env, name);
  let out = `${check()} Active gateway set to '${name}'\n`;
  const env = ctx.env.OPENSHELL_GATEWAY;
  if (env && env !== name) out += `${warn()} OPENSHELL_GATEWAY=${env} is set and will override this selection.\n  Unset it or run: export OPENSHELL_GATEWAY=${name}\n`;
  ctx.err(out);
}

async function remove(ctx) {
  let name = ctx.values.name;
  if (name === undefined) {
    name = registry.selectedName(ctx.globals, ctx.env);
    if (name === null) throw new CliError(registry.NO_ACTIVE);
  }
  ctx.gw = { name };
  await ctx.injected();
  const found = registry.metadata(ctx.env, name);
  if (!found) throw noMetadata(name, 'List available gateways: openshell gateway select');
  if (found.source === 'system') throw new CliError(`Gateway '${name}' is a system registration and cannot be removed.`);
  registry.removeUser(ctx.env, name);
  if (registry.readActive(ctx.env) === name) registry.clearActive(ctx.env);
  ctx.err(`${check()} Gateway registration '${name}' removed.\n`);
}

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[?::1\]?)$/i;

async function add(ctx) {
  const v = ctx.values;
  let endpoint = v.endpoint;
  let remoteHost = v.remote;
  if (/^ssh:\/\//i.test(endpoint)) {
    // ssh://user@host:port means a remote gateway reached over ssh (tunnel details are not simulated)
    const u = new URL(endpoint);
    remoteHost = `${u.username ? `${u.username}@` : ''}${u.hostname}`;
    endpoint = `https://127.0.0.1:${u.port || 17670}`;
  } else if (!endpoint.includes('://')) {
    endpoint = `https://${endpoint}`;
  }
  let url;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CliError(`invalid gateway endpoint '${v.endpoint}'`);
  }
  const name = registry.checkName(v.name !== undefined ? v.name : LOOPBACK.test(url.hostname) ? 'openshell' : url.hostname);
  ctx.gw = { name };
  await ctx.injected();
  const existing = registry.metadata(ctx.env, name);
  if (existing && existing.source === 'user') {
    throw new CliError(`Gateway '${name}' already exists.\nRemove it first with: openshell gateway remove ${name}\nOr choose a different name with: --name <name>`);
  }
  const auth = v.oidcIssuer ? 'oidc' : endpoint.startsWith('http://') ? 'plaintext' : 'mtls';
  registry.writeMetadata(ctx.env, {
    name,
    gateway_endpoint: endpoint,
    is_remote: Boolean(remoteHost),
    gateway_port: 0,
    remote_host: remoteHost,
    auth_mode: auth,
    oidc_issuer: v.oidcIssuer,
    oidc_client_id: v.oidcIssuer ? v.oidcClientId || 'openshell-cli' : undefined,
    oidc_audience: v.oidcAudience,
    oidc_scopes: v.oidcScopes,
  });
  registry.writeActive(ctx.env, name);
  let out = '';
  if (ctx.knobs.isDown(name)) out += `${warn()} Gateway is not reachable at ${endpoint}\n  Verify the gateway is running and the endpoint is correct.\n`;
  out += `${check()} Gateway '${name}' added and set as active\n  Endpoint: ${endpoint}\n  Type: ${remoteHost ? 'remote' : 'local'}\n  Auth: ${auth}\n`;
  ctx.err(out);
}

module.exports = { list, select, remove, add };
