// Everything an operation needs, built per command run: the gateway identity and the OperationContext
// (client, fingerprint book, log), and — for workspace operations — the loaded fullsend dir with its
// `${VAR}`s resolved (secret store → env files → process environment).
import vscode = require('vscode');
import type { OperationContext } from '../core/context';
import { FingerprintBook } from '../core/fingerprints';
import type { EnsureSettings } from '../core/providersPlan';
import { resolveGateway, type GatewayIdentity } from '../openshell/activeGateway';
import { OpenShellError } from '../openshell/errors';
import { loadWorkspace, type Workspace } from '../workspace/model';
import { resolveNeeds, type ResolutionReport, type ResolvedValues } from '../workspace/resolve';
import type { FullsendDirs } from './fullsendDirs';
import type { Log } from './log';
import type { OpenShell } from './openshell';
import { pickFullsendDir } from './pickDir';
import { keyVault, recordStore, variableSecrets } from './secrets';
import type { Settings } from './settings';

/** An OperationContext before the progress UI adds `signal` and `progress`. */
export type BaseContext = Omit<OperationContext, 'signal' | 'progress'>;

export interface GatewaySession {
  gateway: GatewayIdentity;
  base: BaseContext;
}

export interface WorkspaceSession extends GatewaySession {
  ws: Workspace;
  /** The workspace's name in messages: its folder's base name. */
  label: string;
  values: ResolvedValues;
  report: ResolutionReport;
  ensureSettings: EnsureSettings;
}

/** Same text the runner uses for a NoGateway failure. */
export const NO_GATEWAY = 'No active OpenShell gateway. Select one with `openshell gateway select <name>`, register one with `openshell gateway add <endpoint>`, or set fullsend.gateway.';

export class Sessions {
  private book: Promise<FingerprintBook> | undefined;

  constructor(private readonly deps: {
    context: vscode.ExtensionContext;
    settings: Settings;
    openshell: OpenShell;
    log: Log;
    dirs: FullsendDirs;
  }) {}

  /** The gateway the CLI will use and a context for it. */
  async gateway(): Promise<GatewaySession> {
    const { settings, openshell, log } = this.deps;
    const gateway = await resolveGateway({ setting: settings.current.gateway, env: process.env });
    if (!gateway) throw new OpenShellError('NoGateway', NO_GATEWAY);
    const book = await this.fingerprints();
    return { gateway, base: { client: openshell.client, gateway, book, log } };
  }

  /** A fullsend dir (per `folder`, or the only one, or picked), loaded and resolved, plus the gateway. */
  async workspace(folder?: string): Promise<WorkspaceSession> {
    const { settings, openshell, log, dirs, context } = this.deps;
    const fd = await pickFullsendDir(dirs, folder);
    const ws = await loadWorkspace(fd);
    for (const d of ws.diagnostics) if (d.severity === 'error') log.warn(`workspace: ${d.message}`);
    const { report, values } = await resolveNeeds(ws, {
      secrets: variableSecrets(context.secrets, openshell.redactor),
      envFiles: settings.current.envFiles,
      env: process.env,
      baseDir: ws.folder,
    });
    // Credential values from env files and the environment are secrets too, wherever they came from.
    for (const p of ws.providers) openshell.redactor.add(...Object.values(values.providerCredentials(p).env));
    const g = await this.gateway();
    return { ...g, ws, label: labelOf(ws), values, report, ensureSettings: settings.current.ensure };
  }

  /** The FingerprintBook without a session (the Secrets view compares fingerprints; no openshell call). */
  fingerprintBook(): Promise<FingerprintBook> {
    return this.fingerprints();
  }

  /** The FingerprintBook, opened once (a failed open is retried next time). */
  private fingerprints(): Promise<FingerprintBook> {
    if (!this.book) {
      const { context, openshell } = this.deps;
      const opening = FingerprintBook.open(keyVault(context.secrets, openshell.redactor), recordStore(context.globalState));
      this.book = opening;
      opening.catch(() => { if (this.book === opening) this.book = undefined; });
    }
    return this.book;
  }
}

function labelOf(ws: Workspace): string {
  const parts = ws.folder.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? ws.folder;
}
