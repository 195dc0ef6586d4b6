// During a Fullsend: Run, adopts fullsend's rewrite of the providers the run's Ensure just wrote
// (core/adoptRunWrites.ts), so the next Ensure finds them current. fullsend ensures its providers in
// parallel, so the "Provider ready" lines arrive together: they are batched into one read.
import { adoptRunWrites } from '../core/adoptRunWrites';
import { errorText } from '../core/context';
import type { ProviderRecord } from '../core/fingerprints';
import type { RunsInProgress } from '../core/runsInProgress';
import type { Log } from './log';
import type { Operations } from './operations';
import type { Refresh } from './refresh';
import type { BaseContext } from './session';

const BATCH_MS = 250;

export interface RunAdoptionDeps {
  agent: string;
  base: BaseContext;
  /** The records this run's Ensure left, by provider; only these can be adopted. */
  recorded: ReadonlyMap<string, ProviderRecord>;
  operations: Operations;
  runs: RunsInProgress;
  log: Log;
  refresh: Refresh;
}

export class RunAdoption {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly d: RunAdoptionDeps) {}

  /** fullsend reported this provider ready: it has just written it. */
  written(name: string): void {
    if (!this.d.recorded.has(name)) return;
    this.pending.add(name);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), BATCH_MS);
  }

  /** Adopts what is pending now; resolves when every adoption so far has finished. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    const names = [...this.pending].sort();
    this.pending.clear();
    if (names.length) this.chain = this.chain.then(() => this.adopt(names));
    return this.chain;
  }

  private async adopt(names: string[]): Promise<void> {
    const { agent, base, recorded, operations, runs, log, refresh } = this.d;
    // Another run in progress may give fullsend other values for a provider both use: adopt nothing there.
    const shared = names.filter((n) => runs.on(base.gateway.key).filter((r) => r.providers.includes(n)).length > 1);
    if (shared.length) log.info(`Run of ${agent}: ${shared.join(', ')} also used by another run in progress; the next Ensure checks ${shared.length === 1 ? 'it' : 'them'} again`);
    const mine = names.filter((n) => !shared.includes(n));
    if (!mine.length) return;
    try {
      const r = await operations.quietly(base, (ctx) => adoptRunWrites(ctx, { expected: recorded, written: mine }));
      const skipped = mine.filter((n) => !r.adopted.includes(n));
      log.info(`Run of ${agent}: fullsend rewrote ${mine.join(', ')} with the values Ensure wrote; recorded the new version of ` +
        `${r.adopted.join(', ') || 'none'}${skipped.length ? ` (not ${skipped.join(', ')}: changed otherwise since Ensure)` : ''} (${r.cliCalls} openshell call)`);
      if (r.adopted.length) refresh.fire('fullsend.run');
    } catch (err) {
      log.warn(`Run of ${agent}: could not read the providers fullsend rewrote (${errorText(err)}); the next Ensure rewrites them once`);
    }
  }
}
