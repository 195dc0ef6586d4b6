// Runs gateway operations: one at a time per gateway (one GatewayLock for the whole extension), inside a
// cancellable progress notification whose token aborts the operation, with `fullsend.busy` set while any
// operation runs, and a views refresh afterwards.
import vscode = require('vscode');
import type { OperationContext } from '../core/context';
import { GatewayLock } from '../core/lock';
import { CancelledError } from './cancel';
import type { Refresh } from './refresh';
import type { BaseContext } from './session';

export interface OperationSpec {
  /** The operation family ('ensure', 'reset', …), for `isRunning`. */
  kind: string;
  /** The command id, for the refresh reason. */
  command: string;
  /** The progress notification's title. */
  title: string;
}

export class Operations implements vscode.Disposable {
  private readonly lock = new GatewayLock();
  private readonly running = new Map<string, number>();
  private total = 0;

  constructor(private readonly refresh: Refresh) {}

  /** Whether an operation of this kind runs (or waits) on this gateway. */
  isRunning(kind: string, gatewayKey: string): boolean {
    return (this.running.get(key(kind, gatewayKey)) ?? 0) > 0;
  }

  async run<T>(spec: OperationSpec, base: BaseContext, fn: (ctx: OperationContext) => Promise<T>): Promise<T> {
    const k = key(spec.kind, base.gateway.key);
    this.enter(k);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: spec.title, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          const subscription = token.onCancellationRequested(() => abort.abort());
          try {
            if (this.lock.busy(base.gateway.key)) {
              progress.report({ message: `waiting for the operation running on '${base.gateway.name}'` });
            }
            return await this.lock.run(base.gateway.key, async () => {
              if (abort.signal.aborted) throw new CancelledError();
              return fn({ ...base, signal: abort.signal, progress: (message) => progress.report({ message }) });
            });
          } finally {
            subscription.dispose();
          }
        },
      );
    } finally {
      this.leave(k);
      this.refresh.fire(spec.command);
    }
  }

  /**
   * Bookkeeping the user did not ask for (no notification, no busy state), still under the gateway's lock so
   * it never interleaves with an operation.
   */
  quietly<T>(base: BaseContext, fn: (ctx: OperationContext) => Promise<T>): Promise<T> {
    return this.lock.run(base.gateway.key, () => fn({ ...base }));
  }

  private enter(k: string): void {
    this.running.set(k, (this.running.get(k) ?? 0) + 1);
    if (++this.total === 1) void vscode.commands.executeCommand('setContext', 'fullsend.busy', true);
  }

  private leave(k: string): void {
    const n = (this.running.get(k) ?? 1) - 1;
    if (n > 0) this.running.set(k, n); else this.running.delete(k);
    if (--this.total === 0) void vscode.commands.executeCommand('setContext', 'fullsend.busy', false);
  }

  dispose(): void {
    this.running.clear();
  }
}

const key = (kind: string, gatewayKey: string) => `${kind}\0${gatewayKey}`;
