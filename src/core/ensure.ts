// Ensure: make the gateway hold exactly what the workspace declares, with the fewest openshell calls.
// One read of the gateway (3 calls, in parallel), a pure plan, then only the writes the plan needs.
// Steady state is therefore 3 calls and no write; see ARCHITECTURE §6 and §8.
import { isOpenShellError, OpenShellError } from '../openshell/errors';
import type { ProviderDto } from '../openshell/types';
import type { ProfileDef } from '../workspace/profiles';
import type { ProviderDef } from '../workspace/providerDefs';
import type { ResolvedValues } from '../workspace/resolve';
import { callOptions, errorText, type OperationContext } from './context';
import { failureOf } from './deletes';
import { allSettledFirst, mapBounded, stopOnFailure, type StopFlag } from './parallel';
import { planProfiles, withResourceVersion, type ProfileStep } from './profilesPlan';
import { planProvider, provable, withPlaceholders, type EnsureSettings, type ProviderStep, type ProviderWrite } from './providersPlan';
import type { EnsureResult, ProviderOutcome } from './results';

type WriteStep = Extract<ProviderStep, { action: 'create' | 'update' | 'recreate' }>;

export interface EnsureInput {
  /** Declared providers, in declaration order (already narrowed to the requested names). */
  providers: readonly ProviderDef[];
  /** Declared custom profiles these providers may need. */
  profiles: readonly ProfileDef[];
  /** Declared entries that could not be read (URL not in fullsend's cache): reported as skipped. */
  unreadable?: readonly { name: string; reason: string }[];
  values: ResolvedValues;
  settings: EnsureSettings;
  dryRun?: boolean;
  /** Providers written at once (default 8: the calls are I/O-bound waits on the gateway). */
  concurrency?: number;
}

const TRUE = /^(1|true|yes|y|on)$/i;

/**
 * 0.0 only: the switch is off and this OpenShell still has it. The late 0.0.11x builds dropped the key
 * (openshell-0.1.md §5.9): `settings get` then does not list it, and nothing is written.
 */
export function needsProvidersV2(settings: Record<string, string>): boolean {
  return 'providers_v2_enabled' in settings && !TRUE.test(settings.providers_v2_enabled ?? '');
}

export async function ensure(ctx: OperationContext, input: EnsureInput): Promise<EnsureResult> {
  const o = callOptions(ctx);
  const { client, gateway, book, log } = ctx;
  const dryRun = !!input.dryRun;

  const dialect = (await client.dialect(o)).name;
  ctx.progress?.('Reading the gateway');
  // 0.1 has no providers_v2_enabled (profiles are always authoritative), so it reads two lists, not three.
  const [onGateway, profilesOnGateway, settings] = await allSettledFirst([
    client.providers(o), client.profiles(o), dialect === '0.0' ? client.globalSettings(o) : undefined,
  ]);

  // Plan everything before writing anything.
  const profileSteps = planProfiles(input.profiles, profilesOnGateway, book, gateway.key);
  const availableTypes = new Set([
    ...profilesOnGateway.map((p) => p.id),
    ...profileSteps.filter((s) => s.action !== 'conflict').map((s) => s.def.id),
  ]);
  const byName = new Map(onGateway.map((p) => [p.name, p]));
  const steps = input.providers.map((def) => planProvider({
    def, dto: byName.get(def.name), values: input.values, availableTypes, book, gatewayKey: gateway.key, settings: input.settings, dialect,
  }));
  // Only when this Ensure writes: providers fullsend makes itself get the switch from fullsend's own run.
  const willWrite = steps.some((s) => s.action !== 'skipped' && s.action !== 'unchanged') || profileSteps.some((s) => s.action === 'import' || s.action === 'update');
  const needsV2 = willWrite && !!settings && needsProvidersV2(settings.settings);

  const result: EnsureResult = {
    gateway: gateway.name,
    providers: [],
    profilesImported: profileSteps.filter((s) => s.action === 'import').map((s) => s.def.id),
    profilesUpdated: profileSteps.filter((s) => s.action === 'update').map((s) => s.def.id),
    cliCalls: 0,
    dryRun,
  };
  for (const s of profileSteps) if (s.action === 'conflict') log.warn(`profile ${s.def.id}: ${s.reason}`);

  if (dryRun) {
    result.providers = [...steps.map(plannedOutcome), ...unreadableOutcomes(input)];
    if (needsV2) log.info(`dry run: would enable providers_v2_enabled on ${gateway.name}`);
    result.cliCalls = o.counter.calls;
    return result;
  }

  // Profiles and the providers-v2 switch first: provider creates need the profile types to exist. They run
  // side by side, and a failed switch ends Ensure, so no import starts after it failed (ARCHITECTURE §6
  // "A failure stops the operation").
  const profileFailures = new Map<string, string>();
  const stop: StopFlag = { stopped: false };
  await allSettledFirst([
    needsV2 ? stopOnFailure(stop, client.setGlobalSetting('providers_v2_enabled', 'true', o)) : undefined,
    mapBounded(profileSteps, input.concurrency ?? 8, async (s) => {
      try {
        await applyProfile(ctx, s, o);
      } catch (err) {
        if (isOpenShellError(err, 'Cancelled')) throw err;
        profileFailures.set(s.def.id, errorText(err));
        log.error(`profile ${s.def.id}: ${errorText(err)}`);
      }
    }, stop),
  ]);
  result.profilesImported = result.profilesImported.filter((id) => !profileFailures.has(id));
  result.profilesUpdated = result.profilesUpdated.filter((id) => !profileFailures.has(id));

  let done = 0;
  const writes = steps.filter((s) => s.action === 'create' || s.action === 'update' || s.action === 'recreate').length;
  const outcomes = await mapBounded(steps, input.concurrency ?? 8, async (step): Promise<ProviderOutcome> => {
    if (step.action === 'skipped' || step.action === 'unchanged') return plannedOutcome(step);
    const failedProfile = profileFailures.get(step.type);
    if (failedProfile) return { ...plannedOutcome(step), error: `its profile "${step.type}" could not be written: ${failedProfile}` };
    ctx.progress?.(`${verb(step.action)} provider ${step.def.name} (${++done}/${writes})`);
    try {
      return { ...plannedOutcome(step), ...(await applyProvider(ctx, step, o)) };
    } catch (err) {
      if (isOpenShellError(err, 'Cancelled')) throw err;
      log.error(`provider ${step.def.name}: ${errorText(err)}`);
      return { ...plannedOutcome(step), error: errorText(err) };
    }
  });
  result.providers = [...outcomes, ...unreadableOutcomes(input)];

  await record(ctx, steps, outcomes, profileSteps, profileFailures, o);
  result.cliCalls = o.counter.calls;
  return result;
}

