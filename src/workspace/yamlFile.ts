// One YAML loader for the whole workspace model: it keeps the node tree and a line counter so that every
// problem can name its file and line, and it reads values the way fullsend's Go decoder (yaml.v3) would.
// The `yaml` package is loaded on first use so that extension activation does not pay for it.
//
// Files come from a repository that is not trusted (ARCHITECTURE §6 "Hostile files"): they are read through
// safeRead (regular files inside the workspace folder, 1 MiB at most, UTF-8), and parsing is bounded — no
// quadratic duplicate-key check, nesting and alias expansion capped, at most MAX_YAML_DOCUMENTS documents
// looked at — so no file can hang or crash the extension host. Each refusal is a diagnostic on the file.
import path = require('path');
import type { Document, LineCounter, Node, Scalar } from 'yaml';
import { diagnostic, type Diagnostics, type Location } from './diagnostics';
import { safeReadFile, type SafeRead } from './safeRead';

type YamlModule = typeof import('yaml');
let loaded: YamlModule | undefined;

export async function yamlModule(): Promise<YamlModule> {
  loaded ??= await import('yaml');
  return loaded;
}

export interface Entry {
  key: string;
  value: Node | null;
  /** Where the key is. */
  at: Location;
}

/** A parsed YAML file plus typed readers that report shape errors (with file and line) instead of throwing. */
export class YamlDoc {
  constructor(
    readonly file: string,
    readonly display: string,
    readonly text: string,
    /** The first document's contents; null for an empty file. */
    readonly root: Node | null,
    private readonly lines: LineCounter,
    private readonly Y: YamlModule,
  ) {}

  /** The position of a node (or of the start of the file when there is none). */
  at(node: Node | null | undefined): Location {
    const offset = node?.range?.[0];
    if (offset === undefined) return { file: this.file, display: this.display, line: 1 };
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, display: this.display, line, column: col };
  }

  isNull(node: Node | null | undefined): boolean {
    return node == null || (this.Y.isScalar(node) && node.value == null);
  }

  isMap(node: Node | null | undefined): boolean {
    return this.Y.isMap(node);
  }

  isScalar(node: Node | null | undefined): node is Scalar {
    return this.Y.isScalar(node);
  }

  /** The value under `key` in a mapping; undefined when the node is not a mapping or has no such key. */
  get(node: Node | null | undefined, key: string): Node | null | undefined {
    if (!this.Y.isMap(node)) return undefined;
    for (const pair of node.items) {
      if (this.Y.isScalar(pair.key) && String(pair.key.value) === key) return (pair.value as Node | null) ?? null;
    }
    return undefined;
  }

  has(node: Node | null | undefined, key: string): boolean {
    return this.get(node, key) !== undefined;
  }

  /** Number of entries of a mapping or items of a list; 0 for anything else. */
  size(node: Node | null | undefined): number {
    return this.Y.isMap(node) || this.Y.isSeq(node) ? node.items.length : 0;
  }

  /**
   * A scalar as yaml.v3 decodes it into a Go string: its text (`1.0` stays "1.0"), with null as undefined.
   * A mapping or list where a string belongs is reported.
   */
  str(node: Node | null | undefined, field: string, d: Diagnostics): string | undefined {
    if (this.isNull(node)) return undefined;
    if (this.Y.isScalar(node)) {
      if (typeof node.value === 'string') return node.value;
      return node.source ?? String(node.value);
    }
    d.error(this.at(node), `${field} must be a string`);
    return undefined;
  }

  bool(node: Node | null | undefined, field: string, d: Diagnostics): boolean | undefined {
    if (this.isNull(node)) return undefined;
    if (this.Y.isScalar(node) && typeof node.value === 'boolean') return node.value;
    d.error(this.at(node), `${field} must be true or false`);
    return undefined;
  }

  /** Items of a list; null or absent is an empty list. */
  seq(node: Node | null | undefined, field: string, d: Diagnostics): Node[] {
    if (this.isNull(node)) return [];
    if (this.Y.isSeq(node)) return node.items as Node[];
    d.error(this.at(node), `${field} must be a list`);
    return [];
  }

  /** Entries of a mapping with scalar keys; null or absent is an empty mapping. */
  entries(node: Node | null | undefined, field: string, d: Diagnostics): Entry[] {
    if (this.isNull(node)) return [];
    if (!this.Y.isMap(node)) {
      d.error(this.at(node), `${field} must be a mapping`);
      return [];
    }
    const out: Entry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (!this.Y.isScalar(keyNode) || keyNode.value == null) {
        d.error(this.at(keyNode ?? node), `${field} has a key that is not a string`);
        continue;
      }
      out.push({ key: String(keyNode.value), value: (pair.value as Node | null) ?? null, at: this.at(keyNode) });
    }
    return out;
  }

  /** A list of strings, each with its position. */
  strings(node: Node | null | undefined, field: string, d: Diagnostics): { value: string; at: Location; index: number }[] {
    const out: { value: string; at: Location; index: number }[] = [];
    this.seq(node, field, d).forEach((item, index) => {
      const value = this.str(item, `${field}[${index}]`, d);
      if (value !== undefined) out.push({ value, at: this.at(item), index });
    });
    return out;
  }

  /** A mapping of string to string (credentials, env maps); null values read as "" like yaml.v3 does. */
  stringMap(node: Node | null | undefined, field: string, d: Diagnostics): { key: string; value: string; at: Location }[] {
    const out: { key: string; value: string; at: Location }[] = [];
    for (const e of this.entries(node, field, d)) {
      if (this.isNull(e.value)) {
        out.push({ key: e.key, value: '', at: e.at });
        continue;
      }
      const value = this.str(e.value, `${field}.${e.key}`, d);
      if (value !== undefined) out.push({ key: e.key, value, at: e.at });
    }
    return out;
  }
}

