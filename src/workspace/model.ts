// The workspace model: everything a fullsend dir declares (agents, their harnesses, the providers and
// profiles those harnesses need, and every `${VAR}` involved), built without running anything. A broken
// file becomes a diagnostic with file and line; it never stops the rest of the workspace from loading.
import { promises as fs } from 'fs';
import path = require('path');
import { loadConfig, type ConfigFile } from './config';
import { Diagnostics, displayPath, type Diagnostic, type Location } from './diagnostics';
import { detectFullsendDir, findFullsendDirs, type FullsendDir, type FullsendDirKind } from './discover';
import { builtinProviderDef, isBuiltinProviderName, isReservedProfileId, isRunScopedType, RUN_SCOPED_TYPE } from './builtins';
import { composeHarness, type ComposeContext } from './compose';
import { parsePinnedUrl, readCached, resolveInside } from './entries';
import { FORGE_KEYS, loadRawHarness, parseHarness, type Harness, type HarnessRef, type RawHarnessLoad } from './harness';
import { parseProfile, type ProfileDef, type ProfileOrigin } from './profiles';
import { parseProviderDef, sameDefinition, type ParsedProvider, type ProviderDef, type ProviderOrigin } from './providerDefs';
import { collectHarnessVars, collectProviderVars, VarCollector, type WorkspaceVar } from './usages';
import { loadYamlFile, parseYaml, type YamlDoc } from './yamlFile';

/** One harness entry that named a provider or profile. */
export interface Declaration {
  /** Displayed path of the harness (for a URL harness: its URL). */
  harness: string;
  harnessFile: string;
  /** E.g. `providers[1]`, `forge.github.openshell.profiles[0]`. */
  field: string;
  /** The entry as written. */
  entry: string;
  at: Location;
  /** The runnable agents whose harness this is. */
  agents: string[];
}

export interface DeclaredProvider extends ProviderDef {
  /** Every harness entry that led here, in declaration order. */
  declaredBy: Declaration[];
  agents: string[];
  /**
   * Left to `fullsend run` (fullsend-current.md §2.2, §3): `builtin` — a bare name fullsend defines itself,
   * created by the run after it imports the reserved profile; `run-scoped` — a `fullsend-openai` definition,
   * whose `<name>-<12hex>` instances exist for one run. Ensure never writes either.
   */
  managed?: 'builtin' | 'run-scoped';
}

export interface DeclaredProfile extends ProfileDef {
  /** The harness entries that list it (fullsend imports only listed profiles, #7095). */
  declaredBy: Declaration[];
  agents: string[];
  /** The file lives in `<dir>/profiles/` (such a copy wins over another file with the same id). */
  inProfilesDir: boolean;
  /** A `fullsend-<built-in>` id: fullsend imports this listed copy on every run instead of its embedded one. */
  reserved?: boolean;
}

/** A URL entry that could not be read from fullsend's cache (or an agent whose harness could not be). */
export interface SkippedEntry {
  kind: 'agent' | 'base' | 'provider' | 'profile';
  entry: string;
  url: string;
  sha256?: string;
  reason: string;
  /** The harness entries (or the config.yaml entry, for agents) that named it. */
  declaredBy: Declaration[];
}

export interface Agent {
  /** The name `fullsend run` matches, case-insensitively. */
  name: string;
  explicitName?: string;
  source: string;
  /** `agents-repo`: an override-only config entry; fullsend fetches the agent from fullsend-ai/agents. */
  sourceKind: 'path' | 'url' | 'agents-repo';
  enabled: boolean;
  /** Enabled and not shadowed: what `fullsend run <name>` would run. */
  runnable: boolean;
  /** Enabled, but a later entry with the same name wins. */
  shadowed: boolean;
  /** From config.yaml `agents:` (false: found as `harness/*.yaml`). */
  fromConfig: boolean;
  at: Location;
  /** The harness file, once loaded. */
  harnessFile?: string;
  /** From the config entry, for Run's defaults. */
  runtime?: string;
  model?: string;
  effort?: string;
}

