import * as assert from 'assert';
import * as path from 'path';
import { ensure } from '../../src/core/ensure';
import { providerStates, readSnapshot } from '../../src/core/snapshot';
import { adapterFor } from '../support/adapter';
import { CoreWorld } from '../support/coreWorld';
import { operationCalls } from '../support/simulator';

describe('core/snapshot', function () {
  this.timeout(30000);
  let w: CoreWorld;
  beforeEach(() => { w = new CoreWorld(); w.env = { GH_TOKEN: 'ghp_snapshot_secret_7777' }; });
  afterEach(() => w.dispose());

  it('reads gateway, status, providers and sandboxes in at most 4 calls, however many providers there are', async () => {
    w.sim.seed('local', { providers: Array.from({ length: 120 }, (_, i) => ({ name: `p${i}`, type: 'github', credentials: ['K'] })), sandboxes: [{ name: 'fs-tri-0123456789ab' }] });
    const ctx = await w.context();
    const s = await readSnapshot(ctx.client, ctx.gateway);
    assert.deepStrictEqual([s.state, s.providers.length, s.sandboxes.length, s.gateways.length, s.status?.status], ['ready', 120, 1, 1, 'connected']);
    assert.strictEqual(s.cliCalls, 4);
    assert.strictEqual(operationCalls(w.sim).length, 4);
  });

  it('maps failures to the openshellState values, keeping the registrations it could read', async () => {
    const ctx = await w.context();
    w.sim.setDown('local');
    const down = await readSnapshot(ctx.client, ctx.gateway);
    assert.deepStrictEqual([down.state, down.gateways.map((g) => g.name)], ['unreachable', ['local']]);
    assert.match(down.error!, /not reachable/);
    assert.strictEqual((await readSnapshot(ctx.client, undefined)).state, 'noGateway');
    const missing = await readSnapshot(adapterFor(w.sim, { executable: path.join(w.dir, 'nope') }).client, ctx.gateway);
    assert.strictEqual(missing.state, 'notInstalled');
  });

  it('labels each provider against the workspace the way Ensure would decide', async () => {
    w.declare([
      { name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } },
      { name: 'lab', type: 'gitlab', credentials: { GH_TOKEN: '${GH_TOKEN}' } },
      { name: 'new', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } },
      { name: 'needs-var', type: 'github', credentials: { T: '${NOT_SET_ANYWHERE}' } },
    ]);
    const ctx = await w.context();
    const input = await w.input();
    await ensure(ctx, { ...input, providers: input.providers.slice(0, 2) });
    w.sim.seed('local', { providers: [{ name: 'lab', type: 'github', credentials: ['GH_TOKEN'] }, { name: 'foreign', type: 'openai', credentials: ['K'] }] });
    w.env.GH_TOKEN = 'rotated';
    const snap = await readSnapshot(ctx.client, ctx.gateway);
    const views = providerStates({ declared: input.providers, values: (await w.input()).values, providers: snap.providers, book: ctx.book, gatewayKey: ctx.gateway.key, settings: input.settings, dialect: snap.dialect!.name });
    assert.deepStrictEqual(views.map((v) => [v.name, v.state]), [['gh', 'will-update'], ['lab', 'type-changed'], ['new', 'missing'], ['needs-var', 'unresolved'], ['foreign', 'not-declared']]);
    assert.strictEqual(views[0].reason, 'GH_TOKEN changed');
    assert.ok(!JSON.stringify(views.map(({ name, state, reason, type }) => ({ name, state, reason, type }))).includes('rotated'));
  });
});
