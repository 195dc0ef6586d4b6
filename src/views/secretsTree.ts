// The Secrets view (`fullsend.secrets`): one node per `${VAR}` the workspace needs, with where its value
// comes from and whether the gateway holds it (core/secretStates.ts); its usages are the children. Names
// and presence only — a value never reaches a label, description or tooltip. The gateway side comes from
// the shared GatewayState (this view never runs openshell itself); the workspace side is read here (YAML,
// env files, SecretStorage), and every value read is registered with the Redactor.
import path = require('path');
import vscode = require('vscode');
import type { FingerprintBook } from '../core/fingerprints';
import { secretStates, STATE_TEXT, type GatewayProviders, type ProviderKeyState, type SecretSource, type SecretStateInfo } from '../core/secretStates';
import type { GatewaySnapshot } from '../core/snapshot';
import type { Redactor } from '../openshell/redact';
import type { FullsendDir } from '../workspace/discover';
import { loadWorkspace } from '../workspace/model';
import { resolveNeeds } from '../workspace/resolve';
import type { VarUsage } from '../workspace/usages';
import type { FullsendDirs } from '../ui/fullsendDirs';
import type { Log } from '../ui/log';
import { variableSecrets } from '../ui/secrets';
import type { GatewayState } from '../ui/gatewayState';
import type { Settings } from '../ui/settings';

/** The part of the shared gateway state service this view reads (it reads only while a Fullsend view is visible). */
export type GatewayStateSource = Pick<GatewayState, 'current' | 'onDidChange' | 'whenFresh'>;

export interface SecretsTreeDeps {
  dirs: FullsendDirs;
  settings: Settings;
  secrets: vscode.SecretStorage;
  redactor: Redactor;
  log: Log;
  /** The FingerprintBook (opening it reads SecretStorage only). */
  book(): Promise<FingerprintBook>;
  /** The shared picture of the gateway; this view never runs openshell itself. */
  gateway: GatewayStateSource;
}

/** One fullsend dir's part of the view. */
export interface SecretsDirModel {
  fd: FullsendDir;
  /** The workspace folder's base name. */
  label: string;
  /** Sorted by name. */
  states: SecretStateInfo[];
  /** Variables an env file sets to another value than the secret store's (the env file wins): names only. */
  shadowsSecretStore: string[];
  /** The workspace could not be read (redacted, names only). */
  error?: string;
}

export type SecretsNode =
  | { type: 'dir'; dir: string; folder: string; model: SecretsDirModel }
  | { type: 'var'; name: string; dir: string; folder: string; info: SecretStateInfo; grouped: boolean; shadowsSecretStore: boolean }
  | { type: 'usage'; name: string; dir: string; folder: string; usage: VarUsage; key?: ProviderKeyState }
  | { type: 'message'; dir: string; folder: string; text: string; detail: string };

