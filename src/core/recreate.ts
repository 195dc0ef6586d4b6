// Delete and Recreate one provider — for a type change, or to start a provider over. Everything that can
// be checked is checked before anything is deleted: every credential resolves and the type exists on the
// gateway or its declared profile can be imported. Nothing is deleted that cannot be put back.
import { isOpenShellError, OpenShellError } from '../openshell/errors';
import { needsProfile, normalizeProviderType } from '../openshell/types';
import type { ProfileDef } from '../workspace/profiles';
import type { ProviderDef } from '../workspace/providerDefs';
import type { ResolvedValues } from '../workspace/resolve';
import { callOptions, errorText, type OperationContext } from './context';
import { failureOf, forget } from './deletes';
import { planProvider, provable, withPlaceholders, type ProviderWrite } from './providersPlan';
import { allSettledFirst } from './parallel';
import type { EnsureResult } from './results';
import type { InUse } from './runsInProgress';

export interface RecreateInput {
  provider: ProviderDef;
  profiles: readonly ProfileDef[];
  values: ResolvedValues;
  /**
   * Sandboxes the user agreed to delete because they hold the provider. A holder not in this list ends the
   * operation with SandboxesHoldProvider and nothing deleted, so the caller can ask — without holding the
   * gateway lock during its modal (ARCHITECTURE §6 "A failure stops the operation") — and run again.
   */
  approvedSandboxes?: readonly string[];
  /** What runs in progress use: their sandboxes are never among the holders deleted. */
  inUse?: () => InUse | Promise<InUse>;
}

/** The provider is attached to sandboxes nobody approved deleting yet; nothing was deleted. */
export class SandboxesHoldProvider extends Error {
  constructor(readonly provider: string, readonly sandboxes: string[]) {
    super(`Provider "${provider}" is attached to sandbox(es) ${sandboxes.join(', ')}; nothing was deleted.`);
    this.name = 'SandboxesHoldProvider';
  }
}

export async function recreate(ctx: OperationContext, input: RecreateInput): Promise<EnsureResult> {
  const o = callOptions(ctx);
  const { client, gateway, book, log } = ctx;
  const def = input.provider;
  const dialect = (await client.dialect(o)).name;
  const type = normalizeProviderType(def.type, dialect);

  ctx.progress?.('Checking before deleting anything');
  const [onGateway, profiles] = await allSettledFirst([client.providers(o), client.profiles(o)]);
  const declaredProfile = input.profiles.find((p) => p.id === type);
  const typeOnGateway = !needsProfile(type, dialect) || profiles.some((p) => p.id === type);
  // Reuse Ensure's checks (values resolve, type known) by planning it as if it were absent.
  const available = new Set([...profiles.map((p) => p.id), ...(declaredProfile ? [type] : [])]);
  const step = planProvider({ def, dto: undefined, values: input.values, availableTypes: available, book, gatewayKey: gateway.key,
    settings: { onTypeChange: 'recreate', pruneKeys: true }, dialect });
  if (step.action !== 'create') throw new Error(`Nothing was deleted. Provider "${def.name}" cannot be recreated: ${step.action === 'skipped' ? step.error : step.action}`);
  const write: ProviderWrite = step.write;

  const profilesImported: string[] = [];
  if (!typeOnGateway && declaredProfile) {
    ctx.progress?.(`Importing profile ${type}`);
    await client.importProfile(declaredProfile.file, o);
    profilesImported.push(type);
  }

  const existing = onGateway.find((p) => p.name === def.name);
  if (existing) {
    ctx.progress?.(`Deleting provider ${def.name}`);
    await deleteHoldingSandboxes(ctx, def.name, input, o);
    await forget(ctx, [def.name]);
  }

  ctx.progress?.(`Creating provider ${def.name}`);
  const create = () => client.createProvider({
    name: def.name, type: def.type, config: write.config,
    credentials: withPlaceholders(write),
  }, o);
  try {
    await create();
  } catch (first) {
    if (isOpenShellError(first, 'Cancelled')) throw recreateFailed(def.name, existing !== undefined, first);
    log.warn(`recreate ${def.name}: create failed (${errorText(first)}); retrying once`);
    try { await create(); } catch (second) { throw recreateFailed(def.name, existing !== undefined, second); }
  }

  const dto = (await client.providers(o).catch(() => []))?.find((p) => p.name === def.name);
  await book.update(gateway.key, (r) => {
    if (dto && provable(dto)) r.providers[def.name] = { id: dto.id, resourceVersion: dto.resource_version, type, credentials: book.fingerprints(write.credentials), config: book.fingerprints(write.config), placeholders: [...write.placeholders] };
    else delete r.providers[def.name];
  });
  const reason = existing ? (existing.type !== type ? `type changed: ${existing.type} → ${type}` : 'deleted and created again') : 'was not on the gateway; created';
  return { gateway: gateway.name, providers: [{ name: def.name, type, action: existing ? 'recreate' : 'create', reason }], profilesImported, profilesUpdated: [], cliCalls: o.counter.calls, dryRun: false };
}

