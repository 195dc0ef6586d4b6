// Reset's scope and order, Delete and Recreate's pre-flight, and deletes — against the simulator.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { deleteProviders, deleteSandboxes, isLeakedSandbox } from '../../src/core/deletes';
import { ensure } from '../../src/core/ensure';
import { recreate, SandboxesHoldProvider, sandboxesIn } from '../../src/core/recreate';
import { reset } from '../../src/core/reset';
import { RunsInProgress, type InUse } from '../../src/core/runsInProgress';
import { CoreWorld } from '../support/coreWorld';
import { operationCalls } from '../support/simulator';

const GH = 'ghp_reset_secret_4444dddd';

describe('core/reset', function () {
  this.timeout(30000);
  let w: CoreWorld;
  beforeEach(async () => {
    w = new CoreWorld();
    w.env = { GH_TOKEN: GH };
    w.declare([
      { name: 'github-code', type: 'fullsend-github-code', credentials: { GH_TOKEN: '${GH_TOKEN}' } },
      { name: 'vertex-ai', type: 'fullsend-vertex-ai', credentials: { _NOOP_VERTEX_AI: '' } },
    ], ['fullsend-github-code', 'fullsend-vertex-ai']);
    await ensure(await w.context(), await w.input());
    w.sim.seed('local', {
      providers: [{ name: 'my-openai', type: 'openai', credentials: ['OPENAI_API_KEY'] }],
      sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['github-code', 'vertex-ai'] }, { name: 'fs-cod-abcdef012345' }, { name: 'dev-box', providers: ['my-openai'] }],
    });
    for (const f of ['fullsend-profile-0123456789abcdef.sha256', 'fullsend-profile-0123456789abcdef.lock', 'fullsend-profiles-fedcba9876543210.sha256', 'unrelated.sha256', 'fullsend-other.lock']) {
      fs.writeFileSync(path.join(w.tmpDir, f), 'x');
    }
    w.sim.clearCalls();
  });
  afterEach(() => w.dispose());

  it('deletes fs-* sandboxes, then declared providers, then declared custom profiles, then fullsend caches — nothing else', async () => {
    const ctx = await w.context();
    const input = await w.input();
    const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir });
    assert.deepStrictEqual(r.sandboxesDeleted.sort(), ['fs-cod-abcdef012345', 'fs-tri-0123456789ab']);
    assert.deepStrictEqual(r.providersDeleted.sort(), ['github-code', 'vertex-ai']);
    assert.deepStrictEqual(r.profilesDeleted.sort(), ['fullsend-github-code', 'fullsend-vertex-ai']);
    assert.deepStrictEqual(r.cachesRemoved.map((f) => path.basename(f)).sort(),
      ['fullsend-profile-0123456789abcdef.lock', 'fullsend-profile-0123456789abcdef.sha256', 'fullsend-profiles-fedcba9876543210.sha256']);
    assert.deepStrictEqual(r.kept, []);
    // The foreign provider, the non-fs-* sandbox, unrelated temp files and the registration survive.
    const st = w.sim.state('local');
    assert.deepStrictEqual(st.providers.map((p) => p.name), ['my-openai']);
    assert.deepStrictEqual(st.sandboxes.map((s) => s.name), ['dev-box']);
    assert.deepStrictEqual(fs.readdirSync(w.tmpDir).sort(), ['fullsend-other.lock', 'unrelated.sha256']);
    assert.deepStrictEqual(w.sim.gateways().map((g) => g.name), ['local']);
    // Order: reads, then sandboxes before providers before profiles.
    const order = w.cmds().filter((c) => c.includes('delete'));
    assert.deepStrictEqual(order, ['sandbox delete', 'provider delete', 'provider profile delete', 'provider profile delete']);
    assert.strictEqual(r.cliCalls, operationCalls(w.sim).length);
  });

  it('forgets fingerprints: the next Ensure recreates everything', async () => {
    const ctx = await w.context();
    const input = await w.input();
    await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir });
    const again = await ensure(ctx, await w.input());
    assert.deepStrictEqual(again.providers.map((p) => p.action), ['create', 'create']);
    assert.strictEqual(w.provider('github-code')!.credentials.GH_TOKEN, GH);
  });

  it('keeps what a foreign sandbox holds, with the reason, and deletes the rest', async () => {
    w.sim.seed('local', { sandboxes: [{ name: 'dev-box', providers: ['my-openai', 'github-code'] }] });
    const ctx = await w.context();
    const input = await w.input();
    const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir });
    assert.deepStrictEqual(r.providersDeleted, ['vertex-ai']);
    assert.deepStrictEqual(r.kept.map((k) => k.name).sort(), ['fullsend-github-code', 'github-code']);
    assert.match(r.kept.find((k) => k.name === 'github-code')!.reason, /attached to sandbox\(es\): dev-box/);
    assert.deepStrictEqual(r.profilesDeleted, ['fullsend-vertex-ai']);
    assert.ok(w.provider('github-code'));
  });

  it('dry run reports the plan and changes nothing', async () => {
    const ctx = await w.context();
    const input = await w.input();
    const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, dryRun: true });
    assert.strictEqual(r.dryRun, true);
    assert.deepStrictEqual([r.sandboxesDeleted.length, r.providersDeleted.length, r.profilesDeleted.length, r.cachesRemoved.length], [2, 2, 2, 3]);
    assert.deepStrictEqual(w.cmds().sort(), ['provider list', 'provider list-profiles', 'sandbox list']);
    assert.strictEqual(w.sim.state('local').providers.length, 3);
    assert.strictEqual(fs.readdirSync(w.tmpDir).length, 5);
  });

  it('reensure: true finishes with Ensure and counts its calls', async () => {
    const ctx = await w.context();
    const input = await w.input();
    const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, reensure: input });
    assert.deepStrictEqual(r.ensure!.providers.map((p) => p.action), ['create', 'create']);
    assert.deepStrictEqual(r.ensure!.profilesImported.sort(), ['fullsend-github-code', 'fullsend-vertex-ai']);
    assert.strictEqual(r.cliCalls, operationCalls(w.sim).length);
    assert.deepStrictEqual(w.sim.state('local').providers.map((p) => p.name).sort(), ['github-code', 'my-openai', 'vertex-ai']);
  });

  describe('with a Fullsend: Run in progress', () => {
    // The run of `triage` uses github-code; its sandbox fs-tri-… is the one seeded in beforeEach.
    const HOUR = 3_600_000;
    beforeEach(() => {
      w.sim.seed('local', { sandboxes: [
        { name: 'fs-tri-0123456789ab', providers: ['github-code'] }, { name: 'fs-cod-abcdef012345' }, { name: 'dev-box', providers: ['my-openai'] },
      ] });
    });
    const startRun = (gatewayKey: string, sandbox?: string) => {
      const runs = new RunsInProgress();
      const h = runs.start({ gatewayKey, agent: 'triage', providers: ['github-code'] });
      if (sandbox) h.setSandbox(sandbox);
      return { runs, h };
    };

    it('keeps the run\'s sandbox, providers, their profile and the cache locks — with reasons — and deletes the rest', async () => {
      const ctx = await w.context();
      const { runs } = startRun(ctx.gateway.key, 'fs-tri-0123456789ab');
      const input = await w.input();
      const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, inUse: () => runs.inUse(ctx.gateway.key) });
      assert.deepStrictEqual(r.sandboxesDeleted, ['fs-cod-abcdef012345']);
      assert.deepStrictEqual(r.providersDeleted, ['vertex-ai']);
      assert.deepStrictEqual(r.profilesDeleted, ['fullsend-vertex-ai']);
      assert.deepStrictEqual(r.cachesRemoved.map((f) => path.basename(f)).sort(), ['fullsend-profile-0123456789abcdef.sha256', 'fullsend-profiles-fedcba9876543210.sha256']);
      assert.deepStrictEqual(r.kept.map((k) => [path.basename(k.name), k.reason]).sort(), [
        ['fs-tri-0123456789ab', 'in use by the run of triage in progress'],
        ['fullsend-github-code', 'used by a provider that was kept'],
        ['fullsend-profile-0123456789abcdef.lock', 'a fullsend run is in progress and may hold this lock'],
        ['github-code', 'in use by the run of triage in progress'],
      ]);
      assert.deepStrictEqual(w.sim.state('local').sandboxes.map((b) => b.name).sort(), ['dev-box', 'fs-tri-0123456789ab']);
      assert.ok(w.provider('github-code'));
      // The kept provider's fingerprint still holds: the next Ensure leaves it alone and recreates vertex-ai.
      const again = await ensure(ctx, await w.input());
      assert.deepStrictEqual(again.providers.map((p) => [p.name, p.action]), [['github-code', 'unchanged'], ['vertex-ai', 'create']]);
    });

    it('the dry run plans the same: the run\'s things are in `kept`, not in the counts', async () => {
      const ctx = await w.context();
      const { runs } = startRun(ctx.gateway.key, 'fs-tri-0123456789ab');
      const input = await w.input();
      const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, dryRun: true, inUse: () => runs.inUse(ctx.gateway.key) });
      assert.deepStrictEqual([r.sandboxesDeleted, r.providersDeleted, r.profilesDeleted], [['fs-cod-abcdef012345'], ['vertex-ai'], ['fullsend-vertex-ai']]);
      assert.strictEqual(r.kept.length, 4);
      assert.strictEqual(w.sim.state('local').sandboxes.length, 3);
    });

    it('before the run names its sandbox, sandboxes created since it started are kept; older ones are leaked', async () => {
      const now = Date.now();
      w.sim.seed('local', { sandboxes: [
        { name: 'fs-tri-0123456789ab', created_at: now - 2 * HOUR }, { name: 'fs-cod-abcdef012345', created_at: now - HOUR / 2 }, { name: 'dev-box' },
      ] });
      const ctx = await w.context();
      const runs = new RunsInProgress();
      runs.start({ gatewayKey: ctx.gateway.key, agent: 'triage', providers: [] }, now - HOUR);
      const input = await w.input();
      const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, inUse: () => runs.inUse(ctx.gateway.key) });
      assert.deepStrictEqual(r.sandboxesDeleted, ['fs-tri-0123456789ab']);
      assert.deepStrictEqual(r.kept.filter((k) => k.name.startsWith('fs-')),
        [{ name: 'fs-cod-abcdef012345', reason: 'may belong to the run of triage in progress (created after it started)' }]);
    });

    it('a run on another gateway keeps nothing here but the cache locks (one $TMPDIR for all gateways)', async () => {
      const runs = new RunsInProgress();
      runs.start({ gatewayKey: 'elsewhere', agent: 'triage', providers: ['github-code'] }).setSandbox('fs-tri-0123456789ab');
      const ctx = await w.context();
      const input = await w.input();
      const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, inUse: () => runs.inUse(ctx.gateway.key) });
      assert.deepStrictEqual(r.sandboxesDeleted.sort(), ['fs-cod-abcdef012345', 'fs-tri-0123456789ab']);
      assert.deepStrictEqual(r.kept.map((k) => path.basename(k.name)), ['fullsend-profile-0123456789abcdef.lock']);
    });

    it('once the run ends, nothing is kept for it', async () => {
      const ctx = await w.context();
      const { runs, h } = startRun(ctx.gateway.key, 'fs-tri-0123456789ab');
      h.end();
      const input = await w.input();
      const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, inUse: () => runs.inUse(ctx.gateway.key) });
      assert.deepStrictEqual(r.kept, []);
      assert.strictEqual(r.sandboxesDeleted.length, 2);
    });
  });

  it('a gateway that is down rejects before deleting anything', async () => {
    w.sim.setDown('local');
    const input = await w.input();
    await assert.rejects(reset(await w.context(), { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir }), /not reachable/);
    assert.strictEqual(fs.readdirSync(w.tmpDir).length, 5);
  });
});