export class SecretsTree implements vscode.TreeDataProvider<SecretsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SecretsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private model: Promise<SecretsDirModel[]> | undefined;
  /** The snapshot the current model was computed with. */
  private modelSnapshot: GatewaySnapshot | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private debounce: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SecretsTreeDeps) {
    this.subscriptions.push(
      this.changed,
      deps.dirs.onDidChange(() => { this.watch(); this.invalidate(); }),
      deps.secrets.onDidChange((e) => { if (e.key.startsWith('fullsend.secret.')) this.invalidate(); }),
      deps.settings.onDidChange((e) => {
        if (e.affectsConfiguration('fullsend.run.envFiles')) { this.watch(); this.invalidate(); }
      }),
      // Each read of the gateway (after every operation, a file change, a view shown…). The fingerprint
      // records an operation wrote are read again with it.
      deps.gateway.onDidChange((snap) => { if (snap !== this.modelSnapshot) this.invalidate(); }),
    );
    this.watch();
  }

  /** Recompute on next read (lazy: nothing is read while the view is hidden). */
  invalidate(): void {
    this.model = undefined;
    this.changed.fire(undefined);
  }

  /** The model as the view shows it now (computed if needed). */
  current(): Promise<SecretsDirModel[]> {
    this.model ??= this.compute();
    return this.model;
  }

  /**
   * The model once the gateway state is fresh: waits for the shared service's refresh in flight (if any),
   * then recomputes when the snapshot moved on. For commands and tests; the view itself never waits.
   */
  async settled(): Promise<SecretsDirModel[]> {
    const snap = await this.deps.gateway.whenFresh();
    let model = await this.current();
    if (snap !== this.modelSnapshot) {
      this.model = undefined;
      model = await this.current();
    }
    return model;
  }

  async getChildren(node?: SecretsNode): Promise<SecretsNode[]> {
    if (!node) {
      const model = await this.current();
      if (model.length > 1) return model.map((m) => ({ type: 'dir', dir: m.fd.dir, folder: m.fd.folder, model: m }));
      return model.length ? this.dirChildren(model[0], false) : [];
    }
    if (node.type === 'dir') return this.dirChildren(node.model, true);
    if (node.type === 'var') {
      return [...node.info.usages]
        .sort((a, b) => a.display.localeCompare(b.display) || a.line - b.line)
        .map((usage) => ({ type: 'usage', name: node.name, dir: node.dir, folder: node.folder, usage, key: keyOf(node.info, usage) }));
    }
    return [];
  }

  getTreeItem(node: SecretsNode): vscode.TreeItem {
    switch (node.type) {
      case 'dir': return dirItem(node);
      case 'var': return varItem(node);
      case 'usage': return usageItem(node);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = `secretsMessage:${node.dir}`;
        item.tooltip = node.detail;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.contextValue = 'secretsMessage';
        item.command = { command: 'fullsend.showLogs', title: 'Show Logs' };
        return item;
      }
    }
  }

  private dirChildren(m: SecretsDirModel, grouped: boolean): SecretsNode[] {
    if (m.error) return [{ type: 'message', dir: m.fd.dir, folder: m.fd.folder, text: `Could not read ${m.label}`, detail: m.error }];
    return m.states.map((info) => ({ type: 'var', name: info.name, dir: m.fd.dir, folder: m.fd.folder, info, grouped, shadowsSecretStore: m.shadowsSecretStore.includes(info.name) }));
  }

  private async compute(): Promise<SecretsDirModel[]> {
    const { dirs, settings, secrets, redactor, log } = this.deps;
    const snap = this.deps.gateway.current;
    this.modelSnapshot = snap;
    const all = dirs.current;
    let gateway: GatewayProviders | undefined;
    if (snap?.state === 'ready' && snap.gateway) {
      try {
        gateway = { key: snap.gateway.key, providers: snap.providers, book: await this.deps.book(), dialect: snap.dialect?.name ?? '0.1' };
      } catch (err) {
        log.warn(`secrets view: could not open the fingerprint records: ${redactor.redact(err instanceof Error ? err.message : String(err))}`);
      }
    }
    const unavailable = unavailableText(snap);
    return Promise.all(all.map(async (fd): Promise<SecretsDirModel> => {
      const label = path.basename(fd.folder) || fd.folder;
      try {
        const ws = await loadWorkspace(fd);
        const { report, values } = await resolveNeeds(ws, {
          secrets: variableSecrets(secrets, redactor),
          envFiles: settings.current.envFiles,
          env: process.env,
          baseDir: ws.folder,
        });
        // Every value read is a secret to the logs, except those used only as provider config (which goes on argv).
        for (const v of report.vars) {
          if (v.usages.some((u) => u.kind !== 'config')) redactor.add(values.get(v.name));
        }
        const states = secretStates({ vars: report.vars, declared: ws.providers, values, gateway, unavailable })
          .sort((a, b) => a.name.localeCompare(b.name));
        const shadowsSecretStore = report.vars.filter((v) => v.shadowsSecretStore).map((v) => v.name).sort();
        return { fd, label, states, shadowsSecretStore };
      } catch (err) {
        const error = redactor.redact(err instanceof Error ? err.message : String(err));
        log.warn(`secrets view: ${fd.dir}: ${error}`);
        return { fd, label, states: [], shadowsSecretStore: [], error };
      }
    }));
  }

  /** Env files and the fullsend dirs' YAML change the model: recompute (debounced), never poll. */
  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const patterns: vscode.GlobPattern[] = this.deps.dirs.current.map((fd) => new vscode.RelativePattern(vscode.Uri.file(fd.dir), '**/*.{yaml,yml,env}'));
    for (const f of this.deps.settings.current.envFiles) {
      const base = this.deps.dirs.current[0]?.folder;
      const file = path.isAbsolute(f) || !base ? f : path.join(base, f);
      patterns.push(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    }
    for (const p of patterns) {
      const w = vscode.workspace.createFileSystemWatcher(p);
      const later = () => {
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.invalidate(), 500);
      };
      this.watchers.push(w, w.onDidChange(later), w.onDidCreate(later), w.onDidDelete(later));
    }
  }

  dispose(): void {
    if (this.debounce) clearTimeout(this.debounce);
    for (const d of [...this.watchers, ...this.subscriptions]) d.dispose();
  }
}

