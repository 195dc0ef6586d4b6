// fullsend.reset: delete what this workspace declares from the gateway (core/reset.ts). Interactive runs
// first count what would go (a dry run), then ask in a modal that names the gateway and the counts.
// One reset per gateway at a time: the GatewayLock makes a programmatic second reset wait for the first;
// a second interactive request while one runs is refused with an information message.
import type * as vscode from 'vscode';
import { reset, type ResetInput } from '../core/reset';
import type { ResetResult } from '../core/results';
import { summarize } from '../core/ensure';
import { confirmModal, count, listing } from '../ui/confirm';
import { registerCommand } from '../ui/errors';
import { info, warnWithLogs } from '../ui/notify';
import { readOptions } from './args';
import type { CommandDeps } from './deps';
import { ensureInput } from './ensure';

export const RESET = 'fullsend.reset';

export function registerResetCommands(deps: CommandDeps): vscode.Disposable[] {
  const { log, sessions, operations, openshell, runs } = deps;
  return [
    registerCommand(log, RESET, async (arg?: unknown): Promise<ResetResult | undefined> => {
      const opts = readOptions(RESET, arg);
      const s = await sessions.workspace(opts.folder);
      const gw = s.gateway.name;
      const interactive = opts.confirm && !opts.dryRun;
      if (interactive && operations.isRunning('reset', s.gateway.key)) {
        info(`A reset of gateway '${gw}' is already running.`);
        log.info(`${RESET}: refused, a reset of '${gw}' is already running`);
        return undefined;
      }
      const input: ResetInput = { providers: s.ws.providers, profiles: s.ws.profiles, inUse: () => runs.anywhere(s.gateway.key, s.gateway.name) };
      if (opts.reensure) input.reensure = ensureInput(s);
      const spec = (title: string) => ({ kind: 'reset', command: RESET, title });

      if (interactive) {
        const plan = await operations.run(spec(`Fullsend: Checking what a reset of '${gw}' deletes`), s.base, (ctx) => reset(ctx, { ...input, dryRun: true }));
        // Delete exactly what the modal shows, nothing that appears while it is open.
        input.only = plan;
        const nothing = !plan.sandboxesDeleted.length && !plan.providersDeleted.length && !plan.profilesDeleted.length;
        if (!nothing && !(await confirmModal(
          `Reset gateway '${gw}'? This deletes ${count(plan.sandboxesDeleted.length, 'sandbox', 'sandboxes')}, ` +
            `${count(plan.providersDeleted.length, 'provider')} and ${count(plan.profilesDeleted.length, 'profile')} declared by ${s.label}.`,
          describePlan(plan, !!opts.reensure),
          'Reset',
        ))) {
          log.info(`${RESET} of '${gw}': not confirmed`);
          return undefined;
        }
      }

      const title = `Fullsend: ${opts.dryRun ? 'Planning a reset of' : 'Resetting'} gateway '${gw}'`;
      const result = await operations.run(spec(title), s.base, (ctx) => reset(ctx, { ...input, dryRun: !!opts.dryRun }));
      reportReset(deps, result);
      return result;
    }, openshell.redactor),
  ];
}

function describePlan(plan: ResetResult, reensure: boolean): string {
  const lines = [
    plan.sandboxesDeleted.length ? `Sandboxes (leaked fullsend runs): ${listing(plan.sandboxesDeleted)}.` : '',
    plan.providersDeleted.length ? `Providers: ${listing(plan.providersDeleted)}.` : '',
    plan.profilesDeleted.length ? `Profiles: ${listing(plan.profilesDeleted)}.` : '',
    plan.cachesRemoved.length ? `Also removes ${count(plan.cachesRemoved.length, "fullsend profile cache file")} from the temp folder.` : '',
    plan.kept.length ? `Left alone: ${plan.kept.map((k) => `${k.name} (${k.reason})`).join('; ')}.` : '',
    'Providers, profiles and sandboxes this workspace does not declare are not touched; a provider still used by another sandbox, ' +
      'and whatever a Fullsend: Run in progress uses, is kept.',
    reensure ? 'Afterwards Ensure Providers creates the declared providers again.' : 'Run Ensure Providers (or a fullsend run) to create them again.',
  ];
  return lines.filter(Boolean).join('\n');
}

function reportReset({ log }: CommandDeps, r: ResetResult): void {
  const verb = r.dryRun ? 'would delete' : 'deleted';
  const text = `Reset${r.dryRun ? ' (dry run, nothing changed)' : ''} of '${r.gateway}': ${verb} ${count(r.sandboxesDeleted.length, 'sandbox', 'sandboxes')}, ` +
    `${count(r.providersDeleted.length, 'provider')}, ${count(r.profilesDeleted.length, 'profile')}` +
    (r.cachesRemoved.length ? ` and ${count(r.cachesRemoved.length, 'cache file')}` : '') +
    (r.kept.length ? `; kept ${r.kept.map((k) => k.name).join(', ')}` : '') +
    (r.ensure ? `; then Ensure: ${summarize(r.ensure)}` : '');
  log.info(`${text} (${r.cliCalls} openshell calls)`);
  for (const k of r.kept) log.info(`  kept ${k.name}: ${k.reason}`);
  for (const p of r.ensure?.providers ?? []) if (p.error) log.warn(`  ensure ${p.name}: ${p.error}`);
  if (r.ensure?.providers.some((p) => p.error)) warnWithLogs(log, `${text}.`);
  else info(`${text}.`);
}