export interface LoadedHarness extends Harness {
  /** The runnable agents using this harness. */
  agents: string[];
}

export interface Workspace {
  folder: string;
  dir: string;
  kind: FullsendDirKind;
  /** The platform Run passes as `--forge`, and the one harnesses are composed for (forge block, overlays). */
  forge: string;
  config?: ConfigFile;
  agents: Agent[];
  harnesses: LoadedHarness[];
  providers: DeclaredProvider[];
  profiles: DeclaredProfile[];
  skipped: SkippedEntry[];
  vars: WorkspaceVar[];
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /**
   * The platform harnesses are composed for (`forge.<platform>` block, `runtime.forge` in overlays). Default:
   * config.yaml's `forge:` when it is a known platform, else `github` — the `--forge` Run always passes, so
   * what the views show is what the run gets. '' composes for no platform (fullsend without --forge).
   */
  forge?: string;
}

export async function loadWorkspace(fd: FullsendDir, opts: LoadOptions = {}): Promise<Workspace> {
  // Absolute paths throughout, so a file reached two ways is one file.
  return new Loader({ ...fd, folder: path.resolve(fd.folder), dir: path.resolve(fd.dir) }).load(opts);
}

/** The model of a workspace folder, or undefined when the folder is not a fullsend dir. */
export async function loadWorkspaceAt(folder: string, opts: LoadOptions = {}): Promise<Workspace | undefined> {
  const fd = await detectFullsendDir(folder);
  return fd ? loadWorkspace(fd, opts) : undefined;
}

/** Every fullsend dir among the folders of a (multi-root) workspace, in folder order. */
export async function loadWorkspaces(folders: readonly string[], opts: LoadOptions = {}): Promise<Workspace[]> {
  const dirs = await findFullsendDirs(folders);
  return Promise.all(dirs.map((fd) => loadWorkspace(fd, opts)));
}

/** The agent `fullsend run <name>` would run: case-insensitive, the last enabled entry wins. */
export function findAgent(ws: Workspace, name: string): Agent | undefined {
  const key = name.toLowerCase();
  return ws.agents.find((a) => a.runnable && a.name.toLowerCase() === key);
}

export interface AgentView {
  agent: Agent;
  harness?: LoadedHarness;
  providers: DeclaredProvider[];
  /** The profiles the agent's composed harness lists. */
  profiles: DeclaredProfile[];
  skipped: SkippedEntry[];
  /** Variables with only this agent's usages. */
  vars: WorkspaceVar[];
}

/** One agent's slice of the workspace: what a run of that agent needs. */
export function agentView(ws: Workspace, name: string): AgentView | undefined {
  const agent = findAgent(ws, name);
  if (!agent) return undefined;
  const mine = (agents: string[]) => agents.includes(agent.name);
  const view: AgentView = {
    agent,
    providers: ws.providers.filter((p) => mine(p.agents)),
    profiles: ws.profiles.filter((p) => mine(p.agents)),
    skipped: ws.skipped.filter((s) => s.declaredBy.some((d) => mine(d.agents))),
    vars: ws.vars.map((v) => ({ name: v.name, usages: v.usages.filter((u) => mine(u.agents)) })).filter((v) => v.usages.length > 0),
  };
  const harness = ws.harnesses.find((h) => h.file === agent.harnessFile);
  if (harness) view.harness = harness;
  return view;
}

class Loader {
  private readonly d = new Diagnostics();
  private readonly providerFiles = new Map<string, Promise<ParsedProvider | 'missing'>>();
  private readonly profileFiles = new Map<string, Promise<ProfileDef | undefined | 'missing'>>();
  private readonly skipped: SkippedEntry[] = [];
  private readonly providersDir: string;
  private readonly profilesDir: string;
  private compose!: ComposeContext;

  constructor(private readonly fd: FullsendDir) {
    this.providersDir = path.join(fd.dir, 'providers');
    this.profilesDir = path.join(fd.dir, 'profiles');
  }

  private display(file: string): string {
    return displayPath(this.fd.folder, file);
  }

