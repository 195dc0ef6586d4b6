// Every `${VAR}` a workspace needs, with where each one is used. This is what the Secrets view lists and
// what resolution checks before anything runs.
import { promises as fs } from 'fs';
import { diagnostic, displayPath, type Diagnostics, type Location } from './diagnostics';
import { resolveInside } from './entries';
import { safeReadFile, type SafeRead } from './safeRead';
import type { Harness } from './harness';
import type { ProviderDef } from './providerDefs';
import { findVarRefs, isValidVarName } from './vars';

export type VarUsageKind = 'credential' | 'config' | 'env.runner' | 'env.sandbox' | 'runner_env' | 'host_files.src' | 'host_files.content';

export interface VarUsage {
  name: string;
  kind: VarUsageKind;
  file: string;
  display: string;
  line: number;
  column?: number;
  /** The credential, config or env key the value belongs to. */
  key?: string;
  /** For credential and config usages. */
  provider?: string;
  /** The harness (displayed path) for env, runner_env and host_files usages. */
  harness?: string;
  /** Runnable agents that need this usage. */
  agents: string[];
  /**
   * Whether a run fails (or a provider is broken) when the variable is not set. Credentials, config, env
   * maps, runner_env and non-optional host_files sources are required; an optional host file and the
   * contents of an `expand: true` file (fullsend expands an unset variable to "") are not.
   */
  required: boolean;
  /** E.g. `credential GH_TOKEN of provider "github-code"`. */
  what: string;
}

export interface WorkspaceVar {
  name: string;
  usages: VarUsage[];
}

export class VarCollector {
  private readonly vars = new Map<string, WorkspaceVar>();

  constructor(private readonly d: Diagnostics) {}

  /** Records every variable `template` references as one usage at `at`. */
  add(template: string, at: Location, usage: Omit<VarUsage, 'name' | 'file' | 'display' | 'line' | 'column'>): void {
    for (const ref of findVarRefs(template)) {
      if (!isValidVarName(ref.name)) {
        // `${A:-x}` is a shell-ism os.ExpandEnv does not have; it looks up a variable literally named "A:-x".
        this.d.warn(at, `${usage.what} refers to "\${${ref.name}}", which os.ExpandEnv reads as a variable literally named "${ref.name}" (there is no default-value syntax)`);
      }
      let v = this.vars.get(ref.name);
      if (!v) {
        v = { name: ref.name, usages: [] };
        this.vars.set(ref.name, v);
      }
      const same = v.usages.find((u) => u.kind === usage.kind && u.file === at.file && u.line === at.line && u.key === usage.key);
      if (same) {
        for (const a of usage.agents) if (!same.agents.includes(a)) same.agents.push(a);
        continue;
      }
      const u: VarUsage = { name: ref.name, file: at.file, display: at.display, line: at.line, ...usage, agents: [...usage.agents] };
      if (at.column !== undefined) u.column = at.column;
      v.usages.push(u);
    }
  }

  list(): WorkspaceVar[] {
    return [...this.vars.values()];
  }
}

export function collectProviderVars(c: VarCollector, p: ProviderDef, agents: string[]): void {
  for (const cred of p.credentials) {
    // A literally empty value (`_NOOP_X: ""`) is a placeholder: it needs nothing.
    c.add(cred.template, cred.at, { kind: 'credential', key: cred.key, provider: p.name, agents, required: true, what: `credential ${cred.key} of provider "${p.name}"` });
  }
  if (!p.expandsConfig) return; // URL-fetched config is used as written
  for (const conf of p.config) {
    c.add(conf.template, conf.at, { kind: 'config', key: conf.key, provider: p.name, agents, required: true, what: `config ${conf.key} of provider "${p.name}"` });
  }
}

/**
 * The host-side needs of a harness: env maps, runner_env, host_files sources and, for `expand: true` files,
 * the variables inside them. A local host file that does not exist is reported here too, since fullsend's
 * ValidateFilesExist would stop the run on it. Only an `expand: true` file is read — fullsend copies the others
 * as they are, so their content needs nothing — and it is read through safeRead, from inside the workspace folder.
 */
export async function collectHarnessVars(c: VarCollector, h: Harness, agents: string[], fullsendDir: string, folder: string, d: Diagnostics): Promise<void> {
  const maps = [
    ['env.runner', h.env.runner],
    ['env.sandbox', h.env.sandbox],
    ['runner_env', h.runnerEnv],
  ] as const;
  for (const [kind, entries] of maps) {
    for (const e of entries) c.add(e.value, e.at, { kind, key: e.key, harness: h.display, agents, required: true, what: `${e.field} of ${h.display}` });
  }
  for (const f of h.hostFiles) {
    c.add(f.src, f.at, { kind: 'host_files.src', harness: h.display, agents, required: !f.optional, what: `${f.field}.src of ${h.display}` });
    if (f.src.includes('$')) continue; // depends on a variable; checked when resolved
    const resolved = resolveInside(fullsendDir, f.src);
    if ('problem' in resolved) {
      d.error(f.at, `${f.field}.src: ${resolved.problem}`);
      continue;
    }
    if (!f.expand) {
      // Whether it exists is all that matters (stat, following symlinks; nothing is opened).
      const exists = await fs.stat(resolved.file).then(() => true, () => false);
      if (!exists && !f.optional) d.error(f.at, `${f.field}.src: ${f.src} does not exist`);
      continue;
    }
    const read = await safeReadFile(resolved.file, { root: folder });
    if (!read.ok) {
      if (read.reason === 'missing') {
        if (!f.optional) d.error(f.at, `${f.field}.src: ${f.src} does not exist`);
      } else {
        reportHostFileRefusal(read, f.at, `${f.field}.src: ${f.src}`, d);
      }
      continue;
    }
    const display = displayPath(folder, resolved.file);
    read.text.split(/\r?\n/).forEach((line, i) => {
      if (line.includes('$')) {
        c.add(line, { file: resolved.file, display, line: i + 1 }, { kind: 'host_files.content', harness: h.display, agents, required: false, what: `${display} (${f.field} of ${h.display}, expand: true)` });
      }
    });
  }
}

/**
 * A host file that safeRead refused, reported on the harness entry that names it. A file outside the workspace
 * is a warning — fullsend reads it, the extension only does not look inside — anything else an error.
 */
function reportHostFileRefusal(read: Extract<SafeRead, { ok: false }>, at: Location, subject: string, d: Diagnostics): void {
  const unchecked = 'the ${VAR}s in it are not checked';
  const text = `${subject} ${read.why}; ${unchecked}`;
  const code = read.reason === 'too-large' ? 'file-too-large' : 'not-a-file';
  d.add({ ...diagnostic(read.reason === 'outside' ? 'warning' : 'error', at, text), code });
}
