// The registry of Fullsend: Runs in progress that destructive commands consult (core/runsInProgress.ts).
import * as assert from 'assert';
import { NOTHING_IN_USE, RunsInProgress } from '../../src/core/runsInProgress';

describe('core/runsInProgress', () => {
  const T0 = Date.parse('2026-11-24T12:00:00Z');

  it('knows a run\'s sandbox once announced, per gateway, until the run ends; every change is signalled', () => {
    const runs = new RunsInProgress();
    let changes = 0;
    const sub = runs.onDidChange(() => changes++);
    const h = runs.start({ gatewayKey: 'gw', agent: 'code', providers: ['github-code'] }, T0);
    assert.strictEqual(runs.sandboxUser('gw', 'fs-cod-0123456789ab'), undefined);
    h.setSandbox('fs-cod-0123456789ab');
    h.setSandbox('fs-cod-0123456789ab'); // the kept-sandbox line repeats the name: no second change
    assert.strictEqual(runs.sandboxUser('gw', 'fs-cod-0123456789ab')?.agent, 'code');
    assert.strictEqual(runs.sandboxUser('other', 'fs-cod-0123456789ab'), undefined);
    assert.deepStrictEqual(runs.describeUsed('gw', ['fs-tri-0123456789ab', 'fs-cod-0123456789ab']), ['fs-cod-0123456789ab (run of code)']);
    h.end();
    h.end();
    assert.deepStrictEqual(runs.on('gw'), []);
    assert.strictEqual(changes, 3);
    sub.dispose();
    runs.start({ gatewayKey: 'gw', agent: 'x', providers: [] });
    assert.strictEqual(changes, 3, 'a disposed listener hears nothing');
  });

  it('in use: the announced sandbox, the agent\'s providers, and (anywhere) the cache locks; nothing once all runs end', () => {
    const runs = new RunsInProgress();
    assert.strictEqual(runs.inUse('gw'), NOTHING_IN_USE);
    const h = runs.start({ gatewayKey: 'gw', agent: 'code', providers: ['github-code', 'vertex-ai'] }, T0);
    h.setSandbox('fs-cod-0123456789ab');
    const u = runs.inUse('gw');
    assert.strictEqual(u.sandbox({ name: 'fs-cod-0123456789ab' }), 'in use by the run of code in progress');
    assert.strictEqual(u.sandbox({ name: 'fs-tri-0123456789ab', created_at: T0 + 60_000 }), undefined, 'the run has its sandbox: a newer one is not its');
    assert.strictEqual(u.provider('vertex-ai'), 'in use by the run of code in progress');
    assert.strictEqual(u.provider('github-ro'), undefined);
    assert.ok(u.locks);
    const elsewhere = runs.inUse('other');
    assert.strictEqual(elsewhere.provider('vertex-ai'), undefined);
    assert.ok(elsewhere.locks, 'fullsend\'s profile caches are shared by all gateways');
    h.end();
    assert.strictEqual(runs.inUse('gw'), NOTHING_IN_USE);
  });

  it('before the run names its sandbox: one created since it started (or of unknown age) may be its own', () => {
    const runs = new RunsInProgress();
    runs.start({ gatewayKey: 'gw', agent: 'triage', providers: [] }, T0);
    const u = runs.inUse('gw');
    assert.match(u.sandbox({ name: 'fs-tri-0123456789ab', created_at: T0 + 1000 })!, /may belong to the run of triage/);
    assert.match(u.sandbox({ name: 'fs-tri-0123456789ab', created_at: new Date(T0 - 1000).toISOString() })!, /may belong/, 'within the clock slack');
    assert.match(u.sandbox({ name: 'fs-tri-0123456789ab' })!, /may belong/, 'no creation time: kept, to be safe');
    assert.strictEqual(u.sandbox({ name: 'fs-tri-0123456789ab', created_at: T0 - 3_600_000 }), undefined, 'an hour older: leaked');
  });
});