  async load(opts: LoadOptions): Promise<Workspace> {
    const { fd } = this;
    const configFile = path.join(fd.dir, 'config.yaml');
    const config = await loadConfig(configFile, this.display(configFile), fd.kind, this.d);
    const configForge = config?.forge && (FORGE_KEYS as readonly string[]).includes(config.forge) ? config.forge : undefined;
    const forge = opts.forge ?? configForge ?? 'github';
    this.compose = {
      fullsendDir: fd.dir,
      forge,
      // A local run has no event unless --event-file is given; an overlay on `event` then does not match.
      overlayVars: { event: {}, runtime: { forge }, config: config?.celMap ?? {} },
      ...(config?.declaresAllowlist ? { allowedRemoteResources: config.allowedRemoteResources } : {}),
      d: this.d,
      display: (f) => this.display(f),
      readLocal: (f) => this.rawHarness(f),
      skipBase: (url, sha256, reason, at) => this.skip({ kind: 'base', entry: url, url, sha256, reason, declaredBy: [] }, at, 'base'),
    };

    const { agents, harnesses } = config?.agents?.length ? await this.configAgents(config.agents) : await this.discoveredAgents();
    const providers = await this.providers(harnesses);
    const profiles = await this.profiles(harnesses);
    this.checkUrlProviderTypes(providers, profiles);

    const vars = new VarCollector(this.d);
    // A run-scoped definition's ${…} values are ignored: fullsend sends only OPENAI_API_KEY from its own env (§3).
    for (const p of providers) if (p.managed !== 'run-scoped') collectProviderVars(vars, p, p.agents);
    for (const h of harnesses) await collectHarnessVars(vars, h, h.agents, fd.dir, fd.folder, this.d);

    const ws: Workspace = {
      folder: fd.folder,
      dir: fd.dir,
      kind: fd.kind,
      forge,
      agents,
      harnesses,
      providers,
      profiles,
      skipped: this.skipped,
      vars: vars.list(),
      diagnostics: this.d.list,
    };
    if (config) ws.config = config;
    return ws;
  }

  // --- agents -------------------------------------------------------------------------------------------

  /**
   * Agents from config.yaml. The last enabled entry of a name (case-insensitive) is the one fullsend runs;
   * earlier enabled entries of that name are shadowed. Disabled and shadowed entries are listed but their
   * harnesses are not loaded, so they declare nothing: they cannot be run, and ensuring or resetting what
   * only they need would touch the gateway for nothing.
   */
  private async configAgents(entries: NonNullable<ConfigFile['agents']>): Promise<{ agents: Agent[]; harnesses: LoadedHarness[] }> {
    const lastEnabled = new Map<string, number>();
    for (const e of entries) if (e.enabled) lastEnabled.set(e.name.toLowerCase(), e.index);
    const agents: Agent[] = [];
    const harnesses = new Map<string, LoadedHarness>();
    for (const e of entries) {
      const winner = lastEnabled.get(e.name.toLowerCase());
      const runnable = e.enabled && winner === e.index;
      const agent: Agent = { name: e.name, source: e.source, sourceKind: e.sourceKind, enabled: e.enabled, runnable, shadowed: e.enabled && !runnable, fromConfig: true, at: e.at };
      if (e.explicitName) agent.explicitName = e.explicitName;
      for (const k of ['runtime', 'model', 'effort'] as const) if (e[k]) agent[k] = e[k];
      agents.push(agent);
      if (agent.shadowed) {
        const later = entries.find((x) => x.index === winner);
        this.d.warn(e.at, `agent "${e.name}" is declared again at line ${later?.at.line ?? '?'}; fullsend runs the later entry, so this one is ignored`);
      }
      if (!runnable) continue;
      if (agent.sourceKind === 'agents-repo') {
        this.d.info(e.at, `agent "${e.name}" has no source: fullsend fetches it from fullsend-ai/agents when it runs (its agents-repo fallback), so its providers and profiles are not known here`);
        continue;
      }
      const harness = await this.agentHarness(agent);
      if (!harness) continue;
      agent.harnessFile = harness.file;
      let loaded = harnesses.get(harness.file);
      if (!loaded) {
        loaded = { ...harness, agents: [] };
        harnesses.set(harness.file, loaded);
      }
      loaded.agents.push(agent.name);
    }
    return { agents, harnesses: [...harnesses.values()] };
  }

