// Every command runs through one wrapper: failures are logged and shown with a "Show Logs" action, then
// rethrown so programmatic callers (executeCommand) get a rejected promise with a user-readable message.
import * as vscode from 'vscode';
import type { Log } from './log';

export function registerCommand<A extends unknown[], R>(
  log: Log,
  id: string,
  handler: (...args: A) => Promise<R> | R,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`${id} failed: ${message}`);
      void vscode.window.showErrorMessage(message, 'Show Logs').then((pick) => {
        if (pick) log.show(true);
      });
      throw err instanceof Error ? err : new Error(message);
    }
  });
}
