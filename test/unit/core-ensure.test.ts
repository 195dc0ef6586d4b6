// Every decision branch of Ensure against the openshell simulator (ARCHITECTURE §6).
import * as assert from 'assert';
import { ensure } from '../../src/core/ensure';
import { GatewayLock } from '../../src/core/lock';
import type { EnsureResult, ProviderOutcome } from '../../src/core/results';
import { OpenShellClient } from '../../src/openshell/client';
import type { CallOptions } from '../../src/openshell/runner';
import type { ProviderDto } from '../../src/openshell/types';
import { CoreWorld } from '../support/coreWorld';
import { ENSURE_READS, TEST_DIALECT } from '../support/dialect';
import { operationCalls } from '../support/simulator';

const V00 = TEST_DIALECT.name === '0.0';
const READ_CMDS = ['provider list', 'provider list-profiles', ...(V00 ? ['settings get'] : [])];
/** 0.1 has no providers_v2_enabled setting to seed. */
const V2_ON = V00 ? { settings: { providers_v2_enabled: true } } : {};

const GH = 'ghp_core_secret_1111aaaa';
const GH2 = 'ghp_core_rotated_2222bbbb';
const JIRA = 'jira_core_secret_3333cccc';

describe('core/ensure', function () {
  this.timeout(30000);
  let w: CoreWorld;
  beforeEach(() => {
    w = new CoreWorld();
    w.env = { GH_TOKEN: GH, JIRA_API_TOKEN: JIRA };
    w.declare([
      { name: 'github-code', type: 'fullsend-github-code', credentials: { GH_TOKEN: '${GH_TOKEN}' } },
      { name: 'vertex-ai', type: 'fullsend-vertex-ai', credentials: { _NOOP_VERTEX_AI: '' } },
      { name: 'jira', type: 'generic', credentials: { JIRA_API_TOKEN: '${JIRA_API_TOKEN}' }, config: { JIRA_BASE_URL: 'https://acme.atlassian.net' } },
    ], ['fullsend-github-code', 'fullsend-vertex-ai']);
  });
  afterEach(() => w.dispose());

  const byName = (r: EnsureResult): Record<string, ProviderOutcome> => Object.fromEntries(r.providers.map((p) => [p.name, p]));

  it('fresh gateway: imports profiles, enables providers v2, creates every provider', async () => {
    const ctx = await w.context();
    const r = await ensure(ctx, await w.input());
    assert.deepStrictEqual(r.providers.map((p) => [p.name, p.action, p.error]), [
      ['github-code', 'create', undefined], ['vertex-ai', 'create', undefined], ['jira', 'create', undefined]]);
    assert.deepStrictEqual(r.profilesImported.sort(), ['fullsend-github-code', 'fullsend-vertex-ai']);
    assert.strictEqual(r.gateway, 'local');
    assert.strictEqual(r.dryRun, false);
    assert.deepStrictEqual(w.provider('github-code')!.credentials, { GH_TOKEN: GH });
    assert.deepStrictEqual(w.provider('vertex-ai')!.credentials, { _NOOP_VERTEX_AI: '' });
    assert.deepStrictEqual(w.provider('jira')!.config, { JIRA_BASE_URL: 'https://acme.atlassian.net' });
    // 0.0 switches providers v2 on; 0.1 has no such switch (and no such key to write).
    assert.strictEqual(w.sim.state('local').settings.values.providers_v2_enabled, V00 ? true : undefined);
    // the reads + 2 imports + (0.0) settings set + 3 creates + 2 re-reads (providers, profiles) to record.
    assert.strictEqual(r.cliCalls, ENSURE_READS + 2 + (V00 ? 1 : 0) + 3 + 2);
    assert.strictEqual(r.cliCalls, operationCalls(w.sim).length);
  });

  it('a second run is free: every provider unchanged, 3 reads, no write (the AlreadyExists bug stays fixed)', async () => {
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    w.sim.clearCalls();
    const r = await ensure(ctx, await w.input());
    assert.deepStrictEqual(r.providers.map((p) => p.action), ['unchanged', 'unchanged', 'unchanged']);
    assert.deepStrictEqual([r.profilesImported, r.profilesUpdated], [[], []]);
    assert.strictEqual(r.cliCalls, ENSURE_READS);
    assert.deepStrictEqual(w.cmds().sort(), READ_CMDS);
  });

  it('a rotated secret updates only that provider, with the value in the env only', async () => {
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    w.env.GH_TOKEN = GH2;
    w.sim.clearCalls();
    const r = byName(await ensure(ctx, await w.input()));
    assert.deepStrictEqual([r['github-code'].action, r['github-code'].reason], ['update', 'GH_TOKEN changed']);
    assert.deepStrictEqual([r['vertex-ai'].action, r.jira.action], ['unchanged', 'unchanged']);
    assert.deepStrictEqual(w.provider('github-code')!.credentials, { GH_TOKEN: GH2 });
    const update = w.sim.calls({ cmd: 'provider update' });
    assert.strictEqual(update.length, 1);
    assert.deepStrictEqual(update[0].argv, ['-g', 'local', 'provider', 'update', '--credential', 'GH_TOKEN', 'github-code'], 'pinned to the gateway the operation resolved');
    assert.deepStrictEqual(update[0].envKeysSet, ['GH_TOKEN']);
  });

  it('existence is not correctness: a provider we never wrote is rewritten once, then left alone', async () => {
    w.sim.seed('local', { ...V2_ON, providers: [{ name: 'github-code', type: 'fullsend-github-code', credentials: { GH_TOKEN: 'stale-from-last-month' } }] });
    const ctx = await w.context();
    const first = byName(await ensure(ctx, await w.input()));
    assert.deepStrictEqual([first['github-code'].action, first['github-code'].reason], ['update', 'values not written by this extension yet']);
    assert.strictEqual(w.provider('github-code')!.credentials.GH_TOKEN, GH);
    const second = byName(await ensure(ctx, await w.input()));
    assert.strictEqual(second['github-code'].action, 'unchanged');
  });

  it('a provider changed on the gateway by someone else (resource_version moved) is rewritten', async () => {
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    w.sim.run(['provider', 'update', 'jira', '--config', 'JIRA_BASE_URL=https://evil.example'], {});
    const r = byName(await ensure(ctx, await w.input()));
    assert.strictEqual(r.jira.action, 'update');
    assert.strictEqual(w.provider('jira')!.config.JIRA_BASE_URL, 'https://acme.atlassian.net');
  });

  it('an unset ${VAR} fails that provider and leaves the gateway copy alone — never --credential K=', async () => {
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    delete w.env.GH_TOKEN;
    w.sim.clearCalls();
    const r = byName(await ensure(ctx, await w.input()));
    assert.strictEqual(r['github-code'].action, 'skipped');
    assert.match(r['github-code'].error!, /GH_TOKEN needs \$\{GH_TOKEN\}, which is not set.*Fullsend: Set Secret.*left as it was/);
    assert.deepStrictEqual(w.provider('github-code')!.credentials, { GH_TOKEN: GH });
    assert.ok(!w.sim.calls().some((c) => c.argv.some((a) => a.startsWith('GH_TOKEN'))));
    assert.deepStrictEqual([r['vertex-ai'].action, r.jira.action], ['unchanged', 'unchanged']);
  });

  it('an empty value is an error too (not a silent delete)', async () => {
    w.env.GH_TOKEN = '';
    const r = byName(await ensure(await w.context(), await w.input()));
    assert.strictEqual(r['github-code'].action, 'skipped');
    assert.match(r['github-code'].error!, /GH_TOKEN resolves to an empty value/);
    assert.strictEqual(w.provider('github-code'), undefined);
  });

  it('type changed → recreate (new id, same values)', async () => {
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }]);
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    const oldId = w.provider('gh')!.id;
    w.declare([{ name: 'gh', type: 'gitlab', credentials: { GH_TOKEN: '${GH_TOKEN}' } }]);
    const [r] = (await ensure(ctx, await w.input())).providers;
    assert.deepStrictEqual([r.action, r.reason, r.error], ['recreate', 'type changed: github → gitlab', undefined]);
    assert.strictEqual(w.provider('gh')!.type, 'gitlab');
    assert.notStrictEqual(w.provider('gh')!.id, oldId);
    assert.deepStrictEqual(w.provider('gh')!.credentials, { GH_TOKEN: GH });
    assert.strictEqual((await ensure(ctx, await w.input())).providers[0].action, 'unchanged');
  });

  it('type changed with onTypeChange "fail" → an error, gateway untouched', async () => {
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }]);
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    w.declare([{ name: 'gh', type: 'gitlab', credentials: { GH_TOKEN: '${GH_TOKEN}' } }]);
    const [r] = (await ensure(ctx, await w.input({ settings: { onTypeChange: 'fail', pruneKeys: true } }))).providers;
    assert.strictEqual(r.action, 'skipped');
    assert.match(r.error!, /type changed: github → gitlab; OpenShell cannot change a type in place/);
    assert.strictEqual(w.provider('gh')!.type, 'github');
  });

  it('type changed while a sandbox holds the provider → a clear error, nothing deleted', async () => {
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }]);
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    w.sim.seed('local', { sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['gh'] }] });
    w.declare([{ name: 'gh', type: 'gitlab', credentials: { GH_TOKEN: '${GH_TOKEN}' } }]);
    const [r] = (await ensure(ctx, await w.input())).providers;
    assert.match(r.error!, /cannot be deleted: provider 'gh' is attached to sandbox\(es\): fs-tri-0123456789ab\. Delete those sandboxes/);
    assert.strictEqual(w.provider('gh')!.type, 'github');
  });

  it('keys this extension wrote and no longer declares are pruned (K=), unless pruneKeys is off; keys it never wrote are kept', async () => {
    const jira = (extra: boolean) => ({ name: 'jira', type: 'generic',
      credentials: { JIRA_API_TOKEN: '${JIRA_API_TOKEN}', ...(extra ? { OLD_TOKEN: '${JIRA_API_TOKEN}' } : {}) },
      config: { JIRA_BASE_URL: 'https://acme.atlassian.net', ...(extra ? { OLD_URL: 'z' } : {}) } });
    w.declare([jira(true)]);
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    // A key someone added by hand: never written by this extension, so never pruned (ARCHITECTURE §6).
    w.sim.seed('local', { providers: [{ ...w.provider('jira')!, credentials: { ...w.provider('jira')!.credentials, HAND: 'h' } }] });
    await ensure(ctx, await w.input()); // the record no longer matches: everything declared is written again, nothing removed
    w.declare([jira(false)]);
    const keep = byName(await ensure(ctx, await w.input({ settings: { onTypeChange: 'recreate', pruneKeys: false } })));
    assert.strictEqual(keep.jira.action, 'unchanged');
    assert.deepStrictEqual(Object.keys(w.provider('jira')!.credentials).sort(), ['HAND', 'JIRA_API_TOKEN', 'OLD_TOKEN']);
    const prune = byName(await ensure(ctx, await w.input()));
    assert.deepStrictEqual([prune.jira.action, prune.jira.reason], ['update', 'prune OLD_TOKEN, OLD_URL; keeps HAND (not declared, not written by Fullsend)']);
    assert.deepStrictEqual(w.provider('jira')!.credentials, { JIRA_API_TOKEN: JIRA, HAND: 'h' });
    assert.deepStrictEqual(w.provider('jira')!.config, { JIRA_BASE_URL: 'https://acme.atlassian.net' });
  });

  it('a placeholder (_NOOP_: "") is sent as K= on create only and is never re-sent; a key nobody declared or wrote is kept', async () => {
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    const create = w.sim.calls({ cmd: 'provider create' }).find((c) => c.argv.includes('vertex-ai'))!;
    assert.ok(create.argv.includes('_NOOP_VERTEX_AI='));
    const onGateway = w.provider('vertex-ai')!;
    w.sim.seed('local', { providers: [{ ...onGateway, credentials: { _NOOP_VERTEX_AI: '', LEFTOVER: 'q' } }] });
    w.sim.clearCalls();
    const r = byName(await ensure(ctx, await w.input()));
    assert.deepStrictEqual(w.sim.calls({ cmd: 'provider update' }).map((c) => c.argv), [], 'LEFTOVER was not written by this extension: kept, not pruned');
    assert.match(r['vertex-ai'].reason ?? '', /keeps LEFTOVER/);
    assert.deepStrictEqual(w.provider('vertex-ai')!.credentials, { _NOOP_VERTEX_AI: '', LEFTOVER: 'q' });
  });

  it('a type with no profile on the gateway and none declared is skipped with the reason', async () => {
    w.declare([{ name: 'j', type: 'jira', credentials: { JIRA_API_TOKEN: '${JIRA_API_TOKEN}' } }]);
    const [r] = (await ensure(await w.context(), await w.input())).providers;
    assert.strictEqual(r.action, 'skipped');
    assert.match(r.error!, /profile 'jira'.* and the workspace declares none; declare it under the harness's openshell\.profiles \(Ensure imports it\), or import it yourself: openshell provider profile import --file <jira\.yaml>/);
    assert.strictEqual(w.provider('j'), undefined);
  });

  it('a changed custom profile is updated in place (with its resource_version); an unchanged one costs nothing', async () => {
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    w.profile('fullsend-vertex-ai', 'Vertex v2');
    w.sim.clearCalls();
    const r = await ensure(ctx, await w.input());
    assert.deepStrictEqual([r.profilesImported, r.profilesUpdated], [[], ['fullsend-vertex-ai']]);
    assert.deepStrictEqual(w.cmds().filter((c) => c.startsWith('provider profile')), ['provider profile update']);
    assert.strictEqual(w.sim.state('local').profiles.find((p) => p.id === 'fullsend-vertex-ai')!.display_name, 'Vertex v2');
    assert.deepStrictEqual((await ensure(ctx, await w.input())).profilesUpdated, []);
  });

  it('providers v2 already on (0.0) → no settings set; 0.1 never writes settings', async () => {
    w.sim.seed('local', V2_ON);
    await ensure(await w.context(), await w.input());
    assert.ok(!w.cmds().includes('settings set'));
  });

  it('dry run returns the plan and writes nothing', async () => {
    const r = await ensure(await w.context(), await w.input({ dryRun: true }));
    assert.strictEqual(r.dryRun, true);
    assert.deepStrictEqual(r.providers.map((p) => p.action), ['create', 'create', 'create']);
    assert.deepStrictEqual(r.profilesImported.sort(), ['fullsend-github-code', 'fullsend-vertex-ai']);
    assert.deepStrictEqual(w.cmds().sort(), READ_CMDS);
    assert.deepStrictEqual(w.sim.state('local').providers, []);
  });

  describe('races with other writers', () => {
    /** A client whose provider list is a stale snapshot, as if another writer acted right after we read. */
    const staleList = (client: OpenShellClient, snapshot: ProviderDto[]) => {
      const stale = Object.create(client) as OpenShellClient;
      let first = true;
      stale.providers = async (o?: CallOptions) => { const live = await client.providers(o); if (first) { first = false; return snapshot; } return live; };
      return stale;
    };

    it('AlreadyExists on create (someone created it since we looked) becomes an update', async () => {
      w.sim.seed('local', { providers: [{ name: 'github-code', type: 'fullsend-github-code', credentials: { GH_TOKEN: 'theirs' } }] });
      const ctx = await w.context();
      const r = byName(await ensure({ ...ctx, client: staleList(ctx.client, []) }, await w.input()));
      assert.deepStrictEqual([r['github-code'].action, r['github-code'].error], ['update', undefined]);
      assert.match(r['github-code'].reason!, /created by someone else/);
      assert.strictEqual(w.provider('github-code')!.credentials.GH_TOKEN, GH);
    });

    it('NotFound on update (someone deleted it since we looked) becomes a create', async () => {
      const ctx = await w.context();
      await ensure(ctx, await w.input());
      const snapshot = await ctx.client.providers();
      w.env.GH_TOKEN = GH2;
      w.sim.run(['provider', 'delete', 'github-code']);
      const r = byName(await ensure({ ...ctx, client: staleList(ctx.client, snapshot) }, await w.input()));
      assert.deepStrictEqual([r['github-code'].action, r['github-code'].error], ['create', undefined]);
      assert.strictEqual(w.provider('github-code')!.credentials.GH_TOKEN, GH2);
    });
  });

  it('a failing provider does not stop the others, and is reported', async () => {
    w.sim.setKnobs({ fail: 'provider create#1=internal:database is locked' });
    const r = await ensure(await w.context(), await w.input({ concurrency: 1 }));
    assert.deepStrictEqual(r.providers.map((p) => [p.name, !!p.error]), [['github-code', true], ['vertex-ai', false], ['jira', false]]);
    assert.match(r.providers[0].error!, /database is locked/);
  });

  it('a gateway that is down rejects the whole operation with the actionable message, writing nothing', async () => {
    w.sim.setDown('local');
    await assert.rejects(ensure(await w.context(), await w.input()), /not reachable .* Start the openshell-gateway service/);
  });

  it('cancelling mid-way rejects with Cancelled', async () => {
    w.sim.setKnobs({ latencyMs: 2000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    await assert.rejects(ensure(await w.context({ signal: ac.signal }), await w.input()), /Cancelled/);
  });

  it('two operations on one gateway never interleave under the lock', async () => {
    w.sim.setKnobs({ latencyMs: 50 });
    const ctx = await w.context();
    const lock = new GatewayLock();
    const marks: string[] = [];
    const op = (label: string) => lock.run(ctx.gateway.key, async () => {
      marks.push(`${label}:start:${operationCalls(w.sim).length}`);
      const r = await ensure(ctx, await w.input());
      marks.push(`${label}:end:${operationCalls(w.sim).length}`);
      return r;
    });
    const [a, b] = await Promise.all([op('a'), op('b')]);
    assert.deepStrictEqual(marks.map((m) => m.split(':').slice(0, 2).join(':')), ['a:start', 'a:end', 'b:start', 'b:end']);
    assert.strictEqual(Number(marks[1].split(':')[2]), Number(marks[2].split(':')[2]), 'b started before a finished');
    assert.deepStrictEqual([a.providers.map((p) => p.action), b.providers.map((p) => p.action)],
      [['create', 'create', 'create'], ['unchanged', 'unchanged', 'unchanged']]);
  });

  it('no secret value reaches any argv the simulator logged or any error message', async () => {
    const ctx = await w.context();
    await ensure(ctx, await w.input());
    w.env.GH_TOKEN = GH2;
    w.sim.setKnobs({ fail: `provider update=internal:refused ${GH2}` });
    const r = await ensure(ctx, await w.input());
    const text = JSON.stringify(r) + JSON.stringify(w.sim.calls()) + w.adapter.lines.join('\n');
    for (const secret of [GH, GH2, JIRA]) assert.ok(!text.includes(secret), `${secret.slice(0, 10)}… leaked`);
    // 0.0 relays the server's text (redacted); 0.1 drops it: `provider update failed (Internal error)`.
    assert.match(r.providers[0].error!, V00 ? /refused \*\*\*/ : /provider update failed \(Internal error\)/);
  });
});