export type LoadResult = { doc: YamlDoc; missing?: false } | { doc?: undefined; missing: boolean };

/** Deeper nesting is refused before anything walks the tree recursively (fullsend's files nest a few levels). */
export const MAX_YAML_DEPTH = 100;
/** yaml's maxAliasCount: how much alias expansion a document may cause before it counts as an alias bomb. */
export const MAX_YAML_ALIASES = 100;
/** Documents looked at in one file (fullsend reads the first; the rest are only checked for syntax). */
export const MAX_YAML_DOCUMENTS = 100;

export interface LoadYamlOptions {
  /**
   * The workspace folder the file must stay inside once symlinks are resolved. By default it is derived from
   * `display`, which diagnostics.displayPath makes relative to the workspace folder exactly when the file is inside
   * it: a relative display names the folder, an absolute one says the file is outside it (and it is refused).
   */
  root?: string;
}

/**
 * Reads and parses a YAML file. Syntax errors are reported with file and line and the file's content is not
 * used (fullsend's decoder rejects the whole file too). A missing file is not reported here: the caller knows
 * why the file was expected and says so. A file that is not a regular file, is too large, is not UTF-8 or lies
 * outside the workspace folder is reported on the file (line 1, or the line of the first invalid byte).
 */
export async function loadYamlFile(file: string, display: string, d: Diagnostics, opts: LoadYamlOptions = {}): Promise<LoadResult> {
  const root = opts.root ?? workspaceFolderOf(file, display);
  const read: SafeRead =
    root === 'outside'
      ? { ok: false, file, reason: 'outside', why: 'is outside the workspace folder (only files inside the workspace folders are read)', line: 1 }
      : await safeReadFile(file, { root });
  if (!read.ok) {
    if (read.reason === 'missing') return { missing: true };
    reportRefusal(read, display, d);
    return { missing: false };
  }
  const doc = await parseYaml(read.text, file, display, d);
  return doc ? { doc } : { missing: false };
}

/** A refused read as a diagnostic on the file, with its ARCHITECTURE §9 code. */
function reportRefusal(read: Extract<SafeRead, { ok: false }>, display: string, d: Diagnostics): void {
  const at = { file: read.file, display, line: read.line };
  if (read.reason === 'invalid-utf8') {
    d.add({ ...diagnostic('error', at, 'invalid YAML: this line is not valid UTF-8 (the file is not read)'), code: 'yaml-syntax' });
    return;
  }
  const text = read.reason === 'unreadable' ? `cannot read the file (${read.errno ?? 'error'})` : `the file ${read.why}; it is not read`;
  d.add({ ...diagnostic('error', at, text), code: read.reason === 'too-large' ? 'file-too-large' : 'not-a-file' });
}

/**
 * The workspace folder of a file the model displays as `display`: the path minus the displayed suffix when the
 * display is relative, 'outside' when it is absolute (displayPath shows files outside the folder absolutely), and
 * the file's own directory when the display is something else (a caller that did not use displayPath).
 */
export function workspaceFolderOf(file: string, display: string): string | 'outside' {
  const abs = path.resolve(file);
  if (path.isAbsolute(display)) return path.resolve(display) === abs ? 'outside' : path.dirname(abs);
  const rel = display.split('/').join(path.sep);
  if (rel && !rel.startsWith('..') && abs.endsWith(path.sep + rel)) return abs.slice(0, abs.length - rel.length - 1) || path.sep;
  return path.dirname(abs);
}

interface Problem {
  offset: number;
  message: string;
}

interface Composed {
  first?: Document.Parsed;
  /** Where the second document's content starts, when there is one. */
  second?: number;
  problems: Problem[];
}

/**
 * The first document of `text`, composed with bounded work: documents are streamed and only the first is kept,
 * duplicate keys are found with a Set per mapping (yaml's own uniqueKeys check is quadratic: 80 000 keys take
 * a minute), and nesting and aliases are capped. A parser that runs out of stack is one problem, not dozens.
 */
