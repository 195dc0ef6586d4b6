// `<fullsend dir>/config.yaml`: which kind of config it is and, above all, its `agents:` list, since that
// decides which harnesses (and so which providers and profiles) the workspace declares.
import path = require('path');
import type { Node } from 'yaml';
import type { Diagnostics, Location } from './diagnostics';
import { fileEntryKind } from './entries';
import { loadYamlFile, type YamlDoc } from './yamlFile';

/** per-repo: `.fullsend/config.yaml`; org: `<org>/.fullsend` (deprecated); agents: an agents/harness repo. */
export type ConfigKind = 'per-repo' | 'org' | 'agents';

export interface AgentEntry {
  /** Position in `agents:`. */
  index: number;
  /** The name `fullsend run <name>` matches (case-insensitively). */
  name: string;
  /** `name:` when given. */
  explicitName?: string;
  /** '' for an override-only entry (no source: it tunes an agent fullsend fetches from fullsend-ai/agents). */
  source: string;
  sourceKind: 'path' | 'url' | 'agents-repo';
  enabled: boolean;
  /** `fullsend agent set --runtime/--model/--effort` writes these; `fullsend run` uses them below flags and env. */
  runtime?: string;
  model?: string;
  effort?: string;
  at: Location;
}

export interface ConfigFile {
  file: string;
  kind: ConfigKind;
  version?: string;
  /** Undefined when config.yaml has no `agents:` key. */
  agents?: AgentEntry[];
  allowedRemoteResources: string[];
  /** Whether `allowed_remote_resources` is written at all (omitted: fullsend's defaults; `[]`: deny-all). */
  declaresAllowlist: boolean;
  /** A per-repo `forge:` given as a plain platform name (github, gitlab). */
  forge?: string;
  /** `models.aliases`: alias → model id. */
  modelAliases: Record<string, string>;
  /** The file as plain data, for the `config` variable of overlay conditions (fullsend's BuildConfigMap keys). */
  celMap: Record<string, unknown>;
}

/** BuildConfigMap (HRN forge.go): the keys an overlay's `config.` may read. */
const CEL_CONFIG_KEYS = ['forge', 'tracker', 'runtime', 'roles', 'version', 'kill_switch', 'agents', 'allowed_remote_resources', 'create_issues', 'status_notifications'];

/**
 * config.AgentEntry.DerivedName: the explicit name, else the source's basename without its extension and
 * without any `#…` fragment (`harness/triage.yaml` → `triage`, `https://…/code.yaml#sha256=…` → `code`).
 */
