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
 * Runs `fn` over `items` with at most `limit` in flight, keeping results in input order. After a failure no
 * new item starts; the calls already running finish, then the first error is thrown.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await allSettledFirst(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
