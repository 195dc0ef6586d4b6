// fullsend.run and the `fullsend` task type: one flow for both (ARCHITECTURE §4, §6 "Run").
//
//   1. what to run: the options (programmatic, tasks — never a prompt) or, from the palette, three pickers
//      (agent, target repo, env files) and a fourth for runtime/model/effort when their settings are empty;
//      `--forge` is always passed: the option, else the workspace model's forge (fullsend-current §11.2);
//   2. pre-flight, under the gateway lock: fullsend and openshell found, gateway reachable, the version pin
//      (a warning), the target repo exists, and every ${VAR} *this agent* needs resolves — with the run's own
//      env files, so what is checked is what fullsend will see;
//   3. Ensure the agent's providers (unless `ensure: false`), still under the lock;
//   4. `fullsend run …` in a task terminal (pseudoterminal), its lines in the log and its steps in a
//      cancellable notification; stopping is SIGINT, then SIGTERM after 10 s (fullsend/process.ts);
//   5. the end: how it ended, the sandbox's fate, "Open Output Folder" / "Show Logs"; the RunResult.
//
// The lock (and `fullsend.busy`) covers steps 2–3 only. A run lasts minutes to hours and other operations
// (a refresh, ensuring another workspace, deleting a leaked sandbox) must not queue behind it; fullsend's
// own writes during the run are create→update of the same values Ensure just wrote, so they do not race
// with anything the extension holds the lock for.
import { promises as fs } from 'fs';
import os = require('os');
import path = require('path');
import vscode = require('vscode');
import { ensure, summarize } from '../core/ensure';
import type { ProviderRecord } from '../core/fingerprints';
import type { EnsureResult } from '../core/results';
import { runPreflight } from '../core/runPreflight';
import type { RunHandle } from '../core/runsInProgress';
import { EFFORTS, FORGES, isEffort, isForge, isRuntime, modelProblem, runArgs, RUNTIMES, type Effort, type Forge, type Runtime } from '../fullsend/args';
import { FullsendProcess, type RunExit } from '../fullsend/process';
import { parseLine, progressText, RunFacts, type RunEvent } from '../fullsend/steps';
import { locateExecutable } from '../openshell/locate';
import { Diagnostics, displayPath } from '../workspace/diagnostics';
import { readEnvFile } from '../workspace/envFile';
import { agentView, findAgent, loadWorkspace, type AgentView, type Workspace } from '../workspace/model';
import { resolveNeeds, type Resolution } from '../workspace/resolve';
import { CancelledError, isCancellation } from '../ui/cancel';
import { registerCommand } from '../ui/errors';
import type { Refresh } from '../ui/refresh';
import { pickAgent, pickEnvFiles, pickRunOptions, pickTargetRepo, type RunOptionKey, type RunOptionValues } from '../ui/runPickers';
import { createRunTask, registerTaskProvider, TASK_TYPE, type FullsendTaskDefinition } from '../ui/runTask';
import { RunAdoption } from '../ui/runAdoption';
import { RunTerminal } from '../ui/runTerminal';
import { variableSecrets } from '../ui/secrets';
import { openshellDir } from '../fullsend/openshellDir';
import { RUN_SCOPED_CREDENTIAL_VARS } from '../workspace/builtins';
import type { WorkspaceSession } from '../ui/session';
import type { Settings } from '../ui/settings';
import { ensureInput } from './ensure';
import type { CommandDeps } from './deps';

export const RUN = 'fullsend.run';

/** What `fullsend.run` resolves with (ARCHITECTURE §4), plus what else the run said about itself. */
export interface RunResult {
  /** fullsend's exit code (128 + signal number if a signal ended it). */
  exitCode: number;
  sandboxName?: string;
  /** `<output-dir>/<sandbox>`: logs, transcripts, metrics.json. */
  runDir?: string;
  /** The Ensure before the run; absent with `ensure: false`. */
  ensure?: EnsureResult;
  agent: string;
  /** The agent's own exit code, from fullsend's Results (fullsend itself exits 0 when the agent fails). */
  agentExitCode?: number;
  /** Set when the run was stopped: SIGINT, or SIGTERM after the grace period. */
  stoppedWith?: 'SIGINT' | 'SIGTERM';
  /** What became of the sandbox, as fullsend reported it. `unknown`: created, but no cleanup was reported. */
  sandbox?: 'cleaned-up' | 'kept' | 'cleanup-failed' | 'unknown';
  /** The run-scoped provider instances (`<name>-<12hex>`) fullsend reported, in order; absent when none. */
  runScopedProviders?: string[];
  /** Pre-flight warnings (e.g. the openshell version pin); they did not stop the run. */
  warnings: string[];
}

/** The options of `fullsend.run` (and the fields of a `fullsend` task). */
export interface RunRequest {
  folder?: string;
  agent?: string;
  targetRepo?: string;
  envFiles?: string[];
  outputDir?: string;
  keepSandbox: boolean;
  noPostScript: boolean;
  ensure: boolean;
  runtime?: Runtime;
  model?: string;
  effort?: Effort;
  forge?: Forge;
}

