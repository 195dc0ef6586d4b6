// Reset Gateway State, scoped to this workspace's declarations — never the whole gateway, never the
// gateway registrations or ~/.config/openshell. Order matters (fullsend-current.md §11.7): fs-* sandboxes
// block provider and profile deletes, so they go first, then the run-scoped `<name>-<12hex>` providers they
// held, then declared providers (built-in names too, by name), then declared profiles, then fullsend's
// $TMPDIR caches. What it refuses to touch — built-in profiles, providers a foreign
// sandbox holds, and whatever a run in progress uses (its sandbox, providers, profiles, cache locks) — is
// reported in `kept` with the reason.
import { promises as fs } from 'fs';
import os = require('os');
import path = require('path');
import { OpenShellError } from '../openshell/errors';
import type { DeleteFailure } from '../openshell/types';
import type { ProfileDef } from '../workspace/profiles';
import type { ProviderDef } from '../workspace/providerDefs';
import { callOptions, errorText, type OperationContext } from './context';
import { isLeakedSandbox } from './deletes';
import { ensure, type EnsureInput } from './ensure';
import { allSettledFirst, mapBounded } from './parallel';
import type { ResetResult } from './results';
import { runScopedInstances } from './runScoped';
import { NOTHING_IN_USE, type InUse } from './runsInProgress';

export interface ResetInput {
  providers: readonly ProviderDef[];
  profiles: readonly ProfileDef[];
  dryRun?: boolean;
  /** Where fullsend keeps its profile caches (Go's os.TempDir(); default: this process's temp dir). */
  tmpDir?: string;
  /** Finish with Ensure. */
  reensure?: Omit<EnsureInput, 'dryRun'>;
  /**
   * What a confirmation showed (a dry run's result): delete only these. Whatever appeared since is left alone
   * and reported in `kept` — an interactive Reset deletes exactly what the user agreed to.
   */
  only?: Pick<ResetResult, 'sandboxesDeleted' | 'providersDeleted' | 'profilesDeleted' | 'cachesRemoved'>;
  /** What runs in progress anywhere use (sandbox, providers, cache locks): kept, never deleted. Read after listing. */
  inUse?: () => InUse | Promise<InUse>;
}

/**
 * fullsend's profile hash caches and their flock files: today's per-profile `fullsend-profile-<16hex>` and the
 * legacy per-directory `fullsend-profiles-<16hex>` (fullsend-current.md §4.4).
 */
const PROFILE_CACHE = /^fullsend-profiles?-[0-9a-f]+\.(sha256|lock)$/;
const isLockFile = (file: string) => file.endsWith('.lock');

