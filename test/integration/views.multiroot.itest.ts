// A multi-root workspace (test/fixtures/multi-root): `service` (per-repo install, .fullsend), `notes` (not
// fullsend) and `agents` (an agents repo). The Providers view groups provider states per fullsend dir; a
// provider no dir declares is "not declared". Against the demo gateway of scripts/integration-world.mjs.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ProvidersNode } from '../../src/views/providersTree';
import { callsSince, GATEWAY, run, sim } from './world';
import { hideViews, label, refreshed, settle, showViews, viewsApi, walk, type Row, type ViewsApi } from './viewsWorld';

const GW_ID = `gw:${GATEWAY}@http://127.0.0.1:17670`;

describe('Multi-root workspace: views group by fullsend dir', function () {
  this.timeout(60000);
  let a: ViewsApi;
  const folder = (name: string) => vscode.workspace.workspaceFolders!.find((f) => f.name === name)!.uri.fsPath;
  const rows = () => walk<ProvidersNode>(a.views.providers);
  const under = (all: Row<ProvidersNode>[], id: string) => all.filter((r) => r.parent === id).map((r) => [label(r.item), r.item.contextValue]);

  before(async () => {
    a = await viewsApi();
    await showViews(a);
    await settle(a);
  });
  after(() => hideViews(a));

  it('two fullsend dirs: the per-repo install and the agents repo', () => {
    assert.deepStrictEqual(a.fullsendDirs().map((d) => [path.basename(d.folder), d.kind]), [['service', 'per-repo'], ['agents', 'agents-repo']]);
  });

  it('below the gateway: one node per dir with its providers\' states, then what no dir declares', async () => {
    const all = await rows();
    const serviceDir = path.join(folder('service'), '.fullsend');
    const agentsDir = folder('agents');
    assert.deepStrictEqual(under(all, GW_ID), [
      ['service', 'fullsendDir.per-repo'],
      ['agents', 'fullsendDir.agents-repo'],
      ['my-openai', 'provider.notDeclared'],
    ]);
    // service: github-code needs ${SERVICE_GH_TOKEN}, which nothing supplies; github-ro is in sync.
    assert.deepStrictEqual(under(all, `${GW_ID}/dir:${serviceDir}`), [['github-code', 'provider.unresolved'], ['github-ro', 'provider.inSync']]);
    assert.deepStrictEqual(under(all, `${GW_ID}/dir:${agentsDir}`), [['vertex-ai', 'provider.inSync']]);
    const code = all.find((r) => r.item.id === `${GW_ID}/dir:${serviceDir}/provider:github-code`)!;
    assert.match(String(code.item.description), /cannot be ensured/);
    assert.strictEqual((code.node as { folder?: string }).folder, serviceDir);
    const dirRow = all.find((r) => r.item.id === `${GW_ID}/dir:${serviceDir}`)!;
    assert.match(String(dirRow.item.description), /1 in sync/);
    const ids = all.map((r) => r.item.id);
    assert.strictEqual(new Set(ids).size, ids.length, 'unique ids');
  });

  it('one full refresh is still at most 4 openshell calls', async () => {
    await settle(a);
    const mark = sim().calls().length;
    await refreshed(a);
    await rows();
    assert.ok(callsSince(mark).length <= 4, `${callsSince(mark).length} calls`);
  });

  it('a dir node is an Ensure argument: only that dir\'s providers are ensured', async () => {
    const agentsDir = (await rows()).find((r) => r.node.kind === 'dir' && label(r.item) === 'agents')!.node;
    const r = await run<{ providers: { name: string; action: string }[] }>('fullsend.ensureProviders', agentsDir);
    assert.deepStrictEqual(r.providers.map((p) => p.name), ['vertex-ai']);
  });
});
