// The one place openshell is spawned: argv only (never a shell), stdin closed so a prompt can never hang,
// NO_GRAPHICS=1 for stable unwrapped errors, `-g` from the fullsend.gateway setting, a timeout per call,
// cancellation, call counting, and a log line per call — all text redacted by value first.
import { performance } from 'perf_hooks';
import type { Command } from './commands';
import { OpenShellError, type OpenShellErrorKind } from './errors';
import type { Located } from './locate';
import { parseFailure } from './parseFailure';
import { stripAnsi } from './ansi';
import type { Redactor } from './redact';

/** Matches vscode's LogOutputChannel, so the vscode layer can pass its channel straight in. */
export interface AdapterLog {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunnerConfig {
  /** Resolves the executable (cached by the caller); rejects with a NotInstalled OpenShellError. */
  locate(): Promise<Located>;
  /** Called when a located executable can no longer be spawned, so the caller can locate again. */
  forgetLocation?(): void;
  /** The gateway name for `-g`; empty or undefined = the CLI's active gateway. */
  gateway(): string | undefined;
  timeoutMs(): number;
  log: AdapterLog;
  redactor: Redactor;
  /** The environment children inherit (default: this process's). */
  baseEnv?: NodeJS.ProcessEnv;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Incremented per process spawned, so an operation can report its own `cliCalls`. */
  counter?: { calls: number };
  /** The gateway the caller resolved, named in error messages when no `-g` names it. */
  gatewayName?: string;
}

export class OpenShellRunner {
  /** Every openshell process this runner has spawned. */
  calls = 0;

  constructor(private readonly config: RunnerConfig) {}

  async run<T>(cmd: Command<T>, opts: CallOptions = {}): Promise<T> {
    const { log, redactor } = this.config;
    const located = await this.config.locate();
    const gateway = cmd.network ? this.config.gateway()?.trim() : undefined;
    const args = gateway ? ['-g', gateway, ...cmd.args] : cmd.args;
    redactor.add(...Object.values(cmd.env ?? {}));
    const shown = redactor.redact(`openshell ${args.join(' ')}`);
    const failure = (kind: OpenShellErrorKind, message: string, extra: object = {}) =>
      new OpenShellError(kind, redactor.redact(message), { command: shown, ...extra });

    if (opts.signal?.aborted) throw failure('Cancelled', `Cancelled before running ${shown}`);
    this.calls++;
    if (opts.counter) opts.counter.calls++;
    const timeoutMs = this.config.timeoutMs();
    const { execa } = await import('execa'); // loaded on first call, not at activation (see esbuild.mjs)
    const started = performance.now();
    const result = await execa(located.path, args, {
      env: { ...(this.config.baseEnv ?? process.env), NO_GRAPHICS: '1', RUST_LOG: 'error', ...cmd.env },
      extendEnv: false,
      stdin: 'ignore',
      timeout: timeoutMs,
      cancelSignal: opts.signal,
      forceKillAfterDelay: 2000,
      reject: false,
      stripFinalNewline: false,
      windowsHide: true,
    });
    const ms = Math.round(performance.now() - started);
    const stdout = typeof result.stdout === 'string' ? result.stdout : '';
    const stderr = redactor.redact(stripAnsi(typeof result.stderr === 'string' ? result.stderr : ''));

    if (result.code === 'ENOENT' || result.code === 'EACCES') {
      this.config.forgetLocation?.();
      log.error(`${shown} → could not start ${located.path} (${result.code})`);
      throw failure('NotInstalled', `openshell could not be started from ${located.path} (${result.code}). Check the fullsend.openshellPath setting.`);
    }
    if (result.timedOut) {
      log.error(`${shown} → timed out after ${ms} ms`);
      throw failure('Timeout', `openshell ${cmd.kind} did not answer within ${Math.round(timeoutMs / 1000)} s (setting fullsend.cli.timeoutSeconds). Is the gateway overloaded or hanging?`);
    }
    if (result.isCanceled) {
      log.info(`${shown} → cancelled after ${ms} ms`);
      throw failure('Cancelled', `Cancelled: openshell ${cmd.kind}`);
    }
    if (result.exitCode !== 0) {
      const parsed = parseFailure(result.exitCode, stderr);
      log.warn(`${shown} → exit ${result.exitCode ?? result.signal} (${ms} ms)\n${stderr.trimEnd()}`);
      throw failure(parsed.kind, describeFailure(cmd, parsed, gateway ?? (cmd.network ? opts.gatewayName : undefined)), {
        exitCode: result.exitCode, grpcCode: parsed.grpcCode, grpcMessage: parsed.grpcMessage, stderr, stdout: redactor.redact(stdout),
      });
    }
    log.info(`${shown} → exit 0 (${ms} ms)`);
    if (stdout) log.trace(redactor.redact(stdout));
    try {
      return cmd.parse(stdout);
    } catch (err) {
      throw failure('Unknown', `openshell ${cmd.kind} printed output this extension cannot read (${(err as Error).message}). Is openshell much older or newer than 0.0.111?`);
    }
  }
}

/** A message a user can act on, per kind of failure. */
function describeFailure(cmd: Command<unknown>, p: ReturnType<typeof parseFailure>, gateway: string | undefined): string {
  const gw = gateway ? ` '${gateway}'` : '';
  const detail = p.grpcMessage ?? p.message;
  switch (p.kind) {
    case 'Unavailable':
      return `The OpenShell gateway${gw} is not reachable (${p.causes.at(-1) ?? p.message}). Start the openshell-gateway service (Linux: systemctl --user start openshell-gateway) and try again.`;
    case 'NoGateway':
      return 'No active OpenShell gateway. Select one with `openshell gateway select <name>`, register one with `openshell gateway add <endpoint>`, or set fullsend.gateway.';
    case 'UnknownGateway': {
      const name = /gateway '([^']*)'|found for '([^']*)'/.exec(p.message)?.slice(1).find(Boolean) ?? gateway ?? '<name>';
      return `OpenShell has no gateway named '${name}'. Register it with \`openshell gateway add <endpoint> --name ${name}\`, or change the fullsend.gateway setting.`;
    }
    case 'Usage':
      return `openshell rejected the arguments of \`${cmd.kind}\`: ${p.message}. Is the installed openshell much older or newer than 0.0.111?`;
    default: {
      const diagnostics = p.diagnostics.length ? ` (${p.diagnostics.join('; ')})` : '';
      return `openshell ${cmd.kind} failed: ${detail}${diagnostics}`;
    }
  }
}