/** Everything a run needs, decided. Paths are absolute. */
interface RunPlan {
  s: WorkspaceSession;
  /** The workspace model for the run's forge (the session's, unless the run asked for another forge). */
  ws: Workspace;
  view: AgentView;
  agent: string;
  targetRepo: string;
  envFiles: string[];
  outputDir?: string;
  keepSandbox: boolean;
  noPostScript: boolean;
  ensure: boolean;
  forge: Forge;
  /** The forge was asked for (option, task field), not taken from the workspace. */
  forgeRequested: boolean;
  runtime?: Runtime;
  model?: string;
  effort?: Effort;
}

interface RunDeps extends CommandDeps {
  context: vscode.ExtensionContext;
  settings: Settings;
  refresh: Refresh;
}

export function readRunOptions(arg: unknown): RunRequest | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (typeof arg !== 'object' || Array.isArray(arg)) throw new Error(`${RUN}: expected an options object {agent, targetRepo, envFiles, …}`);
  const o = arg as Record<string, unknown>;
  const str = (k: string): string | undefined => {
    if (o[k] === undefined || o[k] === null || o[k] === '') return undefined;
    if (typeof o[k] !== 'string') throw new Error(`${RUN}: option '${k}' must be a string`);
    return (o[k] as string).trim() || undefined;
  };
  const bool = (k: string, fallback: boolean): boolean => {
    if (o[k] === undefined) return fallback;
    if (typeof o[k] !== 'boolean') throw new Error(`${RUN}: option '${k}' must be true or false`);
    return o[k] as boolean;
  };
  let envFiles: string[] | undefined;
  if (o.envFiles !== undefined) {
    if (!Array.isArray(o.envFiles) || o.envFiles.some((f) => typeof f !== 'string')) throw new Error(`${RUN}: option 'envFiles' must be an array of paths`);
    envFiles = (o.envFiles as string[]).map((f) => f.trim()).filter(Boolean);
  }
  const req: RunRequest = { keepSandbox: bool('keepSandbox', false), noPostScript: bool('noPostScript', false), ensure: bool('ensure', true) };
  const folder = str('folder') ?? str('dir');
  if (folder) req.folder = folder;
  const agent = str('agent') ?? str('name');
  if (agent) req.agent = agent;
  const targetRepo = str('targetRepo');
  if (targetRepo) req.targetRepo = targetRepo;
  if (envFiles) req.envFiles = envFiles;
  const outputDir = str('outputDir');
  if (outputDir) req.outputDir = outputDir;
  const oneOf = <T extends string>(k: string, allowed: readonly T[], is: (v: string) => v is T): T | undefined => {
    const v = str(k);
    if (v === undefined) return undefined;
    if (!is(v)) throw new Error(`${RUN}: option '${k}' must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)}). Leave it out for fullsend's default.`);
    return v;
  };
  const runtime = oneOf('runtime', RUNTIMES, isRuntime);
  if (runtime) req.runtime = runtime;
  const effort = oneOf('effort', EFFORTS, isEffort);
  if (effort) req.effort = effort;
  const forge = oneOf('forge', FORGES, isForge);
  if (forge) req.forge = forge;
  const model = str('model');
  if (model) {
    const problem = modelProblem(model);
    if (problem) throw new Error(`${RUN}: option 'model' ${JSON.stringify(model)} is not a model name: ${problem}. Pass an alias, a model id or provider/id, or leave it out for fullsend's default.`);
    req.model = model;
  }
  return req;
}

export function registerRunCommands(d: RunDeps): vscode.Disposable[] {
  const runs = new Runs(d);
  return [
    registerCommand(d.log, RUN, (arg?: unknown) => runs.command(arg), d.openshell.redactor),
    registerTaskProvider(runs),
  ];
}

type LastRun = { agent?: string; targetRepo?: string; envFiles?: string[]; runtime?: string; model?: string; effort?: string };
const LAST_RUN_KEY = 'fullsend.run.last';

class Runs {
  private sequence = 0;

  constructor(private readonly d: RunDeps) {}

  /** fullsend.run: decide what to run (asking only without options), then run it as a task. */
  async command(arg: unknown): Promise<RunResult> {
    if (!vscode.workspace.isTrusted) throw new Error('Fullsend starts no process in an untrusted workspace. Trust the workspace to run agents.');
    const opts = readRunOptions(arg);
    const req = opts ?? { keepSandbox: false, noPostScript: false, ensure: true };
    const s = await this.d.sessions.workspace(req.folder);
    const plan = await this.plan(req, s, opts === undefined);
    const run = new Run(this.d, async () => plan, false);
    const definition = this.definition(plan);
    let first = true;
    const task = createRunTask(definition, this.scopeOf(s), (again) => {
      if (!first) return this.start(again, undefined);
      first = false;
      return run.terminal;
    });
    await vscode.tasks.executeTask(task).then(undefined, (err: unknown) => run.abandon(err));
    run.abandonIfNotOpenedWithin(60_000);
    return run.done;
  }

