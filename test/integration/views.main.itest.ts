// The Providers and Sandboxes views, the shared GatewayState and the status bar, in the real extension
// host against the simulator of scripts/integration-world.mjs: every item is compared with the simulator's
// state, the refresh budget is counted in its call log, and no value may appear anywhere in a tree.
// Runs after activation.main.itest (which needs an untouched call log) and commands.main.itest.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GatewayNode, KeyNode, ProviderNode, ProvidersNode } from '../../src/views/providersTree';
import type { SandboxesNode } from '../../src/views/sandboxesTree';
import { callsSince, EXT_ID, GATEWAY, reseed, run, secretValues, seenErrors, sim, state } from './world';
import { TEST_OPENSHELL_VERSION } from '../support/dialect';
import {
  hideViews, iconId, label, menuCommands, refreshed, settle, showViews, sleep, tooltipText, unescapeMd, until, viewsApi, walk, type Row, type ViewsApi,
} from './viewsWorld';

const ENDPOINT = 'http://127.0.0.1:17670';
const GW_ID = `gw:${GATEWAY}@${ENDPOINT}`;
const LEAKED = 'fs-tri-3f9a0c51d2e7';
const SNAPSHOT_CMDS = ['gateway list', 'provider list', 'sandbox list', 'status'];

// Root-level hooks (they apply to every test file of this host): each file starts with the Fullsend views
// hidden and no read under way, so a view left open by an earlier file (activation.main.itest focuses them)
// cannot add background reads to a later file's openshell call counts. A file that wants a view visible
// shows it in its own `before` hook, which runs after this clean-up.
const runOrder: Mocha.Test[] = [];
before(function () {
  const collect = (suite: Mocha.Suite) => {
    runOrder.push(...suite.tests);
    for (const child of suite.suites) collect(child);
  };
  collect(this.test!.parent!);
});
afterEach(async function () {
  const current = this.currentTest!;
  const next = runOrder[runOrder.indexOf(current) + 1];
  if (next && next.file === current.file) return;
  const ext = vscode.extensions.getExtension(EXT_ID);
  if (!ext?.isActive) return; // never activate it here: activation.main.itest checks it activates by itself
  const api = ext.exports as ViewsApi | undefined;
  if (api?.gatewayState) await hideViews(api);
});

let a: ViewsApi;
const providers = () => walk<ProvidersNode>(a.views.providers);
const sandboxes = () => walk<SandboxesNode>(a.views.sandboxes);
const byName = (rows: Row<ProvidersNode>[], kind: ProvidersNode['kind']) =>
  new Map(rows.filter((r) => r.node.kind === kind).map((r) => [(r.node as { name: string }).name, r]));
const providerRows = async () => byName(await providers(), 'provider') as Map<string, Row<ProviderNode>>;
const children = (rows: Row<ProvidersNode>[], id: string) => rows.filter((r) => r.parent === id);
const ws = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

