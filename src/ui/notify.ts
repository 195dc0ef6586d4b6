// Non-blocking feedback after a command. Never awaited: a notification resolves only when dismissed.
import vscode = require('vscode');
import type { Log } from './log';

export function info(message: string): void {
  void vscode.window.showInformationMessage(message);
}

/** A warning with a "Show Logs" action, for outcomes where some part failed. */
export function warnWithLogs(log: Log, message: string): void {
  void vscode.window.showWarningMessage(message, 'Show Logs').then((pick) => {
    if (pick) log.show(true);
  });
}