  // --- the `fullsend` task type -------------------------------------------------------------------------

  async provide(): Promise<{ definition: FullsendTaskDefinition; scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace }[]> {
    const dirs = this.d.dirs.current.length ? this.d.dirs.current : await this.d.dirs.rescan();
    const out: { definition: FullsendTaskDefinition; scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace }[] = [];
    for (const fd of dirs) {
      const ws = await loadWorkspace(fd).catch(() => undefined);
      if (!ws) continue;
      const scope = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(ws.folder)) ?? vscode.TaskScope.Workspace;
      for (const a of ws.agents.filter((x) => x.runnable)) {
        const definition: FullsendTaskDefinition = { type: TASK_TYPE, agent: a.name };
        if (dirs.length > 1) definition.folder = fd.dir;
        out.push({ definition, scope });
      }
    }
    return out;
  }

  start(definition: FullsendTaskDefinition, scope: vscode.WorkspaceFolder | undefined): vscode.Pseudoterminal {
    const run = new Run(this.d, async () => {
      if (!vscode.workspace.isTrusted) throw new Error('Fullsend starts no process in an untrusted workspace. Trust the workspace to run agents.');
      const req = readRunOptions(definition)!;
      req.folder ??= scope?.uri.fsPath;
      const s = await this.d.sessions.workspace(req.folder);
      return this.plan(req, s, false);
    }, true);
    run.done.catch(() => { /* reported by the run itself */ });
    return run.terminal;
  }

  // --- deciding ----------------------------------------------------------------------------------------

  private async plan(req: RunRequest, s: WorkspaceSession, ask: boolean): Promise<RunPlan> {
    // The forge decides which forge block the harnesses merge, so which providers, profiles and ${VAR}s the
    // run needs: another forge than the session's is another workspace model.
    const forge = req.forge ?? s.ws.forge;
    if (!isForge(forge)) {
      throw new Error(`${RUN}: ${s.label}'s config.yaml says forge: ${forge}, which fullsend run does not take (--forge is one of ${FORGES.join(', ')}). Pass the 'forge' option.`);
    }
    const ws = forge === s.ws.forge ? s.ws : await loadWorkspace({ folder: s.ws.folder, dir: s.ws.dir, kind: s.ws.kind }, { forge });
    const config = vscode.workspace.getConfiguration('fullsend', vscode.Uri.file(ws.folder));
    // A setting counts only where the options leave it open (so a bad setting does not stop a run that overrides it).
    const choices = runChoiceSettings(config, (['runtime', 'model', 'effort'] as const).filter((k) => req[k] === undefined));
    // The run options step is asked only from the palette, and only for what neither the options nor a setting say.
    const askOptions = ask ? (['runtime', 'model', 'effort'] as const).filter((k) => req[k] === undefined && choices[k] === undefined) : [];
    const steps = { total: askOptions.length ? 4 : 3 };
    const last = this.last(ws.dir);
    const runnable = ws.agents.filter((a) => a.runnable);
    const names = runnable.map((a) => a.name).join(', ') || 'none';

    let agent = req.agent;
    if (!agent) {
      if (ask) {
        agent = await pickAgent(runnable.map((a) => {
          const v = agentView(ws, a.name);
          return { name: a.name, description: a.source, detail: v?.providers.length ? `providers: ${v.providers.map((p) => p.name).join(', ')}` : 'no providers' };
        }), last.agent, steps);
      } else if (runnable.length === 1) {
        agent = runnable[0].name;
      } else {
        throw new Error(`${RUN}: say which agent to run (option 'agent'). ${s.label} has: ${names}.`);
      }
    }
    const found = findAgent(ws, agent);
    if (!found) throw new Error(`${s.label} has no runnable agent named '${agent}'. Agents: ${names}.`);
    const view = agentView(ws, found.name)!;

    const settingRepo = stringSetting(config, 'run.targetRepo');
    let targetRepo = req.targetRepo;
    if (!targetRepo && ask) {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
      targetRepo = await pickTargetRepo({ setting: settingRepo && absolute(settingRepo, ws.folder), last: last.targetRepo, folders, steps });
    }
    targetRepo ??= settingRepo ?? last.targetRepo;
    if (!targetRepo) {
      throw new Error(`${RUN}: no target repo. Pass 'targetRepo', set fullsend.run.targetRepo, or run "Fullsend: Run" from the palette once to pick one.`);
    }

    let envFiles = req.envFiles;
    if (!envFiles && ask) envFiles = await pickEnvFiles({ setting: this.d.settings.current.envFiles, last: last.envFiles, baseDir: ws.folder, steps });
    envFiles ??= this.d.settings.current.envFiles;

    // runtime, model, effort: the option, else the setting, else (palette only) the last step, else fullsend's default.
    let picked: RunOptionValues = {};
    if (askOptions.length) {
      const initial: RunOptionValues = {};
      if (last.runtime && isRuntime(last.runtime)) initial.runtime = last.runtime;
      if (last.model && !modelProblem(last.model)) initial.model = last.model;
      if (last.effort && isEffort(last.effort)) initial.effort = last.effort;
      picked = await pickRunOptions({ ask: askOptions, initial, steps });
    }
    const runtime = req.runtime ?? choices.runtime ?? (picked.runtime && isRuntime(picked.runtime) ? picked.runtime : undefined);
    const model = req.model ?? choices.model ?? (picked.model || undefined);
    const effort = req.effort ?? choices.effort ?? (picked.effort && isEffort(picked.effort) ? picked.effort : undefined);

    const outputDir = req.outputDir ?? stringSetting(config, 'run.outputDir');
    const plan: RunPlan = {
      s, ws, view, agent: found.name,
      targetRepo: absolute(targetRepo, ws.folder),
      envFiles: envFiles.map((f) => absolute(f, ws.folder)),
      keepSandbox: req.keepSandbox, noPostScript: req.noPostScript, ensure: req.ensure,
      forge, forgeRequested: req.forge !== undefined,
    };
    if (outputDir) plan.outputDir = absolute(outputDir, ws.folder);
    if (runtime) plan.runtime = runtime;
    if (model) plan.model = model;
    if (effort) plan.effort = effort;
    return plan;
  }

  private definition(p: RunPlan): FullsendTaskDefinition {
    const d: FullsendTaskDefinition = { type: TASK_TYPE, agent: p.agent, targetRepo: p.targetRepo, folder: p.s.ws.dir };
    if (p.envFiles.length) d.envFiles = p.envFiles;
    if (p.outputDir) d.outputDir = p.outputDir;
    if (p.keepSandbox) d.keepSandbox = true;
    if (p.noPostScript) d.noPostScript = true;
    if (!p.ensure) d.ensure = false;
    if (p.runtime) d.runtime = p.runtime;
    if (p.model) d.model = p.model;
    if (p.effort) d.effort = p.effort;
    if (p.forgeRequested) d.forge = p.forge;
    // Two runs of the same agent at once are two tasks: VS Code refuses to start a task that is running.
    d.run = ++this.sequence;
    return d;
  }

  private scopeOf(s: WorkspaceSession): vscode.WorkspaceFolder | vscode.TaskScope.Workspace {
    return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(s.ws.folder)) ?? vscode.TaskScope.Workspace;
  }

  private last(dir: string): LastRun {
    return this.d.context.workspaceState.get<Record<string, LastRun>>(LAST_RUN_KEY)?.[dir] ?? {};
  }
}

