// QuickPicks for commands run from the palette without an argument.
import vscode = require('vscode');
import { CancelledError } from './cancel';

export interface PickItem {
  name: string;
  description?: string;
  detail?: string;
}

/** One or more names; throws CancelledError when the user dismisses the picker. */
export async function pickNames(items: readonly PickItem[], options: { title: string; placeHolder: string; many: boolean }): Promise<string[]> {
  const entries = items.map((i) => ({ label: i.name, description: i.description, detail: i.detail }));
  if (options.many) {
    const picked = await vscode.window.showQuickPick(entries, { title: options.title, placeHolder: options.placeHolder, canPickMany: true, ignoreFocusOut: true });
    if (!picked?.length) throw new CancelledError();
    return picked.map((p) => p.label);
  }
  const picked = await vscode.window.showQuickPick(entries, { title: options.title, placeHolder: options.placeHolder, ignoreFocusOut: true });
  if (!picked) throw new CancelledError();
  return [picked.label];
}
