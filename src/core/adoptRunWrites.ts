// fullsend's own provider step (create → AlreadyExists → update) rewrites, during every run, the values the
// run's Ensure has just written: same values, since fullsend's environment is the one the extension
// resolved, but a new resource_version. Without this, the next Ensure would find every record outdated and
// rewrite the agent's providers once per run — the loop Run → Run would never reach the free steady state.
//
// After fullsend reports "Provider ready: <name>", the recorded fingerprint is moved to the provider's new
// resource_version, and only when nothing else can have written it:
//   - this run's Ensure left that exact record (no other operation has re-recorded the provider since);
//   - the provider is still the one recorded (same id and type);
//   - no other run in progress uses the provider (its fullsend may write other values; the caller checks).
// A foreign write in the moment between fullsend's write and the list below would be adopted, just as one
// between Ensure's own write and its read-back would be.
import { isDeepStrictEqual } from 'util';
import { callOptions, type OperationContext } from './context';
import type { ProviderRecord } from './fingerprints';
import { provable } from './providersPlan';

export interface AdoptInput {
  /** Each provider's record as this run's Ensure left it. */
  expected: ReadonlyMap<string, ProviderRecord>;
  /** The providers fullsend reported ready (it wrote them). */
  written: readonly string[];
}

export async function adoptRunWrites(ctx: OperationContext, input: AdoptInput): Promise<{ adopted: string[]; cliCalls: number }> {
  const names = [...new Set(input.written)].filter((n) => input.expected.has(n));
  if (!names.length) return { adopted: [], cliCalls: 0 };
  const o = callOptions(ctx);
  const listed = new Map((await ctx.client.providers(o)).map((p) => [p.name, p]));
  const adopted: string[] = [];
  await ctx.book.update(ctx.gateway.key, (r) => {
    for (const name of names) {
      const rec = r.providers[name];
      const dto = listed.get(name);
      if (!rec || !dto || !isDeepStrictEqual(rec, input.expected.get(name))) continue;
      if (!provable(dto) || dto.id !== rec.id || dto.type !== rec.type) continue;
      const version = dto.resource_version;
      if (version === rec.resourceVersion) continue;
      rec.resourceVersion = version;
      adopted.push(name);
    }
  });
  return { adopted, cliCalls: o.counter.calls };
}