// --- one run ---------------------------------------------------------------------------------------------

class Run {
  readonly terminal: RunTerminal;
  readonly done: Promise<RunResult>;
  private settle!: { resolve(r: RunResult): void; reject(err: unknown): void };
  private readonly abort = new AbortController();
  private proc: FullsendProcess | undefined;
  private stopRequested = false;
  private started = false;
  private finished = false;
  private progress: ((message: string) => void) | undefined;
  /** This run in the registry destructive commands consult, from the plan to the end. */
  private inProgress: RunHandle | undefined;

  /** `reportErrors`: show failures here (a task run has no command wrapper to do it). */
  constructor(private readonly d: RunDeps, private readonly decide: () => Promise<RunPlan>, private readonly reportErrors: boolean) {
    this.done = new Promise((resolve, reject) => { this.settle = { resolve, reject }; });
    this.terminal = new RunTerminal({
      onOpen: () => {
        if (this.started) return;
        this.started = true;
        if (this.finished) {
          this.terminal.error('This run was given up before its terminal opened; start it again.');
          this.terminal.exit(1);
          return;
        }
        void this.execute();
      },
      onStop: () => this.stop(),
    });
  }

  /** The task could not be started at all. */
  abandon(err: unknown): void {
    if (this.started || this.finished) return;
    this.finished = true;
    this.settle.reject(err instanceof Error ? err : new Error(String(err)));
  }

  abandonIfNotOpenedWithin(ms: number): void {
    const timer = setTimeout(() => this.abandon(new Error('The run\'s terminal did not open; the run was not started.')), ms);
    void this.terminal.whenOpen().then(() => clearTimeout(timer));
    void this.done.finally(() => clearTimeout(timer)).catch(() => undefined);
  }

  stop(): void {
    if (this.stopRequested) return;
    this.stopRequested = true;
    this.abort.abort();
    if (this.proc) {
      this.progress?.('Stopping: SIGINT sent; fullsend is cleaning up its sandbox…');
      this.proc.stop();
    }
  }

