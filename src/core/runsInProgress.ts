// The fullsend runs this extension started and that have not ended: which gateway, which agent, which
// providers it uses, when it started and (once fullsend prints "Creating sandbox: <name>") its sandbox.
// A run's sandbox is named like every leaked one (fs-*), so without this, Reset and "Delete All Leaked
// Sandboxes" would stop a run in progress, and deleting its providers before its sandbox exists would make
// the sandbox create fail. Runs started elsewhere (a terminal) are invisible here (fullsend.md §6.7).
import { createdAtMs, type SandboxDto } from '../openshell/types';

export interface RunInProgress {
  readonly gatewayKey: string;
  readonly agent: string;
  /** The providers the agent attaches to its sandbox. */
  readonly providers: readonly string[];
  /** Date.now() when the run was registered, before fullsend started. */
  readonly startedAt: number;
  /** Set once fullsend has announced it (it prints the name before it creates the sandbox). */
  readonly sandbox?: string;
}

/** What a destructive operation on one gateway must leave alone, each answer the reason to report in `kept`. */
export interface InUse {
  sandbox(s: Pick<SandboxDto, 'name' | 'created_at'>): string | undefined;
  provider(name: string): string | undefined;
  /** Set while any run is in progress: fullsend may hold its profile cache locks (one $TMPDIR for all gateways). */
  readonly locks?: string;
}

export const NOTHING_IN_USE: InUse = { sandbox: () => undefined, provider: () => undefined };

/** Gateway and local clocks can disagree a little; a sandbox this close to a run's start may be its own. */
const CLOCK_SLACK_MS = 5_000;

export interface RunHandle {
  setSandbox(name: string): void;
  end(): void;
}

type Entry = { -readonly [K in keyof RunInProgress]: RunInProgress[K] };

export class RunsInProgress {
  private readonly runs = new Set<Entry>();
  private readonly listeners = new Set<() => void>();

  start(run: Omit<RunInProgress, 'sandbox' | 'startedAt'>, now = Date.now()): RunHandle {
    const entry: Entry = { gatewayKey: run.gatewayKey, agent: run.agent, providers: [...run.providers], startedAt: now };
    this.runs.add(entry);
    this.changed();
    return {
      setSandbox: (name) => { if (entry.sandbox !== name) { entry.sandbox = name; this.changed(); } },
      end: () => { if (this.runs.delete(entry)) this.changed(); },
    };
  }

  on(gatewayKey: string): RunInProgress[] {
    return [...this.runs].filter((r) => r.gatewayKey === gatewayKey);
  }

  /** The run whose sandbox this is, if one of ours announced it. */
  sandboxUser(gatewayKey: string, sandbox: string): RunInProgress | undefined {
    return this.on(gatewayKey).find((r) => r.sandbox === sandbox);
  }

  /** "fs-cod-… (run of code)" for each of these sandboxes a run in progress uses, for confirmations. */
  describeUsed(gatewayKey: string, sandboxes: readonly string[]): string[] {
    return sandboxes.flatMap((n) => { const r = this.sandboxUser(gatewayKey, n); return r ? [`${n} (run of ${r.agent})`] : []; });
  }

  /**
   * A run that has not announced its sandbox yet may still have created it a moment ago (its line not yet
   * read), so every sandbox created since such a run started is kept too.
   */
  inUse(gatewayKey: string): InUse {
    const runs = this.on(gatewayKey);
    if (!this.runs.size) return NOTHING_IN_USE;
    const why = (r: RunInProgress) => `in use by the run of ${r.agent} in progress`;
    return {
      sandbox: (s) => {
        const owner = runs.find((r) => r.sandbox === s.name);
        if (owner) return why(owner);
        const created = createdAtMs(s.created_at);
        const pending = runs.find((r) => !r.sandbox && (created === undefined || created >= r.startedAt - CLOCK_SLACK_MS));
        return pending && `may belong to the run of ${pending.agent} in progress (created after it started)`;
      },
      provider: (name) => {
        const user = runs.find((r) => r.providers.includes(name));
        return user && why(user);
      },
      locks: 'a fullsend run is in progress and may hold this lock',
    };
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}
