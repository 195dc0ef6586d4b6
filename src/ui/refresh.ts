// "Something on the gateway may have changed": fired after every command that talks to it, so the views
// re-read (ARCHITECTURE §8: refresh after every mutation).
import vscode = require('vscode');

export class Refresh implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string>();
  /** The argument is the reason (a command id), for logs. */
  readonly onDidRefresh = this.emitter.event;

  fire(reason: string): void {
    this.emitter.fire(reason);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
