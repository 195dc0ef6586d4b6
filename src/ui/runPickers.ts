// The questions `Fullsend: Run` asks from the palette: which agent, which target repo, which env files, and
// — only for those of runtime, model and effort whose setting is empty — one more step to choose them (Enter
// keeps what it shows). Each one offers what the user most likely wants first (the last run's choice, the
// setting) and throws CancelledError when dismissed. Programmatic callers and tasks never get here.
import path = require('path');
import vscode = require('vscode');
import { EFFORTS, modelProblem, RUNTIMES } from '../fullsend/args';
import { CancelledError } from './cancel';

/** `(n/total)` in the pickers' titles: 3 steps, or 4 when the run options are asked too. */
export interface Steps { total: number }
const step = (n: number, s: Steps = { total: 3 }) => `(${n}/${s.total})`;

export interface AgentItem {
  name: string;
  /** E.g. the harness file. */
  description?: string;
  /** E.g. the providers it needs. */
  detail?: string;
}

export async function pickAgent(agents: readonly AgentItem[], last?: string, steps?: Steps): Promise<string> {
  if (agents.length === 1) return agents[0].name;
  const ordered = [...agents].sort((a, b) => Number(b.name === last) - Number(a.name === last));
  const picked = await vscode.window.showQuickPick(
    ordered.map((a) => ({ label: a.name, description: a.name === last ? `${a.description ?? ''} · last run`.replace(/^ · /, '') : a.description, detail: a.detail })),
    { title: `Fullsend: Run ${step(1, steps)} — agent`, placeHolder: 'Which agent to run', ignoreFocusOut: true, matchOnDescription: true },
  );
  if (!picked) throw new CancelledError();
  return picked.label;
}

type RepoItem = vscode.QuickPickItem & { repo?: string; browse?: boolean };

/** The target repo: the setting, the last one used, a workspace folder, or any folder (a folder dialog). */
export async function pickTargetRepo(o: { setting?: string; last?: string; folders: readonly string[]; steps?: Steps }): Promise<string> {
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
    title: `Fullsend: Run ${step(2, o.steps)} — target repo`, placeHolder: 'The checkout the agent works on (--target-repo)', ignoreFocusOut: true, matchOnDetail: true,
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
export function pickEnvFiles(o: { setting: readonly string[]; last?: readonly string[]; baseDir: string; steps?: Steps }): Promise<string[]> {
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
    qp.title = `Fullsend: Run ${step(3, o.steps)} — env files`;
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

// --- runtime, model, effort ------------------------------------------------------------------------------

export type RunOptionKey = 'runtime' | 'model' | 'effort';
/** Undefined: fullsend's default (no flag). */
export type RunOptionValues = Partial<Record<RunOptionKey, string>>;

const DEFAULT = "fullsend's default";
const OPTION: Record<RunOptionKey, { label: string; flag: string; about: string }> = {
  runtime: { label: 'Runtime', flag: '--runtime', about: `${RUNTIMES.join(', ')}; fullsend's default: FULLSEND_RUNTIME, config.yaml, then claude` },
  model: { label: 'Model', flag: '--model', about: 'an alias, a model id or provider/id; fullsend\'s default: FULLSEND_MODEL, config.yaml, the harness' },
  effort: { label: 'Effort', flag: '--effort', about: `${EFFORTS.join(', ')}; fullsend's default: FULLSEND_EFFORT, else the runtime's` },
};

type HubItem = vscode.QuickPickItem & { key?: RunOptionKey };

/**
 * The last step: the run options whose setting is empty, one line each, and "Run" first — so Enter runs with
 * what is shown (the last run's choices, else fullsend's defaults) and picking a line changes that one value.
 * Escape in a value picker goes back here; Escape here cancels the run.
 */
export async function pickRunOptions(o: { ask: readonly RunOptionKey[]; initial: RunOptionValues; steps?: Steps }): Promise<RunOptionValues> {
  const chosen: RunOptionValues = {};
  for (const k of o.ask) if (o.initial[k]) chosen[k] = o.initial[k];
  const total = o.steps?.total ?? 4;
  const title = `Fullsend: Run ${step(total, { total })} — ${o.ask.join(', ')}`;
  let active: RunOptionKey | undefined;
  for (;;) {
    const summary = o.ask.map((k) => `${k} ${chosen[k] ?? DEFAULT}`).join(' · ');
    const items: HubItem[] = [
      { label: '$(play) Run', description: summary },
      ...o.ask.map((k) => ({ label: `$(edit) ${OPTION[k].label}`, description: chosen[k] ?? DEFAULT, detail: `${OPTION[k].flag}: ${OPTION[k].about}`, key: k })),
    ];
    const picked = await pickOne(items, items.findIndex((i) => i.key === active && active !== undefined), {
      title, placeholder: 'Enter runs with these; pick a line to change it',
    });
    if (!picked) throw new CancelledError();
    if (!picked.key) return chosen;
    active = picked.key;
    const value = picked.key === 'model' ? await inputModel(chosen.model, title) : await pickValue(picked.key, chosen[picked.key], title);
    if (value === undefined) continue; // dismissed: back, unchanged
    if (value === '') delete chosen[picked.key];
    else chosen[picked.key] = value;
  }
}

type ValueItem = vscode.QuickPickItem & { value: string };

/** One of fullsend's allowed values, or '' for fullsend's default; undefined when dismissed. */
async function pickValue(key: 'runtime' | 'effort', current: string | undefined, title: string): Promise<string | undefined> {
  const values: readonly string[] = key === 'runtime' ? RUNTIMES : EFFORTS;
  const items: ValueItem[] = [
    { label: DEFAULT, description: `no ${OPTION[key].flag}`, value: '' },
    ...values.map((v) => ({ label: v, value: v })),
  ];
  for (const i of items) if (i.value === (current ?? '')) i.description = i.description ? `${i.description} · current` : 'current';
  const picked = await pickOne(items, items.findIndex((i) => i.value === (current ?? '')), { title: `${title}: ${OPTION[key].label.toLowerCase()}`, placeholder: `${OPTION[key].flag} for this run` });
  return picked?.value;
}

/** Free text; empty for fullsend's default; undefined when dismissed. */
async function inputModel(current: string | undefined, title: string): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({
    title: `${title}: model`,
    value: current ?? '',
    prompt: `--model: ${OPTION.model.about}. Empty: ${DEFAULT}.`,
    placeHolder: `${DEFAULT} (e.g. opus, gpt-5, openai/gpt-5)`,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const t = text.trim();
      const problem = t ? modelProblem(t) : undefined;
      return problem ? `Not a model: ${problem}.` : undefined;
    },
  });
  return v === undefined ? undefined : v.trim();
}

/** A single-choice QuickPick with one item active; undefined when dismissed. */
function pickOne<T extends vscode.QuickPickItem>(items: T[], activeIndex: number, o: { title: string; placeholder: string }): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    qp.title = o.title;
    qp.placeholder = o.placeholder;
    qp.ignoreFocusOut = true;
    qp.matchOnDescription = true;
    qp.items = items;
    if (activeIndex >= 0) qp.activeItems = [items[activeIndex]];
    let settled = false;
    qp.onDidAccept(() => {
      settled = true;
      resolve(qp.selectedItems[0] ?? qp.activeItems[0]);
      qp.dispose();
    });
    qp.onDidHide(() => {
      if (!settled) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
