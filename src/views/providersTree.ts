// The Providers view (fullsend.providers): gateway nodes (name, endpoint, connected or not, version) with
// the providers of the one in use below it, each labelled with its type and its state against the
// workspace — the verdict of Ensure's own plan (core/snapshot.ts providerStates), so "in sync" means exactly
// "Ensure would write nothing". A provider's children are its credential-key and config-key NAMES; no value
// is ever read into this view. With several fullsend dirs the states are grouped per dir; a provider no dir
// declares is "not declared". Everything comes from the shared GatewayState: no openshell call of its own.
//
// Welcome views (package.json viewsWelcome) cover an empty tree: untrusted, not a fullsend workspace,
// openshell not installed, no gateway, nothing declared. An unreachable gateway keeps its node, with an
// error node below it (warning icon, the message, "Show Logs").
import path = require('path');
import vscode = require('vscode');
import { providerStates, type GatewaySnapshot, type ProviderState, type ProviderView } from '../core/snapshot';
import type { GatewayDto } from '../openshell/types';
import type { FullsendDir } from '../workspace/discover';
import type { FullsendDirs } from '../ui/fullsendDirs';
import type { GatewayState } from '../ui/gatewayState';
import type { Log } from '../ui/log';
import type { Sessions } from '../ui/session';
import { COLORS, icon, messageItem, short, tooltip, type MessageNode } from './common';

export const NOTHING_DECLARED_KEY = 'fullsend.nothingDeclared';

export interface GatewayNode {
  readonly kind: 'gateway';
  readonly id: string;
  /** The gateway's name (what Select Gateway and Copy Name take). */
  readonly name: string;
  readonly endpoint?: string;
  /** The gateway Fullsend talks to (fullsend.gateway, OPENSHELL_GATEWAY or the CLI's active one). */
  readonly inUse: boolean;
  readonly dto?: GatewayDto;
  readonly snapshot?: GatewaySnapshot;
}

export interface DirNode {
  readonly kind: 'dir';
  readonly id: string;
  /** The fullsend dir: what Ensure Providers takes as `folder`. */
  readonly folder: string;
  readonly dir: FullsendDir;
  readonly summary: string;
}

export interface ProviderNode {
  readonly kind: 'provider';
  readonly id: string;
  readonly name: string;
  /** The fullsend dir declaring it (commands' `folder`); absent for a provider no dir declares. */
  readonly folder?: string;
  readonly type: string;
  readonly state: ProviderState;
  readonly reason?: string;
  readonly gateway: string;
}

export type KeyState = 'current' | 'prune' | 'pending' | 'onGateway' | 'kept';

export interface KeyNode {
  readonly kind: 'credential' | 'config';
  readonly id: string;
  /** The key's name (never its value). */
  readonly name: string;
  readonly provider: string;
  readonly keyState: KeyState;
  /** When the gateway says the credential expires (epoch ms; `credential_expires_at_ms`, 0.1 and late 0.0). */
  readonly expiresAt?: number;
}

export type ProvidersNode = GatewayNode | DirNode | ProviderNode | KeyNode | MessageNode;

/** contextValue state tokens: `provider.<token>`. */
export const STATE_TOKEN: Record<ProviderState, string> = {
  'in-sync': 'inSync',
  'will-update': 'willUpdate',
  'type-changed': 'typeChanged',
  missing: 'missing',
  'not-declared': 'notDeclared',
  unresolved: 'unresolved',
  managed: 'managed',
};

/** What the description says after the type. */
export const STATE_TEXT: Record<ProviderState, string> = {
  'in-sync': 'in sync',
  'will-update': 'will be updated',
  'type-changed': 'type changed',
  missing: 'missing on the gateway',
  'not-declared': 'not declared by this workspace',
  unresolved: 'cannot be ensured',
  managed: 'fullsend-managed',
};

