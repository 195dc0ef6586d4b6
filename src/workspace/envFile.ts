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
import { constants, promises as fs } from 'fs';
import { Diagnostics } from './diagnostics';
import { isValidVarName } from './vars';

/** fullsend's envfile.maxFileSize. */
export const MAX_ENV_FILE_BYTES = 1024 * 1024;

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
  /** The file could be read (it exists, is a regular file within the size cap). */
  found: boolean;
  entries: EnvEntry[];
}

/**
 * Reads one env file; a missing, unreadable or oversized file and every syntax problem become diagnostics.
 * The size is checked with stat before anything is read (fullsend refuses files over 1 MiB), and no more
 * than the cap is ever read, even from a file that grows meanwhile.
 */
export async function readEnvFile(file: string, display: string, d: Diagnostics): Promise<EnvFileRead> {
  const fail = (why: string): EnvFileRead => {
    d.add({ severity: 'error', file, line: 1, message: `${display}: env file ${why}` });
    return { file, found: false, entries: [] };
  };
  const tooBig = (size: string) => fail(`exceeds maximum size (${MAX_ENV_FILE_BYTES} bytes): it has ${size} bytes, and fullsend refuses such a file too`);
  let text: string;
  try {
    const st = await fs.stat(file); // follows symlinks: the target is what is checked
    if (st.isDirectory()) return fail('is a directory, not a file; check fullsend.run.envFiles');
    if (!st.isFile()) return fail('is not a regular file; check fullsend.run.envFiles');
    if (st.size > MAX_ENV_FILE_BYTES) return tooBig(String(st.size));
    // O_NONBLOCK: a file swapped for a FIFO after the stat must not hang the extension host.
    const h = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const again = await h.stat();
      if (!again.isFile()) return fail('is not a regular file; check fullsend.run.envFiles');
      const buf = Buffer.alloc(MAX_ENV_FILE_BYTES + 1);
      let n = 0;
      for (;;) {
        const { bytesRead } = await h.read(buf, n, buf.length - n, n);
        if (bytesRead === 0) break;
        n += bytesRead;
        if (n > MAX_ENV_FILE_BYTES) return tooBig(`more than ${MAX_ENV_FILE_BYTES}`);
      }
      text = buf.toString('utf8', 0, n);
    } finally {
      await h.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? 'error'})`;
    return fail(`${why}; check fullsend.run.envFiles`);
  }
  const { entries, problems } = parseDotenv(text);
  for (const p of problems) {
    const at = { file, display, line: p.line };
    if (p.severity === 'error') d.error(at, p.message);
    else d.warn(at, p.message);
  }
  return { file, found: true, entries };
}
