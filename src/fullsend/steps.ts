// Reads `fullsend run`'s printer output (internal/ui: `→ header`, `  • start`, `  ✓ done`, `  ✗ fail`,
// `  ! warn`, `    key: value`) into events the UI can show as progress, and the facts a RunResult needs.
import { stripAnsi } from '../openshell/ansi';

export type RunEvent =
  | { kind: 'header'; text: string }
  | { kind: 'step'; text: string }
  | { kind: 'done'; text: string }
  | { kind: 'fail'; text: string }
  | { kind: 'warn'; text: string }
  | { kind: 'ensuring-provider'; name: string }
  | { kind: 'provider-ready'; name: string }
  | { kind: 'sandbox'; name: string }
  | { kind: 'sandbox-kept'; name: string }
  | { kind: 'cleanup' }
  | { kind: 'run-dir'; path: string }
  | { kind: 'agent-exit'; code: number }
  | { kind: 'cancelled'; text: string };

const MARK = /^\s*(→|•|✓|✗|!|⏳|⚙)\s+(.*)$/;

/** The events one output line carries (a line can be both a step and a fact). */
export function parseLine(raw: string): RunEvent[] {
  const line = stripAnsi(raw).replace(/\s+$/, '');
  const events: RunEvent[] = [];
  const m = MARK.exec(line);
  if (m) {
    const [, mark, text] = m;
    events.push({ kind: ({ '→': 'header', '•': 'step', '✓': 'done', '✗': 'fail', '!': 'warn' } as const)[mark as '→'] ?? 'step', text });
    let x: RegExpExecArray | null;
    if ((x = /^Ensuring provider: (.+)$/.exec(text))) events.push({ kind: 'ensuring-provider', name: x[1] });
    else if ((x = /^Provider ready: (\S+) \(/.exec(text))) events.push({ kind: 'provider-ready', name: x[1] });
    else if ((x = /^Creating sandbox: (\S+)$/.exec(text))) events.push({ kind: 'sandbox', name: x[1] });
    else if ((x = /^Sandbox kept \(--keep-sandbox\): (\S+)$/.exec(text))) events.push({ kind: 'sandbox-kept', name: x[1] });
    else if (/^Cleaning up sandbox$/.test(text)) events.push({ kind: 'cleanup' });
    else if (/^Run cancelled\b/.test(text)) events.push({ kind: 'cancelled', text });
    return events;
  }
  let kv: RegExpExecArray | null;
  if ((kv = /^ {4}Run directory: (.+)$/.exec(line))) events.push({ kind: 'run-dir', path: kv[1] });
  else if ((kv = /^ {4}Agent exit code: (-?\d+)$/.exec(line))) events.push({ kind: 'agent-exit', code: Number(kv[1]) });
  return events;
}

/** What a run said about itself, folded from its events. */
export class RunFacts {
  sandboxName?: string;
  sandboxKept = false;
  runDir?: string;
  agentExitCode?: number;
  cancelled = false;
  readonly failures: string[] = [];
  readonly providersReady: string[] = [];

  add(e: RunEvent): void {
    switch (e.kind) {
      case 'sandbox': this.sandboxName = e.name; break;
      case 'sandbox-kept': this.sandboxName = e.name; this.sandboxKept = true; break;
      case 'run-dir': this.runDir = e.path; break;
      case 'agent-exit': this.agentExitCode = e.code; break;
      case 'cancelled': this.cancelled = true; break;
      case 'fail': this.failures.push(e.text); break;
      case 'provider-ready': this.providersReady.push(e.name); break;
      default: break;
    }
  }
}

/** A short progress message for a step, or undefined for lines that are not steps. */
export function progressText(e: RunEvent): string | undefined {
  switch (e.kind) {
    case 'step': return e.text;
    case 'ensuring-provider': return undefined; // the step line itself says it
    case 'header': return e.text;
    default: return undefined;
  }
}
