// Concurrent openshell calls that finish together. Promise.all rejects at the first failure and leaves the
// other children running, so an operation could report "failed" while a sibling still writes to the gateway
// (or, in tests, to a state directory being removed). Every helper here waits for all in-flight work first.

type Awaited_<T> = { [K in keyof T]: Awaited<T[K]> };

/** Like Promise.all, but rejects only after every promise has settled, with the first rejection. */
export async function allSettledFirst<T extends readonly unknown[] | []>(promises: T): Promise<Awaited_<T>> {
  const settled = (await Promise.allSettled(promises)) as PromiseSettledResult<unknown>[];
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as Awaited_<T>;
}

/**
 * Shared by work that runs side by side in one operation: once any of it fails, none of it starts anything
 * new (ARCHITECTURE §6 "A failure stops the operation").
 */
export interface StopFlag { stopped: boolean }

/** `promise`, setting `stop` when it rejects, so that the siblings sharing `stop` start nothing more. */
export function stopOnFailure<T>(stop: StopFlag, promise: Promise<T>): Promise<T> {
  return promise.catch((err: unknown) => { stop.stopped = true; throw err; });
}

/**
 * Runs `fn` over `items` with at most `limit` in flight, keeping results in input order. After a failure —
 * of an item, or of a sibling sharing `stop` — no new item starts; the calls already running finish, then
 * the first error of its own is thrown (stopped by a sibling, it rejects too; the sibling reports why).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>,
  stop: StopFlag = { stopped: false }): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop.stopped) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (err) {
        stop.stopped = true;
        throw err;
      }
    }
  };
  await allSettledFirst(Array.from({ length: Math.min(limit, items.length) }, worker));
  // Stopped by a sibling with items left: no partial result that looks whole.
  if (next < items.length) throw new Error(`stopped after ${next} of ${items.length}: work running beside it failed`);
  return results;
}