  private readonly harnessCache = new Map<string, Promise<Harness | undefined>>();
  private readonly rawHarnesses = new Map<string, Promise<RawHarnessLoad>>();

  private rawHarness(file: string): Promise<RawHarnessLoad> {
    return this.once(this.rawHarnesses, file, () => loadRawHarness(file, this.display(file), this.d));
  }

  /** A harness file composed for this workspace's forge (base chain, forge block or overlays). */
  private composedHarness(file: string): Promise<{ harness?: Harness; missing: boolean }> {
    return this.rawHarness(file).then(async (read) => {
      if (!read.harness) return { missing: read.missing };
      return { harness: await this.once(this.harnessCache, file, () => composeHarness(read.harness, this.compose)), missing: false };
    });
  }

  private async agentHarness(agent: Agent): Promise<Harness | undefined> {
    const field = `agent "${agent.name}"`;
    if (agent.sourceKind === 'url') {
      const pin = parsePinnedUrl(agent.source);
      if (!pin.sha256) {
        this.d.error(agent.at, `${field}: ${pin.problem}`);
        return undefined;
      }
      const cached = await readCached(this.fd.dir, pin.sha256);
      if (!cached.ok) {
        this.skip({ kind: 'agent', entry: agent.source, url: pin.url, sha256: pin.sha256, reason: cached.reason, declaredBy: [this.configDeclaration(agent)] }, agent.at);
        return undefined;
      }
      return this.once(this.harnessCache, cached.file, async () => {
        const doc = await parseYaml(cached.text, cached.file, pin.url, this.d);
        const raw = doc && parseHarness(doc, this.d, pin.url);
        return raw ? composeHarness(raw, this.compose) : undefined;
      });
    }
    const resolved = resolveInside(this.fd.dir, agent.source);
    if ('problem' in resolved) {
      this.d.error(agent.at, `${field}: ${resolved.problem}`);
      return undefined;
    }
    const read = await this.composedHarness(resolved.file);
    if (read.missing) this.d.error(agent.at, `${field}: harness file ${this.display(resolved.file)} does not exist`);
    return read.harness;
  }

  private configDeclaration(agent: Agent): Declaration {
    return { harness: this.display(agent.at.file), harnessFile: agent.at.file, field: 'agents', entry: agent.source, at: agent.at, agents: [agent.name] };
  }

  /**
   * Without `agents:` in config.yaml, every `harness/*.yaml` is an agent named after its file, except the
   * files fullsend's DiscoverAgents skips (no role and no slug). A file that does not parse is kept, so its
   * errors are visible.
   */
  private async discoveredAgents(): Promise<{ agents: Agent[]; harnesses: LoadedHarness[] }> {
    const agents: Agent[] = [];
    const harnesses: LoadedHarness[] = [];
    const seen = new Set<string>();
    for (const file of await listYaml(path.join(this.fd.dir, 'harness'))) {
      const display = this.display(file);
      const name = path.basename(file).replace(/\.ya?ml$/, '');
      const read = await this.composedHarness(file);
      if (read.harness && !read.harness.role && !read.harness.slug) continue;
      const at: Location = { file, display, line: 1 };
      const runnable = !seen.has(name.toLowerCase());
      seen.add(name.toLowerCase());
      const agent: Agent = { name, source: path.relative(this.fd.dir, file).split(path.sep).join('/'), sourceKind: 'path', enabled: true, runnable, shadowed: !runnable, fromConfig: false, at, harnessFile: file };
      agents.push(agent);
      if (runnable && read.harness) harnesses.push({ ...read.harness, agents: [name] });
    }
    return { agents, harnesses };
  }

  // --- providers ----------------------------------------------------------------------------------------

