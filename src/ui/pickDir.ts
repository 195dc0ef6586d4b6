// Which fullsend dir a command works on: the `folder` option (the fullsend dir or its workspace folder),
// else the only one, else the user picks.
import path = require('path');
import vscode = require('vscode');
import type { FullsendDir } from '../workspace/discover';
import { CancelledError } from './cancel';
import type { FullsendDirs } from './fullsendDirs';

export async function pickFullsendDir(dirs: FullsendDirs, folder?: string): Promise<FullsendDir> {
  // A command can run before the activation scan has finished.
  const all = dirs.current.length ? dirs.current : await dirs.rescan();
  if (!all.length) {
    throw new Error('This workspace has no fullsend dir: Fullsend looks for .fullsend/config.yaml or an agents repository (config.yaml with version: "1" and agents:, or harness/*.yaml).');
  }
  if (folder !== undefined) {
    const wanted = path.resolve(folder);
    const hit = all.find((d) => path.resolve(d.dir) === wanted) ?? all.find((d) => path.resolve(d.folder) === wanted);
    if (!hit) throw new Error(`${folder} is not a fullsend dir of this workspace. Fullsend dirs: ${all.map((d) => d.dir).join(', ')}.`);
    return hit;
  }
  if (all.length === 1) return all[0];
  const pick = await vscode.window.showQuickPick(
    all.map((d) => ({ label: path.basename(d.folder), description: d.kind === 'per-repo' ? 'per-repo install' : 'agents repo', detail: d.dir, dir: d })),
    { title: 'Fullsend: which fullsend dir?', placeHolder: 'Pick the fullsend dir whose declarations to use', ignoreFocusOut: true },
  );
  if (!pick) throw new CancelledError();
  return pick.dir;
}