function unavailableText(snap: GatewaySnapshot | undefined): string {
  if (!vscode.workspace.isTrusted) return 'the workspace is not trusted, so Fullsend reads no gateway';
  if (!snap) return 'the gateway has not been read yet (it is read while a Fullsend view is visible)';
  const name = snap.gateway ? `gateway '${snap.gateway.name}'` : 'the gateway';
  switch (snap.state) {
    case 'notInstalled': return 'openshell is not installed';
    case 'noGateway': return 'no OpenShell gateway is active';
    case 'unreachable': return `${name} is not reachable`;
    default: return `${name} could not be read`;
  }
}

/** "secret store", "dev.env:3", "environment", "set by fullsend", "not set". */
export function sourceText(source: SecretSource): string {
  switch (source.kind) {
    case 'secret-store': return 'secret store';
    case 'env-file': return `${path.basename(source.file)}:${source.line}`;
    case 'process-env': return 'environment';
    case 'fullsend': return 'set by fullsend';
    case 'missing': return 'not set';
  }
}

const SOURCE_TOKEN: Record<SecretSource['kind'], string> = {
  'secret-store': 'inStore',
  'env-file': 'inEnvFile',
  'process-env': 'inProcessEnv',
  fullsend: 'fromFullsend',
  missing: 'missing',
};

/**
 * `secret.<source>.<state>[.stored][.push]`: source ∈ inStore | inEnvFile | inProcessEnv | fromFullsend | missing;
 * state is the SecretState; `.stored` when the secret store also holds a value that loses to `source` (Clear
 * Secret still applies); `.push` when the variable is used by a provider and resolves (Push can run).
 */
export function secretContextValue(info: SecretStateInfo): string {
  const pushable = info.providers.length > 0 && info.state !== 'unresolved';
  const stored = info.source.kind !== 'secret-store' && info.alsoIn.some((a) => a.kind === 'secret-store');
  return `secret.${SOURCE_TOKEN[info.source.kind]}.${info.state}${stored ? '.stored' : ''}${pushable ? '.push' : ''}`;
}

/** Whether the secret store holds a value for this variable, winning or not (what Clear Secret removes). */
export function inSecretStore(info: SecretStateInfo): boolean {
  return info.source.kind === 'secret-store' || info.alsoIn.some((a) => a.kind === 'secret-store');
}

/** The words shown when an env file's value beats a different secret-store value (never either value). */
export const SHADOWS_SECRET_STORE_TEXT = 'env file overrides secret store';

function description(info: SecretStateInfo, shadowsSecretStore: boolean): string {
  const source = `${sourceText(info.source)}${info.empty ? ' (empty)' : ''}${shadowsSecretStore ? `, ${SHADOWS_SECRET_STORE_TEXT}` : ''}`;
  if (info.state === 'not-a-credential') return `${source} · harness only`;
  if (info.state === 'unresolved' && info.source.kind === 'missing') return source;
  return `${source} · ${STATE_TEXT[info.state]}`;
}

function icon(info: SecretStateInfo): vscode.ThemeIcon {
  const color = (id: string) => new vscode.ThemeColor(id);
  if (info.source.kind === 'missing' || info.state === 'unresolved') {
    return info.required ? new vscode.ThemeIcon('error', color('problemsErrorIcon.foreground')) : new vscode.ThemeIcon('circle-slash');
  }
  switch (info.state) {
    case 'current': return new vscode.ThemeIcon('pass', color('testing.iconPassed'));
    case 'stale': return new vscode.ThemeIcon('warning', color('problemsWarningIcon.foreground'));
    case 'unknown': return new vscode.ThemeIcon('question');
    case 'not-on-gateway': return new vscode.ThemeIcon('cloud-upload');
    case 'unavailable': return new vscode.ThemeIcon('debug-disconnect');
    default: return new vscode.ThemeIcon('key');
  }
}

/** A tooltip whose every piece of text is escaped (appendText), never interpreted: names and paths only. */
class Tooltip {
  readonly md = new vscode.MarkdownString(undefined, false);
  constructor() {
    this.md.isTrusted = false;
    this.md.supportHtml = false;
  }
  bold(text: string): this { this.md.appendMarkdown('**'); this.md.appendText(text); this.md.appendMarkdown('**'); return this; }
  text(text: string): this { this.md.appendText(text); return this; }
  item(text: string): this { this.md.appendMarkdown('\n- '); this.md.appendText(text); return this; }
  para(): this { this.md.appendMarkdown('\n\n'); return this; }
}

