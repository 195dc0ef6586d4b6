// Before `fullsend run`: everything that would otherwise fail late and confusingly inside the run.
// openshell is found, the gateway answers (`status` is the only honest check — `gateway list` exits 0 with
// nothing registered), the installed version matches the workspace's pin (a warning), and every ${VAR}
// the agent needs resolves.
import path = require('path');
import { safeReadFile } from '../workspace/safeRead';
import { crossesDialects } from '../openshell/dialect';
import { isOpenShellError } from '../openshell/errors';
import { displayPath } from '../workspace/diagnostics';
import type { ResolutionReport } from '../workspace/resolve';
import { callOptions, errorText, type OperationContext } from './context';

export interface Preflight {
  /** Each one stops the run. */
  errors: string[];
  /** Shown, but the run goes on. */
  warnings: string[];
  openshellVersion?: string;
  pinnedVersion?: string;
  cliCalls: number;
}

export const PIN_FILE = path.join('.github', 'scripts', 'openshell-version.sh');

export async function runPreflight(ctx: OperationContext, input: { folder: string; report: ResolutionReport }): Promise<Preflight> {
  const o = callOptions(ctx);
  const out: Preflight = { errors: [], warnings: [], cliCalls: 0 };

  const [version, status] = await Promise.allSettled([ctx.client.version(o), ctx.client.status(o)]);
  if (version.status === 'fulfilled') out.openshellVersion = version.value;
  else out.errors.push(errorText(version.reason));
  if (status.status === 'fulfilled') {
    if (status.value.status === 'not_configured') {
      out.errors.push('No OpenShell gateway is configured. Register one with `openshell gateway add <endpoint>` or select one with `openshell gateway select <name>`.');
    } else if (!/^connected/.test(status.value.status)) {
      out.errors.push(`The OpenShell gateway '${ctx.gateway.name}' reports status "${status.value.status}"${status.value.error ? `: ${status.value.error}` : ''}.`);
    }
  } else if (!(version.status === 'rejected' && isOpenShellError(version.reason, 'NotInstalled'))) {
    out.errors.push(errorText(status.reason));
  }

  out.pinnedVersion = await readPin(input.folder);
  if (out.pinnedVersion && out.openshellVersion && crossesDialects(out.openshellVersion, out.pinnedVersion)) {
    // The one skew that breaks things: 0.1 cannot read a 0.0 gateway's state (fullsend-current.md §8).
    out.warnings.push(`OpenShell ${out.openshellVersion} is installed, but this workspace pins ${out.pinnedVersion} (${PIN_FILE}): ` +
      'they are on different sides of 0.0 ↔ 0.1. A 0.1 gateway cannot read 0.0 state, and CI runs with the pin. Upgrade (or downgrade) ' +
      'openshell and the gateway to the pin, then Ensure Providers again: providers, profiles and sandboxes do not carry over.');
  } else if (out.pinnedVersion && out.openshellVersion && core(out.pinnedVersion) !== core(out.openshellVersion)) {
    out.warnings.push(`openshell ${out.openshellVersion} is installed, but this workspace pins ${out.pinnedVersion} (${PIN_FILE}). Runs may behave differently from CI.`);
  }

  out.warnings.push(...shadowedSecretWarnings(input.report, input.folder));

  // One message per unset or empty variable, saying where it is needed; the per-usage diagnostics about the
  // same variables would only repeat it.
  const reported = new Set<string>();
  for (const v of input.report.vars.filter((x) => x.required && (!x.found || x.empty))) {
    const where = [...new Set(v.usages.map((u) => u.what))].slice(0, 3).join('; ');
    out.errors.push(`\${${v.name}} is ${v.found ? 'empty' : 'not set'} (needed by ${where}). Set it with "Fullsend: Set Secret", in an env file, or in the environment.`);
    reported.add(v.name);
  }
  for (const d of input.report.diagnostics) {
    if (d.severity === 'error' && !d.vars?.every((n) => reported.has(n))) out.errors.push(d.message);
  }

  out.cliCalls = o.counter.calls;
  return out;
}

/**
 * One warning per variable an env file sets to another value than the secret store holds: the env file wins
 * (as it does in fullsend, which loads --env-file over its environment), so the stored secret is not used.
 * Names and paths only.
 */
export function shadowedSecretWarnings(report: ResolutionReport, folder: string): string[] {
  return report.vars.filter((v) => v.shadowsSecretStore).map((v) => {
    const file = v.source?.kind === 'env-file' ? `${displayPath(folder, v.source.file)}:${v.source.line}` : 'an env file';
    return `\${${v.name}} is set in ${file} and, with a different value, in the secret store: the env file's value is used (fullsend loads --env-file over its environment), not the stored secret. Clear the secret or remove ${v.name} from the env file.`;
  });
}

/** `OPENSHELL_VERSION=0.0.83` from the pin file, if the workspace has one. */
export async function readPin(folder: string): Promise<string | undefined> {
  // A hostile repository could make it a FIFO or /dev/zero: read only a small regular file inside the folder.
  const read = await safeReadFile(path.join(folder, PIN_FILE), { root: folder });
  return read.ok ? /^\s*(?:export\s+)?OPENSHELL_VERSION=["']?v?([0-9][^"'\s]*)/m.exec(read.text)?.[1] : undefined;
}

/** major.minor.patch: dev builds carry a `-dev.N+g<sha>` suffix that does not make them another version. */
function core(version: string): string {
  return /^v?(\d+\.\d+\.\d+)/.exec(version)?.[1] ?? version;
}
