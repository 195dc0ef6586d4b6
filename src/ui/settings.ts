// The settings the command layer reads (ARCHITECTURE §5), sanitised, cached and re-read when they change.
import vscode = require('vscode');
import type { EnsureSettings } from '../core/providersPlan';

export interface FullsendSettings {
  openshellPath: string;
  /** Empty: the CLI's active gateway. */
  gateway: string;
  cliTimeoutSeconds: number;
  ensure: EnsureSettings;
  envFiles: string[];
}

export class Settings implements vscode.Disposable {
  private cached: FullsendSettings | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.ConfigurationChangeEvent>();
  /** Fires after a `fullsend.*` setting changed; `current` already holds the new values. */
  readonly onDidChange = this.changed.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('fullsend')) return;
    this.cached = undefined;
    this.changed.fire(e);
  });

  get current(): FullsendSettings {
    return (this.cached ??= read());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function read(): FullsendSettings {
  const c = vscode.workspace.getConfiguration('fullsend');
  const str = (key: string, fallback: string) => {
    const v = c.get<unknown>(key);
    return typeof v === 'string' ? v.trim() : fallback;
  };
  const timeout = Number(c.get<unknown>('cli.timeoutSeconds'));
  const envFiles = c.get<unknown>('run.envFiles');
  return {
    openshellPath: str('openshellPath', 'openshell') || 'openshell',
    gateway: str('gateway', ''),
    cliTimeoutSeconds: Number.isFinite(timeout) ? Math.min(600, Math.max(1, timeout)) : 30,
    ensure: {
      onTypeChange: c.get<unknown>('ensure.onTypeChange') === 'fail' ? 'fail' : 'recreate',
      pruneKeys: c.get<unknown>('ensure.pruneKeys') !== false,
    },
    envFiles: Array.isArray(envFiles) ? envFiles.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [],
  };
}