  private async execute(): Promise<void> {
    const { log, openshell } = this.d;
    let agent = 'the agent';
    try {
      const plan = await this.decide();
      agent = plan.agent;
      // Registered before pre-flight and Ensure: a Reset queued behind them must not delete what this run needs.
      this.inProgress = this.d.runs.start({ gatewayKey: plan.s.gateway.key, agent, providers: plan.view.providers.map((p) => p.name) });
      this.terminal.note(`Fullsend: run of ${plan.agent} (${plan.s.ws.dir}, forge ${plan.forge}${plan.forgeRequested ? '' : ` from ${plan.ws.config?.forge ? 'config.yaml' : 'the default'}`}) on gateway '${plan.s.gateway.name}'`);
      const prepared = await this.prepare(plan);
      const result = await this.spawn(plan, prepared);
      this.finished = true;
      this.settle.resolve(result);
    } catch (err) {
      this.finished = true;
      if (isCancellation(err)) {
        log.info(`${RUN}: the run of ${agent} was cancelled before it started`);
        this.terminal.warn('Cancelled before fullsend started.');
        this.terminal.exit(130);
        this.settle.reject(new CancelledError());
        return;
      }
      const message = openshell.redactor.redact(err instanceof Error ? err.message : String(err));
      this.terminal.error(message);
      this.terminal.exit(1);
      if (this.reportErrors) {
        log.error(`${RUN} (task) failed: ${message}`);
        void vscode.window.showErrorMessage(message, 'Show Logs').then((pick) => { if (pick) log.show(true); });
      }
      this.settle.reject(err instanceof Error ? err : new Error(message));
    } finally {
      this.inProgress?.end();
    }
  }

  // --- pre-flight and Ensure ------------------------------------------------------------------------------

  private async prepare(plan: RunPlan): Promise<Prepared> {
    const { d } = this;
    const { s, view, agent } = plan;
    const problems: string[] = [];
    const warnings: string[] = [];

    // fullsend itself.
    const fullsendSetting = stringSetting(vscode.workspace.getConfiguration('fullsend', vscode.Uri.file(s.ws.folder)), 'fullsendPath') ?? 'fullsend';
    let fullsend: string | undefined;
    try {
      const located = await locateExecutable(fullsendSetting, { settingName: 'fullsend.fullsendPath' });
      fullsend = located.path;
      d.log.info(`fullsend: using ${located.path} (found via ${located.via})`);
    } catch (err) {
      problems.push(`${err instanceof Error ? err.message : String(err)} (fullsend builds from a fullsend-ai/fullsend clone with \`make go-build\`, which writes ./bin/fullsend.)`);
    }

    // The target repo fullsend copies into the sandbox.
    const target = await fs.stat(plan.targetRepo).catch(() => undefined);
    if (!target) problems.push(`The target repo ${plan.targetRepo} does not exist. Pass another targetRepo, or fix fullsend.run.targetRepo.`);
    else if (!target.isDirectory()) problems.push(`The target repo ${plan.targetRepo} is not a folder.`);

    // This agent's ${VAR}s, resolved with the run's env files (what fullsend will see), and the env files' own entries.
    const resolution = await resolveNeeds(view, {
      secrets: variableSecrets(d.context.secrets, d.openshell.redactor),
      envFiles: plan.envFiles,
      env: process.env,
      baseDir: s.ws.folder,
    });
    const fromFiles = await envFileEntries(plan.envFiles, s.ws.folder);
    // Every value that goes into fullsend's environment is a possible secret (the redactor skips tiny ones).
    d.openshell.redactor.add(...Object.values(resolution.values.toEnv()), ...[...fromFiles.values()].map((e) => e.value));

    // An env file that redefines a secret-store value needs no check here: env files resolve first (ARCHITECTURE
    // §6), so Ensure writes the value fullsend will send, and the pre-flight warns about the shadowed secret.
    // A run-scoped provider's credential reaches fullsend only through its environment (fullsend-current §3):
    // from the env files (already there), else the secret store, else the host's environment.
    const runScopedEnv: Record<string, string> = {};
    if (view.providers.some((p) => p.managed === 'run-scoped')) {
      const store = variableSecrets(d.context.secrets, d.openshell.redactor);
      for (const name of RUN_SCOPED_CREDENTIAL_VARS) {
        const value = fromFiles.has(name) ? undefined : await store.get(name);
        if (value) runScopedEnv[name] = value;
      }
      d.openshell.redactor.add(...Object.values(runScopedEnv));
    }
    for (const sk of view.skipped) {
      warnings.push(`${sk.kind} ${sk.entry} is not in fullsend's cache yet, so it was neither checked nor ensured; fullsend will fetch it (${sk.reason}).`);
    }

    const { preflight, ensured, recorded } = await d.operations.run(
      { kind: 'run', command: RUN, title: `Fullsend: Preparing the run of ${agent} on '${s.gateway.name}'` },
      s.base,
      async (ctx) => {
        const signal = AbortSignal.any([ctx.signal ?? new AbortController().signal, this.abort.signal]);
        const c = { ...ctx, signal };
        if (signal.aborted) throw new CancelledError();
        c.progress?.('Pre-flight: openshell, gateway, version, secrets');
        const preflight = await runPreflight(c, { folder: s.ws.folder, report: resolution.report });
        if (signal.aborted) throw new CancelledError();
        const errors = [...new Set([...problems, ...preflight.errors])];
        if (errors.length) {
          throw new Error(`The run of ${agent} did not start: ${errors.length === 1 ? errors[0] : errors.map((e, i) => `(${i + 1}) ${e}`).join(' ')}`);
        }
        if (!plan.ensure) return { preflight, ensured: undefined, recorded: new Map<string, ProviderRecord>() };
        c.progress?.(`Ensuring the providers of ${agent}`);
        const input = ensureInput(plan.ws === s.ws ? s : { ...s, ws: plan.ws }, view.providers.map((p) => p.name));
        const ensured = await ensure(c, {
          ...input, values: resolution.values,
          unreadable: view.skipped.filter((e) => e.kind === 'provider').map((e) => ({ name: e.entry, reason: e.reason })),
        });
        // What Ensure recorded, taken under the lock: fullsend's rewrite is adopted only onto these records.
        const recorded = new Map<string, ProviderRecord>();
        for (const p of ensured.providers) {
          const rec = !p.error && p.action !== 'skipped' ? c.book.provider(c.gateway.key, p.name) : undefined;
          if (rec) recorded.set(p.name, structuredClone(rec));
        }
        return { preflight, ensured, recorded };
      },
    );

    warnings.push(...preflight.warnings);
    for (const w of warnings) {
      d.log.warn(`${RUN}: ${w}`);
      this.terminal.warn(`! ${w}`);
    }
    if (preflight.warnings.length) void vscode.window.showWarningMessage(`Fullsend: ${preflight.warnings.join(' ')}`);
    this.terminal.note(`Pre-flight passed: openshell ${preflight.openshellVersion ?? '?'}${preflight.pinnedVersion ? ` (pin ${preflight.pinnedVersion})` : ''}, gateway '${s.gateway.name}' reachable, ${resolution.report.vars.length} variable(s) resolved.`);

    if (ensured) {
      const line = `Ensure before the run of ${agent} on '${ensured.gateway}': ${summarize(ensured)} (${ensured.cliCalls} openshell calls)`;
      d.log.info(line);
      for (const p of ensured.providers) d.log[p.error ? 'warn' : 'info'](`  ${p.name}: ${p.action}${p.reason ? ` (${p.reason})` : ''}${p.error ? ` — ${p.error}` : ''}`);
      this.terminal.note(line);
      const failed = ensured.providers.filter((p) => p.error);
      if (failed.length) {
        throw new Error(`The run of ${agent} did not start: Ensure failed for ${failed.map((p) => `${p.name} (${p.error})`).join('; ')}.`);
      }
    }
    if (this.stopRequested) throw new CancelledError();
    return { fullsend: fullsend!, resolution, fromFiles, runScopedEnv, warnings, ensured, recorded };
  }

