// One operation at a time per gateway: a second ensure/reset/recreate on the same gateway waits for the
// first to finish instead of interleaving its deletes and creates with it.

export class GatewayLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Whether an operation holds or waits for this gateway. */
  busy(gateway: string): boolean {
    return this.tails.has(gateway);
  }

  run<T>(gateway: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(gateway) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(fn);
    const tail = result.catch(() => undefined);
    this.tails.set(gateway, tail);
    void tail.then(() => { if (this.tails.get(gateway) === tail) this.tails.delete(gateway); });
    return result;
  }
}
