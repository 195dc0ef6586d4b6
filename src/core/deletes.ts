// Deleting providers and sandboxes by name. Each name's outcome is read from its own line (deleted, not
// found, failed — openshell/deleteOutcomes.ts), in both dialects; fingerprints of deleted providers are
// forgotten so a recreated provider is never mistaken for the one we wrote.
import { OpenShellError } from '../openshell/errors';
import type { DeleteOutcome } from '../openshell/types';
import { callOptions, type OperationContext } from './context';
import type { DeleteResult } from './results';

/** fullsend's sandbox names: `fs-<3-char slug>-<12 hex>` — the only ownership marker there is. */
export const LEAKED_SANDBOX = /^fs-[a-z0-9]{3}-[0-9a-f]{12}$/;
export const isLeakedSandbox = (name: string): boolean => LEAKED_SANDBOX.test(name);


export async function deleteProviders(ctx: OperationContext, names: readonly string[]): Promise<DeleteResult & { cliCalls: number }> {
  const o = callOptions(ctx);
  const unique = [...new Set(names)];
  if (!unique.length) return { deleted: [], notFound: [], cliCalls: 0 };
  const r = await ctx.client.deleteProviders(unique, o);
  await forget(ctx, r.deleted);
  return { ...toResult(ctx, r, 'Delete those sandboxes first (Sandboxes view).'), cliCalls: o.counter.calls };
}

export async function deleteSandboxes(ctx: OperationContext, names: readonly string[]): Promise<DeleteResult & { cliCalls: number }> {
  const o = callOptions(ctx);
  const unique = [...new Set(names)];
  if (!unique.length) return { deleted: [], notFound: [], cliCalls: 0 };
  const r = await ctx.client.deleteSandboxes(unique, o);
  return { ...toResult(ctx, r), cliCalls: o.counter.calls };
}

/**
 * The contract's DeleteResult. When nothing at all could be deleted the operation fails with the first
 * failure's reason (as a one-name delete always did); a partial success reports its failures per name.
 */
function toResult(ctx: OperationContext, r: DeleteOutcome, remedy = ''): DeleteResult {
  const first = r.failed.find((f) => f.attempted);
  if (first && !r.deleted.length && !r.notFound.length) {
    throw new OpenShellError(first.kind, `Cannot delete on gateway '${ctx.gateway.name}': ${first.error}.${first.kind === 'FailedPrecondition' && remedy ? ` ${remedy}` : ''}`,
      { grpcMessage: first.error });
  }
  return { deleted: r.deleted, notFound: r.notFound, ...(r.failed.length ? { failed: r.failed.map((f) => ({ name: f.name, error: f.error })) } : {}) };
}

/** A one-name delete inside a larger operation: its failure as the error it was. */
export function failureOf(r: DeleteOutcome): OpenShellError | undefined {
  const f = r.failed[0];
  return f && new OpenShellError(f.kind, f.error, { grpcMessage: f.error });
}

export async function forget(ctx: OperationContext, providers: readonly string[]): Promise<void> {
  if (!providers.length) return;
  await ctx.book.update(ctx.gateway.key, (r) => { for (const n of providers) delete r.providers[n]; });
}
