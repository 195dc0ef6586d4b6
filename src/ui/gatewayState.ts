// The one shared picture of the gateway that every view and the status bar show: the latest
// GatewaySnapshot (core/snapshot.ts: ≤ 4 openshell calls, all in parallel) for the resolved gateway.
//
// When it reads (ARCHITECTURE §8, style.md §5.8): after every operation (Refresh.onDidRefresh), when the
// workspace's fullsend files, the env files or `<openshell config>/active_gateway` change, when a
// `fullsend.*` setting changes, when a view becomes visible with a stale picture, and from the title-bar
// button — always debounced (300 ms), never while an operation runs (its end refreshes anyway), and ONLY
// while a Fullsend view is visible, the workspace is trusted and it has a fullsend dir. Otherwise a request
// only marks the picture stale; the read happens when a view becomes visible. Activation reads nothing.
//
// It mirrors `snapshot.state` into the `fullsend.openshellState` context key (left unset in an untrusted
// workspace, whose welcome view keys on `!isWorkspaceTrusted`).
import path = require('path');
import vscode = require('vscode');
import type { OperationContext } from '../core/context';
import { readSnapshot, type GatewaySnapshot, type OpenShellState } from '../core/snapshot';
import { openshellConfigDir, resolveGateway, type GatewayIdentity } from '../openshell/activeGateway';
import { isOpenShellError } from '../openshell/errors';
import type { FullsendDirs } from './fullsendDirs';
import type { Log } from './log';
import type { OpenShell } from './openshell';
import { Operations, type OperationSpec } from './operations';
import type { Refresh } from './refresh';
import type { BaseContext } from './session';
import type { Settings } from './settings';

/** Operations that also say when any of them runs: the status bar's spinner, and GatewayState's pause. */
export class TrackedOperations extends Operations {
  private active = 0;
  private readonly busyChanged = new vscode.EventEmitter<boolean>();
  readonly onDidChangeBusy = this.busyChanged.event;

  get busy(): boolean {
    return this.active > 0;
  }

  override async run<T>(spec: OperationSpec, base: BaseContext, fn: (ctx: OperationContext) => Promise<T>): Promise<T> {
    if (++this.active === 1) this.busyChanged.fire(true);
    try {
      return await super.run(spec, base, fn);
    } finally {
      if (--this.active === 0) this.busyChanged.fire(false);
    }
  }

  override dispose(): void {
    super.dispose();
    this.busyChanged.dispose();
  }
}

/** Anything whose visibility decides whether reading is allowed (a TreeView). */
export interface Viewer {
  readonly visible: boolean;
  readonly onDidChangeVisibility: vscode.Event<unknown>;
}

export interface GatewayStateDeps {
  openshell: OpenShell;
  settings: Settings;
  dirs: FullsendDirs;
  refresh: Refresh;
  operations: TrackedOperations;
  log: Log;
}

export const OPENSHELL_STATE_KEY = 'fullsend.openshellState';

export class GatewayState implements vscode.Disposable {
  /** Debounce of every trigger; a burst of file events or a refresh after each of several commands read once. */
  static debounceMs = 300;
  /** A view that becomes visible re-reads a picture older than this even when nothing said it changed. */
  static maxAgeMs = 30_000;

  private snapshot: GatewaySnapshot | undefined;
  private identity: GatewayIdentity | undefined;
  private readonly changed = new vscode.EventEmitter<GatewaySnapshot>();
  private readonly identityChanged = new vscode.EventEmitter<GatewayIdentity | undefined>();
  /** Fires after each read with the new snapshot (also when it did not change). */
  readonly onDidChange = this.changed.event;
  /** The gateway openshell will use, from the CLI's own files and the setting (no process): for the status bar. */
  readonly onDidChangeIdentity = this.identityChanged.event;

  private stale = true;
  private forced = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reading: Promise<void> | undefined;
  private readonly reasons = new Set<string>();
  private readonly viewers = new Set<Viewer>();
  private waiters: (() => void)[] = [];
  private contextState: OpenShellState | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  /** Reads done so far (for tests and the log). */
  reads = 0;

