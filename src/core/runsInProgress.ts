// The fullsend runs this extension started and that have not ended: which gateway, which agent, which
// providers it uses, when it started and (once fullsend prints "Creating sandbox: <name>") its sandbox.
// A run's sandbox is named like every leaked one (fs-*), so without this, Reset and "Delete All Leaked
// Sandboxes" would stop a run in progress, and deleting its providers before its sandbox exists would make
// the sandbox create fail. `anywhere()` adds the runs of other windows (a shared RunRegistry) and the
// `fullsend run` processes of this machine (the process table): ARCHITECTURE §6 "Runs anywhere are protected".
import { randomUUID } from 'crypto';
import type { FullsendProcessInfo } from '../fullsend/processTable';
import { createdAtMs, type SandboxDto } from '../openshell/types';
import type { RegisteredRun, RunRegistry } from './runRegistry';

export interface RunInProgress {
  readonly gatewayKey: string;
  readonly agent: string;
  /** The providers the agent attaches to its sandbox. */
  readonly providers: readonly string[];
  /** Date.now() when the run was registered, before fullsend started. */
  readonly startedAt: number;
  /** Set once fullsend has announced it (it prints the name before it creates the sandbox). */
  readonly sandbox?: string;
  /** The `fullsend run` process, once spawned. */
  readonly fullsendPid?: number;
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
/** For runs seen elsewhere (another window, the process table): their clocks and start times are coarser. */
const FOREIGN_CLOCK_SLACK_MS = 60_000;

export interface RunHandle {
  setSandbox(name: string): void;
  setPid(pid: number): void;
  end(): void;
}

type Entry = { -readonly [K in keyof RunInProgress]: RunInProgress[K] } & { id: string };

export interface RunSources {
  /** Shared with the other windows: this window's runs are written there, theirs read. */
  registry?: RunRegistry;
  /** `fullsend run` processes on this machine. */
  processes?: () => Promise<FullsendProcessInfo[]>;
  log?: { warn(message: string): void };
}

export class RunsInProgress {
  private readonly runs = new Set<Entry>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly sources: RunSources = {}) {}

  start(run: Omit<RunInProgress, 'sandbox' | 'startedAt' | 'fullsendPid'>, now = Date.now()): RunHandle {
    const entry: Entry = { id: randomUUID(), gatewayKey: run.gatewayKey, agent: run.agent, providers: [...run.providers], startedAt: now };
    this.runs.add(entry);
    this.publish(entry);
    this.changed();
    return {
      setSandbox: (name) => { if (entry.sandbox !== name) { entry.sandbox = name; this.publish(entry); this.changed(); } },
      setPid: (pid) => { entry.fullsendPid = pid; this.publish(entry); },
      end: () => {
        if (!this.runs.delete(entry)) return;
        void this.sources.registry?.remove(entry.id).catch((err: unknown) => this.sources.log?.warn(`run registry: ${String(err)}`));
        this.changed();
      },
    };
  }

  private publish(e: Entry): void {
    const run: Omit<RegisteredRun, 'ownerPid'> = { id: e.id, gatewayKey: e.gatewayKey, agent: e.agent, providers: [...e.providers], startedAt: e.startedAt,
      ...(e.sandbox ? { sandbox: e.sandbox } : {}), ...(e.fullsendPid ? { fullsendPid: e.fullsendPid } : {}) };
    void this.sources.registry?.write(run).catch((err: unknown) => this.sources.log?.warn(`run registry: ${String(err)}`));
  }

  /**
   * What runs anywhere on this machine use on this gateway: this window's (exactly), other windows' (from the
   * registry) and terminal runs (from the process table: their sandbox is not known, so every `fs-*` sandbox
   * created since they started, minus a minute of slack, is theirs until proven otherwise).
   */
  async anywhere(gatewayKey: string, gatewayName: string): Promise<InUse> {
    const own = this.inUse(gatewayKey);
    const [registered, processes] = await Promise.all([
      this.sources.registry?.others().catch(() => []) ?? [],
      this.sources.processes?.().catch(() => []) ?? [],
    ]);
    const known = new Set<number>([...this.runs, ...registered].flatMap((r) => (r.fullsendPid ? [r.fullsendPid] : [])));
    const windows = registered.filter((r) => r.gatewayKey === gatewayKey);
    // A process whose gateway cannot be read is assumed to run against this one.
    const terminals = processes.filter((p) => !known.has(p.pid) && (p.gateway === undefined || p.gateway === gatewayName));
    if (!windows.length && !terminals.length) return own;
    const recent = (created: number | undefined, since: number) => created === undefined || created >= since - FOREIGN_CLOCK_SLACK_MS;
    return {
      sandbox: (s) => {
        const mine = own.sandbox(s);
        if (mine) return mine;
        const created = createdAtMs(s.created_at);
        const named = windows.find((r) => r.sandbox === s.name);
        if (named) return `in use by the run of ${named.agent} in another window`;
        const pending = windows.find((r) => !r.sandbox && recent(created, r.startedAt));
        if (pending) return `may belong to the run of ${pending.agent} in another window (created after it started)`;
        const terminal = terminals.find((p) => recent(created, p.startedAt));
        return terminal && `may belong to a fullsend run${terminal.agent ? ` of ${terminal.agent}` : ''} in progress on this machine (pid ${terminal.pid}, started ${new Date(terminal.startedAt).toLocaleTimeString()})`;
      },
      provider: (name) => {
        const mine = own.provider(name);
        if (mine) return mine;
        const user = windows.find((r) => r.providers.includes(name));
        return user && `in use by the run of ${user.agent} in another window`;
      },
      locks: 'a fullsend run is in progress and may hold this lock',
    };
  }

  on(gatewayKey: string): RunInProgress[] {
    return [...this.runs].filter((r) => r.gatewayKey === gatewayKey);
  }

  /** The run whose sandbox this is, if one of this window's announced it. */
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
