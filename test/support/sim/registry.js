'use strict';
// Gateway registrations in the real CLI's on-disk layout (§2 of openshell-cli.md), so that the extension's
// file watcher on `active_gateway` and anything reading metadata.json see exactly what the real CLI writes:
//   $XDG_CONFIG_HOME/openshell/active_gateway                 (name, no trailing newline)
//   $XDG_CONFIG_HOME/openshell/gateways/<name>/metadata.json  (pretty JSON, struct order, None skipped)
// plus the read-only system layer. Unlike the real CLI, the simulator reads a system layer only from
// OPENSHELL_SYSTEM_GATEWAY_DIR, never /etc/openshell, so a real installation cannot leak into tests.
const fs = require('fs');
const path = require('path');
const { CliError } = require('./errors');

const userRoot = (env) => path.join(env.XDG_CONFIG_HOME || path.join(env.HOME || require('os').homedir(), '.config'), 'openshell');
const systemRoot = (env) => (env.OPENSHELL_SYSTEM_GATEWAY_DIR && path.isAbsolute(env.OPENSHELL_SYSTEM_GATEWAY_DIR) ? env.OPENSHELL_SYSTEM_GATEWAY_DIR : null);

const NO_ACTIVE = 'No active gateway.\nSet one with: openshell gateway select <name>\nOr register one with: openshell gateway add <endpoint>';
const unknownGateway = (n) => `Unknown gateway '${n}'.\nRegister it first: openshell gateway add <endpoint> --name ${n}\nOr list available gateways: openshell gateway select`;

/** A gateway name must be a single path component. */
function checkName(name) {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\') || name.includes('\0')) {
    throw new CliError(`invalid gateway name '${name}': expected a single path component`);
  }
  return name;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The registration for a name: user entries shadow system ones. */
function metadata(env, name) {
  checkName(name);
  for (const [root, source] of [[userRoot(env), 'user'], [systemRoot(env), 'system']]) {
    if (!root) continue;
    const meta = readJson(path.join(root, 'gateways', name, 'metadata.json'));
    if (meta) return { name, meta, source };
  }
  return null;
}

/** Every registration, sorted by name. */
function list(env) {
  const byName = new Map();
  for (const [root, source] of [[systemRoot(env), 'system'], [userRoot(env), 'user']]) {
    if (!root) continue;
    let names = [];
    try { names = fs.readdirSync(path.join(root, 'gateways')); } catch { /* none */ }
    for (const name of names) {
      const meta = readJson(path.join(root, 'gateways', name, 'metadata.json'));
      if (meta) byName.set(name, { name, meta, source });
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function readActive(env) {
  for (const root of [userRoot(env), systemRoot(env)]) {
    if (!root) continue;
    try {
      const name = fs.readFileSync(path.join(root, 'active_gateway'), 'utf8').trim();
      if (name) return name;
    } catch { /* none */ }
  }
  return null;
}

function writeActive(env, name) {
  fs.mkdirSync(userRoot(env), { recursive: true });
  fs.writeFileSync(path.join(userRoot(env), 'active_gateway'), name); // save_active_gateway: no newline
}

function clearActive(env) {
  fs.rmSync(path.join(userRoot(env), 'active_gateway'), { force: true });
}

// GatewayMetadata field order (metadata.rs); absent optional fields are skipped like serde's None.
const FIELD_ORDER = ['name', 'gateway_endpoint', 'is_remote', 'gateway_port', 'remote_host', 'resolved_host', 'auth_mode',
  'edge_team_domain', 'edge_auth_url', 'oidc_issuer', 'oidc_client_id', 'oidc_audience', 'oidc_scopes', 'vm_driver_state_dir'];

function writeMetadata(env, meta) {
  const ordered = {};
  for (const k of FIELD_ORDER) if (meta[k] !== undefined && meta[k] !== null) ordered[k] = meta[k];
  const dir = path.join(userRoot(env), 'gateways', checkName(meta.name));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(ordered, null, 2));
}

function removeUser(env, name) {
  fs.rmSync(path.join(userRoot(env), 'gateways', checkName(name)), { recursive: true, force: true });
}

/** The name the CLI would use: -g, then OPENSHELL_GATEWAY (non-empty), then the active_gateway file. */
function selectedName(globals, env) {
  if (globals.gateway !== undefined) return globals.gateway;
  if (env.OPENSHELL_GATEWAY) return env.OPENSHELL_GATEWAY;
  return readActive(env);
}

/**
 * main.rs resolve_gateway: --gateway-endpoint, -g, OPENSHELL_GATEWAY, active_gateway. Fails before any
 * network access with the CLI's two messages.
 * @returns {{name: string, endpoint: string, meta: object}}
 */
function resolve(globals, env) {
  const url = globals.gatewayEndpoint !== undefined ? globals.gatewayEndpoint : env.OPENSHELL_GATEWAY_ENDPOINT || undefined;
  if (url !== undefined) {
    const named = globals.gateway !== undefined ? globals.gateway : env.OPENSHELL_GATEWAY || null;
    const match = named ? metadata(env, named) : list(env).find((g) => g.meta.gateway_endpoint === url);
    const meta = match ? { ...match.meta, gateway_endpoint: url } : { name: named || url, gateway_endpoint: url, is_remote: false, gateway_port: 0 };
    return { name: named || (match ? match.name : url), endpoint: url, meta };
  }
  const name = selectedName(globals, env);
  if (name === null) throw new CliError(NO_ACTIVE);
  const found = metadata(env, name);
  if (!found) throw new CliError(unknownGateway(name));
  return { name, endpoint: found.meta.gateway_endpoint, meta: found.meta };
}

/** gateway list's TYPE and AUTH columns. */
const typeOf = (meta) => (meta.auth_mode === 'cloudflare_jwt' ? 'cloud' : meta.is_remote ? 'remote' : 'local');
const authOf = (meta) => meta.auth_mode || (String(meta.gateway_endpoint).startsWith('http://') ? 'plaintext' : 'mtls');

module.exports = {
  userRoot, checkName, metadata, list, readActive, writeActive, clearActive, writeMetadata, removeUser,
  selectedName, resolve, typeOf, authOf, NO_ACTIVE, unknownGateway,
};