  // --- the child process ----------------------------------------------------------------------------------

  private async spawn(plan: RunPlan, prepared: Prepared): Promise<RunResult> {
    const { d } = this;
    const { s, agent } = plan;
    const { log, openshell } = d;
    const redact = (t: string) => openshell.redactor.redact(t);

    const openshellPath = (await openshell.locate()).path;
    const binDir = await openshellDir(openshellPath, d.context.globalStorageUri.fsPath, (m) => log.warn(`${RUN}: ${m}`));
    const fileEnv = Object.fromEntries([...prepared.fromFiles].map(([k, e]) => [k, e.value]));
    const resolved = prepared.resolution.values.toEnv();
    const gateway = d.settings.current.gateway;
    const extra: Record<string, string> = {
      ...prepared.runScopedEnv,
      ...fileEnv,
      ...resolved,
      PATH: [binDir, process.env.PATH].filter(Boolean).join(path.delimiter),
      ...(gateway ? { OPENSHELL_GATEWAY: gateway } : {}),
    };
    const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
    const args = runArgs({
      agent, fullsendDir: path.resolve(s.ws.dir), targetRepo: plan.targetRepo, forge: plan.forge, envFiles: plan.envFiles,
      outputDir: plan.outputDir, keepSandbox: plan.keepSandbox, noPostScript: plan.noPostScript,
      runtime: plan.runtime, model: plan.model, effort: plan.effort,
    });
    const commandLine = [prepared.fullsend, ...args].map(shellQuote).join(' ');
    log.info(`${RUN}: ${commandLine} (cwd ${s.ws.folder})`);
    log.info(`${RUN}: environment: the extension host's, plus PATH (openshell's folder first)${gateway ? ', OPENSHELL_GATEWAY' : ''}; ` +
      `resolved: ${Object.keys(resolved).sort().join(', ') || 'none'}; from env files: ${Object.keys(fileEnv).sort().join(', ') || 'none'}` +
      `${Object.keys(prepared.runScopedEnv).length ? `; for run-scoped providers, from the secret store: ${Object.keys(prepared.runScopedEnv).sort().join(', ')}` : ''}`);
    this.terminal.note(`$ ${commandLine}`);
    await this.remember(plan);

    const facts = new RunFacts({ agent });
    const adoption = new RunAdoption({ agent, base: s.base, recorded: prepared.recorded, operations: d.operations, runs: d.runs, log, refresh: d.refresh });
    const onEvent = (e: RunEvent) => {
      const named = facts.sandboxName;
      facts.add(e);
      // A run-scoped instance is this run's alone: never adopted as a shared provider's rewrite.
      if (e.kind === 'provider-ready' && !facts.isRunScoped(e.name)) adoption.written(e.name);
      // The sandbox name, as soon as it is known (a run-scoped provider's suffix says it before `Creating sandbox:`).
      if (facts.sandboxName && facts.sandboxName !== named) this.inProgress?.setSandbox(facts.sandboxName);
      if (e.kind === 'sandbox' || e.kind === 'run-scoped-provider') d.refresh.fire(RUN);
      const text = progressText(e);
      if (text && !this.stopRequested) this.progress?.(text);
    };
    const proc = await FullsendProcess.start({
      file: prepared.fullsend, args, cwd: s.ws.folder, env,
      // The terminal gets whole lines, redacted like the log (a secret split across two chunks would slip by).
      onLine: (line, stream) => {
        this.terminal.raw(`${redact(line)}\n`);
        if (line.trim()) log[stream === 'stderr' ? 'warn' : 'info'](`[${agent}] ${redact(line)}`);
        for (const e of parseLine(line)) onEvent(e);
      },
    });
    this.proc = proc;
    if (proc.pid) this.inProgress?.setPid(proc.pid);
    if (this.stopRequested) proc.stop();

    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Fullsend: ${agent}`, cancellable: true },
      async (progress, token) => {
        this.progress = (message) => progress.report({ message });
        this.progress(this.stopRequested ? 'Stopping…' : 'Starting fullsend');
        const sub = token.onCancellationRequested(() => this.stop());
        try { await proc.exited; } finally { sub.dispose(); this.progress = undefined; }
      },
    );
    const exit = await proc.exited;
    await adoption.flush();
    d.refresh.fire(RUN);

    if (exit.spawnError) {
      throw new Error(`fullsend could not be started (${exit.spawnError}): ${prepared.fullsend}. Check fullsend.fullsendPath, or install fullsend (\`make go-build\` in a fullsend-ai/fullsend clone writes ./bin/fullsend).`);
    }
    const result = await this.result(plan, prepared, exit, facts);
    this.finish(result, facts);
    return result;
  }

  private async result(plan: RunPlan, prepared: Prepared, exit: RunExit, facts: RunFacts): Promise<RunResult> {
    const exitCode = exit.exitCode ?? (exit.signal ? 128 + (os.constants.signals[exit.signal as NodeJS.Signals] ?? 0) : 1);
    const r: RunResult = { exitCode, agent: plan.agent, warnings: prepared.warnings };
    if (prepared.ensured) r.ensure = prepared.ensured;
    if (facts.sandboxName) {
      r.sandboxName = facts.sandboxName;
      r.sandbox = facts.sandbox;
    }
    if (facts.runScoped.size) r.runScopedProviders = facts.runScopedProviders;
    // A stopped run has no Results block; its run dir may exist all the same (logs are collected on the way out).
    const runDir = facts.runDir ?? (facts.sandboxName ? path.join(plan.outputDir ?? path.join(os.tmpdir(), 'fullsend'), facts.sandboxName) : undefined);
    if (runDir && (facts.runDir || await fs.stat(runDir).then((st) => st.isDirectory(), () => false))) r.runDir = runDir;
    if (facts.agentExitCode !== undefined) r.agentExitCode = facts.agentExitCode;
    if (exit.stoppedWith) r.stoppedWith = exit.stoppedWith;
    return r;
  }

  /** The log line, the terminal's last words, the notification. */
  private finish(r: RunResult, facts: RunFacts): void {
    const { log } = this.d;
    const sandbox = !r.sandboxName ? 'no sandbox was created'
      : r.sandbox === 'kept' ? `sandbox ${r.sandboxName} kept (delete it from the Sandboxes view when done)`
      : r.sandbox === 'cleaned-up' ? `sandbox ${r.sandboxName} cleaned up`
      : r.sandbox === 'cleanup-failed' ? `sandbox ${r.sandboxName} was NOT cleaned up; delete it from the Sandboxes view`
      : `sandbox ${r.sandboxName} may be left over; check the Sandboxes view`;
    const left = facts.runScopedLeft;
    const providers = !left.length ? ''
      : r.sandbox === 'kept' && left.every((n) => facts.runScoped.get(n) === 'expired') ? `; run-scoped provider ${left.join(', ')} expired in place (it goes with the sandbox)`
      : `; run-scoped provider ${left.join(', ')} may be left over`;
    const agentExit = r.agentExitCode !== undefined && r.agentExitCode !== 0 ? `, agent exit ${r.agentExitCode}` : '';
    const head = r.stoppedWith ? `Run of ${r.agent} stopped (${r.stoppedWith}, exit ${r.exitCode})`
      : r.exitCode === 0 ? `Run of ${r.agent} finished (exit 0${agentExit})`
      : `Run of ${r.agent} failed (exit ${r.exitCode})${whyFailed(facts) ? `: ${this.d.openshell.redactor.redact(whyFailed(facts)!)}` : ''}`;
    const message = `${head} — ${sandbox}${providers}`;
    const clean = !r.stoppedWith && r.exitCode === 0 && !agentExit && (!r.sandboxName || r.sandbox === 'cleaned-up' || r.sandbox === 'kept') &&
      left.every((n) => r.sandbox === 'kept' && facts.runScoped.get(n) === 'expired');
    if (clean) log.info(`${RUN}: ${message}`); else log.warn(`${RUN}: ${message}`);
    (clean ? this.terminal.note.bind(this.terminal) : this.terminal.warn.bind(this.terminal))(message + (r.runDir ? `\nOutput: ${r.runDir}` : ''));
    this.terminal.exit(r.exitCode);

    const actions = [...(r.runDir ? ['Open Output Folder'] : []), 'Show Logs'];
    const show = clean ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(message, ...actions).then(async (pick) => {
      if (pick === 'Show Logs') log.show(true);
      else if (pick === 'Open Output Folder' && r.runDir) await openOutputFolder(r.runDir);
    });
  }

  /** The last agent, target repo and env files per fullsend dir (paths only: no secret goes to workspaceState). */
  private async remember(plan: RunPlan): Promise<void> {
    const state = this.d.context.workspaceState;
    const all = { ...(state.get<Record<string, LastRun>>(LAST_RUN_KEY) ?? {}) };
    all[plan.s.ws.dir] = { agent: plan.agent, targetRepo: plan.targetRepo, envFiles: plan.envFiles, runtime: plan.runtime, model: plan.model, effort: plan.effort };
    await state.update(LAST_RUN_KEY, all);
  }
}

