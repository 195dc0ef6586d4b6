// A harness YAML file: the fields that decide what a run needs from the gateway (providers, profiles) and
// from the host (env maps, runner_env, host_files). The `forge.<platform>` block is merged in the way
// fullsend's mergeForgeConfig does (ADR 0045): lists are concatenated after the top-level ones, maps are
// merged with the forge keys winning, host_files are deduplicated by dest with the forge entry winning.
import type { Node } from 'yaml';
import type { Diagnostics, Location } from './diagnostics';
import { providerEntryKind, type EntryKind } from './entries';
import { loadYamlFile, type YamlDoc } from './yamlFile';

export const FORGE_KEYS = ['github', 'gitlab', 'jira'] as const;
const BARE_PROVIDER_NAME = /^[a-zA-Z0-9_-]+$/;

export interface HarnessRef {
  value: string;
  kind: EntryKind;
  /** Where it came from, e.g. `providers[1]` or `forge.github.openshell.profiles[0]`. */
  field: string;
  at: Location;
}

export interface EnvVarEntry {
  key: string;
  /** The value as written (a template such as `${GH_TOKEN}`). */
  value: string;
  field: string;
  at: Location;
}

export interface HostFileEntry {
  src: string;
  dest: string;
  expand: boolean;
  optional: boolean;
  field: string;
  at: Location;
}

export interface Harness {
  file: string;
  display: string;
  /** Set when the harness came from a pinned URL (read from fullsend's cache). */
  url?: string;
  agent?: string;
  role?: string;
  slug?: string;
  image?: string;
  policy?: string;
  providers: HarnessRef[];
  profiles: HarnessRef[];
  env: { runner: EnvVarEntry[]; sandbox: EnvVarEntry[] };
  runnerEnv: EnvVarEntry[];
  hostFiles: HostFileEntry[];
  /** Keys present under `forge:`. */
  forgeKeys: string[];
  /** The forge block merged in, if the harness had one for the selected platform. */
  forge?: string;
}

export type HarnessLoad = { harness: Harness; missing?: false } | { harness?: undefined; missing: boolean };

export async function loadHarness(file: string, display: string, forge: string, d: Diagnostics): Promise<HarnessLoad> {
  const read = await loadYamlFile(file, display, d);
  if (!read.doc) return { missing: read.missing };
  const harness = parseHarness(read.doc, forge, d);
  return harness ? { harness } : { missing: false };
}

/** Reads a parsed harness; `forge` is the platform whose block is merged ('' for none). */
export function parseHarness(doc: YamlDoc, forge: string, d: Diagnostics): Harness | undefined {
  const root = doc.root;
  if (!doc.isMap(root)) {
    d.error(doc.at(root), 'a harness file must be a mapping with at least agent:');
    return undefined;
  }
  const h: Harness = {
    file: doc.file,
    display: doc.display,
    providers: [],
    profiles: [],
    env: { runner: [], sandbox: [] },
    runnerEnv: [],
    hostFiles: [],
    forgeKeys: [],
  };
  for (const key of ['agent', 'role', 'slug', 'image', 'policy'] as const) {
    const v = doc.str(doc.get(root, key), key, d);
    if (v) h[key] = v;
  }
  if (!h.agent) d.error(doc.at(root), 'harness has no agent: (fullsend requires it)');
  if (doc.has(root, 'base')) d.warn(doc.at(doc.get(root, 'base')), 'base: composition is not evaluated here; providers, profiles and env from the base harness are not included');
  if (doc.has(root, 'overlays')) d.warn(doc.at(doc.get(root, 'overlays')), 'overlays: are CEL-guarded and not evaluated here; providers, profiles and env they add are not included');

  const top = readBlock(doc, root, '', d);
  h.providers = top.providers;
  h.profiles = top.profiles;
  h.env = top.env;
  h.runnerEnv = top.runnerEnv;
  h.hostFiles = top.hostFiles;

  const forgeNode = doc.get(root, 'forge');
  for (const e of doc.entries(forgeNode, 'forge', d)) {
    h.forgeKeys.push(e.key);
    if (!(FORGE_KEYS as readonly string[]).includes(e.key)) {
      d.error(e.at, `forge: unrecognized key "${e.key}" (valid: ${FORGE_KEYS.join(', ')})`);
      continue;
    }
    const block = readBlock(doc, e.value, `forge.${e.key}.`, d);
    if (e.key !== forge) continue; // other platforms are validated but not merged
    h.forge = e.key;
    h.providers.push(...block.providers);
    h.profiles.push(...block.profiles);
    h.env.runner = mergeEnv(h.env.runner, block.env.runner);
    h.env.sandbox = mergeEnv(h.env.sandbox, block.env.sandbox);
    h.runnerEnv = mergeEnv(h.runnerEnv, block.runnerEnv);
    const dests = new Set(block.hostFiles.map((f) => f.dest));
    h.hostFiles = [...h.hostFiles.filter((f) => !dests.has(f.dest)), ...block.hostFiles];
  }
  return h;
}

