// The one way the workspace model reads a file (ARCHITECTURE §6 "Hostile files"). A repository is not trusted —
// not even its shape: where a small YAML or env file is expected it can put a symlink to /dev/zero or to a FIFO,
// a sparse file of many GB, bytes that are not UTF-8, or a symlink to a file elsewhere on the machine. So:
//   1. symlinks are resolved (realpath: of the file, or of its folder when the file is not a symlink itself) and the
//      target is what is checked;
//   2. only a regular file is read (not a directory, device, FIFO or socket), checked with stat before opening;
//   3. a file over the cap (1 MiB, fullsend's env-file limit) is refused by its size, before it is opened;
//   4. with a `root` (a workspace folder), a file that resolves outside it is refused — the paths a user named in
//      a setting or picker are read without one;
//   5. the file is opened with O_NONBLOCK and O_NOFOLLOW (a FIFO swapped in after the stat cannot block, a symlink
//      swapped in is not followed), and no more bytes are read than the stat saw (at most cap + 1);
//   6. the text must be UTF-8 (decoded with fatal: true): invalid bytes are reported with their line, not turned
//      into U+FFFD and used.
// A refusal is a value, never a throw, and its text names no content — only the path, a size or a line.
import { constants, promises as fs, type Stats } from 'fs';
import path = require('path');

/** The cap for every YAML and env file the extension reads: fullsend's envfile.maxFileSize. */
export const MAX_FILE_BYTES = 1024 * 1024;

export type RefusalReason = 'missing' | 'directory' | 'not-regular' | 'outside' | 'too-large' | 'invalid-utf8' | 'unreadable';

export type SafeRead =
  | {
      ok: true;
      /** The path as given. */
      file: string;
      /** The regular file read, symlinks resolved. */
      realPath: string;
      bytes: Buffer;
      /** The bytes as UTF-8 (a byte-order mark is kept, as fs.readFile's 'utf8' keeps it); '' with `decode: false`. */
      text: string;
    }
  | {
      ok: false;
      file: string;
      reason: RefusalReason;
      /**
       * What is wrong, as a predicate for "the file …": `does not exist`, `resolves through a symlink to /dev/zero,
       * a character device, not a regular file`, `exceeds maximum size (1048576 bytes): it has 3221225472 bytes`.
       */
      why: string;
      /** 1-based; the line of the first invalid byte for `invalid-utf8`, else 1. */
      line: number;
      /** The errno code for `missing` and `unreadable`. */
      errno?: string;
    };

