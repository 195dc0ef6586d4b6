// What the views and the status bar show, read in one go: at most 4 openshell calls whatever the size of
// the gateway (ARCHITECTURE §8) — `gateway list` (local files), `status`, `provider list`, `sandbox list` —
// all in parallel. A failure is part of the snapshot (the state and a message), never an empty view.
import type { GatewayIdentity } from '../openshell/activeGateway';
import type { OpenShellClient } from '../openshell/client';
import type { Dialect, DialectName } from '../openshell/dialect';
import { isOpenShellError } from '../openshell/errors';
import type { CallOptions } from '../openshell/runner';
import type { GatewayDto, ProviderDto, SandboxDto, StatusDto } from '../openshell/types';
import type { ProviderDef } from '../workspace/providerDefs';
import type { ResolvedValues } from '../workspace/resolve';
import { crossesDialects } from '../openshell/dialect';
import { errorText } from './context';
import type { FingerprintBook } from './fingerprints';
import { runScopedInstances } from './runScoped';
import { planProvider, type EnsureSettings } from './providersPlan';

/** The values of the `fullsend.openshellState` context key. */
export type OpenShellState = 'notInstalled' | 'noGateway' | 'unreachable' | 'ready';

export interface GatewaySnapshot {
  state: OpenShellState;
  /** The gateway the CLI uses (the fullsend.gateway setting, OPENSHELL_GATEWAY, or the active one). */
  gateway?: GatewayIdentity;
  /** Every registered gateway (local files; available even when the active one is down). */
  gateways: GatewayDto[];
  status?: StatusDto;
  /** The CLI's dialect (read once per executable; not one of the ≤ 4 calls). */
  dialect?: Dialect;
  /** Set when the CLI and the gateway are on different sides of 0.0 ↔ 0.1 (a 0.1 CLI cannot drive a 0.0 gateway). */
  skew?: string;
  providers: ProviderDto[];
  sandboxes: SandboxDto[];
  /** Why the state is not `ready`, user-readable and redacted. */
  error?: string;
  cliCalls: number;
  readAt: number;
}

export async function readSnapshot(client: OpenShellClient, gateway: GatewayIdentity | undefined, opts: CallOptions = {}): Promise<GatewaySnapshot> {
  // Pinned to the gateway it names, like every operation: its reads all describe that one gateway.
  const o = { ...opts, counter: { calls: 0 }, ...(gateway ? { gateway: gateway.name, gatewayName: gateway.name } : {}) };
  const snap: GatewaySnapshot = { state: 'ready', gateway, gateways: [], providers: [], sandboxes: [], cliCalls: 0, readAt: Date.now() };
  const [gateways, status, providers, sandboxes] = await Promise.allSettled([
    client.gateways(o),
    gateway ? client.status(o) : Promise.resolve(undefined),
    gateway ? client.providers(o) : Promise.resolve([]),
    gateway ? client.sandboxes(o) : Promise.resolve([]),
  ]);
  snap.cliCalls = o.counter.calls;
  snap.dialect = await client.dialect(o).catch(() => undefined);
  if (gateways.status === 'fulfilled') snap.gateways = gateways.value;
  if (status.status === 'fulfilled') snap.status = status.value;
  if (providers.status === 'fulfilled') snap.providers = providers.value;
  if (sandboxes.status === 'fulfilled') snap.sandboxes = sandboxes.value;

  const failure = [gateways, status, providers, sandboxes].find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure && isOpenShellError(failure.reason, 'Cancelled')) throw failure.reason;
  if (failure && isOpenShellError(failure.reason, 'NotInstalled')) return { ...snap, state: 'notInstalled', error: errorText(failure.reason) };
  if (!gateway || snap.status?.status === 'not_configured') {
    return { ...snap, state: 'noGateway', error: 'No OpenShell gateway is active. Register one with `openshell gateway add <endpoint>` or select one with `openshell gateway select <name>`.' };
  }
  if (failure) {
    const kind = isOpenShellError(failure.reason, 'NoGateway', 'UnknownGateway') ? 'noGateway' : 'unreachable';
    return { ...snap, state: kind, error: errorText(failure.reason) };
  }
  if (snap.status && !/^connected/.test(snap.status.status)) {
    return { ...snap, state: 'unreachable', error: `Gateway '${gateway.name}' reports "${snap.status.status}"${snap.status.error ? `: ${snap.status.error}` : ''}.` };
  }
  snap.skew = describeSkew(snap.dialect, snap.status?.version);
  return snap;
}

