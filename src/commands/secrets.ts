// fullsend.setSecret, fullsend.clearSecret and fullsend.pushSecret: the Secrets view's actions.
//   - Set stores a `${VAR}` in VS Code SecretStorage (`fullsend.secret.<VAR>`), which wins over the env files
//     and the environment. The value comes from the `value` option or a password InputBox; it is registered
//     with the Redactor before anything else happens and is never logged.
//   - Clear removes it from SecretStorage (the env files / environment apply again).
//   - Push runs Ensure narrowed to the providers whose credentials or config use the variable.
// SecretStorage is per installation, not per folder: a stored variable applies to every fullsend dir.
import path = require('path');
import vscode = require('vscode');
import { ensure } from '../core/ensure';
import type { EnsureResult } from '../core/results';
import { STATE_TEXT, type SecretStateInfo } from '../core/secretStates';
import { isValidVarName } from '../workspace/vars';
import { CancelledError } from '../ui/cancel';
import { registerCommand } from '../ui/errors';
import { secretKey } from '../ui/secrets';
import { inSecretStore, sourceText, type SecretsDirModel, type SecretsTree } from '../views/secretsTree';
import type { CommandDeps } from './deps';
import { ensureInput, reportEnsure } from './ensure';

export const SET_SECRET = 'fullsend.setSecret';
export const CLEAR_SECRET = 'fullsend.clearSecret';
export const PUSH_SECRET = 'fullsend.pushSecret';

export interface SecretCommandDeps extends CommandDeps {
  secrets: vscode.SecretStorage;
  tree: SecretsTree;
}

interface SecretOptions {
  name?: string;
  value?: string;
  folder?: string;
}

export function registerSecretCommands(deps: SecretCommandDeps): vscode.Disposable[] {
  const { log, openshell, secrets, tree } = deps;
  const redactor = openshell.redactor;
  return [
    registerCommand(log, SET_SECRET, async (arg?: unknown): Promise<void> => {
      const opts = readSecretOptions(SET_SECRET, arg);
      const name = opts.name ?? (await pickVar(tree, 'Fullsend: Set Secret', 'The variable to store in VS Code\'s secret storage', () => true));
      let value = opts.value;
      if (value === undefined) {
        value = await vscode.window.showInputBox({
          title: `Fullsend: Set Secret ${name}`,
          prompt: `The value of \${${name}}. Stored in VS Code's secret storage; it takes precedence over env files and the environment.`,
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v ? undefined : 'Enter a value (Clear Secret removes one).'),
        });
        if (value === undefined) throw new CancelledError();
      }
      if (value === '') throw new Error(`${SET_SECRET}: the value of ${name} must not be empty; use "Fullsend: Clear Secret" to remove it.`);
      redactor.add(value);
      await secrets.store(secretKey(name), value);
      log.info(`${SET_SECRET}: ${name} stored in the secret store`);
      vscode.window.setStatusBarMessage(`$(key) Fullsend: ${name} stored in the secret store`, 4000);
      tree.invalidate();
    }, redactor),

    registerCommand(log, CLEAR_SECRET, async (arg?: unknown): Promise<void> => {
      const opts = readSecretOptions(CLEAR_SECRET, arg);
      let name = opts.name;
      if (!name) {
        const stored = (await tree.current()).some((m) => m.states.some(inSecretStore));
        if (!stored) {
          void vscode.window.showInformationMessage('No variable of this workspace is set in the secret store.');
          return;
        }
        name = await pickVar(tree, 'Fullsend: Clear Secret', 'The variable to remove from VS Code\'s secret storage', inSecretStore);
      }
      const had = (await secrets.get(secretKey(name))) !== undefined;
      await secrets.delete(secretKey(name));
      log.info(`${CLEAR_SECRET}: ${name} ${had ? 'removed from' : 'was not in'} the secret store`);
      vscode.window.setStatusBarMessage(`$(key) Fullsend: ${name} ${had ? 'removed from' : 'was not in'} the secret store`, 4000);
      tree.invalidate();
    }, redactor),

    registerCommand(log, PUSH_SECRET, async (arg?: unknown): Promise<EnsureResult> => {
      const opts = readSecretOptions(PUSH_SECRET, arg);
      const model = await tree.current();
      const name = opts.name ?? (await pickVar(tree, 'Fullsend: Push Secret to Providers', 'Ensure the providers that use this variable', (s) => s.providers.length > 0));
      const m = await pickDirFor(model, name, opts.folder);
      const info = m.states.find((s) => s.name === name)!;
      const s = await deps.sessions.workspace(m.fd.dir);
      const input = ensureInput(s, info.providers);
      const title = `Fullsend: Pushing ${name} to ${info.providers.join(', ')} on '${s.gateway.name}'`;
      const result = await deps.operations.run({ kind: 'ensure', command: PUSH_SECRET, title }, s.base, (ctx) => ensure(ctx, { ...input, dryRun: false }));
      reportEnsure(deps, result, `Push ${name}`);
      tree.invalidate();
      return result;
    }, redactor),
  ];
}

