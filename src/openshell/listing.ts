// Reading `-o json` lists defensively (openshell-0.1.md §10.3): a 0.0.x array or a 0.1.x envelope
// `{"<items>": […], "next_page_token": "…"}`, any key order, unknown fields ignored, optional fields
// tolerated when missing. Anything else is an error that says what was wrong, never a silent empty list.
import { OpenShellError } from './errors';
import type { ProviderDto, SandboxDto } from './types';

export interface Page<T> {
  items: T[];
  /** `""` on the last page (and always for a 0.0.x array). */
  next: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const record = <T>(v: unknown, keep: (x: unknown) => x is T): Record<string, T> | undefined =>
  isObj(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => keep(x))) as Record<string, T> : undefined;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
/** `created_at`: absent, epoch ms (0.0) or `YYYY-MM-DD HH:MM:SS` (0.1); anything else is dropped. */
const createdAt = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? { created_at: v } : {});

/** Parses one page of a list; `key` is the envelope's collection (`providers`, `sandboxes`). */
export function parsePage<T>(stdout: string, key: string, item: (raw: Obj) => T | undefined): Page<T> {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    throw new Error(stdout.trim() ? 'the JSON is malformed or cut short' : 'it printed nothing');
  }
  let raw: unknown[];
  let next = '';
  if (Array.isArray(data)) raw = data;
  else if (isObj(data) && Array.isArray(data[key])) {
    raw = data[key] as unknown[];
    const token = data.next_page_token;
    if (token !== undefined && token !== null && typeof token !== 'string') throw new Error('next_page_token is not a string');
    next = token ?? '';
  } else throw new Error(`expected a list or an object with a "${key}" list`);
  const items: T[] = [];
  for (const r of raw) {
    const x = isObj(r) ? item(r) : undefined;
    if (x === undefined) throw new Error(`an entry of "${key}" has no name`);
    items.push(x);
  }
  return { items, next };
}

export function providerItem(r: Obj): ProviderDto | undefined {
  const name = str(r.name);
  if (!name) return undefined;
  return {
    // Kept empty rather than invented when missing: the fingerprint check then fails closed.
    id: str(r.id) ?? '',
    name,
    type: str(r.type) ?? '',
    workspace: str(r.workspace) ?? '',
    credential_keys: strings(r.credential_keys),
    ...(Array.isArray(r.config_keys) ? { config_keys: strings(r.config_keys) } : {}),
    ...(num(r.resource_version) !== undefined ? { resource_version: num(r.resource_version) } : {}),
    ...createdAt(r.created_at),
    ...(record(r.credential_expires_at_ms, isNum) ? { credential_expires_at_ms: record(r.credential_expires_at_ms, isNum) } : {}),
    ...(record(r.labels, isStr) ? { labels: record(r.labels, isStr) } : {}),
  };
}

export function sandboxItem(r: Obj): SandboxDto | undefined {
  const name = str(r.name);
  if (!name) return undefined;
  return {
    id: str(r.id) ?? '',
    name,
    phase: str(r.phase) ?? 'Unknown',
    ...createdAt(r.created_at),
    ...(str(r.workspace) !== undefined ? { workspace: str(r.workspace) } : {}),
    ...(record(r.labels, isStr) ? { labels: record(r.labels, isStr) } : {}),
    ...(record(r.annotations, isStr) ? { annotations: record(r.annotations, isStr) } : {}),
    ...(num(r.resource_version) !== undefined ? { resource_version: num(r.resource_version) } : {}),
    ...(num(r.current_policy_version) !== undefined ? { current_policy_version: num(r.current_policy_version) } : {}),
  };
}

/** A JSON array of objects with an `id` (profile lists: a plain array in both dialects, openshell-0.1.md §5.6). */
export function parseIdArray<T extends { id: string }>(stdout: string): T[] {
  const { items } = parsePage(stdout, 'profiles', (r) => (typeof r.id === 'string' && r.id ? (r as unknown as T) : undefined));
  return items;
}

/** The most pages one list may take before it is called a loop (1000 × 1000 items). */
export const MAX_PAGES = 1000;

/**
 * Reads every page: `fetch(token)` returns one page; stops at an empty token, and fails on a token that
 * repeats or on more than MAX_PAGES pages (openshell-0.1.md §10.4) — never a loop.
 */
export async function readAllPages<T>(what: string, fetch: (token: string) => Promise<Page<T>>): Promise<T[]> {
  const seen = new Set<string>();
  const items: T[] = [];
  let token = '';
  for (let pages = 1; ; pages++) {
    const page = await fetch(token);
    items.push(...page.items);
    if (!page.next) return items;
    if (seen.has(page.next)) throw new OpenShellError('Unknown', `openshell: the gateway returned the page token of an earlier page of ${what} again; stopped after ${pages} pages rather than loop`);
    if (pages >= MAX_PAGES) throw new OpenShellError('Unknown', `openshell: ${what} did not end after ${MAX_PAGES} pages; stopped rather than loop`);
    seen.add(page.next);
    token = page.next;
  }
}
