// The status bar: a gateway item (name and state; a spinner while an operation runs, the warning
// background when the gateway cannot be used; click: Select Gateway) and the reset button
// ($(debug-restart) → fullsend.reset, which asks first). Each item has its own id and name so users can
// hide either; both follow `fullsend.statusBar.enabled` and show only in a trusted fullsend workspace.
// The gateway's name comes from the CLI's files (GatewayState.gateway), its state from the last snapshot:
// the status bar never makes an openshell call itself.
import vscode = require('vscode');
import type { OpenShellState } from '../core/snapshot';
import { escapeMarkdown } from '../views/common';
import type { FullsendDirs } from './fullsendDirs';
import type { GatewayState, TrackedOperations } from './gatewayState';
import type { Settings } from './settings';

export const GATEWAY_ITEM_ID = 'fullsend.gateway';
export const RESET_ITEM_ID = 'fullsend.reset';

const STATE_TEXT: Record<OpenShellState, string> = {
  ready: 'connected',
  unreachable: 'unreachable',
  noGateway: 'no gateway',
  notInstalled: 'openshell not installed',
};

/** What a test (or a bug report) can read back from an item. */
export interface StatusItemInfo {
  id: string;
  name: string | undefined;
  text: string;
  tooltip: string;
  command: string | undefined;
  visible: boolean;
  background: string | undefined;
}

export class StatusBar implements vscode.Disposable {
  private readonly gateway = vscode.window.createStatusBarItem(GATEWAY_ITEM_ID, vscode.StatusBarAlignment.Left, 40);
  private readonly reset = vscode.window.createStatusBarItem(RESET_ITEM_ID, vscode.StatusBarAlignment.Left, 39);
  private readonly subscriptions: vscode.Disposable[];
  private shown = false;

  constructor(private readonly deps: { state: GatewayState; operations: TrackedOperations; dirs: FullsendDirs; settings: Settings }) {
    this.gateway.name = 'Fullsend Gateway';
    this.gateway.command = { command: 'fullsend.selectGateway', title: 'Select Gateway' };
    this.reset.name = 'Fullsend Reset Gateway State';
    this.reset.text = '$(debug-restart)';
    this.reset.command = { command: 'fullsend.reset', title: 'Reset Gateway State' };
    this.reset.accessibilityInformation = { label: 'Fullsend: Reset Gateway State', role: 'button' };
    const update = () => this.update();
    this.subscriptions = [
      this.gateway, this.reset,
      deps.state.onDidChange(update),
      deps.state.onDidChangeIdentity(update),
      deps.operations.onDidChangeBusy(update),
      deps.dirs.onDidChange(update),
      deps.settings.onDidChange(update),
      vscode.workspace.onDidGrantWorkspaceTrust(update),
    ];
    this.update();
  }

  update(): void {
    const { state, operations, dirs } = this.deps;
    const enabled = vscode.workspace.getConfiguration('fullsend').get<boolean>('statusBar.enabled') !== false;
    // Untrusted: Fullsend starts no process, so there is nothing to show or click.
    const show = enabled && vscode.workspace.isTrusted && dirs.current.length > 0;

    const id = state.gateway;
    const snap = state.current;
    // A snapshot of another gateway (just switched) says nothing about this one.
    const s = snap && (snap.gateway?.name === id?.name || !id) ? snap.state : undefined;
    const busy = operations.busy;
    const glyph = busy ? '$(sync~spin)' : s === 'ready' ? '$(vm-active)' : s || !id ? '$(warning)' : '$(vm)';
    const suffix = !s || s === 'ready' || busy ? '' : s === 'noGateway' ? ' (not registered)' : ` (${STATE_TEXT[s]})`;
    this.gateway.text = id ? `${glyph} ${id.name}${suffix}` : `${glyph} Fullsend: no gateway`;
    this.gateway.backgroundColor = (s && s !== 'ready') || !id ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;

    const lines = [`**Fullsend gateway** ${escapeMarkdown(id?.name ?? 'none selected')}`];
    if (id?.endpoint) lines.push(escapeMarkdown(id.endpoint));
    lines.push(escapeMarkdown(busy ? 'An operation is running…' : s ? `State: ${STATE_TEXT[s]}${snap?.status?.version ? `, version ${snap.status.version}` : ''}`
      : 'State: not read yet (open the Fullsend view or Refresh)'));
    if (snap?.error && s && s !== 'ready') lines.push(escapeMarkdown(snap.error));
    lines.push('---', 'Click to select another gateway.');
    const md = new vscode.MarkdownString(lines.join('\n\n'), false);
    md.isTrusted = false;
    this.gateway.tooltip = md;
    this.gateway.accessibilityInformation = { label: `Fullsend gateway ${id?.name ?? 'none'}${s ? `, ${STATE_TEXT[s]}` : ''}${busy ? ', operation running' : ''}` };

    this.reset.tooltip = `Fullsend: Reset Gateway State${id ? ` of '${id.name}'` : ''} — deletes what this workspace declares (asks first)`;

    if (show) {
      this.gateway.show();
      this.reset.show();
    } else {
      this.gateway.hide();
      this.reset.hide();
    }
    this.shown = show;
  }

  /** The items as they are now. */
  describe(): { gateway: StatusItemInfo; reset: StatusItemInfo } {
    const info = (item: vscode.StatusBarItem): StatusItemInfo => ({
      id: item.id,
      name: item.name,
      text: item.text,
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '',
      command: typeof item.command === 'string' ? item.command : item.command?.command,
      visible: this.shown,
      background: item.backgroundColor?.id,
    });
    return { gateway: info(this.gateway), reset: info(this.reset) };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