  constructor(private readonly deps: GatewayStateDeps) {
    const { settings, dirs, refresh, operations } = deps;
    this.subscriptions.push(
      this.changed,
      this.identityChanged,
      refresh.onDidRefresh((reason) => this.refresh(`after ${reason}`)),
      dirs.onDidChange(() => {
        this.watchWorkspaceFiles();
        this.refresh('fullsend dirs re-read');
      }),
      settings.onDidChange((e) => {
        if (e.affectsConfiguration('fullsend.run.envFiles')) this.watchWorkspaceFiles();
        // Only what changes the gateway read or the provider states (values come from env files too).
        const keys = ['fullsend.openshellPath', 'fullsend.gateway', 'fullsend.ensure', 'fullsend.run.envFiles', 'fullsend.cli'];
        const hit = keys.find((k) => e.affectsConfiguration(k));
        if (hit) this.refresh(`${hit} changed`);
      }),
      // A read skipped while an operation ran happens when the last one ends.
      operations.onDidChangeBusy((busy) => { if (!busy && this.stale && this.reasons.size && (this.canRead || this.forced)) this.schedule(); }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh('workspace trusted')),
      this.watchOpenShellConfig(),
      { dispose: () => { for (const w of this.watchers) w.dispose(); } },
    );
    // The gateway's name for the status bar: files only, no process.
    void this.resolveIdentity();
  }

  /** The latest snapshot, undefined until the first read. */
  get current(): GatewaySnapshot | undefined {
    return this.snapshot;
  }

  /** The gateway the CLI will use (fullsend.gateway, OPENSHELL_GATEWAY or active_gateway), without running it. */
  get gateway(): GatewayIdentity | undefined {
    return this.identity;
  }

  /** What `fullsend.openshellState` was last set to (undefined: never set, e.g. untrusted). */
  get openshellState(): OpenShellState | undefined {
    return this.contextState;
  }

  /** Whether any tracked view is visible. */
  get viewVisible(): boolean {
    for (const v of this.viewers) if (v.visible) return true;
    return false;
  }

  /** Whether a read may run now (trust, a fullsend dir, a visible view). */
  get canRead(): boolean {
    return vscode.workspace.isTrusted && this.deps.dirs.current.length > 0 && this.viewVisible;
  }

  /**
   * Asks for a fresh picture. Debounced; runs only while a view is visible (else the picture is marked stale
   * and read when a view shows). `force` is for commands that need the picture even with every view hidden.
   */
  refresh(reason: string, opts: { force?: boolean } = {}): void {
    if (this.disposed) return;
    this.stale = true;
    this.reasons.add(reason);
    void this.resolveIdentity();
    if (!vscode.workspace.isTrusted) return;
    if (!opts.force && !this.canRead) {
      this.deps.log.trace(`gateway state: stale (${reason}); no Fullsend view is visible, not reading`);
      return;
    }
    this.schedule(opts.force);
  }

  /** Resolves once no read is pending or running, with the picture then current. */
  async whenFresh(): Promise<GatewaySnapshot | undefined> {
    while (this.timer || this.reading) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.snapshot;
  }

  /** Follows a view's visibility: reading is allowed while one is visible; showing a stale picture re-reads it. */
  track(viewer: Viewer): vscode.Disposable {
    this.viewers.add(viewer);
    const onShow = () => {
      if (!viewer.visible) return;
      const old = !this.snapshot || Date.now() - this.snapshot.readAt > GatewayState.maxAgeMs;
      if (this.stale || old) this.refresh('view visible');
    };
    const sub = viewer.onDidChangeVisibility(onShow);
    onShow();
    return { dispose: () => { sub.dispose(); this.viewers.delete(viewer); } };
  }