/** Deletes the provider; if sandboxes hold it, asks, deletes them, and tries once more. */
async function deleteHoldingSandboxes(ctx: OperationContext, name: string, input: RecreateInput, o: ReturnType<typeof callOptions>): Promise<void> {
  const err = failureOf(await deleteOrSayItMayBeGone(ctx, name, o));
  if (!err) return;
  if (!isOpenShellError(err, 'FailedPrecondition')) throw err;
  const holders = sandboxesIn(err.details.grpcMessage ?? err.message);
  if (!holders.length) throw err;
  const inUse = await input.inUse?.();
  const live = holders.flatMap((h) => { const why = inUse?.sandbox({ name: h }); return why ? [`${h} (${why})`] : []; });
  if (live.length) throw new Error(`Provider "${name}" is attached to ${live.join(', ')}; a run's sandbox is never deleted for it, so nothing was deleted. Try again when the run has ended.`);
  const approved = new Set(input.approvedSandboxes ?? []);
  if (!holders.every((h) => approved.has(h))) throw new SandboxesHoldProvider(name, holders);
  ctx.progress?.(`Deleting sandbox(es) ${holders.join(', ')}`);
  const sandboxFailure = failureOf(await ctx.client.deleteSandboxes(holders, o));
  if (sandboxFailure) throw sandboxFailure;
  const again = failureOf(await deleteOrSayItMayBeGone(ctx, name, o));
  if (again) throw again;
}

/**
 * A delete that fails for this name (a sandbox holds it) left it in place; one whose outcome never came back
 * — it timed out, was cancelled, or printed nothing readable — may have deleted it. That is said, with how to
 * restore it (ARCHITECTURE §6 "Delete and recreate": report exactly what is missing and how to restore it).
 */
async function deleteOrSayItMayBeGone(ctx: OperationContext, name: string, o: ReturnType<typeof callOptions>) {
  try {
    return await ctx.client.deleteProviders([name], o);
  } catch (err) {
    const text = `Deleting provider "${name}" failed (${errorText(err)}), so it may be gone from the gateway. Run "Ensure Providers": it will create "${name}" if it is.`;
    if (isOpenShellError(err)) throw new OpenShellError(err.kind, text, err.details); // a cancel stays a cancel
    throw new Error(text);
  }
}

/** `provider 'x' is attached to sandbox(es): a, b` → [a, b] */
export function sandboxesIn(message: string): string[] {
  const m = /sandbox(?:\(es\)|es)?: (.+)$/.exec(message.trim());
  return m ? m[1].split(',').map((s) => s.trim().replace(/["']/g, '')).filter(Boolean) : [];
}

function recreateFailed(name: string, deleted: boolean, err: unknown): Error {
  return new Error(deleted
    ? `Provider "${name}" was deleted but could not be created again: ${errorText(err)}. Fix that, then run "Ensure Providers": it will create "${name}".`
    : `Provider "${name}" could not be created: ${errorText(err)}`);
}
