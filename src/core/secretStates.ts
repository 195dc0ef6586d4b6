// What the Secrets view shows for every `${VAR}` a workspace needs: where it is used, where its value
// comes from, and whether the gateway holds that value. The gateway never shows credential values, so
// "holds the current value" is only knowable for what this extension wrote itself: for each provider key
// that uses the variable, the HMAC of the value the key would be written with now is compared with the
// fingerprint recorded at the last write — trusted only while the record still describes the gateway's copy
// (Ensure's own rule, `validRecord`). Pure: no CLI call, no `vscode`; the result holds names, never values.
import type { DialectName } from '../openshell/dialect';
import { normalizeProviderType, type ProviderDto } from '../openshell/types';
import type { ProviderDef } from '../workspace/providerDefs';
import type { ResolvedValues, ValueSource, VarStatus } from '../workspace/resolve';
import type { VarUsage } from '../workspace/usages';
import type { FingerprintBook } from './fingerprints';
import { validRecord } from './providersPlan';

/** Where the value comes from now: the winning source, or nowhere. */
export type SecretSource = ValueSource | { kind: 'missing' };

/** What the gateway holds for one provider key that uses the variable. */
export type KeyState =
  /** Our record of the last write is valid and its fingerprint equals the current value's. */
  | 'current'
  /** Our record is valid but its fingerprint differs: the gateway holds an older value. */
  | 'stale'
  /** The provider and key are on the gateway, with no valid record: written by someone else, or changed there since. */
  | 'unknown'
  /** The provider, or this key of it, is not on the gateway. */
  | 'not-on-gateway'
  /** No value to compare: the variable (or another one in the same template) is not set, or the key expands to "". */
  | 'unresolved'
  /** The gateway's providers could not be read (or have not been read yet). */
  | 'unavailable';

/** A variable's overall state: the most pressing of its keys' states, or `not-a-credential`. */
export type SecretState = KeyState | 'not-a-credential';

export interface ProviderKeyState {
  provider: string;
  key: string;
  kind: 'credential' | 'config';
  state: KeyState;
  /** Why, for tooltips and logs: names only. */
  reason: string;
}

export interface SecretStateInfo {
  name: string;
  source: SecretSource;
  /** Found, but set to "". */
  empty: boolean;
  /** Losing sources that define it too. */
  alsoIn: ValueSource[];
  /** Whether any usage fails without it. */
  required: boolean;
  state: SecretState;
  /** One line: why this state (names only). */
  reason: string;
  /** One entry per provider credential/config key that uses the variable, in declaration order. */
  keys: ProviderKeyState[];
  /** The declared providers whose credentials or config use it: what "Push" ensures. */
  providers: string[];
  usages: VarUsage[];
}

/** The gateway side, when it could be read. */
export interface GatewayProviders {
  /** The gateway's fingerprint key (GatewayIdentity.key). */
  key: string;
  providers: readonly ProviderDto[];
  book: FingerprintBook;
  /** How the CLI names types (0.0 normalizes aliases, 0.1 does not). */
  dialect: DialectName;
}

export interface SecretStatesInput {
  /** The resolution report's variables (resolveNeeds). */
  vars: readonly VarStatus[];
  /** The workspace's declared providers. */
  declared: readonly ProviderDef[];
  /** The resolved values: what each key would be written with now. Only fingerprints of them are used. */
  values: ResolvedValues;
  /** Undefined when the gateway could not be read; `unavailable` says why (names only), e.g. "gateway unreachable". */
  gateway?: GatewayProviders;
  unavailable?: string;
}

/** Most pressing first: what the user has to act on. */
const PRIORITY: readonly KeyState[] = ['unresolved', 'unavailable', 'stale', 'unknown', 'not-on-gateway', 'current'];