interface Prepared {
  fullsend: string;
  resolution: Resolution;
  fromFiles: Map<string, { value: string; file: string }>;
  /** OPENAI_API_KEY and the WIF trio from the secret store, for run-scoped providers. */
  runScopedEnv: Record<string, string>;
  warnings: string[];
  ensured?: EnsureResult;
  /** The records this run's Ensure left, by provider. */
  recorded: Map<string, ProviderRecord>;
}

// --- helpers ----------------------------------------------------------------------------------------------

/** Every entry of the env files, later files winning (as fullsend's os.Setenv in turn does). */
async function envFileEntries(files: readonly string[], baseDir: string): Promise<Map<string, { value: string; file: string }>> {
  const out = new Map<string, { value: string; file: string }>();
  const ignored = new Diagnostics(); // problems are reported by resolution, which read the same files
  for (const file of files) {
    const read = await readEnvFile(file, displayPath(baseDir, file), ignored);
    for (const e of read.entries) out.set(e.name, { value: e.value, file });
  }
  return out;
}

async function openOutputFolder(dir: string): Promise<void> {
  const uri = vscode.Uri.file(dir);
  // A remote window's OS file manager is not on the machine the folder is on: open it in a new window there.
  if (vscode.env.remoteName) await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
  else await vscode.commands.executeCommand('revealFileInOS', uri);
}

