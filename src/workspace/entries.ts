// How fullsend reads a `providers:` / `openshell.profiles:` / `agents:` entry: an HTTPS URL pinned with
// `#sha256=<hex>`, a local path, or (providers only) a bare name. URL entries are never fetched here; they
// are read from fullsend's own content-addressed cache when a run or `fullsend lock` has put them there.
import { createHash } from 'crypto';
import path = require('path');
import { decodeUtf8, safeReadFile } from './safeRead';

export type EntryKind = 'name' | 'path' | 'url';

const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** harness.IsProviderPath: a path contains `/` or ends in .yaml/.yml; URLs are checked first. */
export function providerEntryKind(entry: string): EntryKind {
  if (URL_LIKE.test(entry)) return 'url';
  if (entry.includes('/') || entry.endsWith('.yaml') || entry.endsWith('.yml')) return 'path';
  return 'name';
}

/** Profiles and agent sources are a path or a URL; there is no bare-name form. */
export function fileEntryKind(entry: string): 'path' | 'url' {
  return URL_LIKE.test(entry) ? 'url' : 'path';
}

export interface PinnedUrl {
  /** The URL without its fragment. */
  url: string;
  /** Lower-case hex, when the fragment is a well-formed `sha256=<64 hex>`. */
  sha256?: string;
  /** Why the entry cannot be used, when it cannot. */
  problem?: string;
}

/** urlutil.ParseIntegrityHash plus the checks resolveFileURL makes before fetching. */
export function parsePinnedUrl(raw: string): PinnedUrl {
  const hash = raw.lastIndexOf('#');
  const url = hash >= 0 ? raw.slice(0, hash) : raw;
  if (!url.toLowerCase().startsWith('https://')) return { url, problem: 'URL scheme must be https' };
  const fragment = hash >= 0 ? raw.slice(hash + 1) : '';
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(fragment);
  if (!m) return { url, problem: 'URL must include a #sha256=<64 hex digits> integrity hash' };
  return { url, sha256: m[1].toLowerCase() };
}

/** fetch.CachePath: `<dir>/.fullsend-cache/resources/sha256/<hex>/`; single files live in `content` next to `metadata.json`. */
export function cachedContentPath(fullsendDir: string, sha256: string): string {
  return path.join(fullsendDir, '.fullsend-cache', 'resources', 'sha256', sha256, 'content');
}

export type CacheRead = { ok: true; file: string; text: string } | { ok: false; reason: string };

/**
 * The cached copy of a pinned URL. Like fullsend's CacheGet it re-checks the content against the hash, so a
 * tampered or truncated entry is not used. Unlike CacheGet it does not require `metadata.json`: the content
 * address alone proves which bytes these are. The cache is part of the repository's tree as far as the
 * extension knows, so it is read through safeRead: a regular file inside the fullsend dir, 1 MiB at most, UTF-8.
 */
export async function readCached(fullsendDir: string, sha256: string): Promise<CacheRead> {
  const file = cachedContentPath(fullsendDir, sha256);
  const where = `.fullsend-cache/resources/sha256/${sha256}/`;
  const read = await safeReadFile(file, { root: fullsendDir, rootName: 'the fullsend directory', decode: false });
  if (!read.ok) {
    if (read.reason === 'missing') return { ok: false, reason: `not in fullsend's cache (${where}content); a fullsend run or \`fullsend lock\` fetches it` };
    return { ok: false, reason: `the cached copy ${where}content ${read.why}; it is not read` };
  }
  const actual = createHash('sha256').update(read.bytes).digest('hex');
  if (actual !== sha256) return { ok: false, reason: `the cached copy in ${where} does not match its sha256; delete it and let fullsend fetch it again` };
  const text = decodeUtf8(read.bytes);
  if (text === undefined) return { ok: false, reason: `the cached copy ${where}content is not valid UTF-8; it is not read` };
  return { ok: true, file, text };
}

/**
 * Harness.ResolveRelativeTo: relative paths resolve against the fullsend dir and must stay inside it;
 * absolute paths are taken as they are.
 */
export function resolveInside(fullsendDir: string, p: string): { file: string } | { problem: string } {
  if (path.isAbsolute(p)) return { file: path.normalize(p) };
  const file = path.resolve(fullsendDir, p);
  const rel = path.relative(fullsendDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { problem: `path "${p}" resolves outside the fullsend directory` };
  return { file };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