export function derivedAgentName(entry: { name?: string; source: string }): string {
  if (entry.name) return entry.name;
  let src = entry.source;
  const hash = src.lastIndexOf('#');
  if (hash >= 0) src = src.slice(0, hash);
  const base = path.posix.basename(src);
  const ext = path.posix.extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

/** Reads config.yaml. Undefined when it does not exist (an agents repo may have only `harness/*.yaml`). */
export async function loadConfig(file: string, display: string, hint: 'per-repo' | 'agents-repo', d: Diagnostics): Promise<ConfigFile | undefined> {
  const read = await loadYamlFile(file, display, d);
  if (!read.doc) {
    // Malformed: still a config of the expected kind, just with nothing usable in it.
    return read.missing ? undefined : emptyConfig(file, hint);
  }
  const doc = read.doc;
  const root = doc.root;
  if (!doc.isNull(root) && !doc.isMap(root)) {
    d.error(doc.at(root), 'config.yaml must be a mapping');
    return emptyConfig(file, hint);
  }
  const plain = (doc.isMap(root) ? (root as unknown as { toJSON(): unknown }).toJSON() : {}) as Record<string, unknown>;
  const config: ConfigFile = {
    file,
    kind: configKind(doc, root, hint),
    allowedRemoteResources: doc.strings(doc.get(root, 'allowed_remote_resources'), 'allowed_remote_resources', d).map((s) => s.value),
    declaresAllowlist: doc.has(root, 'allowed_remote_resources') && !doc.isNull(doc.get(root, 'allowed_remote_resources')),
    modelAliases: Object.fromEntries(doc.stringMap(doc.get(doc.get(root, 'models'), 'aliases'), 'models.aliases', d).map((e) => [e.key, e.value])),
    celMap: Object.fromEntries(CEL_CONFIG_KEYS.filter((k) => plain && k in plain).map((k) => [k, plain[k]])),
  };
  const version = doc.str(doc.get(root, 'version'), 'version', d);
  if (version !== undefined) config.version = version;
  const forge = doc.get(root, 'forge');
  if (doc.isScalar(forge)) {
    const platform = doc.str(forge, 'forge', d);
    if (platform) config.forge = platform;
  }
  if (doc.has(root, 'agents')) config.agents = readAgents(doc, doc.get(root, 'agents'), d);
  return config;
}

function emptyConfig(file: string, hint: 'per-repo' | 'agents-repo'): ConfigFile {
  return { file, kind: hint === 'per-repo' ? 'per-repo' : 'agents', allowedRemoteResources: [], declaresAllowlist: false, modelAliases: {}, celMap: {} };
}

// isOrgConfigData in fullsend's run.go: header comments first, then org-only keys.
function configKind(doc: YamlDoc, root: Node | null, hint: 'per-repo' | 'agents-repo'): ConfigKind {
  if (doc.text.includes('fullsend per-repo configuration')) return 'per-repo';
  if (doc.text.includes('fullsend organization configuration')) return 'org';
  const repos = doc.get(root, 'repos');
  if (doc.has(root, 'dispatch') || doc.has(root, 'defaults') || doc.size(repos) > 0) return 'org';
  return hint === 'per-repo' ? 'per-repo' : 'agents';
}

function readAgents(doc: YamlDoc, node: Node | null | undefined, d: Diagnostics): AgentEntry[] {
  const out: AgentEntry[] = [];
  doc.seq(node, 'agents', d).forEach((item, index) => {
    const field = `agents[${index}]`;
    const at = doc.at(item);
    let source: string | undefined;
    let explicitName: string | undefined;
    let enabled = true;
    const tuning: Pick<AgentEntry, 'runtime' | 'model' | 'effort'> = {};
    if (doc.isScalar(item)) {
      source = doc.str(item, field, d);
    } else if (doc.isMap(item)) {
      if (doc.has(item, 'role') && !doc.has(item, 'source')) {
        d.error(at, `${field} uses the legacy role/name/slug format (removed by ADR 0045); use source: with a path or URL`);
        return;
      }
      source = doc.str(doc.get(item, 'source'), `${field}.source`, d);
      explicitName = doc.str(doc.get(item, 'name'), `${field}.name`, d) || undefined;
      const en = doc.bool(doc.get(item, 'enabled'), `${field}.enabled`, d);
      if (en !== undefined) enabled = en;
      for (const k of ['runtime', 'model', 'effort'] as const) {
        const v = doc.str(doc.get(item, k), `${field}.${k}`, d);
        if (v) tuning[k] = v;
      }
    } else {
      d.error(at, `${field} must be a string or a mapping with source:`);
      return;
    }
    if (!source) {
      // An override-only entry: fullsend fetches the agent itself from fullsend-ai/agents (its agents-repo
      // fallback), so it needs a name and declares nothing this workspace can see (fullsend-current.md §9.1).
      if (!explicitName) {
        d.error(at, `${field} has neither source nor name`);
        return;
      }
      out.push({ index, name: explicitName, explicitName, source: '', sourceKind: 'agents-repo', enabled, ...tuning, at });
      return;
    }
    const name = derivedAgentName({ name: explicitName, source });
    if (!name) {
      d.error(at, `${field}: cannot derive an agent name from source "${source}"; add name:`);
      return;
    }
    const entry: AgentEntry = { index, name, source, sourceKind: fileEntryKind(source), enabled, ...tuning, at };
    if (explicitName) entry.explicitName = explicitName;
    out.push(entry);
  });
  return out;
}
