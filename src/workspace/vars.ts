// `${VAR}` and `$VAR` references with Go's os.ExpandEnv semantics, because fullsend expands provider
// credentials, config, env maps and host_files with exactly that function: `$NAME` takes the longest run of
// [A-Za-z0-9_], `${…}` takes everything up to the first `}` (so `${A:-x}` looks up a variable literally named
// "A:-x"), `$1`/`$*`/`$@`… are one-character names, `${}` and an unterminated `${` are swallowed, a `$` with
// no name after it stays, and an unset variable expands to "".

export interface VarRef {
  /** The name os.Getenv is called with. */
  name: string;
  /** Offsets of the whole `$…` reference in the text: [start, end). */
  start: number;
  end: number;
  braced: boolean;
}

const SINGLE_REF = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What fullsend's WarnLiteralCredentials accepts: the whole value is exactly one `${VAR}`. */
export function isSingleVarRef(text: string): boolean {
  return SINGLE_REF.test(text);
}

/** A name a shell, a dotenv file or a secret store can actually define. */
export function isValidVarName(name: string): boolean {
  return VAR_NAME.test(name);
}

export function findVarRefs(text: string): VarRef[] {
  const refs: VarRef[] = [];
  scan(text, (ref) => {
    if (ref.name) refs.push(ref);
  });
  return refs;
}

/** Names referenced by `text`, first occurrence order, without repeats. */
export function varNames(text: string): string[] {
  return [...new Set(findVarRefs(text).map((r) => r.name))];
}

export interface Expansion {
  value: string;
  /** Referenced names the lookup did not define (they expanded to ""), without repeats. */
  missing: string[];
}

/** os.Expand with a lookup; `undefined` means "not set". */
export function expand(text: string, lookup: (name: string) => string | undefined): Expansion {
  const missing: string[] = [];
  let out = '';
  let last = 0;
  scan(text, (ref) => {
    out += text.slice(last, ref.start);
    last = ref.end;
    if (!ref.name) return; // swallowed bad syntax
    const v = lookup(ref.name);
    if (v === undefined) {
      if (!missing.includes(ref.name)) missing.push(ref.name);
    } else {
      out += v;
    }
  });
  return { value: out + text.slice(last), missing };
}

/** Calls `emit` for every reference, and for swallowed `${}` / `${` with an empty name. */
function scan(s: string, emit: (ref: VarRef) => void): void {
  for (let j = 0; j < s.length; j++) {
    if (s[j] !== '$' || j + 1 >= s.length) continue;
    const { name, width } = shellName(s, j + 1);
    if (name === '' && width === 0) continue; // `$` not followed by a name: kept as is
    emit({ name, start: j, end: j + 1 + width, braced: s[j + 1] === '{' });
    j += width;
  }
}

// Go's os.getShellName, on the text after a `$`.
function shellName(s: string, i: number): { name: string; width: number } {
  if (s[i] === '{') {
    if (s.length - i > 2 && isShellSpecial(s[i + 1]) && s[i + 2] === '}') return { name: s[i + 1], width: 3 };
    for (let k = i + 1; k < s.length; k++) {
      if (s[k] === '}') {
        if (k === i + 1) return { name: '', width: 2 }; // `${}`
        return { name: s.slice(i + 1, k), width: k - i + 1 };
      }
    }
    return { name: '', width: 1 }; // unterminated `${`
  }
  if (isShellSpecial(s[i])) return { name: s[i], width: 1 };
  let k = i;
  while (k < s.length && /[A-Za-z0-9_]/.test(s[k])) k++;
  return { name: s.slice(i, k), width: k - i };
}

function isShellSpecial(c: string): boolean {
  return '*#$@!?-0123456789'.includes(c);
}