describe('core/recreate', function () {
  this.timeout(30000);
  let w: CoreWorld;
  beforeEach(() => {
    w = new CoreWorld();
    w.env = { GH_TOKEN: GH };
    w.declare([{ name: 'github-code', type: 'fullsend-github-code', credentials: { GH_TOKEN: '${GH_TOKEN}' } }], ['fullsend-github-code']);
  });
  afterEach(() => w.dispose());
  const run = async (approvedSandboxes: string[] = [], inUse?: () => InUse) => {
    const input = await w.input();
    return recreate(await w.context(), { provider: input.providers[0], profiles: input.profiles, values: input.values, approvedSandboxes, ...(inUse ? { inUse } : {}) });
  };

  it('deletes and creates the provider again: new id, same values, fingerprint recorded', async () => {
    await ensure(await w.context(), await w.input());
    const oldId = w.provider('github-code')!.id;
    const r = await run();
    assert.deepStrictEqual(r.providers, [{ name: 'github-code', type: 'fullsend-github-code', action: 'recreate', reason: 'deleted and created again' }]);
    assert.notStrictEqual(w.provider('github-code')!.id, oldId);
    assert.strictEqual(w.provider('github-code')!.credentials.GH_TOKEN, GH);
    assert.strictEqual((await ensure(await w.context(), await w.input())).providers[0].action, 'unchanged');
  });

  it('pre-flight: an unset secret deletes nothing', async () => {
    await ensure(await w.context(), await w.input());
    delete w.env.GH_TOKEN;
    w.sim.clearCalls();
    await assert.rejects(run(), /^Error: Nothing was deleted\. Provider "github-code" cannot be recreated: GH_TOKEN needs \$\{GH_TOKEN\}/);
    assert.ok(!w.cmds().includes('provider delete'));
    assert.strictEqual(w.provider('github-code')!.credentials.GH_TOKEN, GH);
  });

  it('pre-flight: a type with no profile anywhere deletes nothing', async () => {
    await ensure(await w.context(), await w.input());
    w.declare([{ name: 'github-code', type: 'jira', credentials: { GH_TOKEN: '${GH_TOKEN}' } }]);
    await assert.rejects(run(), /Nothing was deleted.*profile 'jira'.* and the workspace declares none/);
    assert.strictEqual(w.provider('github-code')!.type, 'fullsend-github-code');
  });

  it('imports the declared profile of the new type before deleting', async () => {
    await ensure(await w.context(), await w.input());
    w.declare([{ name: 'github-code', type: 'fullsend-github-code-v2', credentials: { GH_TOKEN: '${GH_TOKEN}' } }], ['fullsend-github-code-v2']);
    const r = await run();
    assert.deepStrictEqual(r.profilesImported, ['fullsend-github-code-v2']);
    assert.match(r.providers[0].reason!, /type changed: fullsend-github-code → fullsend-github-code-v2/);
    assert.strictEqual(w.provider('github-code')!.type, 'fullsend-github-code-v2');
  });

  it('sandboxes holding the provider: the operation ends naming them (nothing deleted), and deletes them only once approved', async () => {
    await ensure(await w.context(), await w.input());
    w.sim.seed('local', { sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['github-code'] }] });
    // No modal inside the operation: it stops, so the caller asks without holding the gateway lock (#11 defect 10).
    const err = await run().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof SandboxesHoldProvider, String(err));
    assert.deepStrictEqual([err.provider, err.sandboxes], ['github-code', ['fs-tri-0123456789ab']]);
    assert.match(err.message, /nothing was deleted/);
    assert.ok(w.provider('github-code'));
    assert.strictEqual(w.sim.state('local').sandboxes.length, 1);
    // Approving another sandbox is not approving this one.
    await assert.rejects(run(['fs-cod-aaaaaaaaaaaa']), SandboxesHoldProvider);
    await run(['fs-tri-0123456789ab']);
    assert.deepStrictEqual(w.sim.state('local').sandboxes, []);
    assert.ok(w.provider('github-code'));
  });

  it('a live run’s sandbox is never among the holders it deletes, approved or not', async () => {
    await ensure(await w.context(), await w.input());
    w.sim.seed('local', { sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['github-code'] }] });
    const runs = new RunsInProgress();
    const ctx = await w.context();
    runs.start({ gatewayKey: ctx.gateway.key, agent: 'triage', providers: [] }).setSandbox('fs-tri-0123456789ab');
    await assert.rejects(run(['fs-tri-0123456789ab'], () => runs.inUse(ctx.gateway.key)), /attached to fs-tri-0123456789ab \(in use by the run of triage in progress\); a run's sandbox is never deleted/);
    assert.strictEqual(w.sim.state('local').sandboxes.length, 1);
    assert.ok(w.provider('github-code'));
  });

  it('create failing after the delete: retried once, then a message that says what is missing and that Ensure restores it', async () => {
    await ensure(await w.context(), await w.input());
    w.sim.setKnobs({ fail: 'provider create=unavailable:gateway restarting' });
    w.sim.clearCalls();
    await assert.rejects(run(), /Provider "github-code" was deleted but could not be created again: .*gateway restarting.*run "Ensure Providers": it will create "github-code"/);
    assert.deepStrictEqual(w.cmds().filter((c) => c === 'provider create'), ['provider create', 'provider create']);
    w.sim.setKnobs({ fail: null });
    const r = await ensure(await w.context(), await w.input());
    assert.strictEqual(r.providers[0].action, 'create');
    assert.strictEqual(w.provider('github-code')!.credentials.GH_TOKEN, GH);
  });
});