export interface SafeReadOptions {
  /**
   * The workspace folder the file must be inside once its symlinks are resolved. Omit it only for a path the
   * user named (a setting, a picker).
   */
  root?: string;
  /** What `root` is called in messages. Default "the workspace folder". */
  rootName?: string;
  /** Default MAX_FILE_BYTES. */
  maxBytes?: number;
  /** false: return the bytes only (a content-addressed cache entry is hashed before it is decoded). Default true. */
  decode?: boolean;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const DIR_CACHE_MS = 1000;
const realDirs = new Map<string, { real: string; until: number }>();

/** fs.realpath of a folder, remembered for a second. */
async function realDir(dir: string): Promise<string> {
  const now = Date.now();
  const hit = realDirs.get(dir);
  if (hit && hit.until > now) return hit.real;
  const real = await fs.realpath(dir);
  if (realDirs.size >= 256) realDirs.clear();
  realDirs.set(dir, { real, until: now + DIR_CACHE_MS });
  return real;
}

/** True when `file` is `dir` or below it (both absolute). */
export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!path.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${path.sep}`));
}

function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  return 'something else';
}

export async function safeReadFile(file: string, opts: SafeReadOptions = {}): Promise<SafeRead> {
  const max = opts.maxBytes ?? MAX_FILE_BYTES;
  const refuse = (reason: RefusalReason, why: string, extra: { line?: number; errno?: string } = {}): SafeRead => ({ ok: false, file, reason, why, line: extra.line ?? 1, ...(extra.errno ? { errno: extra.errno } : {}) });
  const failed = (err: unknown): SafeRead => {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT' || code === 'ENOTDIR') return refuse('missing', 'does not exist', { errno: code });
    if (code === 'EISDIR') return refuse('directory', 'is a directory, not a file', { errno: code });
    if (code === 'ELOOP') return refuse('unreadable', 'cannot be read (ELOOP: a symlink loop)', { errno: code });
    return refuse('unreadable', `cannot be read (${code})`, { errno: code });
  };
  const given = path.resolve(file);
  let real: string;
  let root: string | undefined;
  let st: Stats;
  try {
    // realpath(file), in the cheap form when the file itself is not a symlink: its folder's real path (cached
    // briefly: a providers/ folder of 10 000 files is resolved once, not 10 000 times) plus its name, and the
    // lstat is then the stat of the target. The root's own symlinks (/tmp → /private/tmp) are resolved too, so
    // that both sides compare alike.
    let lst: Stats;
    let dir: string;
    [lst, dir, root] = await Promise.all([fs.lstat(given), realDir(path.dirname(given)), opts.root === undefined ? undefined : realDir(path.resolve(opts.root)).catch(() => path.resolve(opts.root!))]);
    if (lst.isSymbolicLink()) {
      real = await fs.realpath(given);
      st = await fs.stat(real);
    } else {
      real = path.join(dir, path.basename(given));
      st = lst;
    }
  } catch (err) {
    return failed(err);
  }
  // A symlink (of the file or of a folder on its way) is named with where it leads.
  const via = real !== given ? `resolves through a symlink to ${real}, ` : 'is ';
  if (st.isDirectory()) return refuse('directory', `${via}a directory, not a file`);
  if (!st.isFile()) return refuse('not-regular', `${via}${kindOf(st)}, not a regular file`);
  if (root !== undefined && !isInside(root, real)) {
    const lexically = isInside(root, given) || isInside(path.resolve(opts.root!), given);
    const where = lexically ? `resolves through a symlink to ${real}, outside` : 'is outside';
    return refuse('outside', `${where} ${opts.rootName ?? 'the workspace folder'} ${root} (only files inside the workspace folders are read)`);
  }
  const tooBig = (size: string) => refuse('too-large', `exceeds maximum size (${max} bytes): it has ${size} bytes`);
  if (st.size > max) return tooBig(String(st.size));

  let bytes: Buffer;
  try {
    const h = await fs.open(real, OPEN_FLAGS);
    try {
      // No more than the stat saw, so a file that grows or is swapped meanwhile (for a device, or a FIFO, which
      // O_NONBLOCK keeps from blocking) is still read boundedly, and in one read when nothing changes. A regular
      // file that says it is empty (procfs and the like) is read up to its end, never past cap + 1 bytes.
      const want = st.size > 0 ? st.size : max + 1;
      let buf = Buffer.allocUnsafe(st.size > 0 ? st.size : Math.min(64 * 1024, max + 1));
      let n = 0;
      while (n < want) {
        if (n === buf.length) {
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, want));
          buf.copy(bigger, 0, 0, n);
          buf = bigger;
        }
        const { bytesRead } = await h.read(buf, n, buf.length - n, n);
        if (bytesRead === 0) break;
        n += bytesRead;
      }
      if (n > max) return tooBig(`more than ${max}`);
      bytes = buf.subarray(0, n);
    } finally {
      await h.close();
    }
  } catch (err) {
    return failed(err);
  }
  if (opts.decode === false) return { ok: true, file, realPath: real, bytes, text: '' };
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    const line = firstInvalidLine(bytes);
    return refuse('invalid-utf8', `is not valid UTF-8 (line ${line})`, { line });
  }
  return { ok: true, file, realPath: real, bytes, text };
}

/** The bytes as UTF-8, or undefined when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The 1-based line of the first byte sequence that is not UTF-8 (a newline byte is never inside a sequence). */
function firstInvalidLine(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (decodeUtf8(bytes.subarray(start, end)) === undefined) return line;
    line++;
    start = end + 1;
  }
  return 1;
}
