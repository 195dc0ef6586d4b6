// The agents-repo-today fixture end to end against the simulator, in the suite's dialect: what the
// Providers view shows for it and what Ensure does — fullsend's own providers left to fullsend, the rest
// ensured for the forge Run passes — and which variables a run of an agent needs from the user.
import * as assert from 'assert';
import * as path from 'path';
import { ensure } from '../../src/core/ensure';
import { providerStates } from '../../src/core/snapshot';
import { agentView, loadWorkspaces, type Workspace } from '../../src/workspace/model';
import { resolveNeeds } from '../../src/workspace/resolve';
import { CoreWorld } from '../support/coreWorld';
import { FIXTURES } from '../support/paths';

const TODAY = path.join(FIXTURES, 'agents-repo-today');
const GL = 'glpat_today_secret_5555';

describe('core: the agents-repo-today fixture against the simulator', function () {
  this.timeout(30000);
  let w: CoreWorld;
  beforeEach(() => { w = new CoreWorld(); });
  afterEach(() => w.dispose());

  const inputFor = async (ws: Workspace, env: Record<string, string>) => {
    const { values, report } = await resolveNeeds(ws, { env, baseDir: ws.folder });
    return { input: { providers: ws.providers, profiles: ws.profiles, values, settings: { onTypeChange: 'recreate' as const, pruneKeys: true } }, report };
  };

  it('for --forge github every provider is fullsend’s own: Ensure writes nothing, the view says fullsend-managed', async () => {
    const [repo] = await loadWorkspaces([TODAY]);
    const { input } = await inputFor(repo, { GH_TOKEN: 'ghp_today_0000' });
    const ctx = await w.context();
    w.sim.clearCalls();
    const r = await ensure(ctx, input);
    assert.deepStrictEqual(r.providers.map((p) => [p.name, p.action, !!p.error]), repo.providers.map((p) => [p.name, 'skipped', false]));
    assert.ok(!w.cmds().some((c) => /create|update|import|delete|settings set/.test(c)), `no write: ${w.cmds().join(', ')}`);
    const views = providerStates({ declared: input.providers, values: input.values, providers: [], book: ctx.book, gatewayKey: ctx.gateway.key, settings: input.settings, dialect: (await ctx.client.dialect()).name });
    assert.ok(views.every((v) => v.state === 'managed'), JSON.stringify(views.map((v) => [v.name, v.state])));
  });

  it('for --forge gitlab the overlay’s own provider is ensured after its listed profile is imported', async () => {
    const [repo] = await loadWorkspaces([TODAY], { forge: 'gitlab' });
    const { input } = await inputFor(repo, { GITLAB_TOKEN: GL });
    const r = await ensure(await w.context(), input);
    assert.deepStrictEqual(r.providers.filter((p) => p.action !== 'skipped').map((p) => [p.name, p.action, p.error]), [['gitlab-ro', 'create', undefined]]);
    assert.deepStrictEqual(r.profilesImported, ['fullsend-gitlab-ro']);
    assert.strictEqual(w.provider('gitlab-ro')?.credentials.GITLAB_TOKEN, GL);
    const again = await ensure(await w.context(), input);
    assert.deepStrictEqual(again.providers.find((p) => p.name === 'gitlab-ro')?.action, 'unchanged');
  });

  it('a run of review needs nothing fullsend sets itself (TARGET_REPO_DIR, FULLSEND_DIR)', async () => {
    const [repo] = await loadWorkspaces([TODAY]);
    const view = agentView(repo, 'review')!;
    // GH_TOKEN: fullsend's built-in github-ro definition references it (fullsend-current §2.2).
    assert.deepStrictEqual(view.vars.map((v) => v.name), ['GH_TOKEN', 'TARGET_REPO_DIR', 'FULLSEND_DIR']);
    const { report } = await resolveNeeds(view, { env: { GH_TOKEN: 'ghp_today_0001' }, baseDir: repo.folder });
    assert.deepStrictEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepStrictEqual(report.vars.map((v) => [v.name, v.source?.kind, v.required]),
      [['GH_TOKEN', 'process-env', true], ['TARGET_REPO_DIR', 'fullsend', false], ['FULLSEND_DIR', 'fullsend', false]]);
  });
});
