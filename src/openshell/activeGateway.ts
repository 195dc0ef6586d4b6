// Which gateway an openshell call will use, read from the CLI's own files (no process spawned), in the
// CLI's order (openshell-cli.md §2): the -g value (our fullsend.gateway setting), OPENSHELL_GATEWAY, the
// user's active_gateway file, then the system one.
import { promises as fs } from 'fs';
import os = require('os');
import path = require('path');

export interface GatewayIdentity {
  name: string;
  /** From gateways/<name>/metadata.json, when registered. */
  endpoint?: string;
  /** name@endpoint: what fingerprints are recorded under, so a re-registered gateway starts clean. */
  key: string;
}

export interface GatewayLookup {
  setting?: string;
  env?: NodeJS.ProcessEnv;
}

export function openshellConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'openshell');
}

export async function resolveGateway({ setting, env = process.env }: GatewayLookup = {}): Promise<GatewayIdentity | undefined> {
  const user = openshellConfigDir(env);
  const system = env.OPENSHELL_SYSTEM_GATEWAY_DIR || '/etc/openshell';
  // OPENSHELL_GATEWAY_ENDPOINT (--gateway-endpoint) makes the CLI use that URL whatever the name says
  // (openshell-cli.md §2), so fingerprints are keyed on it: a record never follows a name to another endpoint.
  const endpointOverride = env.OPENSHELL_GATEWAY_ENDPOINT?.trim() || undefined;
  const name = setting?.trim() || env.OPENSHELL_GATEWAY?.trim() ||
    (await readTrimmed(path.join(user, 'active_gateway'))) || (await readTrimmed(path.join(system, 'active_gateway'))) || endpointOverride;
  if (!name) return undefined;
  let endpoint: string | undefined = endpointOverride;
  for (const dir of endpointOverride ? [] : [user, system]) {
    const meta = await readTrimmed(path.join(dir, 'gateways', name, 'metadata.json'));
    if (!meta) continue;
    try { endpoint = (JSON.parse(meta) as { gateway_endpoint?: string }).gateway_endpoint; } catch { /* a broken file: name only */ }
    break;
  }
  return { name, endpoint, key: endpoint ? `${name}@${endpoint}` : name };
}

async function readTrimmed(file: string): Promise<string | undefined> {
  try { return (await fs.readFile(file, 'utf8')).trim() || undefined; } catch { return undefined; }
}
