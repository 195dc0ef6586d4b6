// Commands of the views and the status bar:
//   fullsend.selectGateway {name}   — QuickPick of `gateway list` without a name. When the fullsend.gateway
//                                     setting is in effect it overrides the CLI's active gateway, so the
//                                     setting is updated (at the level that set it); otherwise
//                                     `openshell gateway select <name>`. Unknown name → an error. Returns void.
//   fullsend.copyName <node>        — a tree node's name (gateway, provider, key, sandbox) to the clipboard.
//   fullsend.deleteAllLeakedSandboxes {confirm} — every `fs-*` sandbox on the gateway except those of
//                                     Fullsend: Runs in progress, through fullsend.deleteSandbox (its
//                                     confirmation, lock and result).
import vscode = require('vscode');
import { callOptions } from '../core/context';
import { isLeakedSandbox } from '../core/deletes';
import type { DeleteResult } from '../core/results';
import { CancelledError } from '../ui/cancel';
import { listing } from '../ui/confirm';
import { registerCommand } from '../ui/errors';
import type { GatewayState } from '../ui/gatewayState';
import { info } from '../ui/notify';
import type { Refresh } from '../ui/refresh';
import { readOptions } from './args';
import { DELETE_SANDBOX } from './deletes';
import type { CommandDeps } from './deps';

export const SELECT_GATEWAY = 'fullsend.selectGateway';
export const COPY_NAME = 'fullsend.copyName';
export const DELETE_ALL_LEAKED = 'fullsend.deleteAllLeakedSandboxes';

export interface ViewCommandDeps extends CommandDeps {
  gatewayState: GatewayState;
  refresh: Refresh;
}

export function registerViewCommands(deps: ViewCommandDeps): vscode.Disposable[] {
  const { log, openshell, sessions, refresh } = deps;
  return [
    registerCommand(log, SELECT_GATEWAY, async (arg?: unknown): Promise<void> => {
      let name = gatewayName(arg);
      const listed = await openshell.client.gateways(); // local files: no gateway needs to be up
      if (!name) {
        if (!listed.length) throw new Error('No OpenShell gateway is registered. Register one with `openshell gateway add <endpoint>` (for example `openshell gateway add http://127.0.0.1:8080 --local`).');
        const current = deps.gatewayState.gateway?.name;
        const pick = await vscode.window.showQuickPick(
          listed.map((g) => ({ label: g.name, description: g.endpoint, detail: [g.name === current ? 'in use by Fullsend' : '', g.active ? 'the CLI\'s active gateway' : '', g.auth].filter(Boolean).join(' · ') })),
          { title: 'Fullsend: Select Gateway', placeHolder: 'The OpenShell gateway Fullsend works with', ignoreFocusOut: true },
        );
        if (!pick) throw new CancelledError();
        name = pick.label;
      } else if (!listed.some((g) => g.name === name)) {
        throw new Error(`OpenShell has no gateway named '${name}'. Registered gateways: ${listing(listed.map((g) => g.name)) || 'none'}. ` +
          `Register it with \`openshell gateway add <endpoint> --name ${name}\`.`);
      }

      const config = vscode.workspace.getConfiguration('fullsend');
      const inspected = config.inspect<string>('gateway');
      const effective = (config.get<string>('gateway') ?? '').trim();
      if (effective) {
        // The setting wins over the CLI's active gateway: change it where it was set.
        const target = inspected?.workspaceFolderValue?.trim() ? vscode.ConfigurationTarget.WorkspaceFolder
          : inspected?.workspaceValue?.trim() ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
        await config.update('gateway', name, target);
        log.info(`${SELECT_GATEWAY}: fullsend.gateway (${vscode.ConfigurationTarget[target]}) = ${name}`);
      } else {
        await openshell.client.selectGateway(name);
        log.info(`${SELECT_GATEWAY}: openshell gateway select ${name}`);
      }
      refresh.fire(SELECT_GATEWAY);
      // The user asked for another gateway: read it even with every view hidden, so the status bar shows its state.
      deps.gatewayState.refresh(SELECT_GATEWAY, { force: true });
    }, openshell.redactor),

    registerCommand(log, COPY_NAME, async (arg?: unknown): Promise<void> => {
      const name = gatewayName(arg);
      if (!name) throw new Error(`${COPY_NAME}: run it on an item of a Fullsend view`);
      await vscode.env.clipboard.writeText(name);
      vscode.window.setStatusBarMessage(`$(copy) Copied ${name}`, 3000);
    }),

    registerCommand(log, DELETE_ALL_LEAKED, async (arg?: unknown): Promise<DeleteResult | undefined> => {
      const opts = readOptions(DELETE_ALL_LEAKED, arg);
      const s = await sessions.gateway();
      const listed = (await s.base.client.sandboxes(callOptions(s.base))).filter((b) => isLeakedSandbox(b.name));
      const inUse = await deps.runs.anywhere(s.gateway.key, s.gateway.name);
      const leaked: string[] = [];
      for (const b of listed) {
        const why = inUse.sandbox(b);
        if (why) log.info(`${DELETE_ALL_LEAKED}: leaving ${b.name} alone: ${why}`);
        else leaked.push(b.name);
      }
      if (!leaked.length) {
        info(listed.length
          ? `Gateway '${s.gateway.name}' has no leaked fullsend sandboxes: ${listing(listed.map((b) => b.name))} ${listed.length === 1 ? 'is' : 'are'} in use by a Fullsend: Run in progress.`
          : `Gateway '${s.gateway.name}' has no fullsend (fs-*) sandboxes.`);
        refresh.fire(DELETE_ALL_LEAKED);
        return { deleted: [], notFound: [] };
      }
      return vscode.commands.executeCommand<DeleteResult | undefined>(DELETE_SANDBOX, { names: leaked, confirm: opts.confirm });
    }, openshell.redactor),
  ];
}

/** A name from a bare string, `{name}` (options or a tree node), or nothing. */
function gatewayName(arg: unknown): string | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (typeof arg === 'object' && 'name' in arg) {
    const n = (arg as { name: unknown }).name;
    if (n === undefined) return undefined;
    if (typeof n === 'string' && n.trim()) return n.trim();
  } else if (typeof arg === 'object') {
    return undefined;
  }
  throw new Error('The name must be a non-empty string.');
}
