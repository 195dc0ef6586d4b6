// Keeps the list of fullsend dirs for the open workspace folders current and mirrors it into the
// `fullsend.isFullsendWorkspace` context key that the views' welcome content and menus depend on.
import vscode = require('vscode');
import { findFullsendDirs, type FullsendDir } from '../workspace/discover';

export class FullsendDirs implements vscode.Disposable {
  private dirs: FullsendDir[] = [];
  private scanning: Promise<FullsendDir[]> | undefined;
  private readonly changed = new vscode.EventEmitter<FullsendDir[]>();
  readonly onDidChange = this.changed.event;
  private readonly subscription = vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan());

  get current(): readonly FullsendDir[] {
    return this.dirs;
  }

  /** Re-reads the markers; concurrent callers share one scan. */
  rescan(): Promise<FullsendDir[]> {
    this.scanning ??= (async () => {
      try {
        const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
        this.dirs = await findFullsendDirs(folders);
        await vscode.commands.executeCommand('setContext', 'fullsend.isFullsendWorkspace', this.dirs.length > 0);
        this.changed.fire(this.dirs);
        return this.dirs;
      } finally {
        this.scanning = undefined;
      }
    })();
    return this.scanning;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
