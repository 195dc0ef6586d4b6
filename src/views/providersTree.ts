// The Providers view. Its roots group everything by fullsend dir, so a multi-root workspace reads as
// one section per dir; gateway and provider nodes hang below them.
import * as vscode from 'vscode';
import * as path from 'path';
import type { FullsendDir } from '../workspace/discover';
import type { FullsendDirs } from '../ui/fullsendDirs';

const KIND_LABEL: Record<FullsendDir['kind'], string> = {
  'per-repo': 'per-repo install',
  'agents-repo': 'agents repo',
};

export class ProvidersTree implements vscode.TreeDataProvider<FullsendDir> {
  private readonly changed = new vscode.EventEmitter<FullsendDir | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly dirs: FullsendDirs, onRefresh?: vscode.Event<unknown>) {
    dirs.onDidChange(() => this.changed.fire(undefined));
    // After a command changed the gateway (ensure, recreate, delete, reset).
    onRefresh?.(() => this.changed.fire(undefined));
  }

  getChildren(element?: FullsendDir): FullsendDir[] {
    return element ? [] : [...this.dirs.current];
  }

  getTreeItem(dir: FullsendDir): vscode.TreeItem {
    const item = new vscode.TreeItem(path.basename(dir.folder), vscode.TreeItemCollapsibleState.None);
    item.id = `dir:${dir.dir}`;
    item.description = KIND_LABEL[dir.kind];
    item.tooltip = `fullsend dir: ${dir.dir}`;
    item.iconPath = new vscode.ThemeIcon(dir.kind === 'per-repo' ? 'repo' : 'folder-library');
    item.contextValue = `fullsendDir.${dir.kind}`;
    return item;
  }
}
