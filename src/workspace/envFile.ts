// Env files (`fullsend.run.envFiles`, fullsend's `--env-file`) in dotenv format. The syntax is the common
// subset every dotenv reader agrees on:
//   - blank lines and lines starting with `#` are ignored; a UTF-8 BOM is dropped;
//   - `NAME=value`, optionally prefixed with `export `; NAME must be a valid variable name;
//   - 'single quotes' are literal; "double quotes" understand \n \r \t \" \\ \$; both may span lines
//     (PEM keys);
//   - an unquoted value is trimmed and ends at ` #` (an inline comment);
//   - no variable expansion: `${X}` in a value stays as written (a warning says so, since a reader that
//     expands would produce something else);
//   - a name defined twice: the later line wins, as os.Setenv would make it.
// Problems never quote the line: an env file holds secrets.
import { promises as fs } from 'fs';
import { Diagnostics } from './diagnostics';
import { isValidVarName } from './vars';

export interface EnvEntry {
  name: string;
  value: string;
  line: number;
}

export interface EnvProblem {
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export function parseDotenv(text: string): { entries: EnvEntry[]; problems: EnvProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: EnvEntry[] = [];
  const problems: EnvProblem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let t = lines[i].trim();
    if (t === '' || t.startsWith('#')) continue;
    if (/^export\s/.test(t)) t = t.slice(6).trimStart();
    const eq = t.indexOf('=');
    if (eq < 0) {
      problems.push({ line: lineNo, severity: 'error', message: 'expected NAME=value' });
      continue;
    }
    const name = t.slice(0, eq).trim();
    if (!isValidVarName(name)) {
      problems.push({ line: lineNo, severity: 'error', message: 'invalid variable name (letters, digits and _, not starting with a digit)' });
      continue;
    }
    const rest = t.slice(eq + 1).trimStart();
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      const read = readQuoted(lines, i, lines[i].indexOf(rest), quote);
      if (!read) {
        problems.push({ line: lineNo, severity: 'error', message: `${name}: the ${quote === '"' ? 'double' : 'single'}-quoted value is never closed` });
        break; // everything after an unclosed quote would be part of the value
      }
      if (read.trailing.trim() !== '' && !read.trailing.trimStart().startsWith('#')) {
        problems.push({ line: read.endLine + 1, severity: 'error', message: `${name}: unexpected text after the closing quote` });
      }
      if (quote === '"' && read.value.includes('${')) problems.push(noExpansion(lineNo, name));
      entries.push({ name, value: read.value, line: lineNo });
      i = read.endLine;
      continue;
    }
    const value = rest.replace(/\s#.*$/, '').trimEnd();
    if (value.includes('${')) problems.push(noExpansion(lineNo, name));
    entries.push({ name, value, line: lineNo });
  }
  return { entries, problems };
}

function noExpansion(line: number, name: string): EnvProblem {
  return { line, severity: 'warning', message: `${name}: \${…} in an env file value is not expanded; the value is used as written` };
}

/** Reads a quoted value starting at lines[start][col] (the opening quote), possibly over several lines. */
function readQuoted(lines: string[], start: number, col: number, quote: string): { value: string; endLine: number; trailing: string } | undefined {
  let value = '';
  let line = start;
  let k = col + 1;
  for (;;) {
    const s = lines[line];
    while (k < s.length) {
      const c = s[k];
      if (c === quote) return { value, endLine: line, trailing: s.slice(k + 1) };
      if (quote === '"' && c === '\\' && k + 1 < s.length) {
        const n = s[k + 1];
        value += n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : '"\\$'.includes(n) ? n : `\\${n}`;
        k += 2;
        continue;
      }
      value += c;
      k++;
    }
    line++;
    if (line >= lines.length) return undefined;
    value += '\n';
    k = 0;
  }
}

export interface EnvFileRead {
  file: string;
  found: boolean;
  entries: EnvEntry[];
}

/** Reads one env file; a missing or unreadable file and every syntax problem become diagnostics. */
export async function readEnvFile(file: string, display: string, d: Diagnostics): Promise<EnvFileRead> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? 'error'})`;
    d.add({ severity: 'error', file, line: 1, message: `${display}: env file ${why}; check fullsend.run.envFiles` });
    return { file, found: false, entries: [] };
  }
  const { entries, problems } = parseDotenv(text);
  for (const p of problems) {
    const at = { file, display, line: p.line };
    if (p.severity === 'error') d.error(at, p.message);
    else d.warn(at, p.message);
  }
  return { file, found: true, entries };
}
