// Providers `fullsend run` makes itself (fullsend-current.md §2.2, §3): Ensure leaves built-in and run-scoped
// ones alone with the reason; Reset deletes run-scoped instances after the sandboxes and before the declared
// providers (built-in names by name, like any declared one), keeps an instance whose sandbox it keeps, and
// forgets only this workspace's fingerprint records.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ensure } from '../../src/core/ensure';
import { reset } from '../../src/core/reset';
import { RunsInProgress } from '../../src/core/runsInProgress';
import { runScopedInstances, runScopedOnGateway } from '../../src/core/runScoped';
import { providerStates } from '../../src/core/snapshot';
import { CoreWorld } from '../support/coreWorld';

const GH = 'ghp_managed_secret_7777aaaa';

describe('core: providers fullsend manages itself', function () {
  this.timeout(30000);
  let w: CoreWorld;
  beforeEach(() => {
    w = new CoreWorld();
    w.env = { GH_TOKEN: GH, OPENAI_API_KEY: 'sk-never-sent-by-ensure' };
    w.declare([
      { name: 'github-code', type: 'fullsend-github-code', credentials: { GH_TOKEN: '${GH_TOKEN}' } },
      { name: 'openai', type: 'fullsend-openai', credentials: { OPENAI_API_KEY: '${OPENAI_API_KEY}' } },
      { name: 'jira', type: 'fullsend-atlassian-cloud', credentials: { JIRA_TOKEN: '' } },
    ], ['fullsend-github-code']);
    // Bare built-in names with no providers/<name>.yaml: fullsend's own definitions.
    const harness = path.join(w.dir, 'harness/t.yaml');
    fs.writeFileSync(harness, fs.readFileSync(harness, 'utf8').replace('providers: [', 'providers: [github, vertex-ai, '));
  });
  afterEach(() => w.dispose());

  it('Ensure skips built-in, run-scoped and unimported reserved-type providers with the reason, and writes the rest', async () => {
    const r = await ensure(await w.context(), await w.input());
    assert.deepStrictEqual(r.providers.map((p) => [p.name, p.action]), [
      ['github', 'skipped'], ['vertex-ai', 'skipped'], ['github-code', 'create'], ['openai', 'skipped'], ['jira', 'skipped'],
    ]);
    const reason = (n: string) => r.providers.find((p) => p.name === n)?.reason ?? '';
    assert.match(reason('github'), /^built into fullsend: fullsend run imports profile fullsend-github and creates it$/);
    assert.match(reason('openai'), /^run-scoped: fullsend run creates openai-<12hex> for each sandbox/);
    assert.match(reason('jira'), /profile fullsend-atlassian-cloud is fullsend's own and not on the gateway yet/);
    assert.ok(r.providers.every((p) => !p.error), 'none of them is an error');
    assert.deepStrictEqual(w.sim.state('local').providers.map((p) => p.name), ['github-code']);
    const ids = (w.sim.state('local').profiles ?? []).map((p: { id: string }) => p.id);
    assert.ok(ids.includes('fullsend-github-code'));
    for (const reserved of ['fullsend-github', 'fullsend-vertex-ai', 'fullsend-atlassian-cloud', 'fullsend-openai']) assert.ok(!ids.includes(reserved), `${reserved} is fullsend's to import`);
  });

  it('finds run-scoped instances of declared fullsend-openai definitions only, with their sandbox when it is listed', () => {
    const defs = [{ name: 'openai', type: 'fullsend-openai' }, { name: 'github', type: 'fullsend-github' }] as never;
    const got = runScopedInstances(defs, [{ name: 'openai-0123456789ab' }, { name: 'openai-fedcba987654' }, { name: 'openai' }, { name: 'github-0123456789ab' }, { name: 'openai-0123456789abc' }],
      [{ name: 'fs-cod-0123456789ab' }]);
    assert.deepStrictEqual(got, [
      { name: 'openai-0123456789ab', definition: 'openai', suffix: '0123456789ab', sandbox: 'fs-cod-0123456789ab' },
      { name: 'openai-fedcba987654', definition: 'openai', suffix: 'fedcba987654' },
    ]);
  });

  it('Reset: sandboxes, then run-scoped instances, then declared providers (built-in names by name), keeping a live run’s', async () => {
    await ensure(await w.context(), await w.input());
    w.sim.seed('local', {
      providers: [
        { name: 'github', type: 'github', credentials: ['GH_TOKEN'] },
        { name: 'openai-0123456789ab', type: 'openai', credentials: ['OPENAI_API_KEY'] },
        { name: 'openai-aaaaaaaaaaaa', type: 'openai', credentials: ['OPENAI_API_KEY'] },
        { name: 'openai-bbbbbbbbbbbb', type: 'openai', credentials: ['OPENAI_API_KEY'] },
        { name: 'someone-elses', type: 'openai', credentials: ['OPENAI_API_KEY'] },
      ],
      sandboxes: [{ name: 'fs-cod-0123456789ab', providers: ['openai-0123456789ab'] }, { name: 'fs-rev-bbbbbbbbbbbb', providers: ['openai-bbbbbbbbbbbb'] }],
    });
    // Another workspace's record on the same gateway must survive this workspace's reset.
    const ctx = await w.context();
    await ctx.book.update(ctx.gateway.key, (rec) => { rec.providers['other-workspace'] = { id: 'x', resourceVersion: 1, type: 't', credentials: {}, config: {} }; });
    const runs = new RunsInProgress();
    runs.start({ gatewayKey: ctx.gateway.key, agent: 'review', providers: [] }).setSandbox('fs-rev-bbbbbbbbbbbb');
    w.sim.clearCalls();

    const input = await w.input();
    const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, inUse: () => runs.inUse(ctx.gateway.key) });
    assert.deepStrictEqual(r.sandboxesDeleted, ['fs-cod-0123456789ab']);
    assert.deepStrictEqual(r.providersDeleted, ['openai-0123456789ab', 'openai-aaaaaaaaaaaa', 'github', 'github-code']);
    assert.deepStrictEqual(r.kept.map((k) => [k.name, k.reason]), [
      ['fs-rev-bbbbbbbbbbbb', 'in use by the run of review in progress'],
      ['openai-bbbbbbbbbbbb', 'belongs to sandbox fs-rev-bbbbbbbbbbbb, which was kept'],
    ]);
    const deletes = w.cmds().filter((c) => c.includes('delete'));
    assert.deepStrictEqual(deletes.slice(0, 3), ['sandbox delete', 'provider delete', 'provider delete']);
    assert.deepStrictEqual(w.sim.state('local').providers.map((p) => p.name).sort(), ['openai-bbbbbbbbbbbb', 'someone-elses']);
    const book = (await w.context()).book;
    assert.ok(book.provider(ctx.gateway.key, 'other-workspace'), 'another workspace’s record is kept');
    assert.strictEqual(book.provider(ctx.gateway.key, 'github-code'), undefined, 'this workspace’s record is forgotten');
  });

  it('a denied ${VAR} in a credential is an error for its provider even when set, and nothing is written', async () => {
    w.env = { ...w.env, FULLSEND_TRIGGER_TOKEN: 'tok-denied-9999' };
    w.declare([{ name: 'hooks', type: 'fullsend-github-code', credentials: { TOKEN: '${FULLSEND_TRIGGER_TOKEN}' } }], ['fullsend-github-code']);
    const r = await ensure(await w.context(), await w.input());
    assert.deepStrictEqual(r.providers.map((p) => [p.name, p.action]), [['hooks', 'skipped']]);
    assert.match(r.providers[0].error ?? '', /TOKEN: fullsend never expands \$\{FULLSEND_TRIGGER_TOKEN\} \(it is on fullsend's deny list of OIDC and run credentials\), so fullsend would send it empty/);
    assert.ok(!(r.providers[0].error ?? '').includes('tok-denied-9999'));
    assert.strictEqual(w.provider('hooks'), undefined);
  });

  it('the Providers view calls them fullsend-managed (not errors), and a run-scoped instance on the gateway too', async () => {
    const ctx = await w.context();
    const input = await w.input();
    const listed = [{ name: 'openai-0123456789ab', type: 'fullsend-openai', id: 'i1', credential_keys: ['OPENAI_API_KEY'] }, { name: 'stranger', type: 'x', id: 'i2', credential_keys: [] }];
    const views = providerStates({ declared: input.providers, values: input.values, providers: listed as never, book: ctx.book, gatewayKey: ctx.gateway.key, settings: input.settings, dialect: (await ctx.client.dialect()).name });
    assert.deepStrictEqual(views.map((v) => [v.name, v.state]), [
      ['github', 'managed'], ['vertex-ai', 'managed'], ['github-code', 'missing'], ['openai', 'managed'], ['jira', 'missing'],
      ['openai-0123456789ab', 'managed'], ['stranger', 'not-declared'],
    ]);
    assert.match(views[5].reason ?? '', /^run-scoped instance of openai: fullsend run deletes it after its sandbox \(fs-…-0123456789ab\)/);
    // The Sandboxes view finds instances by type, whichever workspace made them.
    assert.deepStrictEqual(runScopedOnGateway(listed, [{ name: 'fs-cod-0123456789ab' }]), [{ name: 'openai-0123456789ab', definition: 'openai', suffix: '0123456789ab', sandbox: 'fs-cod-0123456789ab' }]);
  });
});
