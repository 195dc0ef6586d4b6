// Entry point: build the objects, register everything, return the API. No openshell call happens here;
// activation stays cheap (ARCHITECTURE §8: ≤ 50 ms, no CLI call until a view is visible or a command runs).
import * as vscode from 'vscode';
import { createLog } from './ui/log';
import { FullsendDirs } from './ui/fullsendDirs';
import { OpenShell } from './ui/openshell';
import { Operations } from './ui/operations';
import { Refresh } from './ui/refresh';
import { Sessions } from './ui/session';
import { Settings } from './ui/settings';
import { ProvidersTree } from './views/providersTree';
import { registerBasicCommands } from './commands/basic';
import type { CommandDeps } from './commands/deps';
import { registerDeleteCommands } from './commands/deletes';
import { registerEnsureCommands } from './commands/ensure';
import { registerRecreateCommands } from './commands/recreate';
import { registerResetCommands } from './commands/reset';

export interface FullsendApi {
  /** Resolves when the first scan of the workspace folders has finished. */
  ready: Promise<void>;
  fullsendDirs(): readonly { folder: string; dir: string; kind: string }[];
  /** The file the "Fullsend" log channel writes to (for tests and bug reports). */
  logFile: string;
}

export function activate(context: vscode.ExtensionContext): FullsendApi {
  const log = createLog();
  const dirs = new FullsendDirs();
  const settings = new Settings();
  const openshell = new OpenShell(settings, log);
  const refresh = new Refresh();
  const operations = new Operations(refresh);
  const sessions = new Sessions({ context, settings, openshell, log, dirs });
  const deps: CommandDeps = { log, dirs, openshell, sessions, operations };
  const providers = new ProvidersTree(dirs, refresh.onDidRefresh);
  const emptyTree: vscode.TreeDataProvider<never> = { getChildren: () => [], getTreeItem: (e) => e };

  context.subscriptions.push(
    log,
    dirs,
    settings,
    openshell,
    refresh,
    operations,
    refresh.onDidRefresh((reason) => log.debug(`refresh after ${reason}`)),
    vscode.window.createTreeView('fullsend.providers', { treeDataProvider: providers, showCollapseAll: true }),
    vscode.window.createTreeView('fullsend.secrets', { treeDataProvider: emptyTree }),
    vscode.window.createTreeView('fullsend.sandboxes', { treeDataProvider: emptyTree }),
    ...registerBasicCommands({ log, dirs }),
    ...registerEnsureCommands(deps),
    ...registerRecreateCommands(deps),
    ...registerDeleteCommands(deps),
    ...registerResetCommands(deps),
  );

  const ready = dirs.rescan().then((found) => {
    log.info(`Fullsend ${context.extension.packageJSON.version}: ${found.length} fullsend dir(s)` +
      found.map((d) => `\n  ${d.dir} (${d.kind})`).join(''));
  });
  return { ready, fullsendDirs: () => dirs.current, logFile: vscode.Uri.joinPath(context.logUri, 'Fullsend.log').fsPath };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
