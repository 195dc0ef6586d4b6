// Entry point: build the objects, register everything, return the API. No openshell call happens here;
// activation stays cheap (ARCHITECTURE §8: ≤ 50 ms, no CLI call until a view is visible or a command runs).
import path = require('path');
import vscode = require('vscode');
import { createLog } from './ui/log';
import { FullsendDirs } from './ui/fullsendDirs';
import { OpenShell } from './ui/openshell';
import { GatewayState, TrackedOperations } from './ui/gatewayState';
import { StatusBar } from './ui/statusBar';
import { Refresh } from './ui/refresh';
import { Sessions } from './ui/session';
import { Settings } from './ui/settings';
import { ProvidersTree } from './views/providersTree';
import { SandboxesTree } from './views/sandboxesTree';
import { SecretsTree } from './views/secretsTree';
import { registerViewCommands } from './commands/views';
import { registerBasicCommands } from './commands/basic';
import type { CommandDeps } from './commands/deps';
import { RunRegistry } from './core/runRegistry';
import { RunsInProgress } from './core/runsInProgress';
import { findFullsendRuns } from './fullsend/processTable';
import { registerDeleteCommands } from './commands/deletes';
import { registerEnsureCommands } from './commands/ensure';
import { registerRecreateCommands } from './commands/recreate';
import { registerResetCommands } from './commands/reset';
import { registerRunCommands } from './commands/run';
import { registerSecretCommands } from './commands/secrets';

export interface FullsendApi {
  /** Resolves when the first scan of the workspace folders has finished. */
  ready: Promise<void>;
  fullsendDirs(): readonly { folder: string; dir: string; kind: string }[];
  /** The file the "Fullsend" log channel writes to (for tests and bug reports). */
  logFile: string;
  /** The shared gateway picture the views and the status bar show (for tests and other views). */
  gatewayState: GatewayState;
  /** The views' TreeDataProviders, so tests can compare their items with the gateway's state. */
  views: { providers: ProvidersTree; sandboxes: SandboxesTree; secrets: SecretsTree };
  statusBar: StatusBar;
}

export function activate(context: vscode.ExtensionContext): FullsendApi {
  const log = createLog();
  const dirs = new FullsendDirs();
  const settings = new Settings();
  const openshell = new OpenShell(settings, log);
  const refresh = new Refresh();
  const operations = new TrackedOperations(refresh);
  const sessions = new Sessions({ context, settings, openshell, log, dirs });
  // Runs anywhere are protected (ARCHITECTURE §6): other windows' runs through a registry in the global
  // storage all windows share, terminal runs through the process table. Read only when an operation asks.
  const runs = new RunsInProgress({ registry: new RunRegistry(path.join(context.globalStorageUri.fsPath, 'runs')), processes: () => findFullsendRuns(), log });
  const deps: CommandDeps = { log, dirs, openshell, sessions, operations, runs };
  // One shared picture of the gateway for every view and the status bar; it reads only while a view it
  // tracks is visible (gatewayState.track(treeView)).
  const gatewayState = new GatewayState({ openshell, settings, dirs, refresh, operations, log });
  const providers = new ProvidersTree({ state: gatewayState, dirs, sessions, log });
  const sandboxes = new SandboxesTree({ state: gatewayState, dirs, runs });
  const providersView = vscode.window.createTreeView('fullsend.providers', { treeDataProvider: providers, showCollapseAll: true });
  const sandboxesView = vscode.window.createTreeView('fullsend.sandboxes', { treeDataProvider: sandboxes, canSelectMany: true });
  const statusBar = new StatusBar({ state: gatewayState, operations, dirs, settings });
  // Secrets: the workspace's `${VAR}`s; the gateway side from gatewayState (no openshell call of its own).
  const secretsTree = new SecretsTree({
    dirs, settings, secrets: context.secrets, redactor: openshell.redactor, log, book: () => sessions.fingerprintBook(), gateway: gatewayState,
  });
  const secretsView = vscode.window.createTreeView('fullsend.secrets', { treeDataProvider: secretsTree });

  context.subscriptions.push(
    log,
    dirs,
    settings,
    openshell,
    refresh,
    operations,
    refresh.onDidRefresh((reason) => log.debug(`refresh after ${reason}`)),
    gatewayState,
    providers,
    sandboxes,
    providersView,
    sandboxesView,
    gatewayState.track(providersView),
    gatewayState.track(sandboxesView),
    statusBar,
    secretsTree,
    secretsView,
    gatewayState.track(secretsView),
    ...registerBasicCommands({ log, dirs }),
    ...registerEnsureCommands(deps),
    ...registerRecreateCommands(deps),
    ...registerDeleteCommands(deps),
    ...registerResetCommands(deps),
    ...registerViewCommands({ ...deps, gatewayState, refresh }),
    ...registerRunCommands({ ...deps, context, settings, refresh }),
    ...registerSecretCommands({ ...deps, secrets: context.secrets, tree: secretsTree }),
  );

  const ready = dirs.rescan().then((found) => {
    log.info(`Fullsend ${context.extension.packageJSON.version}: ${found.length} fullsend dir(s)` +
      found.map((d) => `\n  ${d.dir} (${d.kind})`).join(''));
  });
  return {
    ready, fullsendDirs: () => dirs.current, logFile: vscode.Uri.joinPath(context.logUri, 'Fullsend.log').fsPath,
    gatewayState, views: { providers, sandboxes, secrets: secretsTree }, statusBar,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
