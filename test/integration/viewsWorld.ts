// In-host helpers for the views suites: the extension's view API, tree walks and waits.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FullsendApi } from '../../src/extension';
import { EXT_ID, until } from './world';

export type ViewsApi = FullsendApi;

export interface Row<N = unknown> {
  node: N;
  item: vscode.TreeItem;
  depth: number;
  parent?: string;
}

export async function viewsApi(): Promise<ViewsApi> {
  const ext = vscode.extensions.getExtension(EXT_ID)!;
  const a = (await ext.activate()) as ViewsApi;
  await a.ready;
  return a;
}

/** Every item of a tree, depth first (getChildren on every node, like a fully expanded view). */
export async function walk<N>(tree: vscode.TreeDataProvider<N>): Promise<Row<N>[]> {
  const rows: Row<N>[] = [];
  const visit = async (parent: N | undefined, parentId: string | undefined, depth: number) => {
    const children = (await tree.getChildren(parent)) ?? [];
    for (const node of children) {
      const item = await tree.getTreeItem(node);
      rows.push({ node, item, depth, parent: parentId });
      await visit(node, item.id, depth + 1);
    }
  };
  await visit(undefined, undefined, 0);
  return rows;
}

export const label = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');
/** The tooltip as plain text: Markdown escapes removed. */
export const tooltipText = (item: vscode.TreeItem): string => unescapeMd(typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '');
export const unescapeMd = (md: string): string => md.replace(/&nbsp;/g, ' ').replace(/\\([!-/:-@[-`{-~])/g, '$1');
export const iconId = (item: vscode.TreeItem): string | undefined => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined);

// One polling helper for every in-host suite.
export { until } from './world';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Shows the Fullsend container with the Providers and Sandboxes views, and waits until the extension knows. */
export async function showViews(a: ViewsApi): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.fullsend');
  await vscode.commands.executeCommand('fullsend.providers.focus');
  await vscode.commands.executeCommand('fullsend.sandboxes.focus');
  await until('a Fullsend view to be visible', () => a.gatewayState.viewVisible);
}

export async function hideViews(a: ViewsApi): Promise<void> {
  if (a.gatewayState.viewVisible) await vscode.commands.executeCommand('workbench.action.closeSidebar');
  await until('the Fullsend views to be hidden', () => !a.gatewayState.viewVisible);
  await a.gatewayState.whenFresh();
}

/** Waits until no read is pending or running and none starts for a short while (file events arrive late). */
export async function settle(a: ViewsApi, quietMs = 400): Promise<void> {
  for (;;) {
    await a.gatewayState.whenFresh();
    const reads = a.gatewayState.reads;
    await sleep(quietMs);
    if (a.gatewayState.reads === reads) {
      await a.gatewayState.whenFresh();
      return;
    }
  }
}

/** Asks for a refresh and waits for it (the views must be visible). */
export async function refreshed(a: ViewsApi, reason = 'test'): Promise<void> {
  const before = a.gatewayState.reads;
  a.gatewayState.refresh(reason);
  await a.gatewayState.whenFresh();
  assert.ok(a.gatewayState.reads > before, 'a read happened');
}

/**
 * The `view/item/context` commands package.json offers for a view item, evaluating each `when` clause's
 * `view == x` / `view =~ /re/` and `viewItem == x` / `viewItem =~ /re/` terms (the only ones these menus use).
 */
export function menuCommands(view: string, contextValue: string, group?: (g: string) => boolean): string[] {
  const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> } };
  const out: string[] = [];
  for (const m of pkg.contributes.menus['view/item/context']) {
    if (group && !group(m.group ?? '')) continue;
    const ok = (m.when ?? '').split('&&').map((t) => t.trim()).every((term) => {
      const eq = /^(view|viewItem) == (.+)$/.exec(term);
      if (eq) return (eq[1] === 'view' ? view : contextValue) === eq[2];
      const re = /^(view|viewItem) =~ \/(.+)\/$/.exec(term);
      if (re) return new RegExp(re[2]).test(re[1] === 'view' ? view : contextValue);
      throw new Error(`menuCommands: unsupported term ${term}`);
    });
    if (ok) out.push(m.command);
  }
  return [...new Set(out)].sort();
}
