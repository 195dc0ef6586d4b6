// Per-provider decisions of Ensure (ARCHITECTURE §6), as a pure function of the declaration, the resolved
// values, what the gateway lists and what this extension recorded of its own last write.
import type { DialectName } from '../openshell/dialect';
import { needsProfile, normalizeProviderType, type ProviderDto } from '../openshell/types';
import { isReservedProfileId, isRunScopedType } from '../workspace/builtins';
import { refusal, refusalText } from '../workspace/expansion';
import { varNames } from '../workspace/vars';
import type { ProviderDef } from '../workspace/providerDefs';
import type { ResolvedValues } from '../workspace/resolve';
import type { FingerprintBook, ProviderRecord } from './fingerprints';

export interface EnsureSettings {
  onTypeChange: 'recreate' | 'fail';
  pruneKeys: boolean;
}

/** What a write sends. Values only ever reach the child's environment (see openshell/commands.ts). */
export interface ProviderWrite {
  /** Non-empty credential values, by key. */
  credentials: Record<string, string>;
  /** Declared-empty placeholders (`_NOOP_X: ""`), sent as `K=` on create only. */
  placeholders: string[];
  config: Record<string, string>;
}

/** What a create sends: the placeholders as `K=` (empty), then the values (only ever in the child's env). */
export function withPlaceholders(w: ProviderWrite): Record<string, string> {
  return { ...Object.fromEntries(w.placeholders.map((k) => [k, ''])), ...w.credentials };
}

export type ProviderStep =
  | { action: 'create'; def: ProviderDef; type: string; write: ProviderWrite; reason: string }
  | { action: 'update'; def: ProviderDef; type: string; write: ProviderWrite; setConfig: Record<string, string>; removeCredentials: string[]; removeConfig: string[]; reason: string }
  | { action: 'recreate'; def: ProviderDef; type: string; write: ProviderWrite; reason: string; cause?: 'placeholder' }
  | { action: 'unchanged'; def: ProviderDef; type: string; write: ProviderWrite; dto: ProviderDto; recorded: boolean; reason?: string }
  | { action: 'skipped'; def: ProviderDef; type: string; reason: string; error?: string };

export interface PlanInput {
  def: ProviderDef;
  dto: ProviderDto | undefined;
  values: ResolvedValues;
  /** Profile ids that exist on the gateway or will be imported first. */
  availableTypes: ReadonlySet<string>;
  book: FingerprintBook;
  gatewayKey: string;
  settings: EnsureSettings;
  dialect: DialectName;
}

