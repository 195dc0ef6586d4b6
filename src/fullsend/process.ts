// Runs `fullsend run` as a child process and streams its output line by line. Stopping is gentle on
// purpose: SIGINT, then SIGTERM after a grace period — never SIGKILL — because fullsend deletes its
// sandbox in a deferred cleanup on SIGINT/SIGTERM, and a killed run leaks it (fullsend.md §2.1).
import type { ResultPromise } from 'execa';

export interface SpawnRun {
  file: string;
  args: string[];
  cwd?: string;
  /** The full environment of the child (resolved secrets included; never logged). */
  env: NodeJS.ProcessEnv;
  /** Each complete output line (stdout and stderr interleaved as they arrive), without its newline. */
  onLine(line: string, stream: 'stdout' | 'stderr'): void;
  /** Raw chunks, for a terminal that shows colours and partial lines as they come. */
  onData?(chunk: string): void;
  /** How long SIGINT gets before SIGTERM (default 10 s). */
  graceMs?: number;
}

export interface RunExit {
  exitCode: number | undefined;
  signal: string | undefined;
  /** How the run was stopped, if it was: `SIGINT`, or `SIGTERM` after the grace period. */
  stoppedWith?: 'SIGINT' | 'SIGTERM';
  spawnError?: string;
}

export class FullsendProcess {
  private readonly child: ResultPromise;
  private stoppedWith: RunExit['stoppedWith'];
  private escalation: ReturnType<typeof setTimeout> | undefined;
  readonly exited: Promise<RunExit>;

  /** Spawns the run (execa is loaded on first use, not at activation). */
  static async start(spec: SpawnRun): Promise<FullsendProcess> {
    const { execa } = await import('execa');
    return new FullsendProcess(spec, execa);
  }

  private constructor(private readonly spec: SpawnRun, execa: typeof import('execa').execa) {
    this.child = execa(spec.file, spec.args, {
      cwd: spec.cwd, env: spec.env, extendEnv: false, stdin: 'ignore', buffer: false, reject: false,
      forceKillAfterDelay: false, windowsHide: true, encoding: 'utf8',
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      let pending = '';
      this.child[stream]?.setEncoding('utf8');
      this.child[stream]?.on('data', (chunk: string) => {
        spec.onData?.(chunk);
        const parts = (pending + chunk).split(/\r?\n/);
        pending = parts.pop() ?? '';
        for (const line of parts) spec.onLine(line, stream);
      });
      this.child[stream]?.on('end', () => { if (pending) spec.onLine(pending, stream); pending = ''; });
    }
    this.exited = this.child.then((r) => {
      if (this.escalation) clearTimeout(this.escalation);
      const spawnError = r.failed && r.exitCode === undefined && !r.signal ? (r.code ?? r.shortMessage) : undefined;
      return { exitCode: r.exitCode, signal: r.signal, stoppedWith: this.stoppedWith, spawnError };
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGINT now; SIGTERM if it is still running after the grace period. Idempotent. */
  stop(): void {
    if (this.stoppedWith) return;
    this.stoppedWith = 'SIGINT';
    this.child.kill('SIGINT');
    this.escalation = setTimeout(() => {
      this.stoppedWith = 'SIGTERM';
      this.child.kill('SIGTERM');
    }, this.spec.graceMs ?? 10_000);
  }
}