interface Block {
  providers: HarnessRef[];
  profiles: HarnessRef[];
  env: { runner: EnvVarEntry[]; sandbox: EnvVarEntry[] };
  runnerEnv: EnvVarEntry[];
  hostFiles: HostFileEntry[];
}

// The fields shared by the top level and each forge block; `prefix` is '' or `forge.<key>.`.
function readBlock(doc: YamlDoc, node: Node | null | undefined, prefix: string, d: Diagnostics): Block {
  const providers = doc.strings(doc.get(node, 'providers'), `${prefix}providers`, d).flatMap(({ value, at, index }): HarnessRef[] => {
    const field = `${prefix}providers[${index}]`;
    const kind = providerEntryKind(value);
    if (kind === 'name' && !BARE_PROVIDER_NAME.test(value)) {
      d.error(at, `${field}: provider name "${value}" contains invalid characters (allowed: a-z, A-Z, 0-9, _, -)`);
      return [];
    }
    return [{ value, kind, field, at }];
  });
  const openshell = doc.get(node, 'openshell');
  const profiles = doc.strings(doc.get(openshell, 'profiles'), `${prefix}openshell.profiles`, d).map(({ value, at, index }): HarnessRef => ({
    value,
    kind: providerEntryKind(value) === 'url' ? 'url' : 'path',
    field: `${prefix}openshell.profiles[${index}]`,
    at,
  }));
  const envNode = doc.get(node, 'env');
  const env = {
    runner: envEntries(doc, doc.get(envNode, 'runner'), `${prefix}env.runner`, d),
    sandbox: envEntries(doc, doc.get(envNode, 'sandbox'), `${prefix}env.sandbox`, d),
  };
  if (!doc.isNull(envNode) && envNode !== undefined && !doc.isMap(envNode)) d.error(doc.at(envNode), `${prefix}env must be a mapping with runner: and sandbox:`);
  const runnerEnv = envEntries(doc, doc.get(node, 'runner_env'), `${prefix}runner_env`, d);
  const hostFiles: HostFileEntry[] = [];
  doc.seq(doc.get(node, 'host_files'), `${prefix}host_files`, d).forEach((item, index) => {
    const field = `${prefix}host_files[${index}]`;
    if (!doc.isMap(item)) {
      d.error(doc.at(item), `${field} must be a mapping with src: and dest:`);
      return;
    }
    const src = doc.str(doc.get(item, 'src'), `${field}.src`, d);
    const dest = doc.str(doc.get(item, 'dest'), `${field}.dest`, d);
    if (!src) d.error(doc.at(item), `${field}: src is required`);
    if (!dest) d.error(doc.at(item), `${field}: dest is required`);
    if (!src || !dest) return;
    hostFiles.push({
      src,
      dest,
      expand: doc.bool(doc.get(item, 'expand'), `${field}.expand`, d) ?? false,
      optional: doc.bool(doc.get(item, 'optional'), `${field}.optional`, d) ?? false,
      field,
      at: doc.at(doc.get(item, 'src') ?? item),
    });
  });
  return { providers, profiles, env, runnerEnv, hostFiles };
}

function envEntries(doc: YamlDoc, node: Node | null | undefined, field: string, d: Diagnostics): EnvVarEntry[] {
  return doc.stringMap(node, field, d).map(({ key, value, at }) => ({ key, value, field: `${field}[${key}]`, at }));
}

function mergeEnv(base: EnvVarEntry[], over: EnvVarEntry[]): EnvVarEntry[] {
  const keys = new Set(over.map((e) => e.key));
  return [...base.filter((e) => !keys.has(e.key)), ...over];
}
