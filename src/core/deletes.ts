// Deleting providers and sandboxes by name. openshell exits 0 for a missing name, so each name's line is
// checked (deleted vs not found); fingerprints of deleted providers are forgotten so a recreated provider
// is never mistaken for the one we wrote.
import { isOpenShellError } from '../openshell/errors';
import { callOptions, type OperationContext } from './context';
import type { DeleteResult } from './results';

/** fullsend's sandbox names: `fs-<3-char slug>-<12 hex>` — the only ownership marker there is. */
export const LEAKED_SANDBOX = /^fs-[a-z0-9]{3}-[0-9a-f]{12}$/;
export const isLeakedSandbox = (name: string): boolean => LEAKED_SANDBOX.test(name);


export async function deleteProviders(ctx: OperationContext, names: readonly string[]): Promise<DeleteResult & { cliCalls: number }> {
  const o = callOptions(ctx);
  const unique = [...new Set(names)];
  if (!unique.length) return { deleted: [], notFound: [], cliCalls: 0 };
  try {
    const r = await ctx.client.deleteProviders(unique, o);
    await forget(ctx, r.deleted);
    return { ...r, cliCalls: o.counter.calls };
  } catch (err) {
    if (isOpenShellError(err, 'FailedPrecondition')) {
      throw new Error(`Cannot delete on gateway '${ctx.gateway.name}': ${err.details.grpcMessage ?? err.message}. Delete those sandboxes first (Sandboxes view).`);
    }
    throw err;
  }
}

export async function deleteSandboxes(ctx: OperationContext, names: readonly string[]): Promise<DeleteResult & { cliCalls: number }> {
  const o = callOptions(ctx);
  const unique = [...new Set(names)];
  if (!unique.length) return { deleted: [], notFound: [], cliCalls: 0 };
  const r = await ctx.client.deleteSandboxes(unique, o);
  return { ...r, cliCalls: o.counter.calls };
}

export async function forget(ctx: OperationContext, providers: readonly string[]): Promise<void> {
  if (!providers.length) return;
  await ctx.book.update(ctx.gateway.key, (r) => { for (const n of providers) delete r.providers[n]; });
}
