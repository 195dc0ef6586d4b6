// Negative control for activation: a folder without the fullsend markers (its config.yaml has
// `version: "1"` but no `agents:` and there is no harness/) must not activate the extension.
import * as assert from 'assert';
import * as vscode from 'vscode';

describe('Activation in a plain folder', () => {
  it('the extension is installed but stays inactive', async () => {
    const ext = vscode.extensions.getExtension('fullsend.fullsend-vscode');
    assert.ok(ext, 'extension not installed');
    // Give startup activation (workspaceContains is evaluated once, at startup) time to have happened.
    await new Promise((r) => setTimeout(r, 3000));
    assert.strictEqual(ext.isActive, false);
  });

  it('on explicit activation it reports no fullsend dir', async () => {
    const ext = vscode.extensions.getExtension('fullsend.fullsend-vscode')!;
    const api = (await ext.activate()) as { ready: Promise<void>; fullsendDirs(): unknown[] };
    await api.ready;
    assert.deepStrictEqual(api.fullsendDirs(), []);
  });
});
