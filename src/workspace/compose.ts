// Harness composition as fullsend's LoadWithBase does it for a local run (fullsend-current.md §1): the `base:`
// chain is loaded (a local base relative to the harness that names it, a URL base from fullsend's cache),
// merged base-first into the child, and then the run's forge block or the matching `overlays:` are applied.
// Views, Ensure, diagnostics and Run all read the result, so they agree with what `fullsend run --forge <p>`
// will do.
import path = require('path');
import type { Diagnostics, Location } from './diagnostics';
import { parsePinnedUrl, readCached } from './entries';
import { emptyBlock, mergeBlock, parseHarness, SCALAR_FIELDS, type ForgeEntry, type Harness, type RawHarness, type RawHarnessLoad } from './harness';
import { matchingOverlays, type OverlayVars } from './overlays';
import { parseYaml } from './yamlFile';

/** compose.go MaxBaseDepth: the child's base is depth 1. */
export const MAX_BASE_DEPTH = 5;

/** config.DefaultAllowedRemoteResources, appended to a non-empty allowlist (EnsureDefaultAllowedRemoteResources). */
export const DEFAULT_ALLOWED_REMOTE_RESOURCES = [
  'https://raw.githubusercontent.com/fullsend-ai/fullsend/',
  'https://raw.githubusercontent.com/fullsend-ai/agents/',
];

export interface ComposeContext {
  /** ComposeOpts.WorkspaceRoot: a local base must stay inside it. */
  fullsendDir: string;
  /** The platform `fullsend run --forge` gets. */
  forge: string;
  overlayVars: OverlayVars;
  /** config.yaml `allowed_remote_resources`: undefined when the key is absent (the defaults apply). */
  allowedRemoteResources?: readonly string[];
  d: Diagnostics;
  display(file: string): string;
  /** Reads a local harness file once, however many harnesses use it as a base. */
  readLocal(file: string): Promise<RawHarnessLoad>;
  /** A URL base that is not in fullsend's cache: the composition is incomplete, and says so. */
  skipBase(url: string, sha256: string, reason: string, at: Location): void;
}

/** Composes a harness document into what a run of it uses. */
export async function composeHarness(child: RawHarness, ctx: ComposeContext): Promise<Harness> {
  const visited = new Set<string>([child.url ?? path.resolve(child.file)]);
  const chain: RawHarness[] = [];
  await loadBaseChain(child, ctx, visited, chain, 1);

  // mergeBaseIntoChild from the farthest base inwards, so each child wins over its own base.
  let merged: RawHarness = chain.length ? chain[chain.length - 1] : child;
  for (let i = chain.length - 2; i >= 0; i--) merged = mergeBaseIntoChild(merged, chain[i]);
  if (chain.length) merged = mergeBaseIntoChild(merged, child);

  const h: Harness = {
    file: child.file,
    display: child.display,
    ...emptyBlock(),
    bases: chain.map((b) => b.url ?? b.display),
    forgeKeys: merged.forge.map((f) => f.key),
    overlays: [],
  };
  if (child.url) h.url = child.url;
  for (const k of SCALAR_FIELDS) if (merged[k]) h[k] = merged[k];
  Object.assign(h, mergeBlock(emptyBlock(), merged));
  if (!h.agent) ctx.d.error(child.at, `harness has no agent:${chain.length ? ' (nor does its base)' : ''} (fullsend requires it)`);

  if (merged.forge.length && merged.overlays.length) {
    // Validated after merging, so a thin child with forge: over a base with overlays: fails too.
    ctx.d.error(child.at, 'forge and overlays cannot coexist in the same harness; migrate forge entries to overlays');
    return h;
  }
  applyForge(h, merged.forge, ctx, child);
  for (const o of await matchingOverlays(merged.overlays, ctx.overlayVars, ctx.d)) {
    Object.assign(h, mergeBlock(h, o.block));
    h.overlays.push(o.when);
  }
  return h;
}

/** ResolveForge: nothing without a platform; a platform missing from a non-empty map fails the run. */
function applyForge(h: Harness, forge: ForgeEntry[], ctx: ComposeContext, child: RawHarness): void {
  if (!ctx.forge || !forge.length) return;
  const entry = forge.find((f) => f.key === ctx.forge && f.block);
  if (!entry?.block) {
    const available = forge.filter((f) => f.block).map((f) => f.key).join(', ') || 'none';
    ctx.d.error(forge[0]?.at ?? child.at, `forge platform "${ctx.forge}" not configured (available: ${available}); \`fullsend run --forge ${ctx.forge}\` fails on this harness`);
    return;
  }
  h.forge = entry.key;
  Object.assign(h, mergeBlock(h, entry.block));
}

