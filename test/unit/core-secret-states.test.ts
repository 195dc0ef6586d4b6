import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ensure } from '../../src/core/ensure';
import { secretStates, type SecretStateInfo, type SecretStatesInput } from '../../src/core/secretStates';
import { readSnapshot } from '../../src/core/snapshot';
import { resolveNeeds, type SecretStore } from '../../src/workspace/resolve';
import { CoreWorld } from '../support/coreWorld';

const GH = 'ghp_secret_states_value_1111';
const JIRA = 'jira_secret_states_value_2222';
const ROTATED = 'ghp_secret_states_rotated_3333';

describe('core/secretStates', function () {
  this.timeout(30000);
  let w: CoreWorld;
  let store: Map<string, string>;
  let envFiles: string[];

  beforeEach(() => {
    w = new CoreWorld();
    w.env = { GH_TOKEN: GH, JIRA_API_TOKEN: JIRA };
    store = new Map();
    envFiles = [];
    w.declare([
      { name: 'github-code', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } },
      { name: 'github-ro', type: 'github', credentials: { TOKEN: '${GH_TOKEN}' } },
      { name: 'jira', type: 'generic', credentials: { JIRA_API_TOKEN: '${JIRA_API_TOKEN}' }, config: { JIRA_BASE_URL: 'https://${JIRA_HOST}/' } },
    ]);
  });
  afterEach(() => w.dispose());

  /** Resolves the workspace like the extension does, reads the gateway like the views do, and computes the states. */
  async function states(opts: { gateway?: boolean } = {}): Promise<Record<string, SecretStateInfo>> {
    const ctx = await w.context();
    const ws = await w.workspace();
    const secrets: SecretStore = { get: async (n) => store.get(n) };
    const { report, values } = await resolveNeeds(ws, { secrets, envFiles, env: w.env, baseDir: ws.folder });
    const input: SecretStatesInput = { vars: report.vars, declared: ws.providers, values };
    if (opts.gateway !== false) {
      const snap = await readSnapshot(ctx.client, ctx.gateway);
      assert.strictEqual(snap.state, 'ready');
      input.gateway = { key: ctx.gateway.key, providers: snap.providers, book: ctx.book, dialect: snap.dialect!.name };
    } else {
      input.unavailable = 'gateway unreachable';
    }
    const result = secretStates(input);
    assertNoValues(result);
    return Object.fromEntries(result.map((s) => [s.name, s]));
  }

  /** Every value the test world knows, searched for in the serialised result. */
  function assertNoValues(result: unknown): void {
    const text = JSON.stringify(result);
    for (const v of [GH, JIRA, ROTATED, 'example.atlassian.net', ...store.values()]) assert.ok(!text.includes(v), `a value leaked into the result: ${v}`);
  }

  async function ensureAll(): Promise<void> {
    const r = await ensure(await w.context(), await w.input());
    assert.ok(!r.providers.some((p) => p.error), JSON.stringify(r.providers));
  }

  it('not-on-gateway before anything was written; names where each var is used and where its value comes from', async () => {
    w.env.JIRA_HOST = 'example.atlassian.net';
    const s = await states();
    assert.deepStrictEqual(Object.keys(s).sort(), ['GH_TOKEN', 'JIRA_API_TOKEN', 'JIRA_HOST']);
    assert.strictEqual(s.GH_TOKEN.state, 'not-on-gateway');
    assert.deepStrictEqual(s.GH_TOKEN.source, { kind: 'process-env' });
    assert.deepStrictEqual(s.GH_TOKEN.providers, ['github-code', 'github-ro']);
    assert.deepStrictEqual(s.GH_TOKEN.keys.map((k) => [k.provider, k.key, k.kind, k.state]), [
      ['github-code', 'GH_TOKEN', 'credential', 'not-on-gateway'], ['github-ro', 'TOKEN', 'credential', 'not-on-gateway']]);
    assert.deepStrictEqual(s.GH_TOKEN.usages.map((u) => [path.basename(u.file), u.line > 0, u.what]), [
      ['github-code.yaml', true, 'credential GH_TOKEN of provider "github-code"'], ['github-ro.yaml', true, 'credential TOKEN of provider "github-ro"']]);
    assert.deepStrictEqual(s.JIRA_HOST.keys.map((k) => [k.provider, k.key, k.kind]), [['jira', 'JIRA_BASE_URL', 'config']]);
  });

  it('current after ensure, for credentials and config alike', async () => {
    w.env.JIRA_HOST = 'example.atlassian.net';
    await ensureAll();
    const s = await states();
    for (const n of ['GH_TOKEN', 'JIRA_API_TOKEN', 'JIRA_HOST']) assert.strictEqual(s[n].state, 'current', `${n}: ${s[n].reason}`);
    assert.ok(s.GH_TOKEN.keys.every((k) => k.state === 'current'));
  });

  it('stale after rotating the value in the environment; only the keys using it', async () => {
    w.env.JIRA_HOST = 'example.atlassian.net';
    await ensureAll();
    w.env.GH_TOKEN = ROTATED;
    const s = await states();
    assert.strictEqual(s.GH_TOKEN.state, 'stale');
    assert.deepStrictEqual(s.GH_TOKEN.keys.map((k) => k.state), ['stale', 'stale']);
    assert.match(s.GH_TOKEN.reason, /older value/);
    assert.strictEqual(s.JIRA_API_TOKEN.state, 'current');
    // Ensure writes the new value: current again.
    await ensureAll();
    assert.strictEqual((await states()).GH_TOKEN.state, 'current');
  });

  it('one provider current and one stale: the variable is stale, each key says which', async () => {
    w.env.JIRA_HOST = 'example.atlassian.net';
    await ensureAll();
    w.env.GH_TOKEN = ROTATED;
    const input = await w.input();
    await ensure(await w.context(), { ...input, providers: input.providers.filter((p) => p.name === 'github-code') });
    const s = await states();
    assert.strictEqual(s.GH_TOKEN.state, 'stale');
    assert.deepStrictEqual(s.GH_TOKEN.keys.map((k) => [k.provider, k.state]), [['github-code', 'current'], ['github-ro', 'stale']]);
  });

  it('unknown for a provider someone else put on the gateway, and for one changed on the gateway since our write', async () => {
    w.sim.seed('local', { providers: [{ name: 'github-code', type: 'github', credentials: { GH_TOKEN: 'someone-elses' } }] });
    let s = await states();
    assert.deepStrictEqual(s.GH_TOKEN.keys.map((k) => [k.provider, k.state]), [['github-code', 'unknown'], ['github-ro', 'not-on-gateway']]);
    assert.strictEqual(s.GH_TOKEN.state, 'unknown');
    assert.match(s.GH_TOKEN.reason, /not written by this extension/);

    w.env.JIRA_HOST = 'example.atlassian.net';
    await ensureAll();
    assert.strictEqual((await states()).GH_TOKEN.state, 'current');
    // Someone updates the provider with the openshell CLI: its resource_version moves on, our record no longer applies.
    const r = w.sim.run(['provider', 'update', 'github-ro', '--credential', 'TOKEN'], { env: { TOKEN: 'changed-by-hand' } });
    assert.strictEqual(r.status, 0, r.stderr);
    s = await states();
    assert.deepStrictEqual(s.GH_TOKEN.keys.map((k) => [k.provider, k.state]), [['github-code', 'current'], ['github-ro', 'unknown']]);
  });

  it('unknown when the provider\'s type differs from the declaration (Ensure would recreate it)', async () => {
    w.sim.seed('local', { providers: [{ name: 'github-code', type: 'gitlab', credentials: ['GH_TOKEN'] }] });
    const s = await states();
    assert.strictEqual(s.GH_TOKEN.keys[0].state, 'unknown');
    assert.match(s.GH_TOKEN.keys[0].reason, /type gitlab/);
  });

  it('not-on-gateway for a key the gateway\'s provider lacks', async () => {
    w.env.JIRA_HOST = 'example.atlassian.net';
    await ensureAll();
    w.declare([{ name: 'github-code', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}', EXTRA: '${GH_TOKEN}' } }]);
    const s = await states();
    assert.deepStrictEqual(s.GH_TOKEN.keys.map((k) => [k.key, k.state]), [['GH_TOKEN', 'current'], ['EXTRA', 'not-on-gateway']]);
    assert.strictEqual(s.GH_TOKEN.state, 'not-on-gateway');
  });

  it('a variable used only by env.runner (and host files) is not-a-credential, needing no gateway', async () => {
    fs.appendFileSync(path.join(w.dir, 'harness/t.yaml'), 'env:\n  runner: {PR_URL: "${GITHUB_PR_URL}"}\nrunner_env:\n  PUSH_TOKEN: "${PUSH_TOKEN}"\n');
    w.env.PUSH_TOKEN = 'push_value_4444';
    for (const gateway of [true, false]) {
      const s = await states({ gateway });
      assert.strictEqual(s.GITHUB_PR_URL.state, 'not-a-credential');
      assert.deepStrictEqual(s.GITHUB_PR_URL.source, { kind: 'missing' });
      assert.strictEqual(s.GITHUB_PR_URL.required, true);
      assert.deepStrictEqual(s.GITHUB_PR_URL.providers, []);
      assert.deepStrictEqual(s.GITHUB_PR_URL.usages.map((u) => u.kind), ['env.runner']);
      assert.strictEqual(s.PUSH_TOKEN.state, 'not-a-credential');
      assert.ok(!JSON.stringify(s).includes('push_value_4444'));
    }
  });

  it('unresolved when the value is missing or empty, whatever the gateway holds', async () => {
    w.env.JIRA_HOST = 'example.atlassian.net';
    await ensureAll();
    delete w.env.JIRA_API_TOKEN;
    w.env.GH_TOKEN = '';
    const s = await states();
    assert.strictEqual(s.JIRA_API_TOKEN.state, 'unresolved');
    assert.deepStrictEqual(s.JIRA_API_TOKEN.source, { kind: 'missing' });
    assert.match(s.JIRA_API_TOKEN.reason, /needs \$\{JIRA_API_TOKEN\}, which is not set/);
    assert.strictEqual(s.GH_TOKEN.state, 'unresolved');
    assert.strictEqual(s.GH_TOKEN.empty, true);
    assert.match(s.GH_TOKEN.reason, /empty value/);
  });

  it('unavailable when the gateway could not be read; the source is still known', async () => {
    const s = await states({ gateway: false });
    assert.strictEqual(s.GH_TOKEN.state, 'unavailable');
    assert.match(s.GH_TOKEN.reason, /gateway unreachable/);
    assert.deepStrictEqual(s.GH_TOKEN.source, { kind: 'process-env' });
  });

  it('an env file beats the secret store, which beats the environment; a value that differs from what was written is stale', async () => {
    w.env.JIRA_HOST = 'example.atlassian.net';
    const envFile = path.join(w.tmpDir, 'dev.env');
    fs.writeFileSync(envFile, `# comment\nJIRA_API_TOKEN=${JIRA}\nGH_TOKEN=${GH}\n`);
    envFiles = [envFile];
    await ensureAll();
    let s = await states();
    assert.deepStrictEqual(s.GH_TOKEN.source, { kind: 'env-file', file: envFile, line: 3 });
    assert.deepStrictEqual(s.GH_TOKEN.alsoIn, [{ kind: 'process-env' }]);
    assert.strictEqual(s.GH_TOKEN.state, 'current', 'same value as the environment that Ensure wrote');
    // A stored secret loses to the env file (fullsend loads --env-file over its environment): still current.
    store.set('GH_TOKEN', ROTATED);
    s = await states();
    assert.deepStrictEqual(s.GH_TOKEN.source, { kind: 'env-file', file: envFile, line: 3 });
    assert.deepStrictEqual(s.GH_TOKEN.alsoIn, [{ kind: 'secret-store' }, { kind: 'process-env' }]);
    assert.strictEqual(s.GH_TOKEN.state, 'current');
    // Without the env file the stored secret beats the environment, and the gateway holds an older value.
    envFiles = [];
    s = await states();
    assert.deepStrictEqual(s.GH_TOKEN.source, { kind: 'secret-store' });
    assert.deepStrictEqual(s.GH_TOKEN.alsoIn, [{ kind: 'process-env' }]);
    assert.strictEqual(s.GH_TOKEN.state, 'stale');
  });

  it('no value anywhere in the result, whatever the state', async () => {
    w.env.JIRA_HOST = 'example.atlassian.net';
    store.set('JIRA_API_TOKEN', 'jira_from_store_5555');
    await ensureAll();
    w.env.GH_TOKEN = ROTATED;
    w.sim.seed('local', { providers: [{ name: 'jira', type: 'generic', credentials: { JIRA_API_TOKEN: 'jira_seeded_6666' } }] });
    const ctx = await w.context();
    const ws = await w.workspace();
    const { report, values } = await resolveNeeds(ws, { secrets: { get: async (n) => store.get(n) }, env: w.env, baseDir: ws.folder });
    const snap = await readSnapshot(ctx.client, ctx.gateway);
    for (const input of [
      { vars: report.vars, declared: ws.providers, values, gateway: { key: ctx.gateway.key, providers: snap.providers, book: ctx.book, dialect: snap.dialect!.name } },
      { vars: report.vars, declared: ws.providers, values },
    ]) {
      const text = JSON.stringify(secretStates(input));
      for (const v of [GH, ROTATED, JIRA, 'jira_from_store_5555', 'jira_seeded_6666', 'example.atlassian.net']) assert.ok(!text.includes(v), v);
      assert.match(text, /GH_TOKEN/);
    }
  });
});
