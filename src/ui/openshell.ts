// The one openshell client of the extension: the executable located once (and again when the setting
// changes or the runner reports it can no longer be started), one Redactor for everything, the runner
// logging to the "Fullsend" channel.
import vscode = require('vscode');
import { OpenShellClient } from '../openshell/client';
import { OpenShellError } from '../openshell/errors';
import { locateExecutable, type Located } from '../openshell/locate';
import { Redactor } from '../openshell/redact';
import { OpenShellRunner } from '../openshell/runner';
import type { Log } from './log';
import type { Settings } from './settings';

export class OpenShell implements vscode.Disposable {
  readonly redactor = new Redactor();
  readonly client: OpenShellClient;
  private located: Promise<Located> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly settings: Settings, private readonly log: Log) {
    this.client = new OpenShellClient(new OpenShellRunner({
      locate: () => this.locate(),
      forgetLocation: () => this.forgetLocation(),
      gateway: () => settings.current.gateway,
      timeoutMs: () => settings.current.cliTimeoutSeconds * 1000,
      log,
      redactor: this.redactor,
    }));
    this.subscription = settings.onDidChange((e) => {
      if (e.affectsConfiguration('fullsend.openshellPath')) this.forgetLocation();
    });
  }

  /** Where `openshell` is; cached until the setting changes or a spawn fails. A failed search is not cached. */
  locate(): Promise<Located> {
    // Workspace trust: in Restricted Mode no process is started (every openshell call goes through here).
    if (!vscode.workspace.isTrusted) return Promise.reject(untrustedError('openshell'));
    if (!this.located) {
      const attempt = locateExecutable(this.settings.current.openshellPath, { settingName: 'fullsend.openshellPath' });
      this.located = attempt;
      attempt.then(
        (l) => this.log.info(`openshell: using ${l.path} (found via ${l.via})`),
        (err: unknown) => {
          if (this.located === attempt) this.located = undefined;
          this.log.warn(`openshell: ${err instanceof Error ? err.message : String(err)}`);
        },
      );
    }
    return this.located;
  }

  forgetLocation(): void {
    this.located = undefined;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** Why nothing was started in an untrusted workspace (for any executable: openshell, fullsend). */
export function untrustedError(what: string): OpenShellError {
  return new OpenShellError('FailedPrecondition',
    `This workspace is not trusted, so Fullsend starts no process (${what} included). Trust it with "Workspaces: Manage Workspace Trust" to use Fullsend.`);
}
