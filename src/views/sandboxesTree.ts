// The Sandboxes view (fullsend.sandboxes): the `fs-<agent>-<id>` sandboxes fullsend runs left on the gateway
// in use, newest first, with phase and age; the sandbox of a Fullsend: Run in progress says so. Delete (inline and context) and Delete All Leaked (title) run
// fullsend.deleteSandbox. Run-scoped providers (`<name>-<12hex>`, fullsend-current.md §3) are shown under
// their sandbox, and on their own — offered for deletion — once that sandbox is gone.
// From the shared GatewayState: no openshell call of its own. Other sandboxes on
// the gateway are not fullsend's and are not listed. An empty tree shows a welcome view for its state.
import vscode = require('vscode');
import { isLeakedSandbox } from '../core/deletes';
import { runScopedOnGateway, type RunScopedInstance } from '../core/runScoped';
import type { RunsInProgress } from '../core/runsInProgress';
import type { SandboxDto } from '../openshell/types';
import type { FullsendDirs } from '../ui/fullsendDirs';
import type { GatewayState } from '../ui/gatewayState';
import { age, COLORS, createdAt, icon, tooltip } from './common';

export interface SandboxNode {
  readonly kind: 'sandbox';
  readonly id: string;
  /** The sandbox's name: what fullsend.deleteSandbox and Copy Name take. */
  readonly name: string;
  readonly phase: string;
  readonly createdAt?: string | number;
  readonly gateway: string;
  /** The agent whose Fullsend: Run in progress uses this sandbox. */
  readonly runningAgent?: string;
  /** Its run-scoped providers. */
  readonly runScoped: readonly RunScopedNode[];
}

/** A run-scoped provider: under its sandbox, or at the top when the sandbox is gone (then it is garbage). */
export interface RunScopedNode {
  readonly kind: 'runScoped';
  readonly id: string;
  /** The provider's name: what fullsend.deleteProvider takes. */
  readonly name: string;
  readonly definition: string;
  readonly sandbox?: string;
  readonly gateway: string;
}

export type SandboxesNode = SandboxNode | RunScopedNode;

const AGENT_PREFIX: Record<string, string> = { tri: 'triage', cod: 'code', rev: 'review' };

export class SandboxesTree implements vscode.TreeDataProvider<SandboxesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SandboxesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: { state: GatewayState; dirs: FullsendDirs; runs: RunsInProgress }) {
    const fire = () => this.changed.fire(undefined);
    this.subscriptions = [this.changed, deps.state.onDidChange(fire), deps.dirs.onDidChange(fire), vscode.workspace.onDidGrantWorkspaceTrust(fire),
      deps.runs.onDidChange(fire)];
  }

  async getChildren(element?: SandboxesNode): Promise<SandboxesNode[]> {
    if (element) return element.kind === 'sandbox' ? [...element.runScoped] : [];
    const { state, dirs, runs } = this.deps;
    if (!vscode.workspace.isTrusted || !dirs.current.length) return [];
    const snap = state.current ?? await state.whenFresh();
    if (!snap || snap.state !== 'ready' || !snap.gateway) return [];
    const key = snap.gateway.key;
    const gateway = snap.gateway.name;
    const runScoped = runScopedOnGateway(snap.providers, snap.sandboxes).map((r: RunScopedInstance): RunScopedNode => ({
      kind: 'runScoped', id: `gw:${key}/runScoped:${r.name}`, name: r.name, definition: r.definition, gateway, ...(r.sandbox ? { sandbox: r.sandbox } : {}),
    }));
    const sandboxes = snap.sandboxes
      .filter((b) => isLeakedSandbox(b.name))
      .sort((a, b) => (createdAt(b.created_at)?.getTime() ?? 0) - (createdAt(a.created_at)?.getTime() ?? 0) || a.name.localeCompare(b.name))
      .map((b: SandboxDto): SandboxNode => {
        const node: SandboxNode = { kind: 'sandbox', id: `gw:${key}/sandbox:${b.name}`, name: b.name, phase: b.phase, createdAt: b.created_at, gateway,
          runScoped: runScoped.filter((r) => r.sandbox === b.name) };
        const run = runs.sandboxUser(key, b.name);
        return run ? { ...node, runningAgent: run.agent } : node;
      });
    return [...sandboxes, ...runScoped.filter((r) => !r.sandbox)];
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(node: SandboxesNode): vscode.TreeItem {
    return node.kind === 'sandbox' ? sandboxItem(node) : runScopedItem(node);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

function runScopedItem(node: RunScopedNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.contextValue = node.sandbox ? 'runScopedProvider.attached' : 'runScopedProvider.orphaned';
  item.description = node.sandbox ? `run-scoped provider of ${node.definition}` : `run-scoped provider of ${node.definition} · its sandbox is gone`;
  item.iconPath = icon('key', node.sandbox ? COLORS.muted : COLORS.warning);
  item.tooltip = tooltip(`Run-scoped provider ${node.name}`, [
    ['Made from', node.definition],
    ['Sandbox', node.sandbox ?? 'gone'],
    ['Gateway', node.gateway],
  ], node.sandbox
    ? 'fullsend run created it for this sandbox and deletes it after the sandbox; deleting the sandbox lets it go.'
    : 'Its run ended without deleting it (a killed run). Its credential expires within the hour; delete it to clean up.');
  return item;
}

function sandboxItem(node: SandboxNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, node.runScoped.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const ago = age(node.createdAt);
  item.description = [node.runningAgent && `run of ${node.runningAgent} in progress`, node.phase, ago].filter(Boolean).join(' · ');
  const phase = node.phase.toLowerCase();
  item.contextValue = `sandbox.${phase || 'unknown'}`;
  item.iconPath = phase === 'ready' ? icon('vm-running', COLORS.ok)
    : phase === 'error' ? icon('vm-outline', COLORS.error)
    : ['provisioning', 'deleting', 'starting', 'stopping'].includes(phase) ? icon('loading~spin')
    : icon('vm-outline', COLORS.muted);
  const agent = AGENT_PREFIX[node.name.slice(3, 6)];
  item.tooltip = tooltip(`Sandbox ${node.name}`, [
    ['Phase', node.phase],
    ['Created', createdAt(node.createdAt)?.toLocaleString()],
    ['Age', ago],
    ['Agent', node.runningAgent ?? (agent ? `${agent} (from the name)` : undefined)],
    ['Run', node.runningAgent ? 'in progress (Fullsend: Run); Reset and Delete All Leaked Sandboxes leave it alone' : undefined],
    ['Gateway', node.gateway],
  ], 'A fullsend run\'s sandbox (fs-<agent>-<id>). fullsend deletes it when the run ends, so one listed here was left behind — unless its run is still going. Deleting it also unblocks deleting the providers it holds.');
  return item;
}
