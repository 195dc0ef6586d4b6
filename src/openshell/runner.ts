// The one place openshell is spawned: argv only (never a shell), stdin closed so a prompt can never hang,
// NO_GRAPHICS=1 for stable unwrapped errors and NO_COLOR=1 (0.1 honours it), `-g` from the
// fullsend.gateway setting, a timeout per call, cancellation, call counting, and a log line per call — all
// text redacted by value first. It also knows which dialect the executable speaks (dialect.ts): `--version`
// read once per executable, again when its path or file changes.
import { promises as fs } from 'fs';
import { performance } from 'perf_hooks';
import { dialectProbe, type Command } from './commands';
import { dialectByProbe, dialectOf, parseVersion, type Dialect } from './dialect';
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
  /**
   * Pins every network call to this gateway with `-g` (ARCHITECTURE §6 "One gateway per operation"), so a
   * `gateway select` elsewhere mid-operation cannot redirect it. Wins over the setting.
   */
  gateway?: string;
}

/** Variables that would turn colour on in a 0.1 child (openshell-0.1.md §2.1, §10.10). */
const COLOUR_FORCING = ['FORCE_COLOR', 'CLICOLOR_FORCE', 'OPENSHELL_COLOR', 'RYNO_COLOR'];

export class OpenShellRunner {
  /** Every openshell process this runner has spawned (the dialect's `--version` read included). */
  calls = 0;
  /** The dialect per executable, keyed by path + modification time + size: a replaced binary is read again. */
  private readonly dialects = new Map<string, Promise<Dialect>>();

  constructor(private readonly config: RunnerConfig) {}

  /**
   * The dialect of the located executable. Its `--version` (and, when that is unreadable, a usage probe) is
   * read once per executable and not counted in an operation's `cliCalls` (ARCHITECTURE §6 "OpenShell versions").
   */
  async dialect(opts: Pick<CallOptions, 'signal'> = {}): Promise<Dialect> {
    const located = await this.config.locate();
    const st = await fs.stat(located.path).catch(() => undefined);
    const key = `${located.path}\0${st?.mtimeMs ?? 0}\0${st?.size ?? 0}`;
    let known = this.dialects.get(key);
    if (!known) {
      known = this.detect(opts);
      this.dialects.set(key, known);
      known.catch(() => { if (this.dialects.get(key) === known) this.dialects.delete(key); });
    }
    return known;
  }

  private async detect(opts: Pick<CallOptions, 'signal'>): Promise<Dialect> {
    const { log } = this.config;
    const text = await this.run({ kind: 'version', args: ['--version'], network: false, parse: (out) => out }, { signal: opts.signal });
    const parsed = parseVersion(text);
    let d: Dialect;
    if (parsed) d = dialectOf(parsed);
    else {
      // Unreadable (`openshell m-dev`, NVIDIA/NemoClaw #2266): 0.0 rejects --page-size before connecting.
      const rejected = await this.run(dialectProbe(), { signal: opts.signal }).then(() => false, (err: unknown) =>
        err instanceof OpenShellError && err.kind === 'Usage' && /--page-size/.test(err.message));
      d = dialectByProbe(/^ryno/.test(text.trim()) ? 'ryno' : 'openshell', rejected);
      log.warn(`openshell: could not read the version from "${text.trim().slice(0, 80)}"; it ${rejected ? 'rejects' : 'accepts'} --page-size, so it is spoken to as OpenShell ${d.name}.x`);
    }
    log.info(`openshell: version ${d.version}, dialect ${d.name}${d.legacyErrors ? ' (legacy error text)' : ''}`);
    if (d.newerThanKnown) log.warn(`openshell ${d.version} is newer than the newest version this extension was built for (0.1.5); it is spoken to as ${d.name}.x. Report anything that breaks.`);
    return d;
  }

  async run<T>(cmd: Command<T>, opts: CallOptions = {}): Promise<T> {
    const { log, redactor } = this.config;
    const located = await this.config.locate();
    const gateway = cmd.network ? (opts.gateway ?? this.config.gateway())?.trim() : undefined;
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
    // The variables that decide how the child behaves come last: no credential key can override them.
    const env: NodeJS.ProcessEnv = { ...(this.config.baseEnv ?? process.env), ...cmd.env, NO_GRAPHICS: '1', NO_COLOR: '1', RUST_LOG: 'error' };
    for (const k of COLOUR_FORCING) delete env[k];
    const result = await execa(located.path, args, {
      env,
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
      // Classify the raw text, then show only the redacted one: a value equal to a word of the error
      // ("exists") must not change what kind of error it is (ARCHITECTURE §6 "Redaction").
      const rawStderr = stripAnsi(typeof result.stderr === 'string' ? result.stderr : '');
      const parsed = parseFailure(result.exitCode, rawStderr);
      log.warn(`${shown} → exit ${result.exitCode ?? result.signal} (${ms} ms)\n${stderr.trimEnd()}`);
      const recovered = cmd.recover?.(stdout, parsed, rawStderr, (t) => redactor.redact(t));
      if (recovered !== undefined) return recovered;
      redactParsed(parsed, redactor);
      throw failure(parsed.kind, describeFailure(cmd, parsed, gateway ?? (cmd.network ? opts.gatewayName : undefined)), {
        exitCode: result.exitCode, grpcCode: parsed.grpcCode, grpcMessage: parsed.grpcMessage, stderr, stdout: redactor.redact(stdout),
      });
    }
    log.info(`${shown} → exit 0 (${ms} ms)`);
    if (stdout) log.trace(redactor.redact(stdout));
    try {
      return cmd.parse(stdout);
    } catch (err) {
      throw failure('Unknown', `openshell ${cmd.kind} printed output this extension cannot read (${(err as Error).message}); nothing was changed because of it. Is the gateway overloaded, or is this openshell much older or newer than 0.1.5?`);
    }
  }
}

function redactParsed(p: ReturnType<typeof parseFailure>, redactor: Redactor): void {
  p.message = redactor.redact(p.message);
  if (p.grpcMessage) p.grpcMessage = redactor.redact(p.grpcMessage);
  p.causes = p.causes.map((c) => redactor.redact(c));
  p.diagnostics = p.diagnostics.map((d) => redactor.redact(d));
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
      return `openshell rejected the arguments of \`${cmd.kind}\`: ${p.message}. Is the installed openshell much older or newer than 0.1.5?`;
    case 'ProfileMissing': {
      const id = /provider profile '([^']*)'/.exec(p.message)?.[1] ?? '<type>';
      return `The gateway${gw} has no provider profile '${id}' (OpenShell 0.1 has no built-in profiles). Import it first: \`openshell provider profile import --file <${id}.yaml>\`, or declare it under the harness's openshell.profiles so Ensure imports it.`;
    }
    default: {
      if (/^unknown setting key '/.test(p.message)) return `openshell ${cmd.kind} failed: this OpenShell does not support that setting (${p.message})`;
      const diagnostics = p.diagnostics.length ? ` (${p.diagnostics.join('; ')})` : '';
      return `openshell ${cmd.kind} failed: ${detail}${diagnostics}`;
    }
  }
}