  /**
   * Declared providers: the union of the runnable harnesses' `providers:` (forge block included), deduplicated
   * by name in declaration order. Every file in providers/ is validated, since fullsend parses them all before
   * it filters by name, but only declared names are part of the workspace.
   */
  private async providers(harnesses: LoadedHarness[]): Promise<DeclaredProvider[]> {
    const byName = new Map<string, ProviderDef>();
    const knownNames = new Set<string>();
    const unreadable: string[] = [];
    for (const file of await listYaml(this.providersDir)) {
      const parsed = await this.providerFile(file, 'providers-dir');
      if (parsed === 'missing') continue;
      if (parsed.name) knownNames.add(parsed.name);
      else unreadable.push(this.display(file));
      const def = parsed.def;
      if (!def) continue;
      const first = byName.get(def.name);
      if (!first) byName.set(def.name, def);
      else if (!sameDefinition(first, def)) this.d.error(def.at, `provider "${def.name}" is also defined in ${first.display} with a different definition; ${first.display} is used`);
    }

    const declared = new Map<string, DeclaredProvider>();
    const add = (def: ProviderDef, decl: Declaration) => {
      const existing = declared.get(def.name);
      if (!existing) {
        const p: DeclaredProvider = { ...def, declaredBy: [decl], agents: [...decl.agents] };
        if (def.origin === 'builtin') p.managed = 'builtin';
        else this.warnReservedName(def);
        if (isRunScopedType(def.type)) p.managed = 'run-scoped';
        declared.set(def.name, p);
        return;
      }
      if (existing.file !== def.file && !sameDefinition(existing, def)) {
        this.d.error(def.at, `provider "${def.name}" is defined differently in ${existing.display} and ${def.display} (declared by ${decl.harness}); the first one, ${existing.display}, is used`);
      }
      existing.declaredBy.push(decl);
      for (const a of decl.agents) if (!existing.agents.includes(a)) existing.agents.push(a);
    };

    for (const h of harnesses) {
      for (const ref of h.providers) {
        const decl = declaration(h, ref);
        if (ref.kind === 'name') {
          const def = byName.get(ref.value);
          if (def) add(def, decl);
          // appendEmbeddedProviderDefs: a bare built-in name with no local definition uses fullsend's own.
          else if (isBuiltinProviderName(ref.value) && !knownNames.has(ref.value)) add(builtinProviderDef(ref.value, ref.at), decl);
          else if (!knownNames.has(ref.value)) {
            const also = unreadable.length ? `; ${unreadable.join(', ')} could not be read` : '';
            this.d.error(ref.at, `${ref.field}: provider "${ref.value}" does not exist (no ${this.display(this.providersDir)}/*.yaml has name: ${ref.value}${also})`);
          }
          continue;
        }
        if (ref.kind === 'url') {
          const def = await this.urlProvider(ref, decl);
          if (def) add(def, decl);
          continue;
        }
        if (ref.relativeTo) {
          this.skipRelative('provider', ref, decl);
          continue;
        }
        const resolved = resolveInside(this.fd.dir, ref.value);
        if ('problem' in resolved) {
          this.d.error(ref.at, `${ref.field}: ${resolved.problem}`);
          continue;
        }
        const origin: ProviderOrigin = path.dirname(resolved.file) === this.providersDir ? 'providers-dir' : 'path';
        const parsed = await this.providerFile(resolved.file, origin);
        if (parsed === 'missing') this.d.error(ref.at, `${ref.field}: provider file ${this.display(resolved.file)} does not exist`);
        else if (parsed.def) add(parsed.def, decl);
      }
    }
    return [...declared.values()];
  }

  /** fullsend's one-release grace for local copies named like a built-in (fullsend-current.md §2.2). */
  private warnReservedName(def: ProviderDef): void {
    if (!isBuiltinProviderName(def.name)) return;
    this.d.warn(def.at, `provider "${def.name}": the name is reserved for the definition built into fullsend, and a future release rejects ${def.display}. It is still used for now. Declare the bare name "${def.name}" and delete the copy, or rename it to a name fullsend does not ship`);
  }

