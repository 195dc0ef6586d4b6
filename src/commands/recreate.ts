// fullsend.recreateProvider: delete one declared provider and create it again (core/recreate.ts), after a
// modal naming the provider and the gateway, and a second one listing the sandboxes that must go first —
// asked between two runs of the operation, never while it holds the gateway lock.
import type * as vscode from 'vscode';
import { recreate, SandboxesHoldProvider } from '../core/recreate';
import type { EnsureResult } from '../core/results';
import { confirmModal, count, listing } from '../ui/confirm';
import { registerCommand } from '../ui/errors';
import { pickNames } from '../ui/pickers';
import { readOptions } from './args';
import type { CommandDeps } from './deps';
import { reportEnsure } from './ensure';

export const RECREATE = 'fullsend.recreateProvider';

export function registerRecreateCommands(deps: CommandDeps): vscode.Disposable[] {
  const { log, sessions, operations, openshell, runs } = deps;
  return [
    registerCommand(log, RECREATE, async (arg?: unknown): Promise<EnsureResult | undefined> => {
      const opts = readOptions(RECREATE, arg);
      const s = await sessions.workspace(opts.folder);
      const declared = s.ws.providers;
      const names = opts.names ?? await pickNames(declared.map((p) => ({ name: p.name, description: p.type, detail: p.display })), {
        title: `Fullsend: Delete and Recreate Provider on '${s.gateway.name}'`, placeHolder: 'Pick the provider to delete and create again', many: false,
      });
      if (names.length !== 1) throw new Error(`${RECREATE} recreates one provider at a time; got ${names.length}.`);
      const provider = declared.find((p) => p.name === names[0]);
      if (!provider) {
        throw new Error(`${s.label} declares no provider named '${names[0]}', so it cannot be recreated. Declared providers: ${declared.map((p) => p.name).join(', ') || 'none'}.`);
      }
      const gw = s.gateway.name;
      if (opts.confirm && !(await confirmModal(
        `Delete and recreate provider '${provider.name}' on gateway '${gw}'?`,
        `It is deleted and created again as ${provider.display} declares it (type ${provider.type}), with its credentials from the secret store, env files and environment. ` +
          'Nothing is deleted if a credential cannot be resolved or the type is unknown. Sandboxes using it have to be deleted first; you will be asked.',
        'Delete and Recreate',
      ))) {
        log.info(`${RECREATE} ${provider.name}: not confirmed`);
        return undefined;
      }

      // The holders are asked about outside the operation, so no modal ever holds the gateway lock: the
      // operation stops with SandboxesHoldProvider (nothing deleted), the user answers, it runs again with
      // the approved sandboxes — and stops again if another sandbox took hold meanwhile.
      let approved: string[] = [];
      for (let round = 1; ; round++) {
        try {
          const result = await operations.run({ kind: 'recreate', command: RECREATE, title: `Fullsend: Recreating provider '${provider.name}' on '${gw}'` }, s.base,
            (ctx) => recreate(ctx, { provider, profiles: s.ws.profiles, values: s.values, approvedSandboxes: approved, inUse: () => runs.anywhere(s.gateway.key, s.gateway.name) }));
          reportEnsure(deps, result, `Recreate '${provider.name}'`);
          return result;
        } catch (err) {
          if (!(err instanceof SandboxesHoldProvider) || round >= 3) throw err;
          const sandboxes = err.sandboxes;
          if (!opts.confirm) {
            log.info(`${RECREATE} ${provider.name}: it is attached to ${sandboxes.join(', ')}; deleting ${sandboxes.length === 1 ? 'that sandbox' : 'those sandboxes'} (confirm: false)`);
          } else if (!(await confirmModal(
            `Provider '${provider.name}' is attached to ${count(sandboxes.length, 'sandbox', 'sandboxes')} on gateway '${gw}': ${listing(sandboxes)}. Delete ${sandboxes.length === 1 ? 'it' : 'them'} and recreate the provider?`,
            'A provider cannot be deleted while a sandbox uses it. Deleting a sandbox stops whatever runs in it.',
            'Delete Sandboxes and Recreate',
          ))) {
            // The user said no to deleting the sandboxes: nothing was deleted, and that is no failure.
            log.info(`${RECREATE} ${provider.name}: deleting the sandboxes was not confirmed; nothing was deleted`);
            return undefined;
          }
          approved = sandboxes;
        }
      }
    }, openshell.redactor),
  ];
}