describe('core/deletes', function () {
  this.timeout(30000);
  let w: CoreWorld;
  beforeEach(() => { w = new CoreWorld(); });
  afterEach(() => w.dispose());

  it('deleteProviders reports deleted and not found, and forgets fingerprints', async () => {
    w.env = { GH_TOKEN: GH };
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }]);
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    assert.ok(ctx.book.provider(ctx.gateway.key, 'gh'));
    const r = await deleteProviders(ctx, ['gh', 'nope']);
    assert.deepStrictEqual([r.deleted, r.notFound, r.cliCalls], [['gh'], ['nope'], 1]);
    assert.strictEqual(ctx.book.provider(ctx.gateway.key, 'gh'), undefined);
  });

  it('deleteProviders of a provider a sandbox holds says which sandbox', async () => {
    w.sim.seed('local', { providers: [{ name: 'gh', type: 'github', credentials: ['K'] }], sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['gh'] }] });
    await assert.rejects(deleteProviders(await w.context(), ['gh']), /Cannot delete on gateway 'local': provider 'gh' is attached to sandbox\(es\): fs-tri-0123456789ab\. Delete those sandboxes first/);
  });

  it('deleteSandboxes reports deleted and not found', async () => {
    w.sim.seed('local', { sandboxes: [{ name: 'fs-tri-0123456789ab' }] });
    const r = await deleteSandboxes(await w.context(), ['fs-tri-0123456789ab', 'fs-tri-000000000000']);
    assert.deepStrictEqual([r.deleted, r.notFound], [['fs-tri-0123456789ab'], ['fs-tri-000000000000']]);
  });

  it('recognises fullsend sandbox names only', () => {
    assert.deepStrictEqual(['fs-tri-0123456789ab', 'fs-unk-abcdef012345', 'fs-TRI-0123456789ab', 'fs-tri-0123456789a', 'dev-box', 'fs-tri-0123456789abc'].map(isLeakedSandbox),
      [true, true, false, false, false, false]);
  });

  it('parses the sandboxes out of a FailedPrecondition message', () => {
    assert.deepStrictEqual(sandboxesIn("provider 'gh' is attached to sandbox(es): fs-a, dev-box"), ['fs-a', 'dev-box']);
    assert.deepStrictEqual(sandboxesIn("provider profile 'x' is in use by sandboxes: a"), ['a']);
    assert.deepStrictEqual(sandboxesIn('something else'), []);
  });
});
