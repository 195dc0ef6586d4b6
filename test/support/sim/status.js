'use strict';
// Top-level `status` (main.rs:2360, commands/gateway.rs:52). No resolvable gateway is not an error here
// (exit 0, "not configured"); a registered gateway that refuses connections fails with the HTTP probe's
// `client error (Connect)` rather than the gRPC `transport error`.
const { CliError, statusConnectError } = require('./errors');
const { bold, cyan, dim, green } = require('./ansi');
const { json, yaml } = require('./output');
const registry = require('./registry');

const NOT_CONFIGURED = () => `${bold(cyan('Gateway Status'))}\n\n  ${dim('Status:')} No gateway configured.\n\nRegister a gateway with: ${dim('openshell gateway add <endpoint>')}\n`;

// Authentication per auth mode; only the plaintext form is pinned by the reference, the rest approximate.
function authentication(meta) {
  switch (registry.authOf(meta)) {
    case 'plaintext': return [{ mode: 'gateway', status: 'not_required' }, 'Not required (gateway)'];
    case 'oidc': return [{ mode: 'oidc', status: 'authenticated' }, 'Authenticated (OIDC)'];
    case 'cloudflare_jwt': return [{ mode: 'edge', status: 'authenticated' }, 'Authenticated (edge)'];
    default: return [{ mode: 'mtls', status: 'authenticated' }, 'Authenticated (mTLS transport)'];
  }
}

async function status(ctx) {
  const fmt = ctx.values.output || 'table';
  try {
    ctx.resolve();
  } catch (e) {
    if (!(e instanceof CliError) || !/^(No active gateway\.|Unknown gateway ')/.test(e.message)) throw e;
    if (fmt === 'table') return ctx.out(NOT_CONFIGURED());
    return ctx.out(fmt === 'json' ? json({ status: 'not_configured' }) : yaml({ status: 'not_configured' }));
  }
  await ctx.connect(statusConnectError);
  const [auth, authText] = authentication(ctx.gw.meta);
  const body = ctx.v01
    // status_to_json insertion order, authentication {status, mode} (openshell-0.1.md §5.11)
    ? { gateway: ctx.gw.name, server: ctx.gw.endpoint, status: 'connected', authentication: { status: auth.status, mode: auth.mode }, version: ctx.knobs.version }
    : { authentication: auth, gateway: ctx.gw.name, server: ctx.gw.endpoint, status: 'connected', version: ctx.knobs.version };
  if (fmt === 'json') return ctx.out(ctx.json(body));
  if (fmt === 'yaml') return ctx.out(yaml(body));
  return ctx.out(
    `${bold(cyan('Server Status'))}\n\n` +
      `  ${dim('Gateway:')} ${ctx.gw.name}\n` +
      `  ${dim('Server:')} ${ctx.gw.endpoint}\n` +
      `  ${dim('Status:')} ${green('Connected')}\n` +
      `  ${dim('Authentication:')} ${authText}\n` +
      `  ${dim('Version:')} ${ctx.knobs.version}\n`,
  );
}

module.exports = { status };