export function secretStates(input: SecretStatesInput): SecretStateInfo[] {
  const defs = new Map(input.declared.map((d) => [d.name, d]));
  const dtos = new Map((input.gateway?.providers ?? []).map((p) => [p.name, p]));
  // Per provider, once: the values its keys would be written with now.
  const written = new Map<string, { creds: ReturnType<ResolvedValues['providerCredentials']>; config: ReturnType<ResolvedValues['providerConfig']> }>();
  const writeOf = (def: ProviderDef) => {
    let w = written.get(def.name);
    if (!w) written.set(def.name, (w = { creds: input.values.providerCredentials(def), config: input.values.providerConfig(def) }));
    return w;
  };

  return input.vars.map((v): SecretStateInfo => {
    const keys: ProviderKeyState[] = [];
    for (const u of v.usages) {
      if ((u.kind !== 'credential' && u.kind !== 'config') || !u.provider || !u.key) continue;
      const def = defs.get(u.provider);
      if (!def || keys.some((k) => k.provider === u.provider && k.key === u.key && k.kind === u.kind)) continue;
      keys.push(keyState(def, u.kind, u.key, writeOf(def), dtos.get(def.name), input));
    }
    const providers = [...new Set(keys.map((k) => k.provider))];
    const state: SecretState = keys.length ? PRIORITY.find((s) => keys.some((k) => k.state === s)) ?? 'current' : 'not-a-credential';
    return {
      name: v.name,
      source: v.source ?? { kind: 'missing' },
      empty: v.empty,
      alsoIn: v.alsoIn,
      required: v.required,
      state,
      reason: reasonFor(state, keys),
      keys,
      providers,
      usages: v.usages,
    };
  });
}

function keyState(
  def: ProviderDef,
  kind: 'credential' | 'config',
  key: string,
  w: { creds: ReturnType<ResolvedValues['providerCredentials']>; config: ReturnType<ResolvedValues['providerConfig']> },
  dto: ProviderDto | undefined,
  input: SecretStatesInput,
): ProviderKeyState {
  const at = { provider: def.name, key, kind };
  const label = `${def.name}: ${kind === 'config' ? 'config ' : ''}${key}`;
  const value = kind === 'credential' ? w.creds.env[key] : w.config.config[key];
  if (value === undefined) {
    const template = (kind === 'credential' ? def.credentials : def.config).find((e) => e.key === key)?.template ?? '';
    const missing = input.values.expand(template).missing;
    return { ...at, state: 'unresolved', reason: missing.length
      ? `${label} needs ${missing.map((m) => `\${${m}}`).join(', ')}, which is not set`
      : `${label} resolves to an empty value` };
  }
  const g = input.gateway;
  if (!g) return { ...at, state: 'unavailable', reason: `${label}: ${input.unavailable ?? 'the gateway has not been read'}` };
  if (!dto) return { ...at, state: 'not-on-gateway', reason: `${def.name} is not on the gateway` };
  const onGateway = kind === 'credential' ? dto.credential_keys : dto.config_keys ?? [];
  if (!onGateway.includes(key)) return { ...at, state: 'not-on-gateway', reason: `${def.name} on the gateway has no ${kind === 'config' ? 'config ' : ''}${key}` };
  const type = normalizeProviderType(def.type, g.dialect);
  const rec = validRecord(g.book, g.key, dto, type);
  if (!rec) {
    return { ...at, state: 'unknown', reason: dto.type !== type
      ? `${label}: the gateway's provider has type ${dto.type}, not ${type}; its value cannot be known`
      : `${label}: not written by this extension, or changed on the gateway since; its value cannot be known` };
  }
  const recorded = kind === 'credential' ? rec.credentials[key] : rec.config[key];
  return recorded === g.book.fingerprint(key, value)
    ? { ...at, state: 'current', reason: `${label}: the gateway holds the current value` }
    : { ...at, state: 'stale', reason: `${label}: the gateway holds an older value` };
}

function reasonFor(state: SecretState, keys: readonly ProviderKeyState[]): string {
  if (state === 'not-a-credential') return 'not used by any provider: only by harness env, runner_env or host files';
  const first = keys.find((k) => k.state === state);
  const others = keys.filter((k) => k.state === state).length - 1;
  return `${first?.reason ?? state}${others > 0 ? ` (and ${others} more)` : ''}`;
}

/** Short words for a state, for tree descriptions and pickers. */
export const STATE_TEXT: Record<SecretState, string> = {
  current: 'current on gateway',
  stale: 'older value on gateway',
  unknown: 'gateway value unknown',
  'not-on-gateway': 'not on gateway',
  unresolved: 'unresolved',
  unavailable: 'gateway not read',
  'not-a-credential': 'not a credential',
};