/** The last failure fullsend printed (`✗ …`), with its final `Error: …` when it gave one. */
function whyFailed(facts: RunFacts): string | undefined {
  const step = facts.failures[facts.failures.length - 1];
  if (step && facts.error) return `${step} (${facts.error})`;
  return step ?? facts.error;
}

/**
 * fullsend.run.runtime / .model / .effort: '' is fullsend's default. A value the enum does not allow (settings.json
 * edited by hand) is an error naming the setting, not a flag fullsend would reject after Ensure.
 */
function runChoiceSettings(config: vscode.WorkspaceConfiguration, keys: readonly RunOptionKey[]): { runtime?: Runtime; model?: string; effort?: Effort } {
  const out: { runtime?: Runtime; model?: string; effort?: Effort } = {};
  const runtime = keys.includes('runtime') ? stringSetting(config, 'run.runtime') : undefined;
  if (runtime !== undefined) {
    if (!isRuntime(runtime)) throw new Error(`fullsend.run.runtime is ${JSON.stringify(runtime)}; it must be empty (fullsend's default) or one of ${RUNTIMES.join(', ')}.`);
    out.runtime = runtime;
  }
  const effort = keys.includes('effort') ? stringSetting(config, 'run.effort') : undefined;
  if (effort !== undefined) {
    if (!isEffort(effort)) throw new Error(`fullsend.run.effort is ${JSON.stringify(effort)}; it must be empty (fullsend's default) or one of ${EFFORTS.join(', ')}.`);
    out.effort = effort;
  }
  const model = keys.includes('model') ? stringSetting(config, 'run.model') : undefined;
  if (model !== undefined) {
    const problem = modelProblem(model);
    if (problem) throw new Error(`fullsend.run.model is ${JSON.stringify(model)}, which is not a model name: ${problem}.`);
    out.model = model;
  }
  return out;
}

function stringSetting(config: vscode.WorkspaceConfiguration, key: string): string | undefined {
  const v = config.get<unknown>(key);
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** `~/x` and paths relative to the workspace folder, made absolute. */
function absolute(p: string, base: string): string {
  const expanded = p === '~' ? os.homedir() : p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p;
  return path.resolve(base, expanded);
}

function shellQuote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
