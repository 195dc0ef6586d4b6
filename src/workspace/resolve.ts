// Resolving the `${VAR}`s a workspace (or one agent) needs, first hit wins (ARCHITECTURE §6 "Secret
// resolution"):
//   1. the env files, in order — a later file overrides an earlier one — parsed as fullsend parses them
//      (envFile.ts). They come first because fullsend os.Setenv's each `--env-file` over the environment it
//      is given (fullsend-current.md §7 rule 8): the value Ensure fingerprints must be the one fullsend sends;
//   2. the extension's secret store (VS Code SecretStorage, injected);
//   3. the process environment (injected; the model never reads process.env itself).
// A variable an env file sets to another value than the secret store's is flagged (`shadowsSecretStore`).
// fullsend's own rules on top (expansion.ts, fullsend-current.md §5.2/§5.3): a name fullsend refuses to
// expand is an error where it is used, set or not; a name fullsend sets itself is never demanded for the
// host-side needs (source `fullsend`).
// A value that is present but empty counts as found (it is set). The result keeps the *report* (names,
// sources, where used, problems) apart from the *values*: only ResolvedValues holds values, and it refuses
// to serialise them, so a report or diagnostic can be logged or shown without leaking a secret.
import path = require('path');
import { inspect } from 'util';
import { Diagnostics, displayPath, type Diagnostic, type Location } from './diagnostics';
import { readEnvFile } from './envFile';
import { isRunScopedType } from './builtins';
import { isHostSide, refusal, refusalText, suppliedByFullsend } from './expansion';
import type { ProviderDef } from './providerDefs';
import type { VarUsage, WorkspaceVar } from './usages';
import { expand, varNames, type Expansion } from './vars';

/** The part of VS Code's SecretStorage the model uses; keys are variable names. */
export interface SecretStore {
  get(name: string): PromiseLike<string | undefined>;
}

export interface ResolveInputs {
  secrets?: SecretStore;
  /** Env files in dotenv format, in order (a later file wins). Relative paths resolve against baseDir. */
  envFiles?: readonly string[];
  /** The process environment to fall back on, e.g. the extension host's `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** For relative env file paths and for how paths are shown in messages; usually the workspace folder. */
  baseDir?: string;
}

export type ValueSource =
  | { kind: 'env-file'; file: string; line: number }
  | { kind: 'secret-store' }
  | { kind: 'process-env' }
  /** Set by `fullsend run` itself (FULLSEND_SUPPLIED_VARS): satisfies host-side needs; there is no value here. */
  | { kind: 'fullsend' };

export interface VarStatus {
  name: string;
  found: boolean;
  /** Where the value came from (the winning source). */
  source?: ValueSource;
  /** Found, but set to "". */
  empty: boolean;
  /** Other sources that define it too and lose (an overridden earlier env file, the secret store, the environment…). */
  alsoIn: ValueSource[];
  /**
   * Whether any usage fails without a value from the user. Usages fullsend refuses to expand (`denied`) fail
   * whatever the value, and host-side usages of a variable fullsend sets itself never fail, so neither counts.
   */
  required: boolean;
  /**
   * The winning env file sets it to a different value than the secret store holds: the env file's value is
   * used (as fullsend would use it) and the stored secret is not. Only a flag: no value is kept.
   */
  shadowsSecretStore: boolean;
  /** fullsend refuses to expand it in at least one of its usages (a provider error, or a failing run), set or not. */
  denied: boolean;
  usages: VarUsage[];
}

export type ValueStatus = 'ok' | 'noop' | 'literal' | 'missing' | 'empty' | 'denied';

export interface KeyStatus {
  key: string;
  /**
   * noop: the YAML value is literally "" (a `_NOOP_*` placeholder); literal: no variable in it; denied: it
   * names a variable fullsend refuses to expand here (expansion.ts), so fullsend would send "".
   */
  status: ValueStatus;
  vars: string[];
  missing: string[];
}

