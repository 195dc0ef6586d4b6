// Reads `fullsend run`'s printer output (fullsend-current.md §6.2, §6.3) into events the UI can show as
// progress, and the facts a RunResult needs. The printer writes
//   `→ header`, `  • start`, `  ✓ done`, `  ✗ fail`, `  ! warn`, `  ⏳ heartbeat`, `  ⚙ tool progress`,
//   `    info` and `    key: value` (four spaces, no mark),
// styled with SGR codes only on a TTY (stripped here anyway). Facts are keyed on the text after the mark, never
// on the mark: the same text can come with another mark (or none) in another fullsend version. The teardown
// (sandbox delete, download dir, run-scoped providers) is printed after `→ Results`, so Results is not the
// end of a run: the process exit is.
import { stripAnsi } from '../openshell/ansi';

export type RunScopedState = 'ensuring' | 'ready' | 'deleted' | 'gone' | 'expired' | 'left';

export type RunEvent =
  // the shape of the line
  | { kind: 'header'; text: string }
  | { kind: 'step'; text: string }
  | { kind: 'done'; text: string }
  | { kind: 'fail'; text: string }
  | { kind: 'warn'; text: string }
  | { kind: 'heartbeat'; text: string }
  | { kind: 'tool'; text: string }
  | { kind: 'info'; text: string }
  // what it says
  | { kind: 'results' }
  | { kind: 'ensuring-provider'; name: string }
  | { kind: 'provider-ready'; name: string }
  | { kind: 'run-scoped-provider'; name: string; state: Exclude<RunScopedState, 'ready'> }
  | { kind: 'profile-imported'; id: string }
  | { kind: 'provider-profile-ready'; id: string }
  | { kind: 'sandbox'; name: string }
  | { kind: 'sandbox-kept'; name: string }
  | { kind: 'cleanup' }
  | { kind: 'sandbox-deleted' }
  | { kind: 'sandbox-cleanup-failed'; text: string }
  | { kind: 'waiting'; text: string }
  | { kind: 'run-dir'; path: string }
  | { kind: 'agent-exit'; code: number; final: boolean }
  | { kind: 'cancelled'; text: string }
  | { kind: 'error'; text: string };

const MARKS = { '→': 'header', '•': 'step', '✓': 'done', '✗': 'fail', '!': 'warn', '⏳': 'heartbeat', '⚙': 'tool' } as const;
const MARKED = /^ {0,4}(→|•|✓|✗|!|⏳|⚙) (.*)$/;
const INFO = /^ {4}(\S.*)$/;

/** A run-scoped provider instance: `<harness provider name>-<the sandbox name's 12-hex suffix>` (§3). */
const INSTANCE = /^(\S+)-([0-9a-f]{12})$/;

/** The events one output line carries: its shape (if it is a printer line), then any fact it states. */
export function parseLine(raw: string): RunEvent[] {
  const line = stripAnsi(raw).replace(/\s+$/, '');
  const events: RunEvent[] = [];
  let text: string;
  const m = MARKED.exec(line);
  const info = m ? null : INFO.exec(line);
  if (m) {
    text = m[2];
    events.push({ kind: MARKS[m[1] as keyof typeof MARKS], text });
    if (m[1] === '→' && text === 'Results') events.push({ kind: 'results' });
  } else if (info) {
    text = info[1];
    events.push({ kind: 'info', text });
  } else {
    // fullsend's last words on stderr (cmd/fullsend/main.go): `Error: <err>`, unindented.
    const err = /^Error: (.+)$/.exec(line);
    if (err) return [{ kind: 'error', text: err[1] }];
    // Anything else (agent output, openshell's own lines) states a fact only in the forms below.
    text = line.trim();
  }
  const fact = factOf(text);
  if (fact) events.push(fact);
  return events;
}