function compose(Y: YamlModule, text: string, lines: LineCounter | undefined): Composed {
  const out: Composed = { problems: [] };
  try {
    const parser = new Y.Parser(lines?.addNewLine);
    const composer = new Y.Composer({ prettyErrors: false, uniqueKeys: false });
    let n = 0;
    for (const doc of composer.compose(parser.parse(text))) {
      n++;
      if (n === 1) out.first = doc;
      else if (n === 2) out.second = (doc.contents as Node | null)?.range?.[0] ?? 0;
      const tooDeep = doc.errors.find((e) => /call stack/i.test(e.message));
      if (tooDeep) out.problems.push({ offset: tooDeep.pos[0], message: `nesting is too deep to parse (more than ${MAX_YAML_DEPTH} levels are refused)` });
      else for (const err of doc.errors) out.problems.push({ offset: err.pos[0], message: firstLine(err.message) });
      if (n >= MAX_YAML_DOCUMENTS) break;
    }
  } catch (err) {
    out.problems.push({ offset: 0, message: `the file could not be parsed (${firstLine(err instanceof Error ? err.message : String(err))})` });
  }
  if (out.problems.length === 0 && out.first) checkTree(Y, out.first, lines, out.problems);
  return out;
}

/** Depth, duplicate keys and alias expansion of a parsed document, walked without recursion. */
function checkTree(Y: YamlModule, doc: Document.Parsed, lines: LineCounter | undefined, problems: Problem[]): void {
  const root = doc.contents as Node | null;
  if (!root) return;
  let firstAlias: number | undefined;
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (Y.isAlias(node)) {
      firstAlias ??= node.range?.[0] ?? 0;
      continue;
    }
    if (!Y.isMap(node) && !Y.isSeq(node)) continue;
    if (depth > MAX_YAML_DEPTH) {
      problems.push({ offset: node.range?.[0] ?? 0, message: `nesting is deeper than ${MAX_YAML_DEPTH} levels` });
      return;
    }
    if (Y.isSeq(node)) {
      for (const item of node.items) if (Y.isNode(item)) stack.push([item, depth + 1]);
      continue;
    }
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      const key = pair.key;
      if (Y.isScalar(key)) {
        // yaml's uniqueKeys rule: scalar keys with the same value (`1` and `1.0` too) are the same key.
        const id = `${typeof key.value}:${String(key.value)}`;
        const offset = key.range?.[0] ?? 0;
        const prev = seen.get(id);
        if (prev === undefined) seen.set(id, offset);
        else problems.push({ offset, message: `this mapping key is already defined at line ${lines ? lines.linePos(prev).line : '?'}` });
      }
      if (Y.isNode(key)) stack.push([key, depth + 1]);
      if (Y.isNode(pair.value)) stack.push([pair.value, depth + 1]);
    }
  }
  if (firstAlias === undefined || problems.length > 0) return;
  try {
    // The node tree never expands an alias; only toJS does, and it is what counts the expansion.
    doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    const bomb = err instanceof ReferenceError || /alias/i.test(String(err));
    problems.push({ offset: firstAlias, message: bomb ? `aliases expand too much (more than ${MAX_YAML_ALIASES} alias uses; a YAML "alias bomb" is refused)` : `the aliases cannot be resolved (${firstLine(String(err))})` });
  }
}

export async function parseYaml(text: string, file: string, display: string, d: Diagnostics): Promise<YamlDoc | undefined> {
  const Y = await yamlModule();
  const lines = new Y.LineCounter();
  // prettyErrors would append a code frame quoting the file, and a provider file may hold a literal secret.
  const { first, second, problems } = compose(Y, text, lines);
  for (const p of problems) {
    const { line, col } = lines.linePos(p.offset);
    d.add({ ...diagnostic('error', { file, display, line, column: col }, `invalid YAML: ${p.message}`), code: 'yaml-syntax' });
  }
  if (problems.length > 0) return undefined;
  if (second !== undefined) {
    const { line } = lines.linePos(second);
    d.warn({ file, display, line }, 'only the first YAML document in this file is read (as fullsend does)');
  }
  return new YamlDoc(file, display, text, (first?.contents as Node | null | undefined) ?? null, lines, Y);
}

/**
 * A quiet read for discovery: the first document as plain data, or undefined when unreadable, refused (see
 * safeRead; `root` is the workspace folder, by default the file's own directory) or malformed.
 */
export async function readYamlObject(file: string, root: string = path.dirname(path.resolve(file))): Promise<Record<string, unknown> | undefined> {
  try {
    const read = await safeReadFile(file, { root });
    if (!read.ok) return undefined;
    const Y = await yamlModule();
    const { first, problems } = compose(Y, read.text, undefined);
    if (!first || problems.length > 0) return undefined;
    const value: unknown = first.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '');
}
