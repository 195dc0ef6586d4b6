// argv for `fullsend run` (fullsend-current.md §6.1): one positional agent, then flags. Built as an array —
// never a shell string. `--forge` is always passed (fullsend-current §11 item 2): fullsend would otherwise
// pick the forge from its own environment (`GITHUB_ACTIONS`, `GITLAB_CI`), and the providers, profiles and
// `${VAR}`s the extension checked and ensured are the ones of the forge the workspace model merged. Paths are
// absolute: fullsend resolves relative ones against its own working directory.
import path = require('path');

/** `--runtime` values fullsend accepts (`claude` is its default). */
export const RUNTIMES = ['claude', 'pi', 'codex', 'dummy', 'dummy-playback'] as const;
/** `--effort` values fullsend accepts. */
export const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
/** `--forge` values fullsend accepts. */
export const FORGES = ['github', 'gitlab'] as const;

export type Runtime = (typeof RUNTIMES)[number];
export type Effort = (typeof EFFORTS)[number];
export type Forge = (typeof FORGES)[number];

export interface RunOptions {
  agent: string;
  /** Absolute. */
  fullsendDir: string;
  /** Absolute. */
  targetRepo: string;
  forge: Forge;
  /** Absolute, in order (a later file wins in fullsend). */
  envFiles?: readonly string[];
  /** Absolute. */
  outputDir?: string;
  keepSandbox?: boolean;
  noPostScript?: boolean;
  /** Absent: fullsend's default (its env, config.yaml, then `claude`). */
  runtime?: Runtime;
  /** Absent: fullsend's default. */
  model?: string;
  /** Absent: fullsend's default. */
  effort?: Effort;
}

export const isRuntime = (v: string): v is Runtime => (RUNTIMES as readonly string[]).includes(v);
export const isEffort = (v: string): v is Effort => (EFFORTS as readonly string[]).includes(v);
export const isForge = (v: string): v is Forge => (FORGES as readonly string[]).includes(v);

/**
 * Why a `--model` value cannot be passed, or undefined when it can. Models are free text (an alias, a model
 * id, `provider/id`), but a value fullsend would read as a flag or that carries whitespace is a mistake.
 */
export function modelProblem(model: string): string | undefined {
  if (!model) return 'it is empty';
  if (model.startsWith('-')) return 'it starts with "-"';
  if (/[\s\p{Cc}]/u.test(model)) return 'it contains whitespace or a control character';
  return undefined;
}

export function runArgs(o: RunOptions): string[] {
  const abs = (flag: string, p: string) => {
    if (!path.isAbsolute(p)) throw new Error(`fullsend run: ${flag} must be an absolute path, got ${JSON.stringify(p)}`);
    return p;
  };
  if (!isForge(o.forge)) throw new Error(`fullsend run: --forge must be one of ${FORGES.join(', ')}, got ${JSON.stringify(o.forge)}`);
  if (o.runtime !== undefined && !isRuntime(o.runtime)) throw new Error(`fullsend run: --runtime must be one of ${RUNTIMES.join(', ')}, got ${JSON.stringify(o.runtime)}`);
  if (o.effort !== undefined && !isEffort(o.effort)) throw new Error(`fullsend run: --effort must be one of ${EFFORTS.join(', ')}, got ${JSON.stringify(o.effort)}`);
  const badModel = o.model !== undefined ? modelProblem(o.model) : undefined;
  if (badModel) throw new Error(`fullsend run: --model ${JSON.stringify(o.model)} cannot be passed: ${badModel}`);

  const args = ['run', o.agent, '--fullsend-dir', abs('--fullsend-dir', o.fullsendDir), '--target-repo', abs('--target-repo', o.targetRepo), '--forge', o.forge];
  if (o.runtime) args.push('--runtime', o.runtime);
  if (o.model) args.push('--model', o.model);
  if (o.effort) args.push('--effort', o.effort);
  for (const f of o.envFiles ?? []) args.push('--env-file', abs('--env-file', f));
  if (o.outputDir) args.push('--output-dir', abs('--output-dir', o.outputDir));
  if (o.keepSandbox) args.push('--keep-sandbox');
  if (o.noPostScript) args.push('--no-post-script');
  return args;
}
