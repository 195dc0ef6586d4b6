// Entry point: build the objects, register everything, return the API. No openshell call happens here;
// activation stays cheap (ARCHITECTURE §8: ≤ 50 ms, no CLI call until a view is visible or a command runs).
import * as vscode from 'vscode';
import { createLog } from './ui/log';
import { FullsendDirs } from './ui/fullsendDirs';
import { ProvidersTree } from './views/providersTree';
import { registerBasicCommands } from './commands/basic';

export interface FullsendApi {
  /** Resolves when the first scan of the workspace folders has finished. */
  ready: Promise<void>;
  fullsendDirs(): readonly { folder: string; dir: string; kind: string }[];
}

export function activate(context: vscode.ExtensionContext): FullsendApi {
  const log = createLog();
  const dirs = new FullsendDirs();
  const providers = new ProvidersTree(dirs);
  const emptyTree: vscode.TreeDataProvider<never> = { getChildren: () => [], getTreeItem: (e) => e };

  context.subscriptions.push(
    log,
    dirs,
    vscode.window.createTreeView('fullsend.providers', { treeDataProvider: providers, showCollapseAll: true }),
    vscode.window.createTreeView('fullsend.secrets', { treeDataProvider: emptyTree }),
    vscode.window.createTreeView('fullsend.sandboxes', { treeDataProvider: emptyTree }),
    ...registerBasicCommands({ log, dirs }),
  );

  const ready = dirs.rescan().then((found) => {
    log.info(`Fullsend ${context.extension.packageJSON.version}: ${found.length} fullsend dir(s)` +
      found.map((d) => `\n  ${d.dir} (${d.kind})`).join(''));
  });
  return { ready, fullsendDirs: () => dirs.current };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
