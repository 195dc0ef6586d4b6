// The Secrets view in a multi-root workspace (test/fixtures/multi-root): `service` (per-repo install whose
// github-code needs ${SERVICE_GH_TOKEN}), `notes` (not fullsend) and `agents` (an agents repo that uses no
// variable). The view groups by fullsend dir; Push finds the dir whose providers use the variable.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EnsureResult } from '../../src/core/results';
import type { SecretsNode, SecretsTree } from '../../src/views/secretsTree';
import { api, provider, reseed, run, type Api } from './world';

const VALUE = 'svc_itest_secret_value_0005';

describe('Multi-root workspace: the Secrets view groups by fullsend dir', function () {
  this.timeout(60000);
  let tree: SecretsTree;
  const folder = (name: string) => vscode.workspace.workspaceFolders!.find((f) => f.name === name)!.uri.fsPath;

  before(async () => {
    tree = ((await api()) as Api & { views: { secrets: SecretsTree } }).views.secrets;
  });
  after(async () => {
    await run('fullsend.clearSecret', { name: 'SERVICE_GH_TOKEN' });
    await reseed();
  });

  it('one group per fullsend dir, in folder order; the variables under the dir that uses them', async () => {
    await tree.settled();
    const roots = await tree.getChildren();
    const items = roots.map((n) => tree.getTreeItem(n));
    assert.deepStrictEqual(items.map((i) => [i.label, i.contextValue, i.description]), [
      ['service', 'secretsDir', '1 variable, 1 not set'],
      ['agents', 'secretsDir', 'uses no ${VAR}'],
    ]);
    assert.deepStrictEqual(items.map((i) => i.id), [`secretsDir:${path.join(folder('service'), '.fullsend')}`, `secretsDir:${folder('agents')}`]);
    const vars = await tree.getChildren(roots[0]);
    assert.deepStrictEqual(vars.map((v) => [tree.getTreeItem(v).label, tree.getTreeItem(v).description, tree.getTreeItem(v).contextValue]), [
      ['SERVICE_GH_TOKEN', 'not set', 'secret.missing.unresolved'],
    ]);
    assert.deepStrictEqual(await tree.getChildren(roots[1]), []);
  });

  it('Set, then Push from the node: the service dir\'s github-code gets the value; Clear makes it missing again', async () => {
    const node = (await tree.getChildren((await tree.getChildren())[0]))[0] as Extract<SecretsNode, { type: 'var' }>;
    assert.strictEqual(node.dir, path.join(folder('service'), '.fullsend'));
    await run('fullsend.setSecret', { name: 'SERVICE_GH_TOKEN', value: VALUE });
    const r = await run<EnsureResult>('fullsend.pushSecret', node);
    assert.deepStrictEqual(r.providers.map((p) => [p.name, p.error]), [['github-code', undefined]]);
    // OLD_PUSH_TOKEN was put there by someone else (the seeded gateway): never written by Fullsend, so kept.
    assert.deepStrictEqual(provider('github-code')!.credentials, { GH_TOKEN: VALUE, OLD_PUSH_TOKEN: 'seeded-OLD_PUSH_TOKEN' });
    // Without a node or folder, the only dir whose providers use it is chosen.
    const again = await run<EnsureResult>('fullsend.pushSecret', { name: 'SERVICE_GH_TOKEN' });
    assert.deepStrictEqual(again.providers.map((p) => [p.name, p.action]), [['github-code', 'unchanged']]);
    await run('fullsend.clearSecret', node);
    await tree.settled();
    const item = tree.getTreeItem((await tree.getChildren((await tree.getChildren())[0]))[0]);
    assert.strictEqual(item.description, 'not set');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    for (const text of [item.label, item.description, tooltip, tooltip.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1')]) assert.ok(!String(text).includes(VALUE));
  });
});