function varItem(node: Extract<SecretsNode, { type: 'var' }>): vscode.TreeItem {
  const { info } = node;
  const item = new vscode.TreeItem(info.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `secret:${node.dir}\0${info.name}`;
  item.description = description(info, node.shadowsSecretStore);
  item.contextValue = secretContextValue(info);
  item.iconPath = icon(info);
  const t = new Tooltip().bold(`\${${info.name}}`).text(info.required ? '' : ' (optional)').para();
  t.text(`Value from: ${sourceLong(info.source)}${info.empty ? ' (set but empty)' : ''}`);
  if (info.alsoIn.length) t.text(`; also defined in ${info.alsoIn.map(sourceLong).join(', ')}, which lose${info.alsoIn.length === 1 ? 's' : ''}`);
  t.para();
  if (node.shadowsSecretStore) {
    t.text(`The ${SHADOWS_SECRET_STORE_TEXT}: the env file sets a different value, which wins (fullsend loads --env-file over its environment), so the stored secret is not used. Clear the secret or remove ${info.name} from the env file.`).para();
  }
  if (info.keys.length) {
    t.text(`Gateway: ${STATE_TEXT[info.state]}`);
    for (const k of info.keys) t.item(k.reason);
  } else {
    t.text('Not used by any provider: the harness reads it when an agent runs.');
  }
  t.para().text('Used in:');
  for (const u of info.usages) t.item(`${u.display}:${u.line} — ${u.what}`);
  item.tooltip = t.md;
  return item;
}

function sourceLong(source: SecretSource): string {
  switch (source.kind) {
    case 'secret-store': return 'the secret store (Fullsend: Set Secret)';
    case 'env-file': return `env file ${source.file}, line ${source.line}`;
    case 'process-env': return 'the environment of VS Code';
    case 'fullsend': return 'fullsend itself, when it runs the agent (not needed from you)';
    case 'missing': return 'nowhere: not set in the env files, the secret store or the environment';
  }
}

function keyOf(info: SecretStateInfo, u: VarUsage): ProviderKeyState | undefined {
  return info.keys.find((k) => k.provider === u.provider && k.key === u.key && k.kind === u.kind);
}

const USAGE_ICON: Record<VarUsage['kind'], string> = {
  credential: 'key',
  config: 'settings-gear',
  'env.runner': 'symbol-variable',
  'env.sandbox': 'symbol-variable',
  runner_env: 'terminal',
  'host_files.src': 'file',
  'host_files.content': 'file-text',
};

function usageItem(node: Extract<SecretsNode, { type: 'usage' }>): vscode.TreeItem {
  const { usage: u, key } = node;
  const item = new vscode.TreeItem(`${u.display}:${u.line}`, vscode.TreeItemCollapsibleState.None);
  item.id = `secret:${node.dir}\0${node.name}\0${u.file}:${u.line}:${u.kind}:${u.key ?? ''}`;
  item.description = key ? `${u.what} · ${STATE_TEXT[key.state]}` : u.what;
  const t = new Tooltip().bold(u.what).para().text(`${u.display}, line ${u.line}`);
  if (u.agents.length) t.para().text(`Agents: ${u.agents.join(', ')}`);
  if (key) t.para().text(key.reason);
  item.tooltip = t.md;
  item.iconPath = new vscode.ThemeIcon(USAGE_ICON[u.kind]);
  item.contextValue = `secretUsage.${u.kind}`;
  const line = Math.max(0, u.line - 1);
  const col = Math.max(0, (u.column ?? 1) - 1);
  item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(u.file), { selection: new vscode.Range(line, col, line, col) }] };
  return item;
}

function dirItem(node: Extract<SecretsNode, { type: 'dir' }>): vscode.TreeItem {
  const m = node.model;
  const empty = !m.error && !m.states.length;
  const item = new vscode.TreeItem(m.label, empty ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded);
  item.id = `secretsDir:${node.dir}`;
  const missing = m.states.filter((s) => s.source.kind === 'missing' && s.required).length;
  item.description = m.error ? 'could not be read'
    : empty ? 'uses no ${VAR}'
    : `${m.states.length} variable${m.states.length === 1 ? '' : 's'}${missing ? `, ${missing} not set` : ''}`;
  item.tooltip = `fullsend dir: ${node.dir}`;
  item.iconPath = new vscode.ThemeIcon(m.fd.kind === 'per-repo' ? 'repo' : 'folder-library');
  item.contextValue = 'secretsDir';
  return item;
}
