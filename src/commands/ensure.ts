// fullsend.ensureProviders: make the gateway hold what the workspace declares (core/ensure.ts).
import type * as vscode from 'vscode';
import { ensure, summarize, type EnsureInput } from '../core/ensure';
import type { EnsureResult } from '../core/results';
import { normalizeProviderType } from '../openshell/types';
import { registerCommand } from '../ui/errors';
import { info, warnWithLogs } from '../ui/notify';
import type { WorkspaceSession } from '../ui/session';
import { readOptions } from './args';
import type { CommandDeps } from './deps';

export const ENSURE = 'fullsend.ensureProviders';

export function registerEnsureCommands(deps: CommandDeps): vscode.Disposable[] {
  const { log, sessions, operations, openshell } = deps;
  return [
    registerCommand(log, ENSURE, async (arg?: unknown): Promise<EnsureResult> => {
      const opts = readOptions(ENSURE, arg);
      const s = await sessions.workspace(opts.folder);
      const input = ensureInput(s, opts.names);
      const dryRun = !!opts.dryRun;
      const title = `Fullsend: ${dryRun ? 'Planning Ensure' : 'Ensuring providers'} on '${s.gateway.name}'`;
      const result = await operations.run({ kind: 'ensure', command: ENSURE, title }, s.base, (ctx) => ensure(ctx, { ...input, dryRun }));
      reportEnsure(deps, result);
      return result;
    }, openshell.redactor),
  ];
}

/** Ensure's input for a workspace, narrowed to `names` (and the profiles their types need) when given. */
export function ensureInput(s: WorkspaceSession, names?: readonly string[]): Omit<EnsureInput, 'dryRun'> {
  const { ws } = s;
  const base = { values: s.values, settings: s.ensureSettings };
  if (!names) {
    return {
      ...base,
      providers: ws.providers,
      profiles: ws.profiles,
      unreadable: ws.skipped.filter((e) => e.kind === 'provider').map((e) => ({ name: e.entry, reason: e.reason })),
    };
  }
  const declared = ws.providers.map((p) => p.name);
  const unknown = names.filter((n) => !declared.includes(n));
  if (unknown.length) {
    throw new Error(`${s.label} declares no provider named ${unknown.map((n) => `'${n}'`).join(', ')}. Declared providers: ${declared.join(', ') || 'none'}.`);
  }
  const providers = ws.providers.filter((p) => names.includes(p.name));
  // A profile id is a type as written (0.1) or as 0.0 normalizes it (`gh` → `github`).
  const types = new Set(providers.flatMap((p) => [p.type, normalizeProviderType(p.type, '0.0')]));
  return { ...base, providers, profiles: ws.profiles.filter((p) => types.has(p.id)) };
}

/** One line for the log, and a notification: a warning with "Show Logs" when a provider failed. */
export function reportEnsure({ log }: Pick<CommandDeps, 'log'>, r: EnsureResult, prefix = 'Ensure'): void {
  const failed = r.providers.filter((p) => p.error);
  const profiles = [
    r.profilesImported.length ? `${r.profilesImported.length} profile(s) ${r.dryRun ? 'to import' : 'imported'}` : '',
    r.profilesUpdated.length ? `${r.profilesUpdated.length} profile(s) ${r.dryRun ? 'to update' : 'updated'}` : '',
  ].filter(Boolean).join(', ');
  const text = `${prefix}${r.dryRun ? ' (dry run, nothing changed)' : ''} on '${r.gateway}': ${r.dryRun ? planned(r) : summarize(r)}${profiles ? `; ${profiles}` : ''}`;
  log.info(`${text} (${r.cliCalls} openshell calls)`);
  for (const p of r.providers) {
    const would = r.dryRun && (p.action === 'create' || p.action === 'update' || p.action === 'recreate') ? 'would ' : '';
    const line = `  ${p.name}: ${would}${p.action}${p.reason ? ` (${p.reason})` : ''}${p.error ? ` — ${p.error}` : ''}`;
    if (p.error) log.warn(line); else log.info(line);
  }
  if (failed.length) warnWithLogs(log, `${text}. Failed: ${failed.map((p) => p.name).join(', ')}.`);
  else info(text);
}

/** "would create 1, update 1; 3 unchanged" */
function planned(r: EnsureResult): string {
  const n = (a: string) => r.providers.filter((p) => p.action === a && !p.error).length;
  const would = [['create', n('create')], ['update', n('update')], ['recreate', n('recreate')]].filter(([, k]) => k).map(([w, k]) => `${w} ${k}`);
  const rest = [['unchanged', n('unchanged')], ['skipped', n('skipped')], ['failing', r.providers.filter((p) => p.error).length]].filter(([, k]) => k).map(([w, k]) => `${k} ${w}`);
  return [would.length ? `would ${would.join(', ')}` : 'nothing to write', ...rest].join('; ');
}
