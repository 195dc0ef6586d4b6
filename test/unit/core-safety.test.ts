// Issue #11's defects in Ensure's plan, each with the rule of ARCHITECTURE §6 it breaks: pruning deletes only
// what the extension wrote; a placeholder never hides a real value; fingerprints fail closed. Against the
// simulator, in the suite's dialect.
import * as assert from 'assert';
import { ensure } from '../../src/core/ensure';
import { planProvider } from '../../src/core/providersPlan';
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
    assert.match(r.providers[0].reason ?? '', /GH_TOKEN declared empty, but the gateway may hold a value/);
    assert.notStrictEqual(w.provider('gh')!.id, before);
    assert.strictEqual(w.provider('gh')!.credentials.GH_TOKEN, '', 'the real token is gone from the gateway');
    // Now the record says it was written empty: steady.
    assert.strictEqual((await ensure(await w.context(), await w.input())).providers[0].action, 'unchanged');
  });

  it('a placeholder over a value nobody recorded is recreated too — unless a sandbox holds it: then an error, nothing deleted', async () => {
    w.sim.seed('local', { providers: [{ name: 'gh', type: 'github', credentials: { GH_TOKEN: 'a-real-token-5656' } }], sandboxes: [{ name: 'dev-box', providers: ['gh'] }] });
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '' } }], []);
    const r = await ensure(await w.context(), await w.input());
    assert.strictEqual(r.providers[0].action, 'recreate');
    assert.match(r.providers[0].error ?? '', /cannot be deleted: .*Delete and Recreate Provider/);
    assert.strictEqual(w.provider('gh')!.credentials.GH_TOKEN, 'a-real-token-5656', 'nothing deleted');
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
});