const STATE_ICON: Record<ProviderState, [string, string | undefined]> = {
  'in-sync': ['pass', COLORS.ok],
  'will-update': ['cloud-upload', COLORS.info],
  'type-changed': ['debug-restart', COLORS.warning],
  missing: ['circle-large-outline', COLORS.warning],
  'not-declared': ['question', COLORS.muted],
  unresolved: ['error', COLORS.error],
  managed: ['rocket', COLORS.muted],
};

const KEY_TEXT: Record<KeyState, string | undefined> = {
  current: undefined,
  prune: 'not declared: Ensure removes it',
  pending: 'declared, not on the gateway yet',
  onGateway: undefined,
  kept: 'not declared, not written by Fullsend: kept',
};

interface Model {
  roots: ProvidersNode[];
  children: Map<string, ProvidersNode[]>;
  parents: Map<string, ProvidersNode>;
}

const EMPTY: Model = { roots: [], children: new Map(), parents: new Map() };

export class ProvidersTree implements vscode.TreeDataProvider<ProvidersNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProvidersNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private model: Promise<Model> | undefined;
  private nothingDeclared: boolean | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: { state: GatewayState; dirs: FullsendDirs; sessions: Sessions; log: Log }) {
    const invalidate = () => {
      this.model = undefined;
      this.changed.fire(undefined);
    };
    this.subscriptions = [
      this.changed,
      deps.state.onDidChange(invalidate),
      deps.dirs.onDidChange(invalidate),
      vscode.workspace.onDidGrantWorkspaceTrust(invalidate),
    ];
  }

  /** Whether every fullsend dir declares no provider (the `fullsend.nothingDeclared` context key); undefined until known. */
  get declaresNothing(): boolean | undefined {
    return this.nothingDeclared;
  }

  async getChildren(element?: ProvidersNode): Promise<ProvidersNode[]> {
    const model = await this.current();
    return element ? model.children.get(element.id) ?? [] : model.roots;
  }

  async getParent(element: ProvidersNode): Promise<ProvidersNode | undefined> {
    return (await this.current()).parents.get(element.id);
  }

  getTreeItem(node: ProvidersNode): vscode.TreeItem {
    switch (node.kind) {
      case 'gateway': return gatewayItem(node);
      case 'dir': return dirItem(node);
      case 'provider': return providerItem(node);
      case 'credential':
      case 'config': return keyItem(node);
      case 'message': return messageItem(node);
    }
  }

  /** The model for the latest snapshot (built once per snapshot). */
  private current(): Promise<Model> {
    if (!this.model) {
      const building = this.build().catch((err: unknown) => {
        this.deps.log.error(`Providers view: ${err instanceof Error ? err.message : String(err)}`);
        return EMPTY;
      });
      this.model = building;
    }
    return this.model;
  }

  private async build(): Promise<Model> {
    const { state, dirs } = this.deps;
    if (!vscode.workspace.isTrusted || !dirs.current.length) return EMPTY;
    // The first time a view shows, its read is pending: wait for it rather than flash a welcome view.
    const snap = state.current ?? await state.whenFresh();
    if (!snap || (snap.state !== 'ready' && snap.state !== 'unreachable')) return EMPTY;

    const b = new Builder();
    const inUse = snap.gateway;
    const key = (g: GatewayDto) => (inUse && g.name === inUse.name ? inUse.key : `${g.name}@${g.endpoint}`);
    const listed = [...snap.gateways];
    if (inUse && !listed.some((g) => g.name === inUse.name)) listed.unshift({ name: inUse.name, endpoint: inUse.endpoint ?? '', active: false, auth: '', source: '', type: '' });
    listed.sort((a, c) => Number(c.name === inUse?.name) - Number(a.name === inUse?.name));

    let gwNode: GatewayNode | undefined;
    for (const g of listed) {
      const node: GatewayNode = { kind: 'gateway', id: `gw:${key(g)}`, name: g.name, endpoint: g.endpoint || undefined, inUse: g.name === inUse?.name, dto: g.auth ? g : undefined, snapshot: g.name === inUse?.name ? snap : undefined };
      b.add(undefined, node);
      if (node.inUse) gwNode = node;
    }
    if (!gwNode || !inUse) return b.model;

    if (snap.state === 'unreachable') {
      this.setNothingDeclared(undefined);
      b.add(gwNode, {
        kind: 'message', id: `${gwNode.id}/message:error`, severity: 'error', label: `Gateway '${inUse.name}' is not reachable`,
        description: snap.error ? short(snap.error, 60) : undefined,
        detail: !snap.error ? START_GATEWAY_HELP : /systemctl/.test(snap.error) ? `${snap.error}\nmacOS: brew services start openshell-gateway.` : `${snap.error}\n${START_GATEWAY_HELP}`,
      });
      return b.model;
    }

    if (snap.skew) {
      b.add(gwNode, { kind: 'message', id: `${gwNode.id}/message:skew`, severity: 'warning', label: 'CLI and gateway versions do not match', description: short(snap.skew, 60), detail: snap.skew });
    }

    // Ready: the provider states of every fullsend dir.
    const loaded = await Promise.all(dirs.current.map((d) => this.dirStates(d, snap)));
    const declaredAnywhere = new Set(loaded.flatMap((l) => l.views.filter((v) => v.state !== 'not-declared').map((v) => v.name)));
    const nothing = loaded.every((l) => !l.error && l.declared === 0);
    this.setNothingDeclared(nothing);
    if (nothing) return EMPTY; // the "nothing declared" welcome view explains

    const multi = loaded.length > 1;
    for (const l of loaded) {
      let parent: GatewayNode | DirNode = gwNode;
      if (multi) {
        const dirNode: DirNode = { kind: 'dir', id: `${gwNode.id}/dir:${l.dir.dir}`, folder: l.dir.dir, dir: l.dir, summary: summarize(l.views) };
        b.add(gwNode, dirNode);
        parent = dirNode;
      }
      if (l.error) {
        b.add(parent, { kind: 'message', id: `${parent.id}/message:load`, severity: 'error', label: `Could not read ${path.basename(l.dir.folder)}'s fullsend files`, description: short(l.error, 60), detail: l.error });
        continue;
      }
      for (const v of l.views) {
        if (v.state === 'not-declared') continue; // below: only the ones no dir declares
        this.addProvider(b, parent, v, inUse.name, l.dir.dir, l.pruneKeys);
      }
      for (const s of l.skipped) {
        b.add(parent, { kind: 'message', id: `${parent.id}/message:skipped:${s}`, severity: 'warning', label: short(s, 60), detail: s });
      }
      if (l.problems) {
        b.add(parent, { kind: 'message', id: `${parent.id}/message:problems`, severity: 'warning', label: `${l.problems} problem${l.problems === 1 ? '' : 's'} in the fullsend files`, detail: 'The Fullsend log lists them with file and line.' });
      }
    }
    for (const dto of snap.providers) {
      if (declaredAnywhere.has(dto.name)) continue;
      this.addProvider(b, gwNode, { name: dto.name, type: dto.type, state: 'not-declared', reason: multi ? 'no fullsend dir of this workspace declares it' : 'not declared by this workspace', dto }, inUse.name, undefined, false);
    }
    return b.model;
  }

  private addProvider(b: Builder, parent: GatewayNode | DirNode, v: ProviderView, gateway: string, folder: string | undefined, pruneKeys: boolean): void {
    const node: ProviderNode = { kind: 'provider', id: `${parent.id}/provider:${v.name}`, name: v.name, folder, type: v.type, state: v.state, reason: v.reason, gateway };
    b.add(parent, node);
    const onGw = { cred: new Set(v.dto?.credential_keys ?? []), config: new Set(v.dto?.config_keys ?? []) };
    const declared = { cred: new Set(v.declared?.credentials.map((c) => c.key) ?? []), config: new Set(v.declared?.config.map((c) => c.key) ?? []) };
    for (const [kind, which, idPart] of [['credential', 'cred', 'cred'], ['config', 'config', 'config']] as const) {
      const names = [...new Set([...declared[which], ...onGw[which]])];
      for (const name of names) {
        const keyState: KeyState = !v.declared ? 'onGateway'
          : !onGw[which].has(name) ? 'pending'
          : !declared[which].has(name) ? (v.prune?.includes(name) ? 'prune' : pruneKeys ? 'kept' : 'onGateway')
          : 'current';
        const expiresAt = kind === 'credential' ? v.dto?.credential_expires_at_ms?.[name] : undefined;
        b.add(node, { kind, id: `${node.id}/${idPart}:${name}`, name, provider: v.name, keyState, ...(expiresAt ? { expiresAt } : {}) });
      }
    }
  }

  private async dirStates(d: FullsendDir, snap: GatewaySnapshot): Promise<{ dir: FullsendDir; views: ProviderView[]; declared: number; skipped: string[]; problems: number; pruneKeys: boolean; error?: string }> {
    try {
      const s = await this.deps.sessions.workspace(d.dir);
      const views = providerStates({
        declared: s.ws.providers, values: s.values, providers: snap.providers, book: s.base.book,
        gatewayKey: snap.gateway?.key ?? s.gateway.key, settings: s.ensureSettings, dialect: snap.dialect?.name ?? '0.1',
      });
      const skipped = s.ws.skipped.filter((e) => e.kind === 'provider').map((e) => `${e.entry}: ${e.reason}`);
      const problems = s.ws.diagnostics.filter((x) => x.severity === 'error').length;
      return { dir: d, views, declared: s.ws.providers.length + skipped.length, skipped, problems, pruneKeys: s.ensureSettings.pruneKeys };
    } catch (err) {
      return { dir: d, views: [], declared: 0, skipped: [], problems: 0, pruneKeys: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  private setNothingDeclared(value: boolean | undefined): void {
    if (this.nothingDeclared === value) return;
    this.nothingDeclared = value;
    void vscode.commands.executeCommand('setContext', NOTHING_DECLARED_KEY, value);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

export const START_GATEWAY_HELP = 'Start the openshell-gateway service — Linux: systemctl --user start openshell-gateway; ' +
  'macOS: brew services start openshell-gateway — then Refresh.';

class Builder {
  readonly model: Model = { roots: [], children: new Map(), parents: new Map() };

  add(parent: ProvidersNode | undefined, node: ProvidersNode): void {
    if (!parent) {
      this.model.roots.push(node);
      return;
    }
    const list = this.model.children.get(parent.id) ?? [];
    list.push(node);
    this.model.children.set(parent.id, list);
    this.model.parents.set(node.id, parent);
  }
}

function summarize(views: readonly ProviderView[]): string {
  const counts = new Map<ProviderState, number>();
  for (const v of views) if (v.state !== 'not-declared') counts.set(v.state, (counts.get(v.state) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${STATE_TEXT[s]}`).join(' · ') || 'declares no provider';
}

function gatewayItem(node: GatewayNode): vscode.TreeItem {
  const snap = node.snapshot;
  const item = new vscode.TreeItem(node.name, node.inUse ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const status = snap?.state === 'ready' ? (snap.status?.status ?? 'connected').replace(/_/g, ' ') : snap ? 'unreachable' : undefined;
  const version = snap?.status?.version ? `v${snap.status.version}` : undefined;
  // State first: the sidebar is narrow and the endpoint long.
  item.description = [status, version, node.endpoint].filter(Boolean).join(' · ');
  if (!node.inUse) {
    item.contextValue = 'gateway.other';
    item.iconPath = icon('vm-outline');
  } else if (snap?.state === 'ready') {
    item.contextValue = 'gateway.inUse.ready';
    item.iconPath = snap.skew ? icon('vm-active', COLORS.warning) : icon('vm-active', COLORS.ok);
  } else {
    item.contextValue = 'gateway.inUse.unreachable';
    item.iconPath = icon('vm-outline', COLORS.warning);
  }
  item.tooltip = tooltip(`Gateway ${node.name}`, [
    ['Endpoint', node.endpoint],
    ['Status', status],
    ['Version', snap?.status?.version],
    ['CLI', snap?.dialect ? `openshell ${snap.dialect.version} (speaks ${snap.dialect.name}.x)` : undefined],
    ['Version skew', snap?.skew],
    ['Authentication', node.dto?.auth],
    ['Registered', node.dto ? `${node.dto.source} (${node.dto.type}${node.dto.is_remote ? ', remote' : ''})` : undefined],
  ], node.inUse ? 'Fullsend uses this gateway.' : 'Not the gateway Fullsend uses: Select Gateway to switch.');
  return item;
}

function dirItem(node: DirNode): vscode.TreeItem {
  const item = new vscode.TreeItem(path.basename(node.dir.folder), vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.description = node.summary;
  item.contextValue = `fullsendDir.${node.dir.kind}`;
  item.iconPath = icon(node.dir.kind === 'per-repo' ? 'repo' : 'folder-library');
  item.tooltip = tooltip(`fullsend dir ${path.basename(node.dir.folder)}`, [
    ['Path', node.dir.dir],
    ['Kind', node.dir.kind === 'per-repo' ? 'per-repo install (.fullsend)' : 'agents repository'],
    ['Providers', node.summary],
  ]);
  return item;
}

function providerItem(node: ProviderNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = `${STATE_TEXT[node.state]} · ${node.type}`;
  item.contextValue = `provider.${STATE_TOKEN[node.state]}`;
  const [iconId, color] = STATE_ICON[node.state];
  item.iconPath = icon(iconId, color);
  item.tooltip = tooltip(`Provider ${node.name}`, [
    ['Type', node.type],
    ['State', STATE_TEXT[node.state]],
    ['Why', node.reason],
    ['Gateway', node.gateway],
    ['Declared in', node.folder],
  ], 'Credential values are never shown: the gateway does not reveal them and Fullsend keeps only fingerprints.');
  return item;
}

function keyItem(node: KeyNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const what = node.kind === 'credential' ? 'credential' : 'config';
  const expiry = node.expiresAt ? expiryText(node.expiresAt) : undefined;
  item.description = [what, KEY_TEXT[node.keyState], expiry].filter(Boolean).join(' · ');
  item.contextValue = `${node.kind}Key.${node.keyState}`;
  const expired = !!node.expiresAt && node.expiresAt <= Date.now();
  const color = expired ? COLORS.warning : node.keyState === 'prune' ? COLORS.removed : node.keyState === 'pending' ? COLORS.added : undefined;
  item.iconPath = icon(node.kind === 'credential' ? 'key' : 'symbol-property', color);
  item.tooltip = tooltip(`${node.kind === 'credential' ? 'Credential' : 'Config'} key ${node.name}`, [
    ['Provider', node.provider],
    ['State', KEY_TEXT[node.keyState] ?? (node.keyState === 'current' ? 'declared and on the gateway' : 'on the gateway')],
    ['Expires', node.expiresAt ? `${new Date(node.expiresAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${expired ? ' (expired)' : ''}` : undefined],
  ], 'Names only: values are never shown.');
  return item;
}

/** "expires in 3 d" / "expired 2 h ago": when the gateway reports an expiry for a credential. */
export function expiryText(at: number, now = Date.now()): string {
  const ms = Math.abs(at - now);
  const span = ms >= 86_400_000 ? `${Math.round(ms / 86_400_000)} d` : ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} h` : `${Math.max(1, Math.round(ms / 60_000))} min`;
  return at > now ? `expires in ${span}` : `expired ${span} ago`;
}