/** `{name, value, folder}`, a tree node (`name`, `dir`), or a bare name. Values are never echoed in errors. */
function readSecretOptions(command: string, arg: unknown): SecretOptions {
  if (arg === undefined || arg === null) return {};
  if (typeof arg === 'string') return { name: checkName(command, arg) };
  if (typeof arg !== 'object' || Array.isArray(arg)) throw new Error(`${command}: expected an options object {name${command === SET_SECRET ? ', value' : ''}}`);
  const o = arg as Record<string, unknown>;
  const opts: SecretOptions = {};
  if (o.name !== undefined) {
    if (typeof o.name !== 'string') throw new Error(`${command}: option 'name' must be a variable name`);
    opts.name = checkName(command, o.name);
  }
  if (command === SET_SECRET && o.value !== undefined) {
    if (typeof o.value !== 'string') throw new Error(`${command}: option 'value' must be a string`);
    opts.value = o.value;
  }
  const folder = o.folder ?? o.dir;
  if (folder !== undefined) {
    if (typeof folder !== 'string') throw new Error(`${command}: option 'folder' must be a path`);
    opts.folder = folder;
  }
  return opts;
}

function checkName(command: string, raw: string): string {
  const name = raw.trim().replace(/^\$\{(.*)\}$/, '$1');
  if (!isValidVarName(name)) throw new Error(`${command}: '${name}' is not a variable name (letters, digits and _, not starting with a digit)`);
  return name;
}

/** A QuickPick of the workspace's variables (all fullsend dirs), filtered. */
async function pickVar(tree: SecretsTree, title: string, placeHolder: string, filter: (s: SecretStateInfo) => boolean): Promise<string> {
  const model = await tree.current();
  const byName = new Map<string, SecretStateInfo>();
  for (const m of model) for (const s of m.states) if (filter(s) && !byName.has(s.name)) byName.set(s.name, s);
  if (!byName.size) {
    throw new Error(model.length ? 'No variable of this workspace fits: see the Secrets view.' : 'This workspace has no fullsend dir, so it needs no secrets.');
  }
  const items = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)).map((s) => ({
    label: s.name,
    description: `${sourceText(s.source)}${s.state === 'not-a-credential' ? '' : ` · ${STATE_TEXT[s.state]}`}`,
    detail: s.providers.length ? `used by ${s.providers.join(', ')}` : `used by ${[...new Set(s.usages.map((u) => u.display))].join(', ')}`,
  }));
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true, matchOnDetail: true });
  if (!pick) throw new CancelledError();
  return pick.label;
}

/** The fullsend dir whose providers use `name`: the `folder` option, the only candidate, or picked. */
async function pickDirFor(model: readonly SecretsDirModel[], name: string, folder?: string): Promise<SecretsDirModel> {
  if (!model.length) throw new Error('This workspace has no fullsend dir.');
  let candidates = model.filter((m) => m.states.some((s) => s.name === name && s.providers.length));
  if (folder !== undefined) {
    const wanted = path.resolve(folder);
    const hit = model.find((m) => path.resolve(m.fd.dir) === wanted) ?? model.find((m) => path.resolve(m.fd.folder) === wanted);
    if (!hit) throw new Error(`${folder} is not a fullsend dir of this workspace. Fullsend dirs: ${model.map((m) => m.fd.dir).join(', ')}.`);
    candidates = candidates.filter((m) => m === hit);
    if (!candidates.length) throw new Error(notUsed(name, hit));
  }
  if (!candidates.length) throw new Error(model.length === 1 ? notUsed(name, model[0]) : `No provider of this workspace uses \${${name}}; there is nothing to push.`);
  if (candidates.length === 1) return candidates[0];
  const pick = await vscode.window.showQuickPick(
    candidates.map((m) => ({ label: m.label, description: m.states.find((s) => s.name === name)!.providers.join(', '), detail: m.fd.dir, m })),
    { title: `Fullsend: Push ${name} to which fullsend dir's providers?`, ignoreFocusOut: true },
  );
  if (!pick) throw new CancelledError();
  return pick.m;
}

function notUsed(name: string, m: SecretsDirModel): string {
  const info = m.states.find((s) => s.name === name);
  return info
    ? `No provider of ${m.label} uses \${${name}}: only the harness reads it (${[...new Set(info.usages.map((u) => u.what))].join('; ')}), when an agent runs, so there is nothing to push.`
    : `${m.label} does not use \${${name}}; there is nothing to push.`;
}