  private schedule(force = false): void {
    this.forced ||= force;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.read();
    }, GatewayState.debounceMs);
  }

  private async read(): Promise<void> {
    if (this.reading) {
      // A request arrived while a read ran (it may have missed the change): read again right after it.
      this.again = true;
      return;
    }
    const forced = this.forced;
    this.forced = false;
    if (this.deps.operations.busy || !vscode.workspace.isTrusted || (!forced && !this.canRead)) {
      // Stays stale: read when the operation ends (it refreshes) or a view shows.
      if (forced && this.deps.operations.busy) this.forced = true;
      this.wake();
      return;
    }
    const reasons = [...this.reasons].join(', ');
    this.reasons.clear();
    this.stale = false;
    this.reading = this.readNow(reasons);
    try {
      await this.reading;
    } finally {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        this.schedule(forced);
      }
      this.wake();
    }
  }

  private async readNow(reasons: string): Promise<void> {
    const { openshell, log } = this.deps;
    const gateway = await this.resolveIdentity();
    let snap: GatewaySnapshot;
    try {
      snap = await readSnapshot(openshell.client, gateway);
    } catch (err) {
      // readSnapshot maps failures into the snapshot; only a cancellation or a bug gets here.
      const message = openshell.redactor.redact(err instanceof Error ? err.message : String(err));
      snap = { state: isOpenShellError(err, 'NotInstalled') ? 'notInstalled' : 'unreachable', gateway, gateways: [], providers: [], sandboxes: [], error: message, cliCalls: 0, readAt: Date.now() };
    }
    this.reads++;
    log.debug(`gateway state: ${snap.state}${gateway ? ` ('${gateway.name}')` : ''}, ${snap.providers.length} provider(s), ` +
      `${snap.sandboxes.length} sandbox(es), ${snap.cliCalls} openshell call(s) (${reasons})`);
    if (this.disposed) return;
    this.snapshot = snap;
    this.setContextState(snap.state);
    this.changed.fire(snap);
  }

  private setContextState(state: OpenShellState): void {
    if (this.contextState === state) return;
    this.contextState = state;
    void vscode.commands.executeCommand('setContext', OPENSHELL_STATE_KEY, state);
  }

  private wake(): void {
    if (this.timer || this.reading) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async resolveIdentity(): Promise<GatewayIdentity | undefined> {
    const identity = await resolveGateway({ setting: this.deps.settings.current.gateway, env: process.env });
    if (identity?.key !== this.identity?.key || identity?.name !== this.identity?.name) {
      this.identity = identity;
      this.identityChanged.fire(identity);
    }
    return identity;
  }

  /** `active_gateway` and the registrations, where the CLI keeps them ($XDG_CONFIG_HOME honoured). */
  private watchOpenShellConfig(): vscode.Disposable {
    const base = vscode.Uri.file(openshellConfigDir(process.env));
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, '{active_gateway,gateways/*/metadata.json}'));
    const on = (uri: vscode.Uri) => this.refresh(`${path.basename(uri.fsPath)} changed`);
    watcher.onDidChange(on);
    watcher.onDidCreate(on);
    watcher.onDidDelete(on);
    return watcher;
  }

  /** The fullsend dirs' declarations and the env files Ensure reads secrets from. */
  private watchWorkspaceFiles(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const patterns: vscode.RelativePattern[] = [];
    for (const d of this.deps.dirs.current) {
      patterns.push(new vscode.RelativePattern(vscode.Uri.file(d.dir), '{config.yaml,harness/**,providers/**,profiles/**}'));
    }
    for (const file of this.deps.settings.current.envFiles) {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const abs = path.resolve(folder.uri.fsPath, file);
        patterns.push(new vscode.RelativePattern(vscode.Uri.file(path.dirname(abs)), path.basename(abs)));
        if (path.isAbsolute(file)) break;
      }
    }
    for (const p of patterns) {
      const w = vscode.workspace.createFileSystemWatcher(p);
      const on = (uri: vscode.Uri) => this.refresh(`${vscode.workspace.asRelativePath(uri)} changed`);
      w.onDidChange(on);
      w.onDidCreate(on);
      w.onDidDelete(on);
      this.watchers.push(w);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const s of this.subscriptions) s.dispose();
    this.wake();
  }
}
