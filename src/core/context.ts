// What every gateway operation runs with. Built by the vscode layer from settings, SecretStorage and
// globalState; built by tests and the benchmark around the simulator.
import type { GatewayIdentity } from '../openshell/activeGateway';
import type { OpenShellClient } from '../openshell/client';
import type { AdapterLog, CallOptions } from '../openshell/runner';
import type { FingerprintBook } from './fingerprints';

export interface OperationContext {
  client: OpenShellClient;
  gateway: GatewayIdentity;
  book: FingerprintBook;
  log: AdapterLog;
  signal?: AbortSignal;
  /** Step messages for a progress UI ("Creating provider github-code (2/5)"). */
  progress?(message: string): void;
}

/**
 * Per-operation call options: the caller's cancellation, a counter for the result's `cliCalls`, and the
 * gateway the operation resolved once at its start — passed as `-g` on every call it makes.
 */
export function callOptions(ctx: OperationContext): CallOptions & { counter: { calls: number } } {
  return { signal: ctx.signal, counter: { calls: 0 }, gatewayName: ctx.gateway.name, gateway: ctx.gateway.name };
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