async function applyProfile(ctx: OperationContext, s: ProfileStep, o: ReturnType<typeof callOptions>): Promise<void> {
  if (s.action === 'import') {
    ctx.progress?.(`Importing profile ${s.def.id}`);
    await ctx.client.importProfile(s.def.file, o);
  } else if (s.action === 'update') {
    ctx.progress?.(`Updating profile ${s.def.id}`);
    const tmp = await withResourceVersion(s.def, s.resourceVersion);
    try { await ctx.client.updateProfile(s.def.id, tmp.file, o); } finally { await tmp.dispose(); }
  }
}

/** Writes one provider. Races with other writers are absorbed: AlreadyExists → update, NotFound → create. */
async function applyProvider(ctx: OperationContext, step: WriteStep, o: ReturnType<typeof callOptions>): Promise<Partial<ProviderOutcome>> {
  const { client } = ctx;
  const { def, write } = step;
  const create = () => client.createProvider({ name: def.name, type: def.type, credentials: withPlaceholders(write), config: write.config }, o);
  const updateAll = () => client.updateProvider({ name: def.name, setCredentials: write.credentials, setConfig: write.config }, o);

  if (step.action === 'create') {
    try { await create(); } catch (err) {
      if (!isOpenShellError(err, 'AlreadyExists')) throw err;
      await updateAll();
      return { action: 'update', reason: 'created by someone else meanwhile; updated' };
    }
    return {};
  }
  if (step.action === 'update') {
    try {
      await client.updateProvider({ name: def.name, setCredentials: write.credentials, removeCredentials: step.removeCredentials,
        setConfig: step.setConfig, removeConfig: step.removeConfig }, o);
    } catch (err) {
      if (!isOpenShellError(err, 'NotFound')) throw err;
      await create();
      return { action: 'create', reason: 'deleted by someone else meanwhile; created' };
    }
    return {};
  }
  // recreate: the type cannot change in place.
  const failed = failureOf(await deleteOrSayItMayBeGone(client, def.name, step.reason, o));
  if (isOpenShellError(failed, 'FailedPrecondition')) {
    throw new Error(`${step.reason}, but it cannot be deleted: ${failed.details.grpcMessage ?? failed.message}. Delete those sandboxes (Sandboxes view) or run "Delete and Recreate Provider".`);
  }
  if (failed) throw failed;
  try { await create(); } catch (first) {
    if (isOpenShellError(first, 'Cancelled')) throw first;
    try { await create(); } catch (second) {
      throw new Error(`it was deleted (${step.reason}) but could not be created again: ${errorText(second)}. Fix that and run Ensure Providers, which will create it.`);
    }
  }
  return {};
}

