// Every command runs through one wrapper: failures are redacted, logged and shown with a "Show Logs"
// action, then rethrown so programmatic callers (executeCommand) get a rejected promise with a
// user-readable message. A cancellation is logged and acknowledged in the status bar only, and rejects with
// VS Code's own cancellation error ('Canceled'), which the workbench does not report as a failure.
import vscode = require('vscode');
import type { Redactor } from '../openshell/redact';
import { CancelledError, isCancellation } from './cancel';
import type { Log } from './log';

export function registerCommand<A extends unknown[], R>(
  log: Log,
  id: string,
  handler: (...args: A) => Promise<R> | R,
  redactor?: Redactor,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (isCancellation(err)) {
        log.info(`${id}: cancelled`);
        vscode.window.setStatusBarMessage('$(circle-slash) Fullsend: Cancelled', 4000);
        throw new CancelledError();
      }
      const raw = err instanceof Error ? err.message : String(err);
      const message = redactor ? redactor.redact(raw) : raw;
      log.error(`${id} failed: ${message}`);
      void vscode.window.showErrorMessage(message, 'Show Logs').then((pick) => {
        if (pick) log.show(true);
      });
      if (err instanceof Error && message === raw) throw err;
      const redacted = new Error(message);
      if (err instanceof Error) redacted.name = err.name;
      throw redacted;
    }
  });
}