/**
 * The CLI and the gateway on different sides of 0.0 ↔ 0.1: 0.1 cannot read a 0.0 gateway's state, and a
 * 0.1 CLI reads a 0.0 gateway's deletions as unsupported outcomes (openshell-0.1.md §2.5, §10.1).
 */
export function describeSkew(dialect: Dialect | undefined, gatewayVersion: string | undefined): string | undefined {
  if (!dialect || dialect.version === 'unknown' || !gatewayVersion || !crossesDialects(dialect.version, gatewayVersion)) return undefined;
  return `openshell ${dialect.version} (the CLI) and the gateway (${gatewayVersion}) are on different sides of 0.0 ↔ 0.1: ` +
    (dialect.name === '0.1' ? 'a 0.1 CLI cannot drive a 0.0 gateway. Upgrade the gateway (its 0.0 state does not carry over: re-ensure afterwards) or install a matching CLI.'
      : 'a 0.0 CLI does not speak the 0.1 gateway\'s API. Install the matching openshell CLI.');
}

/** A provider as the Providers view shows it: the gateway's copy against the workspace's declaration. */
export type ProviderState = 'in-sync' | 'will-update' | 'type-changed' | 'missing' | 'not-declared' | 'unresolved' | 'managed';

export interface ProviderView {
  name: string;
  /** The gateway's type when it has the provider, else the declared one. */
  type: string;
  state: ProviderState;
  /** What differs, for the tooltip (never a value). */
  reason?: string;
  dto?: ProviderDto;
  declared?: ProviderDef;
  /** Undeclared keys Ensure would remove: only those this extension's record says it wrote. */
  prune?: string[];
}

export interface StatesInput {
  declared: readonly ProviderDef[];
  values: ResolvedValues;
  providers: readonly ProviderDto[];
  book: FingerprintBook;
  gatewayKey: string;
  settings: EnsureSettings;
  dialect: DialectName;
}

/**
 * Declared providers first (declaration order), then the gateway's others. The decision is Ensure's own
 * plan, so "in sync" here means exactly "Ensure would write nothing".
 */
export function providerStates({ declared, values, providers, book, gatewayKey, settings, dialect }: StatesInput): ProviderView[] {
  const byName = new Map(providers.map((p) => [p.name, p]));
  const views: ProviderView[] = declared.map((def) => {
    const dto = byName.get(def.name);
    // Profile availability is Ensure's concern (it imports them); the view judges the provider itself.
    const step = planProvider({ def, dto, values, availableTypes: new Set([def.type, dto?.type ?? '']), book, gatewayKey, settings: { ...settings, onTypeChange: 'recreate' }, dialect });
    const type = dto?.type ?? step.type;
    switch (step.action) {
      case 'unchanged': return { name: def.name, type, state: 'in-sync', dto, declared: def, ...(step.reason ? { reason: step.reason } : {}) };
      case 'update': return { name: def.name, type, state: 'will-update', reason: step.reason, dto, declared: def, prune: [...step.removeCredentials, ...step.removeConfig] };
      case 'recreate': return { name: def.name, type, state: step.cause === 'placeholder' ? 'will-update' : 'type-changed', reason: step.reason, dto, declared: def };
      case 'create': return { name: def.name, type, state: 'missing', reason: 'declared but not on the gateway', declared: def };
      // Skipped without an error: fullsend run makes it itself (built-in or run-scoped).
      default: return { name: def.name, type, state: step.error ? 'unresolved' : 'managed', reason: step.error ?? step.reason, dto, declared: def };
    }
  });
  const names = new Set(declared.map((d) => d.name));
  const runScoped = new Map(runScopedInstances(declared, providers, []).map((r) => [r.name, r]));
  for (const dto of providers) {
    if (names.has(dto.name)) continue;
    const instance = runScoped.get(dto.name);
    views.push(instance
      ? { name: dto.name, type: dto.type, state: 'managed', reason: `run-scoped instance of ${instance.definition}: fullsend run deletes it after its sandbox (fs-…-${instance.suffix}); the Sandboxes view offers it for clean-up once that sandbox is gone`, dto }
      : { name: dto.name, type: dto.type, state: 'not-declared', reason: 'not declared by this workspace', dto });
  }
  return views;
}
