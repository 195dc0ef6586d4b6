// The one "Fullsend" LogOutputChannel. Never shown automatically; errors offer "Show Logs" instead.
import vscode = require('vscode');

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Fullsend', { log: true });
}
