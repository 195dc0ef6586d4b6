// Problems found while reading a fullsend workspace. Every message names the file and line so the user can
// jump there, and none ever contains a credential or resolved value: messages are built from names, keys and
// paths only.
import path = require('path');

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Absolute path of the file the problem is in (for a URL entry read from the cache: the cached copy). */
  file: string;
  /** 1-based. 1 for problems that concern the whole file. */
  line: number;
  /** 1-based, when known. */
  column?: number;
  /** User-readable and prefixed with the displayed location, e.g. `providers/jira.yaml:3: provider "jira" has no type`. */
  message: string;
  /** The unset or empty `${VAR}`s this problem is about, so a summary that already names them can leave it out. */
  vars?: readonly string[];
  /** One of ARCHITECTURE §9's codes (`forbidden-key`, `not-a-file`, …) when the problem has one. */
  code?: string;
}

/** Where a problem is: the file on disk, what to call it in messages, and the position. */
export interface Location {
  file: string;
  display: string;
  line: number;
  column?: number;
}

export function diagnostic(severity: Severity, at: Location, text: string, vars?: readonly string[], code?: string): Diagnostic {
  const d: Diagnostic = { severity, file: at.file, line: at.line, message: `${at.display}:${at.line}: ${text}` };
  if (at.column !== undefined) d.column = at.column;
  if (vars?.length) d.vars = vars;
  if (code) d.code = code;
  return d;
}

/**
 * How a path is shown in messages: relative to the workspace folder the user opened when it is inside it
 * (so a per-repo install reads `.fullsend/providers/x.yaml`), absolute otherwise.
 */
export function displayPath(folder: string, file: string): string {
  const rel = path.relative(folder, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** Collects diagnostics, dropping exact repeats (a file reached from two harnesses is reported once). */
export class Diagnostics {
  private readonly seen = new Set<string>();
  readonly list: Diagnostic[] = [];

  add(d: Diagnostic): void {
    const key = `${d.severity}\0${d.file}\0${d.line}\0${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(d);
  }

  error(at: Location, text: string, vars?: readonly string[], code?: string): void {
    this.add(diagnostic('error', at, text, vars, code));
  }

  warn(at: Location, text: string, vars?: readonly string[], code?: string): void {
    this.add(diagnostic('warning', at, text, vars, code));
  }

  /** Not a problem, but worth knowing where the user looks (e.g. a file fullsend ignores). */
  info(at: Location, text: string): void {
    this.add(diagnostic('info', at, text));
  }
}
