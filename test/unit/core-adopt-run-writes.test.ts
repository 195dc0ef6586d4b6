// Adopting fullsend's rewrite of the providers a run's Ensure wrote (core/adoptRunWrites.ts), against the
// simulator: the Run → Run loop reaches the free steady state, and nothing else is ever adopted.
import * as assert from 'assert';
import { adoptRunWrites } from '../../src/core/adoptRunWrites';
import type { OperationContext } from '../../src/core/context';
import { ensure } from '../../src/core/ensure';
import type { ProviderRecord } from '../../src/core/fingerprints';
import { CoreWorld } from '../support/coreWorld';
import { ENSURE_READS } from '../support/dialect';

const GH = 'ghp_adopt_secret_5555eeee';
const GH_OTHER = 'ghp_adopt_other_6666ffff';

describe('core/adoptRunWrites', function () {
  this.timeout(30000);
  let w: CoreWorld;
  let ctx: OperationContext;
  let recorded: Map<string, ProviderRecord>;

  beforeEach(async () => {
    w = new CoreWorld();
    w.env = { GH_TOKEN: GH };
    w.declare([
      { name: 'github-code', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } },
      { name: 'vertex-ai', type: 'fullsend-vertex-ai', credentials: { _NOOP_VERTEX_AI: '' }, config: { REGION: 'us-east5' } },
    ], ['fullsend-vertex-ai']);
    ctx = await w.context();
    await ensure(ctx, await w.input());
    // What the run layer keeps after its Ensure.
    recorded = new Map(['github-code', 'vertex-ai'].map((n) => [n, structuredClone(ctx.book.provider(ctx.gateway.key, n)!)]));
  });
  afterEach(() => w.dispose());

  /**
   * What fullsend's provider step does after AlreadyExists: `provider update` with the same values, the empty
   * placeholder as `K=` — which deletes the key on update (fullsend-current §5.3).
   */
  const fullsendRewrites = async () => {
    await ctx.client.updateProvider({ name: 'github-code', setCredentials: { GH_TOKEN: GH } });
    await ctx.client.updateProvider({ name: 'vertex-ai', removeCredentials: ['_NOOP_VERTEX_AI'], setConfig: { REGION: 'us-east5' } });
  };

  it('after fullsend rewrote the same values, the next Ensure is free: 3 reads, no write', async () => {
    await fullsendRewrites();
    const before = await ensure(ctx, await w.input({ dryRun: true }));
    assert.deepStrictEqual(before.providers.map((p) => p.action), ['update', 'update'], 'without adoption every run costs a rewrite');
    const r = await adoptRunWrites(ctx, { expected: recorded, written: ['github-code', 'vertex-ai'] });
    assert.deepStrictEqual([r.adopted, r.cliCalls], [['github-code', 'vertex-ai'], 1]);
    w.sim.clearCalls();
    const next = await ensure(ctx, await w.input());
    assert.deepStrictEqual(next.providers.map((p) => p.action), ['unchanged', 'unchanged']);
    assert.strictEqual(next.cliCalls, ENSURE_READS);
  });

  it('only what fullsend reported written; nothing reported costs no call', async () => {
    await fullsendRewrites();
    assert.deepStrictEqual(await adoptRunWrites(ctx, { expected: recorded, written: [] }), { adopted: [], cliCalls: 0 });
    const r = await adoptRunWrites(ctx, { expected: recorded, written: ['vertex-ai', 'not-ensured'] });
    assert.deepStrictEqual(r.adopted, ['vertex-ai']);
    const next = await ensure(ctx, await w.input({ dryRun: true }));
    assert.deepStrictEqual(next.providers.map((p) => [p.name, p.action]), [['github-code', 'update'], ['vertex-ai', 'unchanged']]);
  });

  it('a record another operation rewrote since the run\'s Ensure is not adopted (another Ensure with other values)', async () => {
    w.env = { GH_TOKEN: GH_OTHER };
    await ensure(ctx, await w.input());
    // The run's fullsend still had the old token.
    await ctx.client.updateProvider({ name: 'github-code', setCredentials: { GH_TOKEN: GH } });
    const r = await adoptRunWrites(ctx, { expected: recorded, written: ['github-code'] });
    assert.deepStrictEqual(r.adopted, []);
    const next = await ensure(ctx, await w.input());
    assert.deepStrictEqual(next.providers.map((p) => p.action), ['update', 'unchanged'], 'the gateway holds the run\'s token, not the declared one: rewritten');
    assert.strictEqual(w.provider('github-code')!.credentials.GH_TOKEN, GH_OTHER);
  });

  it('a provider deleted and created again since (another id) is not adopted', async () => {
    await ctx.client.deleteProviders(['github-code']);
    await ctx.client.createProvider({ name: 'github-code', type: 'github', credentials: { GH_TOKEN: GH }, config: {} });
    const r = await adoptRunWrites(ctx, { expected: recorded, written: ['github-code'] });
    assert.deepStrictEqual(r.adopted, []);
    assert.strictEqual((await ensure(ctx, await w.input({ dryRun: true }))).providers[0].action, 'update');
  });

  it('nothing moved (fullsend wrote nothing after all): the record stays as it is', async () => {
    const r = await adoptRunWrites(ctx, { expected: recorded, written: ['github-code'] });
    assert.deepStrictEqual(r.adopted, []);
    assert.deepStrictEqual(ctx.book.provider(ctx.gateway.key, 'github-code'), recorded.get('github-code'));
  });
});