/**
 * The delete before a recreate. A delete that fails for this name (a sandbox holds it) left it in place; one
 * whose outcome never came back — it timed out, was cancelled, or printed nothing readable — may have
 * deleted it. That is said, with how to restore it (ARCHITECTURE §6 "Delete and recreate": report exactly
 * what is missing and how to restore it; "A failure stops the operation": nothing is created after it).
 */
async function deleteOrSayItMayBeGone(client: OperationContext['client'], name: string, reason: string, o: ReturnType<typeof callOptions>) {
  try {
    return await client.deleteProviders([name], o);
  } catch (err) {
    const text = `${reason}; deleting it to create it again failed (${errorText(err)}), so it may be gone from the gateway. Run Ensure Providers: it will create "${name}" if it is.`;
    if (isOpenShellError(err)) throw new OpenShellError(err.kind, text, err.details); // a cancel stays a cancel
    throw new Error(text);
  }
}

/** After writes, read back ids and resource_versions once (in parallel) and remember what was written. */
async function record(ctx: OperationContext, steps: ProviderStep[], outcomes: ProviderOutcome[], profileSteps: ProfileStep[],
  profileFailures: Map<string, string>, o: ReturnType<typeof callOptions>): Promise<void> {
  const { client, book, gateway } = ctx;
  const written = steps.map((s, i) => ({ s, final: outcomes[i] })).filter(({ s, final }) => s.action !== 'skipped' && s.action !== 'unchanged' && !final.error);
  const unrecorded = steps.filter((s): s is Extract<ProviderStep, { action: 'unchanged' }> => s.action === 'unchanged' && !s.recorded);
  const profilesWritten = profileSteps.filter((s) => (s.action === 'import' || s.action === 'update') && !profileFailures.has(s.def.id));
  if (!written.length && !unrecorded.length && !profilesWritten.length) return;

  const [providersNow, profilesNow] = await allSettledFirst([
    written.length ? client.providers(o).catch(() => undefined) : undefined,
    profilesWritten.length ? client.profiles(o).catch(() => undefined) : undefined,
  ]);
  const dtoByName = new Map<string, ProviderDto>((providersNow ?? []).map((p) => [p.name, p]));
  await book.update(gateway.key, (r) => {
    const remember = (s: Extract<ProviderStep, { write: ProviderWrite }>, dto: ProviderDto | undefined, placeholders: string[]) => {
      if (!dto || !provable(dto)) { delete r.providers[s.def.name]; return; }
      r.providers[s.def.name] = {
        id: dto.id, resourceVersion: dto.resource_version, type: s.type,
        credentials: book.fingerprints(s.write.credentials), config: book.fingerprints(s.write.config), placeholders,
      };
    };
    for (const { s, final } of written) {
      const w = s as WriteStep;
      // A create sends every placeholder as `K=`; an update sends none, so only the ones already written empty stay so.
      const before = new Set(r.providers[w.def.name]?.placeholders ?? []);
      const empty = final.action === 'update' ? w.write.placeholders.filter((k) => before.has(k)) : [...w.write.placeholders];
      remember(w, dtoByName.get(w.def.name), empty);
    }
    // Nothing to send and no placeholder key on the gateway (one there without a record is recreated instead).
    for (const s of unrecorded) remember(s, s.dto, []);
    for (const s of profilesWritten) {
      const dto = profilesNow?.find((p) => p.id === s.def.id);
      if (dto) r.profiles[s.def.id] = { resourceVersion: dto.resource_version ?? 0, contentSha256: s.def.contentSha256 };
      else delete r.profiles[s.def.id];
    }
  });
}

function plannedOutcome(s: ProviderStep): ProviderOutcome {
  const o: ProviderOutcome = { name: s.def.name, type: s.type, action: s.action };
  if ('reason' in s && s.reason) o.reason = s.reason;
  if (s.action === 'skipped' && s.error) o.error = s.error;
  return o;
}

function unreadableOutcomes(input: EnsureInput): ProviderOutcome[] {
  return (input.unreadable ?? []).map((u) => ({ name: u.name, type: '', action: 'skipped', reason: u.reason }));
}

function verb(action: string): string {
  return { create: 'Creating', update: 'Updating', recreate: 'Recreating' }[action] ?? action;
}

export function summarize(r: EnsureResult): string {
  const count = (a: string) => r.providers.filter((p) => p.action === a && !p.error).length;
  const failed = r.providers.filter((p) => p.error).length;
  const parts = [['created', count('create')], ['updated', count('update')], ['recreated', count('recreate')], ['unchanged', count('unchanged')], ['skipped', count('skipped')], ['failed', failed]]
    .filter(([, n]) => n).map(([w, n]) => `${n} ${w}`);
  return parts.join(', ') || 'nothing declared';
}
