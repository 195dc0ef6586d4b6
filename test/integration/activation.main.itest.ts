// Runs inside a real VS Code extension host (code-server, or Electron with VSCODE_TEST_HOST=electron).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { until } from './world';

const EXT_ID = 'fullsend.fullsend-vscode';
const ext = () => vscode.extensions.getExtension(EXT_ID);
const ws = () => vscode.workspace.workspaceFolders![0].uri.fsPath;


describe('Activation in a fullsend workspace', () => {
  it('the extension is installed under its contract id', () => {
    assert.ok(ext(), `${EXT_ID} not found`);
    assert.strictEqual(ext()!.packageJSON.main, './dist/extension.js');
  });

  it('activates by itself because of the workspace markers — never * or onStartupFinished', async () => {
    const events: string[] = ext()!.packageJSON.activationEvents;
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `eager activation event in ${events}`);
    assert.deepStrictEqual(events.filter((e) => !e.startsWith('workspaceContains:')), []);
    // Nothing in this suite has called activate(), opened a view or run a command yet.
    await until('activation by workspaceContains', () => ext()!.isActive);
  });

  it('activation spawned no openshell process (ARCHITECTURE §8)', async () => {
    const api = ext()!.exports as { ready: Promise<void> };
    await api.ready;
    const callLog = path.join(process.env.OPENSHELL_SIM_HOME!, 'calls.jsonl');
    const calls = fs.existsSync(callLog) ? fs.readFileSync(callLog, 'utf8').trim().split('\n').filter(Boolean) : [];
    assert.deepStrictEqual(calls, []);
  });

  it('finds the fixture agents repo as the one fullsend dir', async () => {
    const api = ext()!.exports as { ready: Promise<void>; fullsendDirs(): { folder: string; dir: string; kind: string }[] };
    await api.ready;
    assert.deepStrictEqual(api.fullsendDirs(), [{ folder: ws(), dir: ws(), kind: 'agents-repo' }]);
  });
});

describe('Contributions', () => {
  it('registers the three views in the Fullsend container', async () => {
    const views = (ext()!.packageJSON.contributes.views.fullsend as { id: string }[]).map((v) => v.id);
    assert.deepStrictEqual(views, ['fullsend.providers', 'fullsend.secrets', 'fullsend.sandboxes']);
    await vscode.commands.executeCommand('workbench.view.extension.fullsend');
    for (const id of views) await vscode.commands.executeCommand(`${id}.focus`); // rejects for an unknown view
  });

  it('registers every command it contributes', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const contributed = (ext()!.packageJSON.contributes.commands as { command: string; category: string }[]);
    assert.ok(contributed.length >= 2);
    for (const c of contributed) {
      assert.ok(all.has(c.command), `${c.command} is contributed but not registered`);
      assert.strictEqual(c.category, 'Fullsend');
    }
  });
});

describe('fullsend.refresh', () => {
  const extra = () => path.join(ws(), 'harness', 'extra.yaml');
  after(() => fs.rmSync(extra(), { force: true }));

  it('runs from the command id and resolves with no value', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('fullsend.refresh'), undefined);
  });

  it('re-reads the workspace markers', async () => {
    const api = ext()!.exports as { fullsendDirs(): unknown[] };
    // Turn the agents repo into a plain folder and back; refresh must follow both changes.
    const config = path.join(ws(), 'config.yaml');
    const saved = fs.readFileSync(config, 'utf8');
    const harness = path.join(ws(), 'harness');
    const hidden = path.join(ws(), 'harness.off');
    try {
      fs.writeFileSync(config, 'name: not fullsend\n');
      fs.renameSync(harness, hidden);
      await vscode.commands.executeCommand('fullsend.refresh');
      assert.deepStrictEqual(api.fullsendDirs(), []);
    } finally {
      fs.writeFileSync(config, saved);
      if (fs.existsSync(hidden)) fs.renameSync(hidden, harness);
    }
    await vscode.commands.executeCommand('fullsend.refresh');
    assert.strictEqual(api.fullsendDirs().length, 1);
  });

  it('fullsend.showLogs runs', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('fullsend.showLogs'), undefined);
  });
});
