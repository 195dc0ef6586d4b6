// One YAML loader for the whole workspace model: it keeps the node tree and a line counter so that every
// problem can name its file and line, and it reads values the way fullsend's Go decoder (yaml.v3) would.
// The `yaml` package is loaded on first use so that extension activation does not pay for it.
import { promises as fs } from 'fs';
import type { LineCounter, Node, Scalar } from 'yaml';
import type { Diagnostics, Location } from './diagnostics';

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

/**
 * Reads and parses a YAML file. Syntax errors are reported with file and line and the file's content is not
 * used (fullsend's decoder rejects the whole file too). A missing file is not reported here: the caller knows
 * why the file was expected and says so.
 */
export async function loadYamlFile(file: string, display: string, d: Diagnostics): Promise<LoadResult> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    d.error({ file, display, line: 1 }, `cannot read the file (${code ?? 'error'})`);
    return { missing: false };
  }
  const doc = await parseYaml(text, file, display, d);
  return doc ? { doc } : { missing: false };
}

export async function parseYaml(text: string, file: string, display: string, d: Diagnostics): Promise<YamlDoc | undefined> {
  const Y = await yamlModule();
  const lines = new Y.LineCounter();
  // prettyErrors would append a code frame quoting the file, and a provider file may hold a literal secret.
  const docs = Y.parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const first = docs[0];
  let ok = true;
  for (const doc of docs) {
    for (const err of doc.errors) {
      const { line, col } = lines.linePos(err.pos[0]);
      d.error({ file, display, line, column: col }, `invalid YAML: ${firstLine(err.message)}`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  if (docs.length > 1) {
    const second = docs[1].contents as Node | null;
    const { line } = lines.linePos(second?.range?.[0] ?? 0);
    d.warn({ file, display, line }, 'only the first YAML document in this file is read (as fullsend does)');
  }
  return new YamlDoc(file, display, text, (first?.contents as Node | null | undefined) ?? null, lines, Y);
}

/** A quiet read for discovery: the first document as plain data, or undefined when unreadable or malformed. */
export async function readYamlObject(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const text = await fs.readFile(file, 'utf8');
    const Y = await yamlModule();
    const docs = Y.parseAllDocuments(text, { prettyErrors: false });
    const first = docs[0];
    if (!first || docs.some((doc) => doc.errors.length > 0)) return undefined;
    const value: unknown = first.toJS();
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '');
}
