// The questions `Fullsend: Run` asks from the palette: which agent, which target repo, which env files.
// Each one offers what the user most likely wants first (the last run's choice, the setting) and throws
// CancelledError when dismissed. Programmatic callers and tasks never get here.
import path = require('path');
import vscode = require('vscode');
import { CancelledError } from './cancel';

export interface AgentItem {
  name: string;
  /** E.g. the harness file. */
  description?: string;
  /** E.g. the providers it needs. */
  detail?: string;
}

export async function pickAgent(agents: readonly AgentItem[], last?: string): Promise<string> {
  if (agents.length === 1) return agents[0].name;
  const ordered = [...agents].sort((a, b) => Number(b.name === last) - Number(a.name === last));
  const picked = await vscode.window.showQuickPick(
    ordered.map((a) => ({ label: a.name, description: a.name === last ? `${a.description ?? ''} · last run`.replace(/^ · /, '') : a.description, detail: a.detail })),
    { title: 'Fullsend: Run (1/3) — agent', placeHolder: 'Which agent to run', ignoreFocusOut: true, matchOnDescription: true },
  );
  if (!picked) throw new CancelledError();
  return picked.label;
}

type RepoItem = vscode.QuickPickItem & { repo?: string; browse?: boolean };

/** The target repo: the setting, the last one used, a workspace folder, or any folder (a folder dialog). */
export async function pickTargetRepo(o: { setting?: string; last?: string; folders: readonly string[] }): Promise<string> {
  const items: RepoItem[] = [];
  const seen = new Set<string>();
  const add = (repo: string | undefined, description: string) => {
    if (!repo || seen.has(path.resolve(repo))) return;
    seen.add(path.resolve(repo));
    items.push({ label: `$(repo) ${path.basename(repo) || repo}`, description, detail: repo, repo });
  };
  add(o.setting, 'fullsend.run.targetRepo');
  add(o.last, 'last used');
  for (const f of o.folders) add(f, 'workspace folder');
  if (!items.length) return browseFolder();
  items.push({ label: '$(folder-opened) Choose Folder…', description: 'any local checkout', browse: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Fullsend: Run (2/3) — target repo', placeHolder: 'The checkout the agent works on (--target-repo)', ignoreFocusOut: true, matchOnDetail: true,
  });
  if (!picked) throw new CancelledError();
  return picked.browse ? browseFolder() : picked.repo!;
}

async function browseFolder(): Promise<string> {
  const uris = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Use as Target Repo', title: 'Fullsend: target repo for the run' });
  if (!uris?.length) throw new CancelledError();
  return uris[0].fsPath;
}

type EnvItem = vscode.QuickPickItem & { file: string };

/**
 * Env files, several allowed: the setting's and the last run's are offered (the last run's choice, else the
 * setting's, preselected); the + button adds files from a dialog. Accepting with nothing selected runs without.
 */
export function pickEnvFiles(o: { setting: readonly string[]; last?: readonly string[]; baseDir: string }): Promise<string[]> {
  const abs = (f: string) => path.resolve(o.baseDir, f);
  const items: EnvItem[] = [];
  const byPath = new Map<string, EnvItem>();
  const add = (file: string, description: string): EnvItem => {
    const key = abs(file);
    const had = byPath.get(key);
    if (had) return had;
    const rel = path.relative(o.baseDir, key);
    const item: EnvItem = { label: rel && !rel.startsWith('..') ? rel : key, description, file: key };
    byPath.set(key, item);
    items.push(item);
    return item;
  };
  for (const f of o.setting) add(f, 'fullsend.run.envFiles');
  for (const f of o.last ?? []) add(f, 'last used');
  const preselected = (o.last ?? o.setting).map((f) => byPath.get(abs(f))!).filter(Boolean);

  return new Promise<string[]>((resolve, reject) => {
    const qp = vscode.window.createQuickPick<EnvItem>();
    const addButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('add'), tooltip: 'Add env files…' };
    qp.title = 'Fullsend: Run (3/3) — env files';
    qp.placeholder = items.length ? 'Env files to pass as --env-file (Enter to accept; + adds more)' : 'No env files yet: + adds some, Enter runs without';
    qp.canSelectMany = true;
    qp.ignoreFocusOut = true;
    qp.items = items;
    qp.selectedItems = preselected;
    qp.buttons = [addButton];
    let settled = false;
    let browsing = false; // the file dialog hides the QuickPick; that is not a dismissal
    qp.onDidTriggerButton(async () => {
      browsing = true;
      const uris = await vscode.window.showOpenDialog({ canSelectMany: true, canSelectFiles: true, canSelectFolders: false, openLabel: 'Add', title: 'Fullsend: env files for the run', defaultUri: vscode.Uri.file(o.baseDir) });
      const added = (uris ?? []).map((u) => add(u.fsPath, 'added'));
      qp.items = [...items];
      qp.selectedItems = [...new Set([...qp.selectedItems, ...added])];
      browsing = false;
      qp.show();
    });
    qp.onDidAccept(() => {
      settled = true;
      resolve(qp.selectedItems.map((i) => i.file));
      qp.dispose();
    });
    qp.onDidHide(() => {
      if (browsing) return;
      if (!settled) reject(new CancelledError());
      qp.dispose();
    });
    qp.show();
  });
}
