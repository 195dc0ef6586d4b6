// fullsend.refresh and fullsend.showLogs: the commands every view's title bar and error action use.
import type * as vscode from 'vscode';
import { registerCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { FullsendDirs } from '../ui/fullsendDirs';

export function registerBasicCommands({ log, dirs }: { log: Log; dirs: FullsendDirs }): vscode.Disposable[] {
  return [
    registerCommand(log, 'fullsend.refresh', async (): Promise<void> => {
      const found = await dirs.rescan();
      log.debug(`refresh: ${found.length} fullsend dir(s)`);
    }),
    registerCommand(log, 'fullsend.showLogs', (): void => log.show(true)),
  ];
}