  /** A path entry of a URL-fetched harness: fullsend fetches it relative to that URL at run time. */
  private skipRelative(kind: 'provider' | 'profile', ref: HarnessRef, decl: Declaration): void {
    const url = new URL(ref.value, ref.relativeTo).toString();
    this.skip({ kind, entry: ref.value, url, reason: `fullsend fetches it relative to ${ref.relativeTo} when it runs; it is not in the cache by hash`, declaredBy: [decl] }, ref.at, ref.field);
  }

  private providerFile(file: string, origin: ProviderOrigin): Promise<ParsedProvider | 'missing'> {
    return this.once(this.providerFiles, file, async () => {
      const read = await loadYamlFile(file, this.display(file), this.d);
      if (!read.doc) return read.missing ? 'missing' : {};
      return parseProviderDef(read.doc, origin, this.d);
    });
  }

  private async urlProvider(ref: HarnessRef, decl: Declaration): Promise<ProviderDef | undefined> {
    const doc = await this.urlDoc('provider', ref, decl);
    if (!doc) return undefined;
    const def = (await this.once(this.providerFiles, doc.file, async () => parseProviderDef(doc, 'url', this.d))) as ParsedProvider;
    if (!def.def) return undefined;
    const pin = parsePinnedUrl(ref.value);
    return { ...def.def, url: pin.url, ...(pin.sha256 ? { sha256: pin.sha256 } : {}) };
  }

  /** A URL entry's cached copy, parsed; otherwise it is skipped (not in the cache) or reported (malformed URL). */
  private async urlDoc(kind: 'provider' | 'profile', ref: HarnessRef, decl: Declaration): Promise<YamlDoc | undefined> {
    const pin = parsePinnedUrl(ref.value);
    if (!pin.sha256) {
      this.d.error(ref.at, `${ref.field}: ${pin.problem}`);
      return undefined;
    }
    const cached = await readCached(this.fd.dir, pin.sha256);
    if (!cached.ok) {
      this.skip({ kind, entry: ref.value, url: pin.url, sha256: pin.sha256, reason: cached.reason, declaredBy: [decl] }, ref.at, ref.field);
      return undefined;
    }
    return parseYaml(cached.text, cached.file, pin.url, this.d);
  }

  private skip(entry: SkippedEntry, at: Location, field?: string): void {
    const same = this.skipped.find((s) => s.kind === entry.kind && s.entry === entry.entry);
    if (same) same.declaredBy.push(...entry.declaredBy);
    else this.skipped.push(entry);
    this.d.warn(at, `${field ? `${field}: ` : ''}${entry.kind} ${entry.url} skipped: ${entry.reason}`);
  }

  // --- profiles -----------------------------------------------------------------------------------------