describe('Fullsend views', function () {
  this.timeout(60000);

  before(async () => {
    a = await viewsApi();
    secretValues();
    await reseed();
    await showViews(a);
    await settle(a);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('fullsend').update('gateway', undefined, vscode.ConfigurationTarget.Global);
    sim().setKnobs({ gatewayDown: null, fail: null, latencyMs: null });
    sim().selectGateway(GATEWAY);
    await hideViews(a);
  });

  describe('refresh budget', () => {
    it('one full refresh of every view costs at most 4 openshell calls: gateway list, status, provider list, sandbox list', async () => {
      await settle(a);
      const mark = sim().calls().length;
      await refreshed(a);
      await providers();
      await sandboxes();
      const calls = callsSince(mark);
      assert.ok(calls.length <= 4, `${calls.length} calls: ${calls.map((c) => c.cmd).join(', ')}`);
      assert.deepStrictEqual(calls.map((c) => c.cmd).sort(), SNAPSHOT_CMDS);
      assert.strictEqual(a.gatewayState.current?.cliCalls, calls.length);
    });

    it('still 4 with 120 providers and 30 sandboxes on the gateway; walking the trees costs nothing', async () => {
      sim().seed(GATEWAY, {
        providers: Array.from({ length: 120 }, (_, i) => ({ name: `bulk-${i}`, type: 'openai', credentials: ['OPENAI_API_KEY'] })),
        sandboxes: Array.from({ length: 30 }, (_, i) => ({ name: `fs-cod-${(0x100000000000 + i).toString(16).slice(-12)}`, phase: 'Ready' as const })),
      });
      await settle(a);
      const mark = sim().calls().length;
      await refreshed(a);
      const p = await providers();
      const s = await sandboxes();
      await providers();
      assert.strictEqual(callsSince(mark).length, 4);
      assert.strictEqual(p.filter((r) => r.node.kind === 'provider' && r.node.name.startsWith('bulk-')).length, 120);
      assert.strictEqual(s.length, 31);
      await reseed();
      await refreshed(a);
    });

    it('a burst of triggers is debounced into one read', async () => {
      await settle(a);
      const mark = sim().calls().length;
      const reads = a.gatewayState.reads;
      for (let i = 0; i < 5; i++) a.gatewayState.refresh(`burst ${i}`);
      await vscode.commands.executeCommand('fullsend.refresh');
      await settle(a);
      assert.strictEqual(a.gatewayState.reads, reads + 1);
      assert.strictEqual(callsSince(mark).length, 4);
    });

    it('with every Fullsend view hidden, triggers make no call; showing a view reads once', async () => {
      await hideViews(a);
      const mark = sim().calls().length;
      await vscode.commands.executeCommand('fullsend.refresh');
      a.gatewayState.refresh('hidden');
      sim().selectGateway(GATEWAY); // rewrites active_gateway: a watched file
      await sleep(1000);
      await a.gatewayState.whenFresh();
      assert.deepStrictEqual(callsSince(mark).map((c) => c.cmd), []);
      await showViews(a);
      await settle(a);
      assert.deepStrictEqual(callsSince(mark).map((c) => c.cmd).sort(), SNAPSHOT_CMDS);
    });
  });

  describe('Providers view', () => {
    before(async () => {
      await reseed();
      await refreshed(a);
    });

    it('the gateway node: name, endpoint, connected, version; stable id; expanded', async () => {
      const rows = await providers();
      const roots = rows.filter((r) => r.depth === 0);
      assert.deepStrictEqual(roots.map((r) => label(r.item)), [GATEWAY]);
      const gw = roots[0];
      assert.strictEqual(gw.item.id, GW_ID);
      assert.strictEqual(gw.item.contextValue, 'gateway.inUse.ready');
      assert.strictEqual(gw.item.description, `connected · v${TEST_OPENSHELL_VERSION} · ${ENDPOINT}`);
      assert.strictEqual(gw.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
      assert.strictEqual(iconId(gw.item), 'vm-active');
      assert.match(tooltipText(gw.item), /Fullsend uses this gateway/);
    });

    it('one node per provider on the gateway plus the declared ones missing from it, each with its type and state', async () => {
      const rows = await providerRows();
      const st = state();
      const declared = ['vertex-ai', 'github-ro', 'github-code', 'atlassian-cloud'];
      assert.deepStrictEqual([...rows.keys()].sort(), [...new Set([...st.providers.map((p) => p.name), ...declared])].sort());
      const expected: Record<string, [string, string]> = {
        'vertex-ai': ['inSync', 'in sync'],
        'github-ro': ['inSync', 'in sync'],
        'github-code': ['willUpdate', 'will be updated'],
        'atlassian-cloud': ['missing', 'missing on the gateway'],
        'my-openai': ['notDeclared', 'not declared by this workspace'],
      };
      for (const [name, [token, text]] of Object.entries(expected)) {
        const r = rows.get(name)!;
        const type = st.providers.find((p) => p.name === name)?.type ?? `fullsend-${name}`;
        assert.strictEqual(r.item.contextValue, `provider.${token}`, name);
        assert.strictEqual(r.item.description, `${text} · ${type}`, name);
        assert.strictEqual(r.item.id, `${GW_ID}/provider:${name}`);
        assert.strictEqual(r.parent, GW_ID);
      }
      // Declared first (declaration order), then the gateway's others.
      assert.strictEqual([...rows.keys()].at(-1), 'my-openai');
      assert.match(tooltipText(rows.get('github-code')!.item), /values not written by this extension yet; keeps OLD_PUSH_TOKEN \(not declared, not written by Fullsend\)/);
      assert.strictEqual(iconId(rows.get('vertex-ai')!.item), 'pass');
    });

    it('a provider\'s children are its credential-key and config-key names, compared with the simulator', async () => {
      const rows = await providers();
      const st = state();
      for (const p of st.providers) {
        const kids = children(rows, `${GW_ID}/provider:${p.name}`);
        const creds = kids.filter((r) => r.node.kind === 'credential').map((r) => label(r.item));
        const config = kids.filter((r) => r.node.kind === 'config').map((r) => label(r.item));
        for (const k of Object.keys(p.credentials)) assert.ok(creds.includes(k), `${p.name}: ${k} in ${creds}`);
        assert.deepStrictEqual(config.sort(), Object.keys(p.config).sort(), p.name);
        for (const r of kids) {
          assert.strictEqual(r.item.id, `${GW_ID}/provider:${p.name}/${r.node.kind === 'credential' ? 'cred' : 'config'}:${label(r.item)}`);
          assert.strictEqual(r.item.collapsibleState, vscode.TreeItemCollapsibleState.None);
        }
      }
      const code = children(rows, `${GW_ID}/provider:github-code`);
      assert.deepStrictEqual(code.map((r) => [label(r.item), r.item.contextValue, r.item.description]),
        [['GH_TOKEN', 'credentialKey.current', 'credential'], ['OLD_PUSH_TOKEN', 'credentialKey.kept', 'credential · not declared, not written by Fullsend: kept']]);
      const missing = children(rows, `${GW_ID}/provider:atlassian-cloud`);
      assert.deepStrictEqual(missing.map((r) => [label(r.item), r.item.contextValue]), [['JIRA_API_TOKEN', 'credentialKey.pending'], ['JIRA_BASE_URL', 'configKey.pending']]);
      const foreign = children(rows, `${GW_ID}/provider:my-openai`);
      assert.deepStrictEqual(foreign.map((r) => [label(r.item), r.item.contextValue]), [['OPENAI_API_KEY', 'credentialKey.onGateway'], ['OPENAI_BASE_URL', 'configKey.onGateway']]);
    });

    it('a credential the gateway says expires shows when; an expired one is flagged (credential_expires_at_ms)', async () => {
      const soon = Date.now() + 3 * 86_400_000 + 3_600_000;
      const past = Date.now() - 2 * 3_600_000;
      try {
        sim().seed(GATEWAY, { providers: [{ name: 'my-openai', type: 'openai', credentials: ['OPENAI_API_KEY', 'OLD_KEY'], config: { OPENAI_BASE_URL: 'https://llm.example.invalid/v1' },
          credential_expires_at_ms: { OPENAI_API_KEY: soon, OLD_KEY: past } }] });
        await refreshed(a);
        const kids = children(await providers(), `${GW_ID}/provider:my-openai`);
        const key = (n: string) => kids.find((r) => label(r.item) === n)!.item;
        assert.strictEqual(key('OPENAI_API_KEY').description, 'credential · expires in 3 d');
        assert.strictEqual(key('OLD_KEY').description, 'credential · expired 2 h ago');
        assert.match(tooltipText(key('OLD_KEY')), /Expires.*\(expired\)/);
        assert.strictEqual(key('OPENAI_BASE_URL').description, 'config');
      } finally {
        await reseed();
        await refreshed(a);
      }
    });

    it('ids are unique and stable across refreshes', async () => {
      const ids = async () => (await providers()).map((r) => r.item.id!);
      const first = await ids();
      assert.strictEqual(new Set(first).size, first.length);
      await refreshed(a);
      assert.deepStrictEqual(await ids(), first);
      // getParent agrees with the walk (reveal() needs it).
      for (const r of await providers()) {
        const parent = await a.views.providers.getParent(r.node);
        assert.strictEqual(parent ? (await a.views.providers.getTreeItem(parent)).id : undefined, r.parent);
      }
    });

    it('the menus offer Ensure, Delete and Recreate, Delete and Copy Name according to the state', () => {
      const v = 'fullsend.providers';
      assert.deepStrictEqual(menuCommands(v, 'provider.willUpdate'), ['fullsend.copyName', 'fullsend.deleteProvider', 'fullsend.ensureProviders', 'fullsend.recreateProvider']);
      assert.deepStrictEqual(menuCommands(v, 'provider.inSync'), ['fullsend.copyName', 'fullsend.deleteProvider', 'fullsend.ensureProviders', 'fullsend.recreateProvider']);
      assert.deepStrictEqual(menuCommands(v, 'provider.missing'), ['fullsend.copyName', 'fullsend.ensureProviders']);
      assert.deepStrictEqual(menuCommands(v, 'provider.notDeclared'), ['fullsend.copyName', 'fullsend.deleteProvider']);
      assert.deepStrictEqual(menuCommands(v, 'provider.willUpdate', (g) => g.startsWith('9_destructive')), ['fullsend.deleteProvider', 'fullsend.recreateProvider']);
      assert.deepStrictEqual(menuCommands(v, 'provider.willUpdate', (g) => g.startsWith('inline')), ['fullsend.ensureProviders']);
      assert.deepStrictEqual(menuCommands(v, 'provider.inSync', (g) => g.startsWith('inline')), []);
      assert.deepStrictEqual(menuCommands(v, 'credentialKey.current'), ['fullsend.copyName']);
      assert.deepStrictEqual(menuCommands(v, 'gateway.other'), ['fullsend.copyName', 'fullsend.selectGateway']);
      assert.deepStrictEqual(menuCommands(v, 'message.error'), ['fullsend.showLogs']);
      assert.deepStrictEqual(menuCommands('fullsend.sandboxes', 'sandbox.ready'), ['fullsend.copyName', 'fullsend.deleteSandbox']);
    });

    it('a provider node is a command argument: Ensure on github-code updates it; the view then says in sync', async () => {
      const node = (await providerRows()).get('github-code')!.node;
      const r = await run<{ providers: { name: string; action: string }[] }>('fullsend.ensureProviders', node);
      assert.deepStrictEqual(r.providers.map((p) => [p.name, p.action]), [['github-code', 'update']]);
      await a.gatewayState.whenFresh(); // the command's refresh
      const after = await providerRows();
      assert.strictEqual(after.get('github-code')!.item.contextValue, 'provider.inSync');
      assert.deepStrictEqual(children(await providers(), `${GW_ID}/provider:github-code`).map((r) => label(r.item)), ['GH_TOKEN', 'OLD_PUSH_TOKEN']);
    });

    it('after Ensure of everything every declared provider is in sync, and the gateway\'s copy agrees', async () => {
      await run('fullsend.ensureProviders', {});
      await a.gatewayState.whenFresh();
      const rows = await providerRows();
      for (const n of ['vertex-ai', 'github-ro', 'github-code', 'atlassian-cloud']) assert.strictEqual(rows.get(n)!.item.contextValue, 'provider.inSync', n);
      assert.deepStrictEqual(Object.keys(state().providers.find((p) => p.name === 'atlassian-cloud')!.config), ['JIRA_BASE_URL']);
    });

    it('a changed provider file is picked up without a command (watched, debounced)', async () => {
      const file = path.join(ws(), 'providers', 'github-ro.yaml');
      const saved = fs.readFileSync(file, 'utf8');
      try {
        fs.writeFileSync(file, `${saved.trimEnd()}\n  EXTRA_TOKEN: "\${GH_TOKEN}"\n`);
        await until('github-ro to be "will be updated"', async () => (await providerRows()).get('github-ro')?.item.contextValue === 'provider.willUpdate');
        const kids = children(await providers(), `${GW_ID}/provider:github-ro`);
        assert.deepStrictEqual(kids.map((r) => [label(r.item), r.item.contextValue]), [['_NOOP_GITHUB_RO', 'credentialKey.current'], ['EXTRA_TOKEN', 'credentialKey.pending']]);
      } finally {
        fs.writeFileSync(file, saved);
      }
      await until('github-ro back in sync', async () => (await providerRows()).get('github-ro')?.item.contextValue === 'provider.inSync');
    });

    it('a provider whose type changed on the gateway is "type changed"', async () => {
      sim().seed(GATEWAY, { providers: [{ name: 'vertex-ai', type: 'openai', credentials: { _NOOP_VERTEX_AI: '' } }] });
      await refreshed(a);
      const r = (await providerRows()).get('vertex-ai')!;
      assert.strictEqual(r.item.contextValue, 'provider.typeChanged');
      assert.strictEqual(r.item.description, 'type changed · openai');
      assert.match(tooltipText(r.item), /type changed: openai → fullsend-vertex-ai/);
      await reseed();
      await refreshed(a);
    });

    it('today\'s fullsend: a bare built-in name and a run-scoped openai show as fullsend-managed, and Ensure leaves them alone', async () => {
      // One more agent in this copy of the fixture only: other tests count the fixture's agents and providers.
      const configFile = path.join(ws(), 'config.yaml');
      const configText = fs.readFileSync(configFile, 'utf8');
      const harness = path.join(ws(), 'harness', 'today.yaml');
      fs.writeFileSync(harness, 'agent: agents/code.md\nrole: coder\nproviders: [gitleaks, openai]\n');
      fs.writeFileSync(configFile, `${configText.trimEnd()}\n  - source: harness/today.yaml\n`);
      try {
        await until('the view to show gitleaks', async () => (await providerRows()).has('gitleaks'));
        const rows = await providerRows();
        for (const [name, type, why] of [['gitleaks', 'fullsend-gitleaks', /built into fullsend/], ['openai', 'fullsend-openai', /run-scoped/]] as const) {
          const r = rows.get(name)!;
          assert.strictEqual(r.item.contextValue, 'provider.managed', name);
          assert.strictEqual(r.item.description, `fullsend-managed · ${type}`, name);
          assert.match(tooltipText(r.item), why, name);
        }
        const mark = sim().calls().length;
        const e = await run<{ providers: { name: string; action: string; reason?: string; error?: string }[] }>('fullsend.ensureProviders', { names: ['gitleaks', 'openai'] });
        assert.deepStrictEqual(e.providers.map((p) => [p.name, p.action, p.error]), [['gitleaks', 'skipped', undefined], ['openai', 'skipped', undefined]]);
        assert.ok(!callsSince(mark).some((c) => c.cmd === 'provider create' || c.cmd === 'provider update'), 'nothing written for them');
      } finally {
        fs.writeFileSync(configFile, configText);
        fs.rmSync(harness, { force: true });
      }
      await until('gitleaks to go again', async () => !(await providerRows()).has('gitleaks'));
    });

    it('Copy Name puts a node\'s name on the clipboard', async () => {
      const rows = await providers();
      const key = rows.find((r) => r.node.kind === 'credential' && r.node.name === 'GH_TOKEN')!.node as KeyNode;
      await run('fullsend.copyName', key);
      assert.strictEqual(await vscode.env.clipboard.readText(), 'GH_TOKEN');
      const gw = rows[0].node as GatewayNode;
      await run('fullsend.copyName', gw);
      assert.strictEqual(await vscode.env.clipboard.readText(), GATEWAY);
    });

    it('Delete on a foreign provider\'s node deletes it; the node goes away', async () => {
      const node = (await providerRows()).get('my-openai')!.node;
      const r = await run('fullsend.deleteProvider', { ...node, confirm: false });
      assert.deepStrictEqual(r, { deleted: ['my-openai'], notFound: [] });
      await a.gatewayState.whenFresh();
      assert.ok(!(await providerRows()).has('my-openai'));
      await reseed();
      await refreshed(a);
    });
  });

  describe('Sandboxes view', () => {
    before(async () => {
      await reseed();
      sim().seed(GATEWAY, { sandboxes: [
        { name: 'fs-cod-0123456789ab', phase: 'Error', created_at: Date.now() - 5 * 60e3 },
        { name: 'dev-box', phase: 'Ready' },
      ] });
      await refreshed(a);
    });

    it('lists the fs-* sandboxes of the simulator, newest first, with phase and age; others are not fullsend\'s', async () => {
      const rows = await sandboxes();
      const fsBoxes = state().sandboxes.filter((b) => b.name.startsWith('fs-')).sort((x, y) => y.created_at - x.created_at);
      assert.deepStrictEqual(rows.map((r) => label(r.item)), fsBoxes.map((b) => b.name));
      assert.deepStrictEqual(rows.map((r) => [r.item.description, r.item.contextValue, r.item.id]), [
        ['Error · 5 min ago', 'sandbox.error', `${GW_ID}/sandbox:fs-cod-0123456789ab`],
        ['Ready · 26 h ago', 'sandbox.ready', `${GW_ID}/sandbox:${LEAKED}`],
      ]);
      assert.match(tooltipText(rows[1].item), /triage \(from the name\)/);
    });

    it('Delete on a node deletes that sandbox', async () => {
      const node = (await sandboxes()).find((r) => r.node.name === 'fs-cod-0123456789ab')!.node;
      const r = await run('fullsend.deleteSandbox', { ...node, confirm: false });
      assert.deepStrictEqual(r, { deleted: ['fs-cod-0123456789ab'], notFound: [] });
      await a.gatewayState.whenFresh();
      assert.deepStrictEqual((await sandboxes()).map((r) => r.node.name), [LEAKED]);
    });

    it('Delete All Leaked deletes every fs-* sandbox and nothing else; the view is then empty', async () => {
      const r = await run('fullsend.deleteAllLeakedSandboxes', { confirm: false });
      assert.deepStrictEqual(r, { deleted: [LEAKED], notFound: [] });
      await a.gatewayState.whenFresh();
      assert.deepStrictEqual(await sandboxes(), []);
      assert.deepStrictEqual(state().sandboxes.map((b) => b.name), ['dev-box']);
      assert.deepStrictEqual(await run('fullsend.deleteAllLeakedSandboxes', { confirm: false }), { deleted: [], notFound: [] });
    });
  });

  describe('Sandboxes view: run-scoped providers (fullsend-current §3)', () => {
    const ATTACHED = 'openai-0123456789ab';
    const ORPHAN = 'openai-aaaaaaaaaaaa';
    before(async () => {
      await reseed();
      sim().seed(GATEWAY, {
        providers: [
          { name: ATTACHED, type: 'fullsend-openai', credentials: ['OPENAI_API_KEY'] },
          { name: ORPHAN, type: 'fullsend-openai', credentials: ['OPENAI_API_KEY'] },
        ],
        sandboxes: [{ name: 'fs-cod-0123456789ab', phase: 'Ready', providers: [ATTACHED] }],
      });
      await refreshed(a);
    });
    after(async () => {
      await reseed();
      await refreshed(a);
    });

    it('shows an instance under its sandbox, and one whose sandbox is gone at the top, offered for deletion', async () => {
      const rows = (await sandboxes()).filter((r) => !label(r.item).startsWith('fs-tri'));
      assert.deepStrictEqual(rows.map((r) => [label(r.item), r.depth, r.item.contextValue]), [
        ['fs-cod-0123456789ab', 0, 'sandbox.ready'],
        [ATTACHED, 1, 'runScopedProvider.attached'],
        [ORPHAN, 0, 'runScopedProvider.orphaned'],
      ]);
      assert.match(String(rows[2].item.description), /its sandbox is gone/);
      assert.match(tooltipText(rows[2].item), /delete it to clean up/);
      assert.deepStrictEqual(menuCommands('fullsend.sandboxes', 'runScopedProvider.orphaned'), ['fullsend.copyName', 'fullsend.deleteProvider']);
      assert.deepStrictEqual(menuCommands('fullsend.sandboxes', 'runScopedProvider.attached'), ['fullsend.copyName']);
    });

    it('Delete on the orphan deletes that provider only', async () => {
      const node = (await sandboxes()).find((r) => label(r.item) === ORPHAN)!.node;
      assert.deepStrictEqual(await run('fullsend.deleteProvider', { ...node, confirm: false }), { deleted: [ORPHAN], notFound: [] });
      await a.gatewayState.whenFresh();
      assert.deepStrictEqual(state().providers.filter((p) => p.name.startsWith('openai-')).map((p) => p.name), [ATTACHED]);
    });
  });

  describe('no value anywhere in a tree', () => {
    before(async () => {
      await reseed();
      await refreshed(a);
    });

    it('no credential or config value in any label, description or tooltip, before and after Ensure', async () => {
      const check = async () => {
        const st = state();
        const values = [
          ...secretValues(),
          ...st.providers.flatMap((p) => [...Object.values(p.credentials), ...Object.values(p.config)]),
        ].filter((v) => v.length >= 4);
        assert.ok(values.length >= 3, `${values.length} values to look for`);
        const rows = [...await providers(), ...await sandboxes()];
        assert.ok(rows.length > 10);
        for (const { item } of rows) {
          const text = [label(item), String(item.description ?? ''), tooltipText(item), item.id ?? ''].join('\n');
          for (const v of values) assert.ok(!text.includes(v), `a value in ${item.id}`);
        }
      };
      await check();
      await run('fullsend.ensureProviders', {});
      await a.gatewayState.whenFresh();
      await check();
      const status = a.statusBar.describe();
      for (const v of secretValues()) assert.ok(!JSON.stringify(status).includes(v));
    });
  });

  describe('gateway states: error node and recovery, welcome states', () => {
    beforeEach(reseed);
    afterEach(async () => {
      sim().setKnobs({ gatewayDown: null });
      sim().selectGateway(GATEWAY);
      await vscode.workspace.getConfiguration('fullsend').update('openshellPath', undefined, vscode.ConfigurationTarget.Workspace);
      await settle(a);
      await refreshed(a);
    });

    it('gateway down: the gateway node stays, with an error node (warning icon, message, Show Logs); Sandboxes is empty for its welcome view', async () => {
      sim().setKnobs({ gatewayDown: true });
      await refreshed(a);
      assert.strictEqual(a.gatewayState.openshellState, 'unreachable');
      const rows = await providers();
      assert.deepStrictEqual(rows.map((r) => [r.depth, r.item.contextValue]), [[0, 'gateway.inUse.unreachable'], [1, 'message.error']]);
      assert.strictEqual(rows[0].item.description, `unreachable · ${ENDPOINT}`);
      const err = rows[1].item;
      assert.match(label(err), new RegExp(`Gateway '${GATEWAY}' is not reachable`));
      assert.strictEqual(iconId(err), 'warning');
      assert.deepStrictEqual(err.command && { c: err.command.command }, { c: 'fullsend.showLogs' });
      assert.match(tooltipText(err), /systemctl --user start openshell-gateway/);
      seenErrors.push(tooltipText(err));
      assert.deepStrictEqual(await sandboxes(), []);
      const sb = a.statusBar.describe().gateway;
      assert.match(sb.text, /\(unreachable\)/);
      assert.strictEqual(sb.background, 'statusBarItem.warningBackground');

      sim().setKnobs({ gatewayDown: null });
      await refreshed(a);
      assert.strictEqual(a.gatewayState.openshellState, 'ready');
      assert.strictEqual((await providers())[0].item.contextValue, 'gateway.inUse.ready');
      assert.strictEqual((await sandboxes()).length, 1);
      assert.strictEqual(a.statusBar.describe().gateway.background, undefined);
      assert.doesNotMatch(a.statusBar.describe().gateway.text, /unreachable/);
    });

    it('no gateway selected: both views empty (their welcome view explains), state noGateway', async () => {
      sim().selectGateway(null);
      await until('noGateway', async () => { await settle(a); return a.gatewayState.openshellState === 'noGateway'; });
      assert.deepStrictEqual(await providers(), []);
      assert.deepStrictEqual(await sandboxes(), []);
      assert.match(a.statusBar.describe().gateway.text, /no gateway/);
    });

    it('openshell not found: both views empty, state notInstalled', async () => {
      await vscode.workspace.getConfiguration('fullsend').update('openshellPath', '/nonexistent/openshell', vscode.ConfigurationTarget.Workspace);
      await until('notInstalled', async () => { await settle(a); return a.gatewayState.openshellState === 'notInstalled'; });
      assert.deepStrictEqual(await providers(), []);
      assert.deepStrictEqual(await sandboxes(), []);
      assert.match(a.statusBar.describe().gateway.text, /openshell not installed/);
    });

    it('nothing declared: the Providers tree is empty for its welcome view; Sandboxes still lists', async () => {
      const harness = path.join(ws(), 'harness');
      const saved = new Map(fs.readdirSync(harness).map((f) => [f, fs.readFileSync(path.join(harness, f), 'utf8')]));
      try {
        for (const [f, text] of saved) {
          fs.writeFileSync(path.join(harness, f), text.split('\n').filter((l) => !/^\s*providers:/.test(l)).join('\n'));
        }
        await until('nothing declared', async () => { await settle(a); return (await providers()).length === 0; });
        assert.strictEqual(a.views.providers.declaresNothing, true);
        assert.strictEqual((await sandboxes()).length, 1);
      } finally {
        for (const [f, text] of saved) fs.writeFileSync(path.join(harness, f), text);
      }
      await until('providers back', async () => { await settle(a); return (await providers()).length > 0; });
      assert.strictEqual(a.views.providers.declaresNothing, false);
    });

    it('package.json has a welcome view for each state in both views', () => {
      const welcome = (vscode.extensions.getExtension(EXT_ID)!.packageJSON.contributes.viewsWelcome as { view: string; when: string; contents: string }[]);
      for (const view of ['fullsend.providers', 'fullsend.sandboxes']) {
        const mine = welcome.filter((w) => w.view === view);
        for (const when of ['!isWorkspaceTrusted', '!fullsend.isFullsendWorkspace', 'fullsend.openshellState == notInstalled', 'fullsend.openshellState == noGateway', 'fullsend.openshellState == unreachable']) {
          assert.ok(mine.some((w) => w.when.includes(when)), `${view}: no welcome view for ${when}`);
        }
      }
      const unreachable = welcome.find((w) => w.view === 'fullsend.sandboxes' && w.when.includes('unreachable'))!;
      assert.match(unreachable.contents, /systemctl --user start openshell-gateway/);
      assert.match(unreachable.contents, /brew services/);
      assert.ok(welcome.some((w) => w.view === 'fullsend.providers' && w.when.includes('fullsend.nothingDeclared')));
    });
  });

  describe('status bar', () => {
    before(async () => {
      await reseed();
      await refreshed(a);
    });
    afterEach(async () => {
      sim().setKnobs({ latencyMs: null });
      await vscode.workspace.getConfiguration('fullsend').update('statusBar.enabled', undefined, vscode.ConfigurationTarget.Global);
    });

    it('a gateway item (name and state; click selects a gateway) and the reset button, each with an id and a name', () => {
      const { gateway, reset } = a.statusBar.describe();
      assert.deepStrictEqual([gateway.id, gateway.command, gateway.visible], ['fullsend.gateway', 'fullsend.selectGateway', true]);
      assert.ok(gateway.name);
      assert.strictEqual(gateway.text, `$(vm-active) ${GATEWAY}`);
      assert.ok(unescapeMd(gateway.tooltip).includes(`connected, version ${TEST_OPENSHELL_VERSION}`));
      assert.deepStrictEqual([reset.id, reset.text, reset.command, reset.visible], ['fullsend.reset', '$(debug-restart)', 'fullsend.reset', true]);
      assert.ok(reset.name);
    });

    it('spins while an operation runs', async () => {
      sim().setKnobs({ latencyMs: 400 });
      const running = run('fullsend.ensureProviders', { dryRun: true });
      await until('the spinner', () => a.statusBar.describe().gateway.text.startsWith('$(sync~spin)'), 5000);
      await running;
      await until('no spinner', () => !a.statusBar.describe().gateway.text.includes('~spin'), 5000);
    });

    it('fullsend.statusBar.enabled hides both items', async () => {
      await vscode.workspace.getConfiguration('fullsend').update('statusBar.enabled', false, vscode.ConfigurationTarget.Global);
      await until('hidden', () => !a.statusBar.describe().gateway.visible && !a.statusBar.describe().reset.visible);
      await vscode.workspace.getConfiguration('fullsend').update('statusBar.enabled', undefined, vscode.ConfigurationTarget.Global);
      await until('shown', () => a.statusBar.describe().gateway.visible);
    });
  });

  describe('fullsend.selectGateway', () => {
    const OTHER = 'staging';
    before(async () => {
      await reseed();
      sim().addGateway(OTHER, { endpoint: 'http://127.0.0.1:17671', active: false });
      sim().seed(OTHER, { providers: [{ name: 'staging-only', type: 'openai', credentials: ['OPENAI_API_KEY'] }] });
      await refreshed(a);
    });
    afterEach(async () => {
      await vscode.workspace.getConfiguration('fullsend').update('gateway', undefined, vscode.ConfigurationTarget.Global);
      sim().selectGateway(GATEWAY);
      await settle(a);
    });
    after(async () => {
      sim().removeGateway(OTHER);
      sim().clear(OTHER);
      await settle(a); // (the views may already be hidden by the root hook: then this only waits)
    });

    it('every registered gateway is a node; the other one offers Select Gateway', async () => {
      const roots = (await providers()).filter((r) => r.depth === 0);
      assert.deepStrictEqual(roots.map((r) => [label(r.item), r.item.contextValue]), [[GATEWAY, 'gateway.inUse.ready'], [OTHER, 'gateway.other']]);
      assert.strictEqual(roots[1].item.description, 'http://127.0.0.1:17671');
    });

    it('without fullsend.gateway: `openshell gateway select`, then the views and the status bar follow', async () => {
      const mark = sim().calls().length;
      assert.strictEqual(await run('fullsend.selectGateway', { name: OTHER }), undefined);
      assert.strictEqual(sim().activeGateway(), OTHER);
      assert.ok(callsSince(mark).some((c) => c.cmd === 'gateway select' && c.argv.includes(OTHER)));
      await until('the other gateway in use', async () => {
        await settle(a);
        const roots = (await providers()).filter((r) => r.depth === 0);
        return roots[0] && label(roots[0].item) === OTHER && roots[0].item.contextValue === 'gateway.inUse.ready';
      });
      assert.ok((await providerRows()).has('staging-only'));
      assert.match(a.statusBar.describe().gateway.text, new RegExp(OTHER));
    });

    it('a gateway node is an argument too; with fullsend.gateway set, the setting changes and the CLI\'s active gateway does not', async () => {
      await vscode.workspace.getConfiguration('fullsend').update('gateway', GATEWAY, vscode.ConfigurationTarget.Global);
      await settle(a);
      const node = (await providers()).find((r) => r.node.kind === 'gateway' && r.node.name === OTHER)!.node;
      await run('fullsend.selectGateway', node);
      assert.strictEqual(vscode.workspace.getConfiguration('fullsend').get('gateway'), OTHER);
      assert.strictEqual(sim().activeGateway(), GATEWAY);
      await until('the other gateway in use', async () => { await settle(a); return label((await providers())[0].item) === OTHER; });
    });

    it('an unknown name is a clear error that lists the registered gateways; nothing changes', async () => {
      const err = await run('fullsend.selectGateway', { name: 'nope' }).then(() => undefined, (e: Error) => e);
      assert.ok(err);
      assert.match(err.message, /no gateway named 'nope'/);
      assert.match(err.message, new RegExp(`${GATEWAY} and ${OTHER}`));
      seenErrors.push(err.message);
      assert.strictEqual(sim().activeGateway(), GATEWAY);
    });

    it('the CLI\'s active gateway changed outside VS Code (active_gateway rewritten): the views follow without a command', async () => {
      sim().selectGateway(OTHER);
      await until('the other gateway in use', async () => { await settle(a); return label((await providers())[0]?.item ?? {}) === OTHER; });
    });
  });
});