export function planProvider({ def, dto, values, availableTypes, book, gatewayKey, settings, dialect }: PlanInput): ProviderStep {
  const type = normalizeProviderType(def.type, dialect);
  const managed = leftToFullsend(def, type, availableTypes);
  if (managed) return { action: 'skipped', def, type, reason: managed };
  // A forbidden key (ARCHITECTURE §6): nothing of this definition is resolved or sent.
  if (def.refused) return { action: 'skipped', def, type, reason: 'forbidden key', error: def.refused };

  // A credential nobody can supply fails this provider and leaves the gateway's copy alone — never `K=`.
  const creds = values.providerCredentials(def);
  const cfg = values.providerConfig(def);
  const missing = describeMissing(def, values, creds.unresolved, cfg.unresolved);
  if (missing) return { action: 'skipped', def, type, reason: 'unresolved values', error: missing };

  if (needsProfile(type, dialect) && !availableTypes.has(type)) {
    return { action: 'skipped', def, type, reason: 'unknown type', error: missingProfileMessage(def.type, dialect) };
  }
  const write: ProviderWrite = { credentials: creds.env, placeholders: creds.emptyKeys, config: cfg.config };

  if (!dto) return { action: 'create', def, type, write, reason: 'not on the gateway' };
  if (dto.type !== type) {
    const reason = `type changed: ${dto.type} → ${type}`;
    if (settings.onTypeChange === 'fail') {
      return { action: 'skipped', def, type, reason, error:
        `${reason}; OpenShell cannot change a type in place. Run "Delete and Recreate Provider", or set fullsend.ensure.onTypeChange to "recreate".` };
    }
    return { action: 'recreate', def, type, write, reason };
  }

  const rec = validRecord(book, gatewayKey, dto, type);
  const recordValid = !!rec;
  const onGatewayCreds = new Set(dto.credential_keys);
  const onGatewayConfig = new Set(dto.config_keys ?? []);
  const reasons: string[] = [];

  // A placeholder (`K: ""`) must not hide a real value this extension wrote (a `${GH_TOKEN}` changed to ""):
  // an update with an empty value deletes the key rather than emptying it, so the way back is a recreate
  // (which Ensure refuses, naming Delete and Recreate, when a sandbox holds the provider). The record is
  // read even when stale — what it says was written is what may still be there. Without any record the
  // key is left as fullsend leaves it: fullsend itself creates placeholders as `K=`, and recreating every
  // provider it made would fail wherever a leaked sandbox holds one.
  const last = book.provider(gatewayKey, def.name);
  const hidden = write.placeholders.filter((k) => onGatewayCreds.has(k) && last?.credentials?.[k] !== undefined && !(last.placeholders ?? []).includes(k));
  if (hidden.length) {
    return { action: 'recreate', cause: 'placeholder', def, type, write, reason: `${hidden.join(', ')} declared empty, but the gateway holds the value Fullsend wrote for ${hidden.length === 1 ? 'it' : 'them'}; an update cannot empty a key` };
  }

  const fpCreds = book.fingerprints(write.credentials);
  const staleCreds = Object.keys(write.credentials).filter((k) => !recordValid || rec!.credentials[k] !== fpCreds[k] || !onGatewayCreds.has(k));
  if (staleCreds.length) reasons.push(recordValid ? `${staleCreds.join(', ')} changed` : 'values not written by this extension yet');

  const fpConfig = book.fingerprints(write.config);
  const setConfig = Object.fromEntries(Object.entries(write.config).filter(([k]) => !recordValid || rec!.config[k] !== fpConfig[k] || !onGatewayConfig.has(k)));
  if (Object.keys(setConfig).length && recordValid) reasons.push(`config ${Object.keys(setConfig).join(', ')} changed`);

  // Pruning removes only keys this extension's record says it wrote; anything else undeclared (added by hand,
  // by another project) is kept and named (ARCHITECTURE §6 "Pruning deletes only what the extension wrote").
  const declaredCreds = new Set([...Object.keys(write.credentials), ...write.placeholders]);
  const wroteCreds = new Set([...Object.keys(rec?.credentials ?? {}), ...(rec?.placeholders ?? [])]);
  const wroteConfig = new Set(Object.keys(rec?.config ?? {}));
  const undeclaredCreds = [...onGatewayCreds].filter((k) => !declaredCreds.has(k)).sort();
  const undeclaredConfig = [...onGatewayConfig].filter((k) => !(k in write.config)).sort();
  const removeCredentials = settings.pruneKeys ? undeclaredCreds.filter((k) => wroteCreds.has(k)) : [];
  const removeConfig = settings.pruneKeys ? undeclaredConfig.filter((k) => wroteConfig.has(k)) : [];
  if (removeCredentials.length || removeConfig.length) reasons.push(`prune ${[...removeCredentials, ...removeConfig].join(', ')}`);
  const foreign = [...undeclaredCreds.filter((k) => !wroteCreds.has(k)), ...undeclaredConfig.filter((k) => !wroteConfig.has(k))];
  const keeps = foreign.length ? `keeps ${foreign.join(', ')} (not declared, not written by Fullsend)` : undefined;

  if (!staleCreds.length && !Object.keys(setConfig).length && !removeCredentials.length && !removeConfig.length) {
    return { action: 'unchanged', def, type, write, dto, recorded: recordValid, ...(keeps ? { reason: keeps } : {}) };
  }
  if (keeps) reasons.push(keeps);
  return { action: 'update', def, type, write, setConfig, removeCredentials, removeConfig, reason: reasons.join('; ') };
}