export interface ProviderStatus {
  name: string;
  type: string;
  /** Every credential and config value can be produced; ensuring this provider is safe. */
  ok: boolean;
  credentials: KeyStatus[];
  config: KeyStatus[];
}

export interface EnvFileStatus {
  file: string;
  found: boolean;
  /** Names defined by the file (never values). */
  names: string[];
}

export interface ResolutionReport {
  vars: VarStatus[];
  providers: ProviderStatus[];
  envFiles: EnvFileStatus[];
  diagnostics: Diagnostic[];
  /** No error diagnostics. */
  ok: boolean;
}

/**
 * The resolved values, by variable name. This is the only object that carries values; it is meant to be
 * turned into a child process's environment and nothing else. It serialises (JSON, util.inspect, String)
 * to its names only.
 */
export class ResolvedValues {
  readonly #values: ReadonlyMap<string, string>;

  constructor(values: ReadonlyMap<string, string>) {
    this.#values = new Map(values);
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  names(): string[] {
    return [...this.#values.keys()];
  }

  /** os.ExpandEnv against these values only. */
  expand(template: string): Expansion {
    return expand(template, (n) => this.#values.get(n));
  }

  /** Every resolved variable, for the environment of `fullsend run` (which expands the YAML itself). */
  toEnv(): Record<string, string> {
    return Object.fromEntries(this.#values);
  }

  /**
   * A provider's credentials as openshell takes them: non-empty values go in the child's environment under
   * the credential key (argv gets only the bare `--credential K`); `emptyKeys` are the literally empty
   * placeholders (`--credential K=`). Keys whose value cannot be produced — also those naming a variable
   * fullsend refuses to expand, which it would send as "" — are in `unresolved` and nowhere else.
   */
  providerCredentials(p: ProviderDef): { env: Record<string, string>; emptyKeys: string[]; unresolved: string[] } {
    const env: Record<string, string> = {};
    const emptyKeys: string[] = [];
    const unresolved: string[] = [];
    for (const c of p.credentials) {
      if (c.template === '') {
        emptyKeys.push(c.key);
        continue;
      }
      if (varNames(c.template).some((n) => refusal(n, 'credential'))) {
        unresolved.push(c.key);
        continue;
      }
      const x = this.expand(c.template);
      if (x.missing.length > 0 || x.value === '') unresolved.push(c.key);
      else env[c.key] = x.value;
    }
    return { env, emptyKeys, unresolved };
  }

  /**
   * A provider's config values (not secret: they go on argv as `--config K=V`). URL-fetched config is used as
   * written. A key naming a variable fullsend refuses in config is `unresolved`.
   */
  providerConfig(p: ProviderDef): { config: Record<string, string>; unresolved: string[] } {
    const config: Record<string, string> = {};
    const unresolved: string[] = [];
    for (const c of p.config) {
      if (!p.expandsConfig) {
        config[c.key] = c.template;
        continue;
      }
      const x = this.expand(c.template);
      if (x.missing.length > 0 || varNames(c.template).some((n) => refusal(n, 'config'))) unresolved.push(c.key);
      else config[c.key] = x.value;
    }
    return { config, unresolved };
  }

  toJSON(): { resolved: string[] } {
    return { resolved: this.names() };
  }

  toString(): string {
    return `ResolvedValues(${this.names().join(', ')})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

export interface Resolution {
  report: ResolutionReport;
  values: ResolvedValues;
}

/** What to resolve: a Workspace or an AgentView. */
export interface Needs {
  vars: readonly WorkspaceVar[];
  providers: readonly ProviderDef[];
}

export async function resolveNeeds(needs: Needs, inputs: ResolveInputs = {}): Promise<Resolution> {
  const d = new Diagnostics();
  const base = inputs.baseDir ?? process.cwd();

  // Env files, in order; later definitions replace earlier ones and remember what they replaced.
  const fromFiles = new Map<string, { value: string; source: ValueSource; overridden: ValueSource[] }>();
  const envFiles: EnvFileStatus[] = [];
  for (const f of inputs.envFiles ?? []) {
    const file = path.resolve(base, f);
    const read = await readEnvFile(file, displayPath(base, file), d);
    envFiles.push({ file, found: read.found, names: [...new Set(read.entries.map((e) => e.name))] });
    for (const e of read.entries) {
      const source: ValueSource = { kind: 'env-file', file, line: e.line };
      const prev = fromFiles.get(e.name);
      fromFiles.set(e.name, { value: e.value, source, overridden: prev ? [...prev.overridden, prev.source] : [] });
    }
  }

  const fromStore = new Map<string, string>();
  if (inputs.secrets) {
    const store = inputs.secrets;
    await Promise.all(
      needs.vars.map(async (v) => {
        try {
          const value = await store.get(v.name);
          if (value !== undefined) fromStore.set(v.name, value);
        } catch {
          const u = v.usages[0];
          if (u) d.warn(usageAt(u), `could not read ${v.name} from the secret store; trying the environment`);
        }
      }),
    );
  }

  const values = new Map<string, string>();
  const vars: VarStatus[] = needs.vars.map((v) => {
    // First hit wins: env files, then the secret store, then the environment.
    const candidates: { value: string; source: ValueSource }[] = [];
    const file = fromFiles.get(v.name);
    if (file) candidates.push({ value: file.value, source: file.source });
    const stored = fromStore.get(v.name);
    if (stored !== undefined) candidates.push({ value: stored, source: { kind: 'secret-store' } });
    const envValue = inputs.env?.[v.name];
    if (envValue !== undefined) candidates.push({ value: envValue, source: { kind: 'process-env' } });
    const supplied = suppliedByFullsend(v.name);
    const status: VarStatus = {
      name: v.name,
      found: candidates.length > 0,
      empty: false,
      alsoIn: [],
      required: v.usages.some((u) => u.required && !refusal(v.name, u.kind) && !(supplied && isHostSide(u.kind))),
      shadowsSecretStore: !!file && stored !== undefined && stored !== file.value,
      denied: v.usages.some((u) => refusal(v.name, u.kind)),
      usages: v.usages,
    };
    const winner = candidates[0];
    if (winner) {
      values.set(v.name, winner.value);
      status.source = winner.source;
      status.empty = winner.value === '';
      status.alsoIn = [...(file?.overridden ?? []), ...candidates.slice(1).map((c) => c.source)];
    } else if (supplied) {
      // fullsend sets it for the run; there is no value to hand to anything else (provider usages stay unresolved).
      status.found = true;
      status.source = { kind: 'fullsend' };
    }
    if (status.shadowsSecretStore && file?.source.kind === 'env-file') {
      const at = { file: file.source.file, display: displayPath(base, file.source.file), line: file.source.line };
      d.warn(at, `${v.name} is also in the secret store, with a different value: this env file wins (fullsend loads --env-file over its environment), so the stored secret is not used. Clear the secret or remove ${v.name} here`);
    }
    return status;
  });

  const lookup = (n: string) => values.get(n);
  const providers = needs.providers.map((p) => providerStatus(p, lookup, d));

  // Host-side needs (env maps, runner_env, host_files). Provider usages were reported per provider above.
  const notSet = 'which is not set in the env files, the secret store or the environment';
  for (const v of vars) {
    const supplied = suppliedByFullsend(v.name);
    for (const u of v.usages) {
      if (!isHostSide(u.kind)) continue;
      const refused = refusal(v.name, u.kind);
      if (refused) {
        // fullsend's lookup reports a denied name as unset (fullsend-current.md §5.3): the run fails even if it is set.
        if (u.required) d.error(usageAt(u), `${u.what} uses \${${v.name}}, but ${refusalText(v.name, refused)}: the run fails even when it is set. Use a variable with another name`);
        else d.warn(usageAt(u), `${u.what} uses \${${v.name}}, but ${refusalText(v.name, refused)}: fullsend skips this optional file`);
        continue;
      }
      if (supplied || v.found) continue;
      if (u.required) d.error(usageAt(u), `${u.what} needs \${${v.name}}, ${notSet}`, [v.name]);
      else d.warn(usageAt(u), `${u.what} uses \${${v.name}}, ${notSet}; it expands to ""`, [v.name]);
    }
  }

  const diagnostics = d.list;
  return {
    report: { vars, providers, envFiles, diagnostics, ok: !diagnostics.some((x) => x.severity === 'error') },
    values: new ResolvedValues(values),
  };
}

function providerStatus(p: ProviderDef, lookup: (n: string) => string | undefined, d: Diagnostics): ProviderStatus {
  const notSet = 'not set in the env files, the secret store or the environment';
  // A denied name is an error whatever its value: fullsend would expand it to "" (fullsend-current.md §5.3).
  // Except in a run-scoped `fullsend-openai` definition, whose `${…}` values fullsend ignores (§3).
  const runScoped = isRunScopedType(p.type);
  const refused = (kind: 'credential' | 'config', vars: string[]) =>
    runScoped ? [] : vars.flatMap((n) => { const r = refusal(n, kind); return r ? [refusalText(n, r)] : []; });
  const credentials = p.credentials.map((c): KeyStatus => {
    const vars = varNames(c.template);
    if (c.template === '') return { key: c.key, status: 'noop', vars, missing: [] };
    if (vars.length === 0) return { key: c.key, status: 'literal', vars, missing: [] };
    const why = refused('credential', vars);
    if (why.length > 0) {
      d.error(c.at, `provider "${p.name}": credential ${c.key}: ${why.join('; ')}, so it would send an empty credential — and an update with an empty credential deletes the key on the gateway. Use a variable with another name`);
      return { key: c.key, status: 'denied', vars, missing: [] };
    }
    const x = expand(c.template, lookup);
    if (x.missing.length > 0) {
      d.error(c.at, `provider "${p.name}": credential ${c.key} needs ${x.missing.map((m) => `\${${m}}`).join(', ')}, ${notSet}; fullsend would silently send an empty credential`, x.missing);
      return { key: c.key, status: 'missing', vars, missing: x.missing };
    }
    if (x.value === '') {
      d.error(c.at, `provider "${p.name}": credential ${c.key} resolves to an empty value (${vars.join(', ')} set but empty); an empty credential deletes the key on the gateway`, vars);
      return { key: c.key, status: 'empty', vars, missing: [] };
    }
    return { key: c.key, status: 'ok', vars, missing: [] };
  });
  const config = p.config.map((c): KeyStatus => {
    const vars = p.expandsConfig ? varNames(c.template) : [];
    if (vars.length === 0) return { key: c.key, status: c.template === '' ? 'noop' : 'literal', vars, missing: [] };
    const why = refused('config', vars);
    if (why.length > 0) {
      d.error(c.at, `provider "${p.name}": config ${c.key}: ${why.join('; ')}, so it would send an empty value. Use a variable with another name`);
      return { key: c.key, status: 'denied', vars, missing: [] };
    }
    const x = expand(c.template, lookup);
    if (x.missing.length > 0) {
      d.error(c.at, `provider "${p.name}": config ${c.key} needs ${x.missing.map((m) => `\${${m}}`).join(', ')}, ${notSet}`, x.missing);
      return { key: c.key, status: 'missing', vars, missing: x.missing };
    }
    return { key: c.key, status: x.value === '' ? 'empty' : 'ok', vars, missing: [] };
  });
  const bad = (k: KeyStatus) => k.status === 'missing' || k.status === 'empty' || k.status === 'denied';
  return { name: p.name, type: p.type, ok: !credentials.some(bad) && !config.some((k) => k.status === 'missing' || k.status === 'denied'), credentials, config };
}

function usageAt(u: VarUsage): Location {
  const at: Location = { file: u.file, display: u.display, line: u.line };
  if (u.column !== undefined) at.column = u.column;
  return at;
}
