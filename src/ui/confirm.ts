// Modal confirmations: the message names the target and the counts; the button names the action
// ("Delete and Recreate", never "Yes"). Cancel is VS Code's own button.
import vscode = require('vscode');

export async function confirmModal(message: string, detail: string, button: string): Promise<boolean> {
  const pick = await vscode.window.showWarningMessage(message, { modal: true, detail }, button);
  return pick === button;
}

/** "1 sandbox", "3 providers". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b and c". */
export function listing(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
