// Which OpenShell CLI dialect an executable speaks, from its `--version` line (docs/ARCHITECTURE.md
// "Dialects"; openshell-0.1.md §10.1): 0.0.x up to 0.0.60 with the legacy gRPC error text, the other 0.0.x,
// and 0.1.0 and newer (list envelopes and paging, import-only profiles, new update/delete outputs).

export type DialectName = '0.0' | '0.1';

export interface Dialect {
  name: DialectName;
  /** The version as the CLI printed it (`0.1.5`, `0.1.6-dev.3+g1a2b3c4d5`), or `unknown`. */
  version: string;
  /** `openshell`, or `ryno` for the renamed build (openshell-0.1.md §8). */
  program: string;
  /** ≤ 0.0.60: tonic 0.12's `status: X, message: "…"` error text. The parser reads both forms anyway. */
  legacyErrors: boolean;
  /** Newer than the newest version the references describe: spoken as the newest dialect, with a warning. */
  newerThanKnown: boolean;
  /** How the dialect was decided, for the log. */
  via: 'version' | 'probe';
}

export interface ParsedVersion {
  program: string;
  major: number;
  minor: number;
  patch: number;
  pre?: string;
  build?: string;
}

/** The newest release the references describe (openshell-0.1.md §0.3: 0.1.0 … 0.1.5). */
export const NEWEST_KNOWN = { major: 0, minor: 1, patch: 5 };

const VERSION_LINE = /^(openshell|ryno)(?:-[a-z]+)?\s+v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/** `openshell 0.1.5` (the trimmed last line of `--version`) → its parts; undefined when unreadable (`openshell m-dev`). */
export function parseVersion(output: string): ParsedVersion | undefined {
  const line = output.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n').pop()?.trim() ?? ''; // eslint-disable-line no-control-regex
  const m = VERSION_LINE.exec(line);
  if (!m) return undefined;
  return { program: m[1], major: +m[2], minor: +m[3], patch: +m[4], pre: m[5], build: m[6] };
}

export function versionText(v: ParsedVersion): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}${v.build ? `+${v.build}` : ''}`;
}

/** major.minor ≥ 0.1 (pre-releases of 0.1.0 included) speaks 0.1; `0.0.112-dev.7+g…` is still 0.0. */
export function dialectOf(v: ParsedVersion): Dialect {
  const name: DialectName = v.major > 0 || v.minor >= 1 ? '0.1' : '0.0';
  const cmp = v.major - NEWEST_KNOWN.major || v.minor - NEWEST_KNOWN.minor || v.patch - NEWEST_KNOWN.patch;
  return {
    name, version: versionText(v), program: v.program, via: 'version',
    legacyErrors: name === '0.0' && v.patch <= 60,
    // 0.1.6-dev.N is past the last stable tag (a patch bump), so it counts as newer too.
    newerThanKnown: cmp > 0,
  };
}

/** The dialect of a CLI whose version could not be read, decided by a probe's answer (openshell-0.1.md §10.1). */
export function dialectByProbe(program: string, rejectedPageSize: boolean): Dialect {
  return { name: rejectedPageSize ? '0.0' : '0.1', version: 'unknown', program, legacyErrors: false, newerThanKnown: false, via: 'probe' };
}

/** Crossing 0.0 ↔ 0.1 between the CLI and a gateway (or a pin) is the one skew that breaks things (a 0.1 CLI cannot drive a 0.0 gateway). */
export function crossesDialects(a: string, b: string): boolean {
  const pa = parseVersion(`openshell ${a.replace(/^v/, '')}`);
  const pb = parseVersion(`openshell ${b.replace(/^v/, '')}`);
  return !!pa && !!pb && dialectOf(pa).name !== dialectOf(pb).name;
}
