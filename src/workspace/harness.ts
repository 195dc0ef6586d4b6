// A harness YAML file as written: the fields that decide what a run needs from the gateway (providers,
// profiles) and from the host (env maps, runner_env, host_files), plus the parts fullsend composes — `base:`,
// `forge:` blocks and `overlays:` (fullsend-current.md §1). Composition itself is in compose.ts; this file
// only reads one document and knows how two blocks merge.
import type { Node } from 'yaml';
import type { Diagnostics, Location } from './diagnostics';
import { providerEntryKind, type EntryKind } from './entries';
import { loadYamlFile, type YamlDoc } from './yamlFile';

/** fullsend's ValidForgeKeys (HRN forge.go): the only platforms a `forge:` map or `--forge` may name. */
export const FORGE_KEYS = ['github', 'gitlab'] as const;
const BARE_PROVIDER_NAME = /^[a-zA-Z0-9_-]+$/;

export interface HarnessRef {
  value: string;
  kind: EntryKind;
  /** Where it came from, e.g. `providers[1]` or `forge.github.openshell.profiles[0]`. */
  field: string;
  at: Location;
  /** Set when the entry was written in a harness fetched from this URL: fullsend resolves a path entry against it. */
  relativeTo?: string;
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

/** The fields a harness, a forge block and an overlay share (fullsend's ForgeConfig, as far as the extension needs it). */
export interface Block {
  providers: HarnessRef[];
  profiles: HarnessRef[];
  env: { runner: EnvVarEntry[]; sandbox: EnvVarEntry[] };
  runnerEnv: EnvVarEntry[];
  hostFiles: HostFileEntry[];
}

export const SCALAR_FIELDS = ['agent', 'role', 'slug', 'image', 'policy', 'model', 'effort'] as const;
export type ScalarField = (typeof SCALAR_FIELDS)[number];

export interface ForgeEntry {
  key: string;
  /** null: written as `github: ~`, which drops a platform inherited from a base. */
  block: Block | null;
  at: Location;
}

export interface OverlayEntry {
  /** The CEL condition. */
  when: string;
  block: Block;
  field: string;
  at: Location;
}

/** One harness document, before `base:` is composed and before a forge block or overlay is applied. */
export interface RawHarness extends Block, Partial<Record<ScalarField, string>> {
  file: string;
  display: string;
  /** Set when the harness came from a pinned URL (read from fullsend's cache). */
  url?: string;
  base?: { value: string; at: Location };
  forge: ForgeEntry[];
  overlays: OverlayEntry[];
  at: Location;
}

/** A composed harness: base chain merged, the run's forge block or matching overlays applied. */
export interface Harness extends Block, Partial<Record<ScalarField, string>> {
  file: string;
  display: string;
  url?: string;
  /** The base chain, nearest first (displayed paths or URLs). */
  bases: string[];
  /** Keys present under `forge:` after composition. */
  forgeKeys: string[];
  /** The forge block merged in, if the harness had one for the selected platform. */
  forge?: string;
  /** The `when:` of each overlay that matched, in order. */
  overlays: string[];
}

export type RawHarnessLoad = { harness: RawHarness; missing?: false } | { harness?: undefined; missing: boolean };

export async function loadRawHarness(file: string, display: string, d: Diagnostics): Promise<RawHarnessLoad> {
  const read = await loadYamlFile(file, display, d);
  if (!read.doc) return { missing: read.missing };
  const harness = parseHarness(read.doc, d);
  return harness ? { harness } : { missing: false };
}

/** Reads one harness document as written (LoadRaw: no validation beyond the shapes). */
export function parseHarness(doc: YamlDoc, d: Diagnostics, url?: string): RawHarness | undefined {
  const root = doc.root;
  if (!doc.isMap(root)) {
    d.error(doc.at(root), 'a harness file must be a mapping with at least agent:');
    return undefined;
  }
  const top = readBlock(doc, root, '', d, url);
  const h: RawHarness = { file: doc.file, display: doc.display, ...top, forge: [], overlays: [], at: doc.at(root) };
  if (url) h.url = url;
  for (const key of SCALAR_FIELDS) {
    const v = doc.str(doc.get(root, key), key, d);
    if (v) h[key] = v;
  }
  const base = doc.get(root, 'base');
  const baseValue = doc.str(base, 'base', d);
  if (baseValue) h.base = { value: baseValue, at: doc.at(base) };

  for (const e of doc.entries(doc.get(root, 'forge'), 'forge', d)) {
    if (!(FORGE_KEYS as readonly string[]).includes(e.key)) {
      d.error(e.at, `forge: unrecognized key "${e.key}" (valid: ${FORGE_KEYS.join(', ')})`);
      continue;
    }
    h.forge.push({ key: e.key, block: doc.isNull(e.value) ? null : readBlock(doc, e.value, `forge.${e.key}.`, d, url), at: e.at });
  }
  doc.seq(doc.get(root, 'overlays'), 'overlays', d).forEach((item, index) => {
    const field = `overlays[${index}]`;
    if (!doc.isMap(item)) {
      d.error(doc.at(item), `${field} must be a mapping with when:`);
      return;
    }
    const when = doc.str(doc.get(item, 'when'), `${field}.when`, d);
    if (!when) {
      d.error(doc.at(item), `${field}: when is required (a CEL condition)`);
      return;
    }
    h.overlays.push({ when, block: readBlock(doc, item, `${field}.`, d, url), field, at: doc.at(doc.get(item, 'when') ?? item) });
  });
  return h;
}

/**
 * Appends `over` to `into` the way fullsend's merges do: lists concatenated after the existing ones, env maps
 * merged with `over` winning, host_files deduplicated by dest with the later entry winning (mergeBaseIntoChild
 * and mergeForgeConfig agree on these fields, fullsend-current.md §1.3).
 */
export function mergeBlock(into: Block, over: Block): Block {
  const dests = new Set(over.hostFiles.map((f) => f.dest));
  return {
    providers: [...into.providers, ...over.providers],
    profiles: [...into.profiles, ...over.profiles],
    env: { runner: mergeEnv(into.env.runner, over.env.runner), sandbox: mergeEnv(into.env.sandbox, over.env.sandbox) },
    runnerEnv: mergeEnv(into.runnerEnv, over.runnerEnv),
    hostFiles: [...into.hostFiles.filter((f) => !dests.has(f.dest)), ...over.hostFiles],
  };
}

export function emptyBlock(): Block {
  return { providers: [], profiles: [], env: { runner: [], sandbox: [] }, runnerEnv: [], hostFiles: [] };
}

// The fields shared by the top level and each forge block; `prefix` is '' or `forge.<key>.`.
function readBlock(doc: YamlDoc, node: Node | null | undefined, prefix: string, d: Diagnostics, url?: string): Block {
  const providers = doc.strings(doc.get(node, 'providers'), `${prefix}providers`, d).flatMap(({ value, at, index }): HarnessRef[] => {
    const field = `${prefix}providers[${index}]`;
    const kind = providerEntryKind(value);
    if (kind === 'name' && !BARE_PROVIDER_NAME.test(value)) {
      d.error(at, `${field}: provider name "${value}" contains invalid characters (allowed: a-z, A-Z, 0-9, _, -)`);
      return [];
    }
    return [withOrigin({ value, kind, field, at }, url)];
  });
  const openshell = doc.get(node, 'openshell');
  const profiles = doc.strings(doc.get(openshell, 'profiles'), `${prefix}openshell.profiles`, d).map(({ value, at, index }): HarnessRef => withOrigin({
    value,
    kind: providerEntryKind(value) === 'url' ? 'url' : 'path',
    field: `${prefix}openshell.profiles[${index}]`,
    at,
  }, url));
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

/** A path entry written in a URL-fetched harness resolves against that URL, not against the fullsend dir. */
function withOrigin(ref: HarnessRef, url: string | undefined): HarnessRef {
  return url && ref.kind === 'path' ? { ...ref, relativeTo: url } : ref;
}