export async function reset(ctx: OperationContext, input: ResetInput): Promise<ResetResult> {
  const o = callOptions(ctx);
  const { client, gateway, book } = ctx;
  const tmpDir = input.tmpDir ?? os.tmpdir();
  const result: ResetResult = {
    gateway: gateway.name, sandboxesDeleted: [], providersDeleted: [], profilesDeleted: [], cachesRemoved: [], kept: [],
    cliCalls: 0, dryRun: !!input.dryRun,
  };

  ctx.progress?.('Reading the gateway');
  const [sandboxes, providers, profiles] = await allSettledFirst([client.sandboxes(o), client.providers(o), client.profiles(o)]);
  // Read after the list: a sandbox listed above was announced by its run before it was created.
  const inUse = (await input.inUse?.()) ?? NOTHING_IN_USE;
  const keep = (name: string, reason: string | undefined): boolean => {
    if (reason) result.kept.push({ name, reason });
    return !reason;
  };
  const declared = new Set(input.providers.map((p) => p.name));
  const leaked = sandboxes.filter((s) => isLeakedSandbox(s.name) && keep(s.name, inUse.sandbox(s))).map((s) => s.name);
  // A run-scoped provider goes with its sandbox: kept when that sandbox is kept.
  const keptSandboxes = new Set(result.kept.map((k) => k.name));
  const runScoped = runScopedInstances(input.providers, providers, sandboxes)
    .filter((r) => keep(r.name, r.sandbox && keptSandboxes.has(r.sandbox) ? `belongs to sandbox ${r.sandbox}, which was kept` : inUse.provider(r.name)))
    .map((r) => r.name);
  const providerNames = providers.map((p) => p.name).filter((n) => declared.has(n) && keep(n, inUse.provider(n)));
  const typeOf = (name: string) => providers.find((p) => p.name === name)?.type;
  const keptTypes = () => new Set(result.kept.map((k) => typeOf(k.name)).filter(Boolean));
  const profileById = new Map(profiles.map((p) => [p.id, p]));
  const profileIds: string[] = [];
  for (const def of input.profiles) {
    const dto = profileById.get(def.id);
    if (!dto) continue;
    if (dto.source === 'builtin') result.kept.push({ name: def.id, reason: 'built-in OpenShell profile' });
    else if (keptTypes().has(def.id)) result.kept.push({ name: def.id, reason: 'used by a provider that was kept' });
    else profileIds.push(def.id);
  }
  const caches = (await fs.readdir(tmpDir).catch(() => [] as string[])).filter((f) => PROFILE_CACHE.test(f)).map((f) => path.join(tmpDir, f))
    .filter((f) => !isLockFile(f) || keep(f, inUse.locks));
  if (input.only) {
    const shown = (list: string[], allowed: readonly string[]) => {
      const ok = new Set(allowed);
      const out = list.filter((n) => ok.has(n) || keep(n, 'appeared after the confirmation, which did not show it'));
      list.splice(0, list.length, ...out);
    };
    shown(leaked, input.only.sandboxesDeleted);
    shown(runScoped, input.only.providersDeleted);
    shown(providerNames, input.only.providersDeleted);
    shown(profileIds, input.only.profilesDeleted);
    shown(caches, input.only.cachesRemoved);
  }

  if (input.dryRun) {
    Object.assign(result, { sandboxesDeleted: leaked, providersDeleted: [...runScoped, ...providerNames], profilesDeleted: profileIds, cachesRemoved: caches });
    result.cliCalls = o.counter.calls;
    return result;
  }

  let deleting: string[] = [];
  try {
    await deleteAndForget();
    if (input.reensure) {
      ctx.progress?.('Ensuring providers again');
      result.ensure = await ensure(ctx, input.reensure);
      // A provider this reset deleted and could not create again: say so, and how it comes back.
      for (const p of result.ensure.providers) {
        if (p.error && result.providersDeleted.includes(p.name)) p.error = `${p.error} — ${p.name} was deleted by this reset; run Ensure Providers once that is fixed to create it again`;
      }
    }
  } catch (err) {
    // Stopped part-way: nothing deleted so far may go unmentioned (ARCHITECTURE §6, "nothing is lost") — nor
    // what the call that failed may have deleted before it failed (a delete that never answered).
    const deleted = result.providersDeleted.filter((n) => declared.has(n) || runScoped.includes(n));
    const maybe = deleting.filter((n) => !deleted.includes(n));
    if (!deleted.length && !maybe.length) throw err;
    const parts = [deleted.length ? `had deleted ${deleted.join(', ')}` : '', maybe.length ? `may have deleted ${maybe.join(', ')} (that delete did not answer)` : ''].filter(Boolean);
    const all = deleted.length + maybe.length;
    const message = `${errorText(err)}. Before it stopped, this reset ${parts.join(' and ')}; run Ensure Providers to create ${all === 1 ? 'it' : 'them'} again`;
    throw err instanceof OpenShellError ? new OpenShellError(err.kind, message, err.details) : new Error(message);
  }
  result.cliCalls = o.counter.calls + (result.ensure?.cliCalls ?? 0);
  return result;

  async function deleteAndForget(): Promise<void> {
    if (leaked.length) {
      ctx.progress?.(`Deleting ${leaked.length} leaked sandbox(es)`);
      const r = await client.deleteSandboxes(leaked, o);
      result.sandboxesDeleted = r.deleted;
      keepFailures(result, r.failed.filter((f) => f.attempted));
    }

    // A provider a foreign sandbox holds is kept and the rest go on. 0.1 tries every name; 0.0 stops at the
    // first failure, so the names it never tried are sent again.
    for (const batch of [runScoped, providerNames]) {
      let remaining = batch;
      while (remaining.length) {
        ctx.progress?.(`Deleting ${remaining.length} provider(s)`);
        deleting = remaining.filter((n) => declared.has(n));
        const r = await client.deleteProviders(remaining, o);
        deleting = [];
        result.providersDeleted.push(...r.deleted);
        keepFailures(result, r.failed.filter((f) => f.attempted));
        remaining = r.failed.filter((f) => !f.attempted).map((f) => f.name);
      }
    }

    const blockedTypes = keptTypes();
    await mapBounded(profileIds, 8, async (id) => {
      if (blockedTypes.has(id)) {
        result.kept.push({ name: id, reason: 'used by a provider that was kept' });
        return;
      }
      ctx.progress?.(`Deleting profile ${id}`);
      const r = await client.deleteProfile(id, o);
      result.profilesDeleted.push(...r.deleted);
      keepFailures(result, r.failed);
    });
    result.profilesDeleted.sort((a, b) => profileIds.indexOf(a) - profileIds.indexOf(b));

    for (const file of caches) {
      try { await fs.rm(file, { force: true }); result.cachesRemoved.push(file); } catch (err) {
        result.kept.push({ name: file, reason: `could not remove: ${errorText(err)}` });
      }
    }
    // Forget this workspace's records of what is gone, so the next Ensure writes it afresh. What was kept is
    // still as recorded, and another workspace's records on this gateway are not ours to drop.
    const keptNames = new Set(result.kept.map((k) => k.name));
    await book.update(gateway.key, (r) => {
      for (const n of [...declared, ...result.providersDeleted]) if (!keptNames.has(n)) delete r.providers[n];
      for (const p of input.profiles) if (!keptNames.has(p.id)) delete r.profiles[p.id];
    });
  }
}

/**
 * Deletes the gateway refused for a reason of that item (a sandbox holds it, it is in use): kept, with the
 * reason. Anything else (the gateway failing) stops the reset.
 */
function keepFailures(result: ResetResult, failed: readonly DeleteFailure[]): void {
  for (const f of failed) {
    if (f.kind === 'FailedPrecondition' || f.kind === 'Unknown') result.kept.push({ name: f.name, reason: f.error });
    else throw new OpenShellError(f.kind, `Reset stopped: ${f.name} could not be deleted on gateway '${result.gateway}': ${f.error}`);
  }
}
