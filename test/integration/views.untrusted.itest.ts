// An untrusted workspace (workspace trust on, the agents-repo fixture in Restricted Mode): the extension
// activates (limited support), finds its fullsend dir from files, but starts no process — not for the
// views, not for a command — and its views show their welcome state.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXT_ID, run } from './world';
import { showViews, sleep, until, viewsApi, walk, type ViewsApi } from './viewsWorld';

const callLog = () => path.join(process.env.OPENSHELL_SIM_HOME!, 'calls.jsonl');
const calls = () => (fs.existsSync(callLog()) ? fs.readFileSync(callLog(), 'utf8').split('\n').filter(Boolean) : []);

describe('Untrusted workspace', function () {
  this.timeout(60000);
  let a: ViewsApi;

  before(async () => {
    await until('activation by workspaceContains', () => vscode.extensions.getExtension(EXT_ID)?.isActive);
    a = await viewsApi();
  });

  it('the folder is untrusted and the extension still activates (limited support), finding its fullsend dir', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    assert.strictEqual(a.fullsendDirs().length, 1);
    const caps = vscode.extensions.getExtension(EXT_ID)!.packageJSON.capabilities.untrustedWorkspaces;
    assert.strictEqual(caps.supported, 'limited');
    assert.deepStrictEqual(caps.restrictedConfigurations, ['fullsend.openshellPath', 'fullsend.fullsendPath']);
  });

  it('opening the views and running fullsend.refresh starts no process; the views are empty for their welcome view', async () => {
    await showViews(a);
    await vscode.commands.executeCommand('fullsend.refresh');
    a.gatewayState.refresh('untrusted test', { force: true });
    await sleep(1500);
    await a.gatewayState.whenFresh();
    assert.deepStrictEqual(await walk(a.views.providers), []);
    assert.deepStrictEqual(await walk(a.views.sandboxes), []);
    assert.strictEqual(a.gatewayState.current, undefined);
    assert.strictEqual(a.gatewayState.openshellState, undefined, 'fullsend.openshellState stays unset: the !isWorkspaceTrusted welcome applies');
    assert.deepStrictEqual(calls(), []);
  });

  it('the welcome views for an untrusted workspace exist in Providers and Sandboxes', () => {
    const welcome = vscode.extensions.getExtension(EXT_ID)!.packageJSON.contributes.viewsWelcome as { view: string; when: string; contents: string }[];
    for (const view of ['fullsend.providers', 'fullsend.sandboxes']) {
      const w = welcome.find((x) => x.view === view && x.when.startsWith('!isWorkspaceTrusted'));
      assert.ok(w, view);
      assert.match(w.contents, /command:workbench\.trust\.manage/);
      // Every other state's welcome requires trust, so only this one shows.
      for (const other of welcome.filter((x) => x.view === view && x.when.includes('fullsend.openshellState'))) assert.match(other.when, /^isWorkspaceTrusted && /);
    }
  });

  it('gateway commands reject with the trust message and start nothing', async () => {
    for (const [command, args] of [
      ['fullsend.ensureProviders', {}],
      ['fullsend.deleteSandbox', { name: 'fs-tri-3f9a0c51d2e7', confirm: false }],
      ['fullsend.selectGateway', { name: 'openshell' }],
      ['fullsend.deleteAllLeakedSandboxes', { confirm: false }],
    ] as const) {
      const err = await run(command, args).then(() => undefined, (e: Error) => e);
      assert.ok(err, `${command} must fail`);
      assert.match(err.message, /not trusted/, `${command}: ${err.message}`);
    }
    assert.deepStrictEqual(calls(), []);
  });

  it('the status bar items are hidden', () => {
    const { gateway, reset } = a.statusBar.describe();
    assert.strictEqual(gateway.visible, false);
    assert.strictEqual(reset.visible, false);
  });
});
