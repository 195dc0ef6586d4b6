// The real openshell adapter (runner + client, src/openshell) driving the simulator in this process, for
// suites that make thousands of calls: spawning one node process per simulated call costs ~100 ms, the
// in-process call a few. Everything above the spawn is the code under test — argv, env, the timeout, cancel,
// the classification of stderr, the parsing of stdout; only the child process is replaced, by
// test/support/sim/inprocess.js, through a module hook on the runner's `import('execa')` (inprocess/).
//
// Also a call recorder: each runner call's start, spawn and return on one monotonic clock, so a test can
// prove that no call started after the operation got a failure back (ARCHITECTURE §6 "A failure stops the
// operation") — something the simulator's own call log (one timestamp per call, written at its end) cannot.
import { AsyncLocalStorage } from 'async_hooks';
import * as fs from 'fs';
import { register } from 'module';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Command } from '../../src/openshell/commands';
import { OpenShellClient } from '../../src/openshell/client';
import { Redactor } from '../../src/openshell/redact';
import { OpenShellRunner, type AdapterLog, type CallOptions } from '../../src/openshell/runner';
import type { AdapterUnderTest } from './adapter';
import { ROOT } from './paths';
import type { Sim } from './simulator';

interface InProcessResult { stdout: string; stderr: string; exit: number | null; signal: string | null }
const inprocess: { runInProcess(argv: string[], o: { env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<InProcessResult> } =
  require(path.join(ROOT, 'test/support/sim/inprocess.js'));

/** What execa resolves to, as far as the runner reads it (reject: false). */
interface ExecaLike {
  stdout: string; stderr: string; exitCode?: number; signal?: string; timedOut: boolean; isCanceled: boolean; failed: boolean; code?: string;
}
interface ExecaOptions { env?: NodeJS.ProcessEnv; timeout?: number; cancelSignal?: AbortSignal }

/** One runner call, on the recorder's clock (`tick`s: a global sequence, so order is exact). */
export interface RecordedCall {
  kind: string;
  args: string[];
  /**
   * When the operation asked for the call: the client method it called (a list's later pages: that same
   * moment). From then on the call is in flight — the client and runner spawn it without asking again.
   */
  asked: number;
  /** When the child (here: the in-process simulator) started; undefined if it never did (cancelled first). */
  spawned?: number;
  /** When the runner handed the outcome back to the operation. */
  returned?: number;
  exit?: number | null;
  timedOut?: boolean;
  /** The error the runner threw, if any. */
  error?: unknown;
  /** What it returned (a delete's per-name outcome). */
  value?: unknown;
}

let clock = 0;
/** The recorder's clock: strictly increasing, one step per event. */
export const tick = (): number => ++clock;

const current = new AsyncLocalStorage<RecordedCall>();
const asking = new AsyncLocalStorage<number>();
const HANDLER = Symbol.for('fullsend.test.inProcessExeca');

class Dispatcher {
  readonly executables = new Set<string>();
  hits = 0;

  claims(file: string): boolean {
    return this.executables.has(file);
  }

  async run(_file: string, args: string[], options: ExecaOptions): Promise<ExecaLike> {
    this.hits++;
    const rec = current.getStore();
    if (rec) rec.spawned = tick();
    const ac = new AbortController();
    let timedOut = false;
    let canceled = false;
    const timer = options.timeout ? setTimeout(() => { timedOut = true; ac.abort({ signal: 'SIGTERM' }); }, options.timeout) : undefined;
    const cancel = () => { canceled = true; ac.abort({ signal: 'SIGTERM' }); };
    if (options.cancelSignal?.aborted) cancel();
    else options.cancelSignal?.addEventListener('abort', cancel, { once: true });
    try {
      // execa resolves once the child is gone, so a killed call is awaited too (a hang ends at once)
      const r = await inprocess.runInProcess(args, { env: options.env, signal: ac.signal });
      if (rec) rec.exit = r.exit;
      const killed = r.signal !== null;
      if (rec) rec.timedOut = killed && timedOut;
      return {
        stdout: r.stdout, stderr: r.stderr, exitCode: r.exit ?? undefined, signal: r.signal ?? undefined,
        timedOut: killed && timedOut, isCanceled: killed && canceled && !timedOut, failed: r.exit !== 0,
      };
    } finally {
      if (timer) clearTimeout(timer);
      options.cancelSignal?.removeEventListener('abort', cancel);
    }
  }
}

/** Registers the module hook and the dispatcher, once per process. */
function dispatcher(): Dispatcher {
  const g = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  let d = g[HANDLER];
  if (!d) {
    const dir = path.join(ROOT, 'test/support/inprocess');
    register(pathToFileURL(path.join(dir, 'hooks.mjs')).href, { data: { fake: pathToFileURL(path.join(dir, 'execa.mjs')).href } });
    d = g[HANDLER] = new Dispatcher();
  }
  return d;
}
// At load: the hook only takes effect for imports resolved after it, so register before any test runs.
dispatcher();

export interface InProcessAdapter extends AdapterUnderTest {
  /** Calls recorded since the last `calls.length = 0`. */
  calls: RecordedCall[];
  /** How many calls ran in process (0 means the hook came too late and the simulator was spawned). */
  inProcessCalls(): number;
}

/**
 * The adapter of test/support/adapter.ts, but every openshell call runs the simulator in this process.
 * `timeoutMs` is read per call (as the setting is), so a test can shorten it for a hang.
 */
export function inProcessAdapterFor(sim: Sim, opts: { timeoutMs: () => number; gateway?: string }): InProcessAdapter {
  const d = dispatcher();
  // A real executable at that path (the simulator), so the runner can stat it and anything outside the
  // hook still works; the dispatcher claims it by path.
  const executable = path.join(sim.root, 'openshell-inprocess');
  if (!fs.existsSync(executable)) fs.writeFileSync(executable, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(sim.bin)} "$@"\n`, { mode: 0o755 });
  d.executables.add(executable);
  const hitsBefore = d.hits;

  const lines: string[] = [];
  const at = (level: string) => (m: string) => { lines.push(`${level}: ${m}`); };
  const log: AdapterLog = { trace: () => {}, debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
  const redactor = new Redactor();
  const runner = new OpenShellRunner({
    locate: async () => ({ path: executable, via: 'setting' }),
    gateway: () => opts.gateway,
    timeoutMs: opts.timeoutMs,
    log,
    redactor,
    baseEnv: sim.spawnEnv(),
  });

  const calls: RecordedCall[] = [];
  const run = runner.run.bind(runner);
  // Every call of the runner (the dialect's --version read included) goes through here.
  runner.run = async <T>(cmd: Command<T>, o?: CallOptions): Promise<T> => {
    const rec: RecordedCall = { kind: cmd.kind, args: cmd.args, asked: asking.getStore() ?? tick() };
    calls.push(rec);
    try {
      const value = await current.run(rec, () => run(cmd, o));
      rec.value = value;
      return value;
    } catch (err) {
      rec.error = err;
      throw err;
    } finally {
      rec.returned = tick();
    }
  };
  // The moment the operation asks: each client method marks the calls made on its behalf.
  const client = new OpenShellClient(runner);
  const methods = Object.getOwnPropertyNames(OpenShellClient.prototype).filter((m) => m !== 'constructor' && m !== 'dialect');
  const table = client as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of methods) {
    const method = table[m].bind(client);
    table[m] = (...a: unknown[]) => asking.run(tick(), () => method(...a));
  }
  return { client, runner, redactor, lines, calls, inProcessCalls: () => d.hits - hitsBefore };
}
