// The `fullsend` task type: a run as a VS Code task (CustomExecution + Pseudoterminal), so it shows in the
// terminal panel like any task and users can keep runs in tasks.json:
//   { "type": "fullsend", "agent": "triage", "targetRepo": "${workspaceFolder}/../target", "envFiles": ["~/triage.env"],
//     "runtime": "codex", "model": "gpt-5", "effort": "high" }
// `Fullsend: Run` executes the same kind of task; the provider offers one task per runnable agent.
import vscode = require('vscode');

export const TASK_TYPE = 'fullsend';
export const TASK_SOURCE = 'fullsend';

export interface FullsendTaskDefinition extends vscode.TaskDefinition {
  type: typeof TASK_TYPE;
  agent: string;
  targetRepo?: string;
  envFiles?: string[];
  outputDir?: string;
  keepSandbox?: boolean;
  noPostScript?: boolean;
  /** The fullsend dir (or its workspace folder); default: the task's workspace folder. */
  folder?: string;
  /** Ensure the agent's providers before the run (default true). */
  ensure?: boolean;
  /** --runtime (default: fullsend.run.runtime, else fullsend's). */
  runtime?: string;
  /** --model (default: fullsend.run.model, else fullsend's). */
  model?: string;
  /** --effort (default: fullsend.run.effort, else fullsend's). */
  effort?: string;
  /** --forge (default: config.yaml `forge:`, else github). */
  forge?: string;
}

export interface TaskRunner {
  /** The agents to offer as tasks, with the workspace folder each belongs to. */
  provide(): Promise<{ definition: FullsendTaskDefinition; scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace }[]>;
  /** A terminal that performs the run when VS Code opens it. */
  start(definition: FullsendTaskDefinition, scope: vscode.WorkspaceFolder | undefined): vscode.Pseudoterminal;
}

export function taskName(d: Pick<FullsendTaskDefinition, 'agent'>): string {
  return `run ${d.agent}`;
}

/** A runnable task for a definition; `start` is called each time VS Code executes it (re-runs included). */
export function createRunTask(
  definition: FullsendTaskDefinition,
  scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace,
  start: (resolved: FullsendTaskDefinition) => vscode.Pseudoterminal,
  name = taskName(definition),
): vscode.Task {
  const task = new vscode.Task(
    definition, scope, name, TASK_SOURCE,
    new vscode.CustomExecution(async (resolved) => start({ ...definition, ...(resolved as FullsendTaskDefinition) })),
  );
  task.detail = taskDetail(definition);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, focus: false, panel: vscode.TaskPanelKind.Dedicated, clear: true, showReuseMessage: true };
  return task;
}

/** The flags a definition sets, as a short command line (a hint, not what is run: paths are resolved later). */
function taskDetail(d: FullsendTaskDefinition): string {
  const parts = ['fullsend run', d.agent];
  if (d.targetRepo) parts.push('--target-repo', d.targetRepo);
  for (const k of ['runtime', 'model', 'effort', 'forge'] as const) if (d[k]) parts.push(`--${k}`, String(d[k]));
  return parts.join(' ');
}

export function registerTaskProvider(runner: TaskRunner): vscode.Disposable {
  const folderOf = (scope: vscode.Task['scope']) => (scope && typeof scope === 'object' ? scope : undefined);
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    async provideTasks(): Promise<vscode.Task[]> {
      const found = await runner.provide();
      return found.map(({ definition, scope }) => createRunTask(definition, scope, (d) => runner.start(d, folderOf(scope))));
    },
    resolveTask(task: vscode.Task): vscode.Task | undefined {
      const d = task.definition as Partial<FullsendTaskDefinition>;
      if (typeof d.agent !== 'string' || !d.agent.trim()) return undefined;
      const definition = task.definition as FullsendTaskDefinition;
      const scope = folderOf(task.scope) ?? vscode.TaskScope.Workspace;
      // VS Code matches the resolved task to its tasks.json entry by the definition, which is kept as is.
      return createRunTask(definition, scope, (r) => runner.start(r, folderOf(task.scope)), task.name);
    },
  });
}