  /**
   * Declared profiles: the runnable harnesses' `openshell.profiles` (base, forge block and overlays included),
   * deduplicated by id. fullsend imports nothing else (#7095): a file under profiles/ that no harness lists is
   * ignored, with a hint on the file. When a harness names a profile whose id is also defined in profiles/,
   * the profiles/ copy is the one kept (ADR 0075: local dir definitions win).
   */
  private async profiles(harnesses: LoadedHarness[]): Promise<DeclaredProfile[]> {
    const dirById = new Map<string, ProfileDef>();
    for (const file of await listYaml(this.profilesDir)) {
      const def = await this.profileFile(file, 'profiles-dir');
      if (!def || def === 'missing') continue;
      const first = dirById.get(def.id);
      if (!first) dirById.set(def.id, def);
      else if (first.contentSha256 !== def.contentSha256) this.d.warn(def.at, `profile "${def.id}" is also defined in ${first.display}; OpenShell keeps one profile per id`);
    }

    const declared = new Map<string, DeclaredProfile>();
    const add = (found: ProfileDef, decl: Declaration) => {
      if (found.id === RUN_SCOPED_TYPE) {
        this.d.error(decl.at, `${decl.field}: provider profile "${RUN_SCOPED_TYPE}" is reserved for the copy built into fullsend; remove it from the harness/openshell profiles`);
        return;
      }
      const local = dirById.get(found.id);
      if (local && local.file !== found.file && local.contentSha256 !== found.contentSha256) {
        this.d.warn(found.at, `profile "${found.id}" differs from ${local.display}, which takes precedence; a long-lived gateway holds whichever copy fullsend imported last (fullsend#6977)`);
      }
      const def = local ?? found;
      let p = declared.get(def.id);
      if (!p) {
        p = { ...def, declaredBy: [], agents: [], inProfilesDir: local !== undefined };
        if (isReservedProfileId(def.id)) {
          p.reserved = true;
          this.d.warn(decl.at, `${decl.field}: provider profile "${def.id}" will be rejected in a future release: fullsend ships its own copy of this reserved id; list none and let fullsend import it`);
        }
        declared.set(def.id, p);
      } else if (p.file !== found.file && p.contentSha256 !== found.contentSha256 && !local) {
        this.d.warn(found.at, `profile "${found.id}" is also declared from ${p.display} with different content; ${p.display} is used`);
      }
      p.declaredBy.push(decl);
      for (const a of decl.agents) if (!p.agents.includes(a)) p.agents.push(a);
    };

    for (const h of harnesses) {
      for (const ref of h.profiles) {
        const decl = declaration(h, ref);
        if (ref.relativeTo) {
          this.skipRelative('profile', ref, decl);
          continue;
        }
        if (ref.kind === 'url') {
          const doc = await this.urlDoc('profile', ref, decl);
          const def = doc && (await this.once(this.profileFiles, doc.file, async () => parseProfile(doc, 'url', this.d)));
          if (def && def !== 'missing') add({ ...def, url: parsePinnedUrl(ref.value).url }, decl);
          continue;
        }
        const resolved = resolveInside(this.fd.dir, ref.value);
        if ('problem' in resolved) {
          this.d.error(ref.at, `${ref.field}: ${resolved.problem}`);
          continue;
        }
        const origin: ProfileOrigin = path.dirname(resolved.file) === this.profilesDir ? 'profiles-dir' : 'path';
        const def = await this.profileFile(resolved.file, origin);
        if (def === 'missing') this.d.error(ref.at, `${ref.field}: profile file ${this.display(resolved.file)} does not exist`);
        else if (def) add(def, decl);
      }
    }
    for (const def of dirById.values()) {
      if (!declared.has(def.id)) this.d.info(def.at, `profile "${def.id}" is not listed by any harness's openshell.profiles for a run with --forge ${this.compose.forge || '(none)'}, so fullsend does not import it (and neither does Ensure)`);
    }
    return [...declared.values()];
  }

  private profileFile(file: string, origin: ProfileOrigin): Promise<ProfileDef | undefined | 'missing'> {
    return this.once(this.profileFiles, file, async () => {
      const read = await loadYamlFile(file, this.display(file), this.d);
      if (!read.doc) return read.missing ? 'missing' : undefined;
      return parseProfile(read.doc, origin, this.d);
    });
  }

  /**
   * fullsend's integrity check: a URL-fetched provider's type must be a profile the workspace lists. It skips
   * `fullsend-openai` and the reserved types, whose profiles fullsend imports itself.
   */
  private checkUrlProviderTypes(providers: DeclaredProvider[], profiles: DeclaredProfile[]): void {
    const ids = new Set(profiles.map((p) => p.id));
    for (const p of providers) {
      if (p.origin === 'url' && !ids.has(p.type) && !isRunScopedType(p.type) && !isReservedProfileId(p.type)) {
        this.d.error(p.at, `provider "${p.name}" (from ${p.url}) has type "${p.type}", which no profile of this workspace defines`);
      }
    }
  }

  /** Each file is read and reported once, however many harnesses name it. */
  private once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    let p = cache.get(key);
    if (!p) {
      p = make();
      cache.set(key, p);
    }
    return p;
  }
}

function declaration(h: LoadedHarness, ref: HarnessRef): Declaration {
  return { harness: h.display, harnessFile: h.file, field: ref.field, entry: ref.value, at: ref.at, agents: [...h.agents] };
}

async function listYaml(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => path.join(dir, n));
}
