// Lets plain mocha load modules that import `vscode` (the thin layers) by mapping it to small fakes.
// The layers below src/{commands,views,ui} never import vscode, so most unit tests never touch this.
import Module = require('module');

class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  event = (f: (e: T) => void) => { this.listeners.push(f); return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== f); } }; };
  fire(e: T) { for (const l of this.listeners) l(e); }
  dispose() { this.listeners = []; }
}
class TreeItem { id?: string; description?: string; tooltip?: unknown; contextValue?: string; iconPath?: unknown; command?: unknown; constructor(public label: unknown, public collapsibleState?: number) {} }
class ThemeIcon { constructor(public id: string, public color?: unknown) {} }
class ThemeColor { constructor(public id: string) {} }
class MarkdownString { constructor(public value = '') {} appendText(t: string) { this.value += t; return this; } appendMarkdown(t: string) { this.value += t; return this; } }

const stub = {
  EventEmitter, TreeItem, ThemeIcon, ThemeColor, MarkdownString,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
};
const resolve = (Module as unknown as { _resolveFilename: (...a: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: (...a: unknown[]) => string })._resolveFilename = function (this: unknown, request: unknown, ...rest: unknown[]) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub } as unknown as NodeJS.Module;