function factOf(text: string): RunEvent | undefined {
  let x: RegExpExecArray | null;
  // Providers and profiles
  if ((x = /^Ensuring run-scoped provider: (\S+)$/.exec(text))) return { kind: 'run-scoped-provider', name: x[1], state: 'ensuring' };
  if ((x = /^Run-scoped provider deleted: (\S+)$/.exec(text))) return { kind: 'run-scoped-provider', name: x[1], state: 'deleted' };
  if ((x = /^Run-scoped provider already gone: (\S+)$/.exec(text))) return { kind: 'run-scoped-provider', name: x[1], state: 'gone' };
  if ((x = /^Run-scoped provider (\S+) expired in place\b/.exec(text))) return { kind: 'run-scoped-provider', name: x[1], state: 'expired' };
  if ((x = /^Run-scoped provider (\S+) could (?:not be deleted|be neither deleted)\b/.exec(text))) return { kind: 'run-scoped-provider', name: x[1], state: 'left' };
  if ((x = /^Ensuring provider: (\S+)$/.exec(text))) return { kind: 'ensuring-provider', name: x[1] };
  if ((x = /^Provider ready: (\S+) \(/.exec(text))) return { kind: 'provider-ready', name: x[1] };
  if ((x = /^Profile imported: (\S+) \(/.exec(text))) return { kind: 'profile-imported', id: x[1] };
  if ((x = /^Provider profile ready: (\S+) \(/.exec(text))) return { kind: 'provider-profile-ready', id: x[1] };
  // The sandbox
  if ((x = /^Creating sandbox: (\S+)$/.exec(text))) return { kind: 'sandbox', name: x[1] };
  if ((x = /^Sandbox kept \(--keep-sandbox\): (\S+)$/.exec(text))) return { kind: 'sandbox-kept', name: x[1] };
  if (text === 'Cleaning up sandbox') return { kind: 'cleanup' };
  if (/^Sandbox deleted \(/.test(text)) return { kind: 'sandbox-deleted' };
  if (/^Sandbox cleanup failed: /.test(text)) return { kind: 'sandbox-cleanup-failed', text };
  if (/^Waiting [\d.]+s for the sandbox's first policy poll\b/.test(text) || /^Waiting for the gateway to release\b/.test(text)) return { kind: 'waiting', text };
  // The agent and the Results block
  if ((x = /^Run directory: (.+)$/.exec(text))) return { kind: 'run-dir', path: x[1] };
  if ((x = /^Agent exit code: (-?\d+)$/.exec(text))) return { kind: 'agent-exit', code: Number(x[1]), final: true };
  if ((x = /^Agent exited with code (-?\d+)\b/.exec(text))) return { kind: 'agent-exit', code: Number(x[1]), final: false };
  if (/^Run cancelled\b/.test(text)) return { kind: 'cancelled', text };
  return undefined;
}

export type SandboxFate = 'cleaned-up' | 'kept' | 'cleanup-failed' | 'unknown';

/**
 * The 3-character slug of fullsend's sandbox names (`fs-<slug>-<12 hex>`, fullsend.md §2.2) for an agent: its
 * first three lower-case letters and digits, `unk` when it has fewer. Only used to name the sandbox before
 * `Creating sandbox:` says it, from a run-scoped provider's suffix.
 */
export function sandboxSlug(agent: string): string {
  const chars = agent.toLowerCase().replace(/[^a-z0-9]/g, '');
  return chars.length >= 3 ? chars.slice(0, 3) : 'unk';
}

/** What a run said about itself, folded from its events. */
export class RunFacts {
  sandboxName?: string;
  /** The sandbox name so far is derived from a run-scoped provider's suffix; `Creating sandbox:` not seen yet. */
  sandboxNameDerived = false;
  sandboxKept = false;
  sandboxDeleted = false;
  /** `Sandbox cleanup failed: …`, as printed. */
  sandboxCleanupFailed?: string;
  cleanupStarted = false;
  runDir?: string;
  agentExitCode?: number;
  /** `→ Results` was printed (the teardown comes after it). */
  resultsSeen = false;
  cancelled = false;
  /** fullsend's final `Error: …` on stderr. */
  error?: string;
  readonly failures: string[] = [];
  /** Shared providers fullsend reported ready (it wrote them), in order; run-scoped instances are not here. */
  readonly providersReady: string[] = [];
  readonly profilesImported: string[] = [];
  readonly providerProfilesReady: string[] = [];
  /** Run-scoped provider instances fullsend reported, in the order it first named them, with the latest word on each. */
  readonly runScoped = new Map<string, RunScopedState>();
  private finalExit = false;

  /** `agent`: the agent run, to name its sandbox from a run-scoped provider's suffix. */
  constructor(private readonly opts: { agent?: string } = {}) {}

  add(e: RunEvent): void {
    switch (e.kind) {
      case 'sandbox':
        this.sandboxName = e.name;
        this.sandboxNameDerived = false;
        break;
      case 'sandbox-kept':
        this.sandboxName = e.name;
        this.sandboxNameDerived = false;
        this.sandboxKept = true;
        break;
      case 'cleanup': this.cleanupStarted = true; break;
      case 'sandbox-deleted': this.sandboxDeleted = true; break;
      case 'sandbox-cleanup-failed': this.sandboxCleanupFailed = e.text; break;
      case 'run-dir': this.runDir = e.path; break;
      case 'agent-exit':
        if (e.final || !this.finalExit) this.agentExitCode = e.code;
        if (e.final) this.finalExit = true;
        break;
      case 'results': this.resultsSeen = true; break;
      case 'cancelled': this.cancelled = true; break;
      case 'error': this.error = e.text; break;
      case 'fail': this.failures.push(e.text); break;
      case 'profile-imported': this.profilesImported.push(e.id); break;
      case 'provider-profile-ready': this.providerProfilesReady.push(e.id); break;
      case 'provider-ready':
        if (this.runScoped.has(e.name)) this.runScoped.set(e.name, 'ready');
        else this.providersReady.push(e.name);
        break;
      case 'run-scoped-provider': {
        this.runScoped.set(e.name, e.state);
        const suffix = INSTANCE.exec(e.name)?.[2];
        if (!this.sandboxName && suffix && this.opts.agent) {
          this.sandboxName = `fs-${sandboxSlug(this.opts.agent)}-${suffix}`;
          this.sandboxNameDerived = true;
        }
        break;
      }
      default: break;
    }
  }

  isRunScoped(name: string): boolean {
    return this.runScoped.has(name);
  }

  /** The run-scoped provider instances fullsend reported, in order. */
  get runScopedProviders(): string[] {
    return [...this.runScoped.keys()];
  }

  /** Those fullsend did not report deleted (or already gone): what an abnormal end may have left behind. */
  get runScopedLeft(): string[] {
    return [...this.runScoped].filter(([, s]) => s !== 'deleted' && s !== 'gone').map(([n]) => n);
  }

  /** What became of the sandbox as fullsend reported it; undefined when it named none. */
  get sandbox(): SandboxFate | undefined {
    if (!this.sandboxName) return undefined;
    if (this.sandboxKept) return 'kept';
    if (this.sandboxCleanupFailed) return 'cleanup-failed';
    if (this.sandboxDeleted) return 'cleaned-up';
    return 'unknown';
  }
}

/** A short progress message for an event, or undefined for events that are not progress. */
export function progressText(e: RunEvent): string | undefined {
  switch (e.kind) {
    case 'step':
    case 'header':
    case 'heartbeat':
    case 'waiting':
      return e.text;
    default:
      return undefined;
  }
}
