// Per-name outcomes of `provider delete`, `sandbox delete` and `provider profile delete`, in both dialects
// (openshell-cli.md §4; openshell-0.1.md §5.5, §5.10, §10.6). Exit 0 covers "deleted" and "not found"
// alike, and a non-zero exit no longer means "nothing deleted": every name is read from its own line.
//   0.0: `✓ Deleted provider a` / `! Provider a not found`; the first failing name stops the command,
//        so the names after it were never attempted.
//   0.1: the same lines, plus `✓ Sandbox a already deleted`, `✓ Sandbox a deletion accepted; cleanup is
//        pending`, and on stderr `! Failed to delete provider a: <status>` — every name is attempted.
import { stripAnsi } from './ansi';
import type { DialectName } from './dialect';
import { OpenShellError, type OpenShellErrorKind } from './errors';
import { parseFailure, type ParsedFailure } from './parseFailure';
import type { DeleteOutcome } from './types';

export type DeletedKind = 'provider' | 'sandbox' | 'provider profile';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

/** Names handled on stdout (exit 0, or before a failure). */
export function parseDeleteLines(kind: DeletedKind, names: readonly string[], stdout: string): DeleteOutcome {
  const lines = new Set(stripAnsi(stdout).split('\n').map((l) => l.trimEnd()));
  const out: DeleteOutcome = { deleted: [], notFound: [], failed: [] };
  const Kind = capital(kind);
  for (const n of names) {
    if (lines.has(`✓ Deleted ${kind} ${n}`)) out.deleted.push(n);
    else if (lines.has(`! ${Kind} ${n} not found`) || lines.has(`✓ ${Kind} ${n} already deleted`)) out.notFound.push(n);
    else if (lines.has(`✓ ${Kind} ${n} deletion accepted; cleanup is pending`)) { out.deleted.push(n); (out.pending ??= []).push(n); }
    // 0.0's profile delete: `Deleted provider profile '<id>'.`, or (exit 0) `Provider profile '<id>' was not deleted.`
    else if (kind === 'provider profile' && lines.has(`Deleted provider profile '${n}'.`)) out.deleted.push(n);
    else if (kind === 'provider profile' && lines.has(`Provider profile '${n}' was not deleted.`)) {
      out.failed.push({ name: n, kind: 'Unknown', error: `the gateway did not delete provider profile ${n} (openshell printed "Provider profile '${n}' was not deleted.")`, attempted: true });
    }
  }
  return out;
}

/** Whether `line` is an outcome line of `parseDeleteLines` for one of `names`. */
function isOutcomeLine(kind: DeletedKind, names: readonly string[], line: string): boolean {
  const Kind = capital(kind);
  return names.some((n) => [`✓ Deleted ${kind} ${n}`, `! ${Kind} ${n} not found`, `✓ ${Kind} ${n} already deleted`, `✓ ${Kind} ${n} deletion accepted; cleanup is pending`,
    `Deleted provider profile '${n}'.`, `Provider profile '${n}' was not deleted.`].includes(line));
}

/**
 * Output that leaves names unaccounted for (cut short, garbled): whether they are gone is unknown, so the
 * whole outcome is — never "failed" (kept) or dropped (ARCHITECTURE §6 "A failure stops the operation";
 * Reset names every provider it deleted).
 */
function unreadable(kind: DeletedKind, silent: readonly string[], redact: (text: string) => string): OpenShellError {
  return new OpenShellError('Unknown', redact(`openshell ${kind} delete printed output this extension cannot read (it names no outcome for ${silent.join(', ')}, ` +
    'which may or may not be deleted now). Look at the gateway (Refresh) before trying again.'));
}

/** Kinds that concern the whole call (the gateway, the CLI), not one name: those are thrown, never per name. */
const CALL_LEVEL = new Set<OpenShellErrorKind>(['Unavailable', 'NoGateway', 'UnknownGateway', 'NotInstalled', 'Timeout', 'Cancelled', 'Usage']);

/**
 * A delete that exited non-zero: which names were deleted, which failed and why, which were never tried.
 * Undefined when the failure concerns the whole call (gateway down, usage error) — the runner throws it.
 */
export function recoverDeleteFailure(dialect: DialectName, kind: DeletedKind, names: readonly string[], stdout: string, failure: ParsedFailure,
  stderr: string, redact: (text: string) => string = (t) => t): DeleteOutcome | undefined {
  if (CALL_LEVEL.has(failure.kind)) return undefined;
  const out = parseDeleteLines(kind, names, stdout);
  const handled = new Set([...out.deleted, ...out.notFound]);
  const text = stripAnsi(stderr);
  const perName = new Map<string, ParsedFailure>();
  for (const n of names) {
    // `! Failed to delete provider a: code: '…', message: "…"` (0.1), `! Unsupported deletion outcome for sandbox a`
    const m = new RegExp(`^! Failed to delete ${escape(kind)} ${escape(n)}: (.*)$`, 'm').exec(text);
    if (m) perName.set(n, parseFailure(1, `Error: ${m[1]}\n`));
    else if (new RegExp(`^! Unsupported deletion outcome for ${escape(kind)} ${escape(n)}$`, 'm').test(text)) {
      perName.set(n, { kind: 'Unknown', message: `the gateway returned an unsupported deletion outcome for ${n} (a 0.1 CLI talking to an older gateway?)`, causes: [], diagnostics: [] });
    }
  }
  if (dialect === '0.1' || perName.size) {
    // Every name gets a line, on stdout (done) or on stderr (failed); one with neither was cut from stdout.
    const silent = perName.size ? names.filter((n) => !handled.has(n) && !perName.has(n)) : [];
    if (silent.length) throw unreadable(kind, silent, redact);
    for (const n of names) {
      if (handled.has(n)) continue;
      const f = perName.get(n);
      out.failed.push(f
        ? { name: n, kind: f.kind, error: redact(f.grpcMessage ?? f.message), attempted: true }
        : { name: n, kind: failure.kind, error: redact(failure.grpcMessage ?? failure.message), attempted: true });
    }
    return out;
  }
  // 0.0: the first name without a line is the one that failed; the CLI stopped there. That holds only for
  // output read whole: a line that is no outcome (garbled), or an error about another of the names, means
  // the lines cannot be trusted.
  const rest = names.filter((n) => !handled.has(n));
  if (!rest.length) return undefined;
  const garbled = stripAnsi(stdout).split('\n').map((l) => l.trimEnd()).some((l) => l !== '' && !isOutcomeLine(kind, names, l));
  const blamed = names.find((n) => (failure.grpcMessage ?? failure.message).includes(`'${n}'`));
  if (garbled || (blamed !== undefined && blamed !== rest[0])) throw unreadable(kind, rest, redact);
  out.failed.push({ name: rest[0], kind: failure.kind, error: redact(failure.grpcMessage ?? failure.message), attempted: true });
  for (const n of rest.slice(1)) {
    out.failed.push({ name: n, kind: 'Unknown', error: `not attempted: openshell 0.0.x stops a delete at its first failure (${rest[0]})`, attempted: false });
  }
  return out;
}