/**
 * Providers `fullsend run` makes itself (fullsend-current.md §2.2, §3), with the reason Ensure leaves them:
 * a bare built-in name (fullsend imports its embedded profile first, a body the extension does not have), a
 * run-scoped `fullsend-openai` definition, and a local definition of a reserved `fullsend-*` type whose
 * profile no harness lists and the gateway does not hold yet (creating it would fail; the run imports it).
 */
function leftToFullsend(def: ProviderDef, type: string, availableTypes: ReadonlySet<string>): string | undefined {
  if (isRunScopedType(type)) return `run-scoped: fullsend run creates ${def.name}-<12hex> for each sandbox and deletes it after the run`;
  if (def.origin === 'builtin') return `built into fullsend: fullsend run imports profile ${type} and creates it`;
  if (isReservedProfileId(type) && !availableTypes.has(type)) return `profile ${type} is fullsend's own and not on the gateway yet: the next fullsend run imports it, then Ensure can create this provider`;
  return undefined;
}

/**
 * What this extension recorded of its last write of the gateway's provider `dto`, when that record still
 * describes it: same provider id, resource_version and (normalized) type. Undefined when we never wrote it,
 * or it was deleted, recreated or changed on the gateway since — then nothing is known about its values.
 */
export function validRecord(book: FingerprintBook, gatewayKey: string, dto: ProviderDto, type: string): ProviderRecord | undefined {
  // Fail closed (ARCHITECTURE §6): a listing without id or resource_version, or an incomplete record, proves nothing.
  if (!provable(dto)) return undefined;
  const rec = book.provider(gatewayKey, dto.name);
  if (!rec || !rec.id || typeof rec.resourceVersion !== 'number' || !rec.credentials || !rec.config) return undefined;
  return rec.id === dto.id && rec.resourceVersion === dto.resource_version && rec.type === type ? rec : undefined;
}

/** Whether a listed provider carries what a record is tied to: a non-empty id and a resource_version. */
export function provable(dto: Pick<ProviderDto, 'id' | 'resource_version'>): dto is ProviderDto & { resource_version: number } {
  return typeof dto.id === 'string' && dto.id !== '' && typeof dto.resource_version === 'number';
}

/** "GH_TOKEN of provider github-code is not set …" — names only, never values. */
function describeMissing(def: ProviderDef, values: ResolvedValues, credKeys: string[], configKeys: string[]): string | undefined {
  if (!credKeys.length && !configKeys.length) return undefined;
  const parts: string[] = [];
  const entries = [...def.credentials.map((e) => ({ ...e, kind: 'credential' as const })), ...def.config.map((e) => ({ ...e, kind: 'config' as const }))]
    .filter((e) => (e.kind === 'credential' ? credKeys : configKeys).includes(e.key));
  for (const { key, template, kind } of entries) {
    const refused = varNames(template).flatMap((n) => { const r = refusal(n, kind); return r ? [refusalText(n, r)] : []; });
    if (refused.length) { parts.push(`${key}: ${refused.join('; ')}, so fullsend would send it empty`); continue; }
    const x = values.expand(template);
    parts.push(x.missing.length ? `${key} needs ${x.missing.map((v) => `\${${v}}`).join(', ')}, which is not set` : `${key} resolves to an empty value`);
  }
  return `${parts.join('; ')}. Set it with "Fullsend: Set Secret", in an env file (fullsend.run.envFiles) or in the environment. The gateway's copy was left as it was.`;
}

/** A type with no profile to back it: which profile, and how to get it onto the gateway. Nothing is deleted because of it. */
export function missingProfileMessage(type: string, dialect: DialectName): string {
  const how = `declare it under the harness's openshell.profiles (Ensure imports it), or import it yourself: openshell provider profile import --file <${type}.yaml>`;
  return dialect === '0.0'
    ? `type "${type}" has no provider profile '${type}' on the gateway and the workspace declares none; ${how}`
    : `provider profile '${type}' is not on the gateway (OpenShell 0.1 has no built-in profiles or type aliases) and the workspace declares none; ${how}`;
}
