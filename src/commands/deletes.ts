// fullsend.deleteProvider and fullsend.deleteSandbox: delete by name (core/deletes.ts). Without an argument
// the user picks from what the gateway lists (for sandboxes: fullsend's leaked `fs-*` ones).
import type * as vscode from 'vscode';
import { callOptions } from '../core/context';
import { deleteProviders, deleteSandboxes, isLeakedSandbox } from '../core/deletes';
import type { DeleteResult } from '../core/results';
import { confirmModal, count, listing } from '../ui/confirm';
import { registerCommand } from '../ui/errors';
import { info, warnWithLogs } from '../ui/notify';
import { pickNames } from '../ui/pickers';
import { readOptions } from './args';
import type { CommandDeps } from './deps';

export const DELETE_PROVIDER = 'fullsend.deleteProvider';
export const DELETE_SANDBOX = 'fullsend.deleteSandbox';

export function registerDeleteCommands(deps: CommandDeps): vscode.Disposable[] {
  const { log, sessions, operations, openshell, runs } = deps;
  return [
    registerCommand(log, DELETE_PROVIDER, async (arg?: unknown, selection?: unknown): Promise<DeleteResult | undefined> => {
      const opts = readOptions(DELETE_PROVIDER, arg, selection);
      const s = await sessions.gateway();
      const gw = s.gateway.name;
      let names = opts.names;
      if (!names) {
        const listed = await s.base.client.providers(callOptions(s.base));
        if (!listed.length) {
          info(`Gateway '${gw}' has no providers.`);
          return { deleted: [], notFound: [] };
        }
        names = await pickNames(listed.map((p) => ({ name: p.name, description: p.type, detail: `keys: ${[...p.credential_keys, ...(p.config_keys ?? [])].join(', ') || 'none'}` })),
          { title: `Fullsend: Delete Provider from '${gw}'`, placeHolder: 'Pick the providers to delete', many: true });
      }
      if (!names.length) return { deleted: [], notFound: [] };
      if (opts.confirm && !(await confirmModal(
        `Delete ${count(names.length, 'provider')} from gateway '${gw}'?`,
        `${listing(names)} will be deleted with their stored credentials. Ensure Providers creates declared ones again.`,
        'Delete',
      ))) {
        log.info(`${DELETE_PROVIDER} ${names.join(', ')}: not confirmed`);
        return undefined;
      }
      const { cliCalls, ...result } = await operations.run(
        { kind: 'deleteProvider', command: DELETE_PROVIDER, title: `Fullsend: Deleting ${count(names.length, 'provider')} on '${gw}'` },
        s.base, (ctx) => deleteProviders(ctx, names));
      report(deps, 'provider', gw, result, cliCalls);
      return result;
    }, openshell.redactor),

    registerCommand(log, DELETE_SANDBOX, async (arg?: unknown, selection?: unknown): Promise<DeleteResult | undefined> => {
      const opts = readOptions(DELETE_SANDBOX, arg, selection);
      const s = await sessions.gateway();
      const gw = s.gateway.name;
      let names = opts.names;
      const running = (name: string) => { const r = runs.sandboxUser(s.gateway.key, name); return r && `run of ${r.agent} in progress`; };
      if (!names) {
        const leaked = (await s.base.client.sandboxes(callOptions(s.base))).filter((b) => isLeakedSandbox(b.name));
        if (!leaked.length) {
          info(`Gateway '${gw}' has no fullsend (fs-*) sandboxes.`);
          return { deleted: [], notFound: [] };
        }
        names = await pickNames(leaked.map((b) => ({
          name: b.name, description: [running(b.name), b.phase].filter(Boolean).join(' · '),
          detail: b.created_at ? `created ${new Date(b.created_at).toLocaleString()}` : undefined,
        })),
          { title: `Fullsend: Delete Sandbox on '${gw}'`, placeHolder: 'Pick the leaked fullsend sandboxes to delete', many: true });
      }
      if (!names.length) return { deleted: [], notFound: [] };
      const foreign = names.filter((n) => !isLeakedSandbox(n));
      // A run in progress anywhere (this window, another, a terminal) keeps its sandbox unless forced.
      const listedNow = new Map((await s.base.client.sandboxes(callOptions(s.base))).map((b) => [b.name, b]));
      const inUse = await runs.anywhere(s.gateway.key, gw);
      const live = names.flatMap((n) => { const why = inUse.sandbox(listedNow.get(n) ?? { name: n }); return why ? [`${n} (${why})`] : []; });
      if (live.length && !opts.force) {
        throw new Error(`Nothing was deleted: ${listing(live)}. A run in progress would lose its sandbox and its work; delete it anyway with fullsend.deleteSandbox {name, force: true}.`);
      }
      const inRuns = live;
      if (opts.confirm && !(await confirmModal(
        `Delete ${count(names.length, 'sandbox', 'sandboxes')} on gateway '${gw}'?`,
        `${listing(names)} will be deleted; whatever runs inside stops.` +
          (inRuns.length ? ` In use by a Fullsend: Run in progress, which will fail: ${listing(inRuns)}.` : '') +
          (foreign.length ? ` ${listing(foreign)} ${foreign.length === 1 ? 'is' : 'are'} not named like a fullsend sandbox (fs-*).` : ''),
        'Delete',
      ))) {
        log.info(`${DELETE_SANDBOX} ${names.join(', ')}: not confirmed`);
        return undefined;
      }
      const { cliCalls, ...result } = await operations.run(
        { kind: 'deleteSandbox', command: DELETE_SANDBOX, title: `Fullsend: Deleting ${count(names.length, 'sandbox', 'sandboxes')} on '${gw}'` },
        s.base, (ctx) => deleteSandboxes(ctx, names));
      report(deps, 'sandbox', gw, result, cliCalls);
      return result;
    }, openshell.redactor),
  ];
}

function report({ log }: CommandDeps, what: 'provider' | 'sandbox', gateway: string, { deleted, notFound, failed = [] }: DeleteResult, cliCalls: number): void {
  const many = what === 'provider' ? 'providers' : 'sandboxes';
  const parts = [
    deleted.length ? `deleted ${count(deleted.length, what, many)} (${deleted.join(', ')})` : `deleted no ${what}`,
    notFound.length ? `not found: ${notFound.join(', ')}` : '',
    failed.length ? `not deleted: ${failed.map((f) => `${f.name} (${f.error})`).join('; ')}` : '',
  ].filter(Boolean);
  const text = `Gateway '${gateway}': ${parts.join('; ')}`;
  log.info(`${text} (${cliCalls} openshell calls)`);
  if (failed.length) warnWithLogs(log, `${text}.`);
  else info(`${text}.`);
}
