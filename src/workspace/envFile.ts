// Env files (`fullsend.run.envFiles`, fullsend's `--env-file`), parsed exactly as fullsend's envfile.Load
// parses them (reference/fullsend-current.md §7), so that the value the extension resolves, fingerprints
// and writes is the value fullsend will use:
//   1. a file over 1 MiB is refused before anything is read;
//   2. each line: trailing `\r` removed, then Go's strings.TrimSpace; empty lines and `#` lines skipped;
//   3. one leading `export ` (exactly one space) removed — `export\tK=v` has the key `export\tK`;
//   4. split at the first `=`; a line without `=` is silently ignored;
//   5. the key is not trimmed and must match ^[a-zA-Z_][a-zA-Z0-9_]*$ (so `K = v` and `=v` are errors);
//   6. the value is not left-trimmed; a value starting with `"` or `'` whose quote occurs again is the text
//      between the two (what follows the closing quote is dropped; no escapes); otherwise (also an unclosed
//      quote, which is literal) the value is cut at the first ` #` and right-trimmed of spaces (`K=a#b` and a
//      tab before `#` are kept);
//   7. no `${VAR}` expansion, no multi-line values;
//   8. a later line (and a later file) wins.
// A UTF-8 byte-order mark is not skipped (TrimSpace keeps it), so it makes the first key invalid, as in
// fullsend. Problems never quote a value or a key: an env file holds secrets, and a malformed line may be
// nothing but a pasted secret.
import type { Diagnostics } from './diagnostics';
import { MAX_FILE_BYTES, safeReadFile } from './safeRead';
import { isValidVarName } from './vars';

/** fullsend's envfile.maxFileSize. */
export const MAX_ENV_FILE_BYTES = MAX_FILE_BYTES;

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

// Go's unicode.IsSpace, which strings.TrimSpace uses: unlike String.prototype.trim it trims U+0085 and keeps U+FEFF.
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM, '');
}

export function parseDotenv(text: string): { entries: EnvEntry[]; problems: EnvProblem[] } {
  const entries: EnvEntry[] = [];
  const problems: EnvProblem[] = [];
  // bufio.ScanLines: lines end at \n (a final line without one counts); a trailing \r is dropped below.
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = goTrimSpace(lines[i].replace(/\r+$/, ''));
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice('export '.length);
    const eq = line.indexOf('=');
    if (eq < 0) continue; // fullsend ignores it without a word
    const name = line.slice(0, eq);
    if (!isValidVarName(name)) {
      problems.push({ line: lineNo, severity: 'error', message: invalidNameMessage(name, lineNo === 1) });
      continue;
    }
    const value = parseValue(line.slice(eq + 1));
    if (value.includes('${')) {
      problems.push({ line: lineNo, severity: 'warning', message: `${name}: \${…} in an env file value is not expanded; the value is used as written` });
    }
    entries.push({ name, value, line: lineNo });
  }
  return { entries, problems };
}

/** envfile.Load's value rule (§7 rule 6). */
function parseValue(raw: string): string {
  const q = raw[0];
  if (q === '"' || q === "'") {
    const close = raw.indexOf(q, 1);
    if (close >= 0) return raw.slice(1, close);
  }
  const comment = raw.indexOf(' #');
  return (comment >= 0 ? raw.slice(0, comment) : raw).replace(/ +$/, '');
}

/** What is wrong with a key, said without quoting it (a malformed line may be a pasted secret). */
function invalidNameMessage(name: string, firstLine: boolean): string {
  const rule = 'invalid variable name: it must match ^[a-zA-Z_][a-zA-Z0-9_]*$ (fullsend refuses the whole file)';
  if (name === '') return `${rule}; the line starts with "="`;
  if (firstLine && name.startsWith('\uFEFF')) return `${rule}; the file starts with a UTF-8 byte-order mark, which fullsend does not skip`;
  if (/^export\s/.test(name)) return `${rule}; only "export" followed by exactly one space is removed`;
  if (/^\s/.test(name)) return `${rule}; there must be no space before the name (only "export" followed by exactly one space is removed)`;
  if (/\s$/.test(name)) return `${rule}; there must be no space before "="`;
  return rule;
}

export interface EnvFileRead {
  file: string;
  /** The file could be read (it exists, is a regular file within the size cap, and is UTF-8). */
  found: boolean;
  entries: EnvEntry[];
}

/**
 * Reads one env file; a missing, unreadable, oversized or non-UTF-8 file and every syntax problem become
 * diagnostics. The file is read through safeRead: the target of a symlink must be a regular file, the size is
 * checked with stat before anything is read (fullsend refuses files over 1 MiB), and no more than the cap is ever
 * read, even from a file that grows meanwhile. Env files are paths the user named (a setting, a run's own list),
 * so they are read wherever they are.
 */
export async function readEnvFile(file: string, display: string, d: Diagnostics): Promise<EnvFileRead> {
  const read = await safeReadFile(file, { maxBytes: MAX_ENV_FILE_BYTES });
  if (!read.ok) {
    if (read.reason === 'invalid-utf8') {
      // fullsend reads the bytes as they are; decoded here they would become other values than the ones it sends.
      const text = 'env file is not valid UTF-8 on this line, so the extension cannot tell which values fullsend reads from it; save it as UTF-8';
      d.add({ severity: 'error', file, line: read.line, message: `${display}:${read.line}: ${text}`, code: 'not-a-file' });
    } else if (read.reason === 'too-large') {
      d.add({ severity: 'error', file, line: 1, message: `${display}: env file ${read.why}, and fullsend refuses such a file too`, code: 'file-too-large' });
    } else {
      const code = read.reason === 'missing' ? {} : { code: 'not-a-file' };
      d.add({ severity: 'error', file, line: 1, message: `${display}: env file ${read.why}; check fullsend.run.envFiles`, ...code });
    }
    return { file, found: false, entries: [] };
  }
  const { entries, problems } = parseDotenv(read.text);
  for (const p of problems) {
    const at = { file, display, line: p.line };
    if (p.severity === 'error') d.error(at, p.message);
    else d.warn(at, p.message);
  }
  return { file, found: true, entries };
}
