// Issue #11's defects in Ensure's plan, each with the rule of ARCHITECTURE §6 it breaks: pruning deletes only
// what the extension wrote; a placeholder never hides a real value; fingerprints fail closed. Against the
// simulator, in the suite's dialect.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensure } from '../../src/core/ensure';
import { planProvider } from '../../src/core/providersPlan';
import { reset } from '../../src/core/reset';
import { resolveGateway } from '../../src/openshell/activeGateway';
import { loadWorkspace } from '../../src/workspace/model';
import { resolveNeeds } from '../../src/workspace/resolve';
import { CoreWorld } from '../support/coreWorld';

const GH = 'ghp_safety_secret_1212abab';
const OLD = 'old_secret_value_3434cdcd';

describe('core: safety of Ensure’s plan', function () {
  this.timeout(30000);
  let w: CoreWorld;
  beforeEach(() => {
    w = new CoreWorld();
    w.env = { GH_TOKEN: GH, OLD_TOKEN: OLD };
  });
  afterEach(() => w.dispose());
  const cli = (...argv: string[]) => {
    const r = w.sim.run(argv, { env: { OTHER: 'hand-added-value' } });
    assert.strictEqual(r.status, 0, r.stderr);
  };

  it('prunes only keys this extension wrote; a key added by hand is kept and named', async () => {
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}', OLD_KEY: '${OLD_TOKEN}' } }], []);
    await ensure(await w.context(), await w.input());
    cli('provider', 'update', 'gh', '--credential', 'OTHER');
    // Someone else's write: the record no longer matches, so everything declared is sent again — and nothing removed.
    let r = await ensure(await w.context(), await w.input());
    assert.deepStrictEqual([r.providers[0].action, Object.keys(w.provider('gh')!.credentials).sort()], ['update', ['GH_TOKEN', 'OLD_KEY', 'OTHER']]);
    assert.match(r.providers[0].reason ?? '', /keeps OTHER \(not declared, not written by Fullsend\)/);

    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }], []);
    r = await ensure(await w.context(), await w.input());
    assert.strictEqual(r.providers[0].action, 'update');
    assert.match(r.providers[0].reason ?? '', /^prune OLD_KEY; keeps OTHER/);
    assert.deepStrictEqual(Object.keys(w.provider('gh')!.credentials).sort(), ['GH_TOKEN', 'OTHER'], 'the hand-added key survives');

    r = await ensure(await w.context(), await w.input());
    assert.deepStrictEqual([r.providers[0].action, r.providers[0].reason], ['unchanged', 'keeps OTHER (not declared, not written by Fullsend)']);
  });

  it('a placeholder never hides a real value: "${GH_TOKEN}" changed to "" recreates the provider empty', async () => {
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }], []);
    await ensure(await w.context(), await w.input());
    const before = w.provider('gh')!.id;
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '' } }], []);
    const r = await ensure(await w.context(), await w.input());
    assert.strictEqual(r.providers[0].action, 'recreate');
    assert.match(r.providers[0].reason ?? '', /GH_TOKEN declared empty, but the gateway holds the value Fullsend wrote for it/);
    assert.notStrictEqual(w.provider('gh')!.id, before);
    assert.strictEqual(w.provider('gh')!.credentials.GH_TOKEN, '', 'the real token is gone from the gateway');
    // Now the record says it was written empty: steady.
    assert.strictEqual((await ensure(await w.context(), await w.input())).providers[0].action, 'unchanged');
  });

  it('a placeholder over a value it wrote, with a sandbox holding the provider: an error naming Delete and Recreate, nothing deleted', async () => {
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }], []);
    await ensure(await w.context(), await w.input());
    w.sim.seed('local', { sandboxes: [{ name: 'dev-box', providers: ['gh'] }] });
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '' } }], []);
    const r = await ensure(await w.context(), await w.input());
    assert.strictEqual(r.providers[0].action, 'recreate');
    assert.match(r.providers[0].error ?? '', /cannot be deleted: .*Delete and Recreate Provider/);
    assert.strictEqual(w.provider('gh')!.credentials.GH_TOKEN, GH, 'nothing deleted');
  });

  it('a placeholder fullsend created (no record of a value) is left as fullsend leaves it', async () => {
    w.sim.seed('local', { providers: [{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '' } }], sandboxes: [{ name: 'dev-box', providers: ['gh'] }] });
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '' } }], []);
    const r = await ensure(await w.context(), await w.input());
    assert.deepStrictEqual([r.providers[0].action, r.providers[0].error], ['unchanged', undefined]);
  });

  it('fingerprints fail closed: a listing without id or resource_version is never unchanged', async () => {
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }], []);
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    const input = await w.input();
    const [listed] = await ctx.client.providers({});
    const dialect = (await ctx.client.dialect()).name;
    const plan = (dto: typeof listed) => planProvider({ def: input.providers[0], dto, values: input.values, availableTypes: new Set(['github']),
      book: ctx.book, gatewayKey: ctx.gateway.key, settings: input.settings, dialect }).action;
    assert.strictEqual(plan(listed), 'unchanged');
    assert.strictEqual(plan({ ...listed, id: '' }), 'update');
    const noVersion = { ...listed };
    delete (noVersion as { resource_version?: number }).resource_version;
    assert.strictEqual(plan(noVersion), 'update');
    // The fail-open case: a listing without id met a record written from such a listing (both ''), or both
    // without a resource_version (both read as 0). Neither proves anything.
    await ctx.book.update(ctx.gateway.key, (r) => { r.providers.gh.id = ''; });
    assert.strictEqual(plan({ ...listed, id: '' }), 'update');
    await ctx.book.update(ctx.gateway.key, (r) => { r.providers.gh.id = listed.id; r.providers.gh.resourceVersion = 0; });
    assert.strictEqual(plan(noVersion), 'update');
  });

  it('one gateway per operation: a gateway select elsewhere mid-Reset does not redirect its deletes', async () => {
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }], []);
    await ensure(await w.context(), await w.input());
    w.sim.addGateway('other');
    w.sim.seed('other', { providers: [{ name: 'gh', type: 'github', credentials: ['GH_TOKEN'] }] });
    const ctx = await w.context();
    const input = await w.input();
    // Reset reads what runs in progress use after its listing: the moment another window or a terminal switches.
    const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, inUse: () => {
      w.sim.selectGateway('other');
      return { sandbox: () => undefined, provider: () => undefined };
    } });
    assert.deepStrictEqual(r.providersDeleted, ['gh']);
    assert.strictEqual(w.sim.state('local').providers.length, 0, 'deleted on the gateway the operation resolved');
    assert.deepStrictEqual(w.sim.state('other').providers.map((p) => p.name), ['gh'], 'the other gateway is untouched');
    assert.ok(w.sim.calls().filter((c) => c.cmd === 'provider delete').every((c) => c.argv[0] === '-g' && c.argv[1] === 'local'));
  });

  it('fingerprints are keyed on the endpoint the CLI really uses (OPENSHELL_GATEWAY_ENDPOINT wins over the registration)', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-key-'));
    try {
      fs.mkdirSync(path.join(home, 'openshell', 'gateways', 'local'), { recursive: true });
      fs.writeFileSync(path.join(home, 'openshell', 'active_gateway'), 'local\n');
      fs.writeFileSync(path.join(home, 'openshell', 'gateways', 'local', 'metadata.json'), JSON.stringify({ gateway_endpoint: 'https://127.0.0.1:8080' }));
      const env = { XDG_CONFIG_HOME: home, OPENSHELL_SYSTEM_GATEWAY_DIR: path.join(home, 'none') };
      assert.strictEqual((await resolveGateway({ env }))?.key, 'local@https://127.0.0.1:8080');
      assert.strictEqual((await resolveGateway({ env: { ...env, OPENSHELL_GATEWAY_ENDPOINT: 'https://elsewhere:9443' } }))?.key, 'local@https://elsewhere:9443');
      assert.strictEqual((await resolveGateway({ env: { ...env, XDG_CONFIG_HOME: path.join(home, 'empty'), OPENSHELL_GATEWAY_ENDPOINT: 'https://elsewhere:9443' } }))?.key,
        'https://elsewhere:9443@https://elsewhere:9443');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('a forbidden credential or config key refuses its provider: a forbidden-key diagnostic, an Ensure error, nothing sent', async () => {
    w.env = { ...w.env, EVIL: 'https://attacker.invalid' };
    w.declare([
      { name: 'steer', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}', OPENSHELL_GATEWAY_ENDPOINT: '${EVIL}' }, config: { https_proxy: 'http://x' } },
      { name: 'fine', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } },
    ], []);
    const ws = await loadWorkspace({ folder: w.dir, dir: w.dir, kind: 'agents-repo' });
    assert.deepStrictEqual(ws.diagnostics.filter((d) => d.code === 'forbidden-key').map((d) => d.message.replace(/^.*?: provider/, 'provider')), [
      'provider "steer": key OPENSHELL_GATEWAY_ENDPOINT would steer the openshell process that carries its secrets (loader, proxy, TLS or gateway settings), so it is refused; rename it',
      'provider "steer": key https_proxy would steer the openshell process that carries its secrets (loader, proxy, TLS or gateway settings), so it is refused; rename it',
    ]);
    const input = { providers: ws.providers, profiles: ws.profiles, values: (await resolveNeeds(ws, { env: w.env, baseDir: w.dir })).values, settings: { onTypeChange: 'recreate' as const, pruneKeys: true } };
    w.sim.clearCalls();
    const r = await ensure(await w.context(), input);
    assert.deepStrictEqual(r.providers.map((p) => [p.name, p.action]), [['steer', 'skipped'], ['fine', 'create']]);
    assert.match(r.providers[0].error ?? '', /keys OPENSHELL_GATEWAY_ENDPOINT, https_proxy would steer the openshell process/);
    assert.strictEqual(w.provider('steer'), undefined);
    assert.ok(!JSON.stringify(w.sim.calls()).includes('attacker.invalid') && !JSON.stringify(w.sim.calls()).includes('OPENSHELL_GATEWAY_ENDPOINT'));
  });
});