async function loadBaseChain(h: RawHarness, ctx: ComposeContext, visited: Set<string>, chain: RawHarness[], depth: number): Promise<void> {
  if (!h.base) return;
  const { value, at } = h.base;
  if (depth > MAX_BASE_DEPTH) {
    ctx.d.error(at, `loading base chain: exceeded maximum base depth of ${MAX_BASE_DEPTH}`);
    return;
  }
  const base = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? await urlBase(value, at, ctx, visited) : await localBase(value, h, at, ctx, visited);
  if (!base) return;
  chain.push(base);
  await loadBaseChain(base, ctx, visited, chain, depth + 1);
}

async function localBase(ref: string, from: RawHarness, at: Location, ctx: ComposeContext, visited: Set<string>): Promise<RawHarness | undefined> {
  if (from.url) {
    ctx.d.error(at, `loading base chain: base "${ref}" is a local path inside a harness fetched from ${from.url}; fullsend resolves it against that URL, which this extension does not fetch`);
    return undefined;
  }
  // Relative to the directory of the harness that declares it, not the fullsend dir.
  const file = path.resolve(path.dirname(from.file), ref);
  const rel = path.relative(ctx.fullsendDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    ctx.d.error(at, `loading base chain: base path "${ref}" escapes workspace root`);
    return undefined;
  }
  if (visited.has(file)) {
    ctx.d.error(at, `loading base chain: circular base reference: ${ctx.display(file)}`);
    return undefined;
  }
  visited.add(file);
  const read = await ctx.readLocal(file);
  if (read.missing) ctx.d.error(at, `loading base chain: loading base harness ${ctx.display(file)}: the file does not exist`);
  return read.harness;
}

async function urlBase(raw: string, at: Location, ctx: ComposeContext, visited: Set<string>): Promise<RawHarness | undefined> {
  const pin = parsePinnedUrl(raw);
  if (!/^https:\/\//i.test(pin.url)) {
    ctx.d.error(at, `loading base chain: base URL scheme must be https, got ${pin.url.split('//')[0]}//`);
    return undefined;
  }
  if (!pin.sha256) {
    ctx.d.error(at, `loading base chain: base URL must include #sha256=... integrity hash: ${pin.url}`);
    return undefined;
  }
  if (!allowed(pin.url, ctx.allowedRemoteResources)) {
    ctx.d.error(at, `loading base chain: base URL "${pin.url}" is not in allowed_remote_resources`);
    return undefined;
  }
  if (visited.has(pin.url)) {
    ctx.d.error(at, `loading base chain: circular base reference: ${pin.url}`);
    return undefined;
  }
  visited.add(pin.url);
  const cached = await readCached(ctx.fullsendDir, pin.sha256);
  if (!cached.ok) {
    ctx.skipBase(pin.url, pin.sha256, cached.reason, at);
    return undefined;
  }
  const doc = await parseYaml(cached.text, cached.file, pin.url, ctx.d);
  return doc ? parseHarness(doc, ctx.d, pin.url) : undefined;
}

function allowed(url: string, list: readonly string[] | undefined): boolean {
  // Omitted: the defaults; `[]`: deny-all; a non-empty list gets the defaults appended (config.go).
  const prefixes = list === undefined ? DEFAULT_ALLOWED_REMOTE_RESOURCES : list.length ? [...list, ...DEFAULT_ALLOWED_REMOTE_RESOURCES] : [];
  return prefixes.some((p) => url.startsWith(p));
}

/** mergeBaseIntoChild (fullsend-current.md §1.3): scalars child-first, lists base-first, forge per platform. */
function mergeBaseIntoChild(base: RawHarness, child: RawHarness): RawHarness {
  const out: RawHarness = { ...child, ...mergeBlock(base, child), forge: mergeForgeMaps(base.forge, child.forge), overlays: [...base.overlays, ...child.overlays] };
  for (const k of SCALAR_FIELDS) out[k] = child[k] || base[k];
  delete out.base;
  return out;
}

function mergeForgeMaps(base: ForgeEntry[], child: ForgeEntry[]): ForgeEntry[] {
  const out = new Map<string, ForgeEntry>(base.map((f) => [f.key, f]));
  for (const f of child) {
    const inherited = out.get(f.key);
    if (!f.block) out.delete(f.key); // `github: ~` drops the inherited platform
    else out.set(f.key, inherited?.block ? { ...f, block: mergeBlock(inherited.block, f.block) } : f);
  }
  return [...out.values()];
}
