// The adapter end to end against the openshell simulator: every operation, every error kind.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sim as simApi, type Sim } from '../support/simulator';
import { adapterFor } from '../support/adapter';
import { OpenShellError, type OpenShellErrorKind } from '../../src/openshell/errors';
import { parseFailure } from '../../src/openshell/parseFailure';
import { providerCreate } from '../../src/openshell/commands';

const isKind = (kind: OpenShellErrorKind, re?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof OpenShellError, `not an OpenShellError: ${e}`);
  assert.strictEqual(e.kind, kind, `${e.kind}: ${e.message}`);
  if (re) assert.match(e.message, re);
  return true;
};

const JIRA_PROFILE = 'id: jira\ndisplay_name: Jira\ndescription: Atlassian Jira API\ncategory: other\ncredentials:\n  - name: api_token\n    env_vars: [JIRA_API_TOKEN]\n    required: true\n';

describe('openshell adapter against the simulator', function () {
  this.timeout(30000);
  let sim: Sim;
  let tmp: string;
  beforeEach(() => {
    sim = simApi.createSim();
    sim.addGateway('local', { active: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adapter-'));
  });
  afterEach(() => { sim.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

  describe('every operation', () => {
    it('--version', async () => {
      assert.strictEqual(await adapterFor(sim).client.version(), '0.0.111');
      sim.setKnobs({ version: '0.0.83' });
      assert.strictEqual(await adapterFor(sim).client.version(), '0.0.83');
    });

    it('status -o json: connected, and not_configured without a gateway', async () => {
      const st = await adapterFor(sim).client.status();
      assert.strictEqual(st.status, 'connected');
      assert.strictEqual(st.gateway, 'local');
      assert.strictEqual(st.version, '0.0.111');
      sim.selectGateway(null);
      assert.strictEqual((await adapterFor(sim).client.status()).status, 'not_configured');
    });

    it('gateway list -o json and gateway select', async () => {
      sim.addGateway('other', { endpoint: 'http://127.0.0.1:9090' });
      const { client } = adapterFor(sim);
      assert.deepStrictEqual((await client.gateways()).map((g) => [g.name, g.active]), [['local', true], ['other', false]]);
      await client.selectGateway('other');
      assert.strictEqual(sim.activeGateway(), 'other');
      await assert.rejects(client.selectGateway('ghost'), isKind('UnknownGateway', /no gateway named 'ghost'/));
    });

    it('provider create / list / get / update / delete', async () => {
      const { client } = adapterFor(sim);
      await client.createProvider({ name: 'gh', type: 'gh', credentials: { GITHUB_TOKEN: 'tok-1', _NOOP_X: '' }, config: { URL: 'https://a' } });
      const [p] = await client.providers();
      assert.deepStrictEqual([p.name, p.type, p.credential_keys, p.config_keys, p.resource_version], ['gh', 'github', ['GITHUB_TOKEN', '_NOOP_X'], ['URL'], 1]);
      assert.deepStrictEqual(sim.state('local').providers[0].credentials, { GITHUB_TOKEN: 'tok-1', _NOOP_X: '' });

      await client.updateProvider({ name: 'gh', setCredentials: { GITHUB_TOKEN: 'tok-2' }, removeCredentials: ['_NOOP_X'], setConfig: { B: '2' }, removeConfig: ['URL'] });
      const got = await client.provider('gh');
      assert.deepStrictEqual([got.type, got.credentialKeys, got.configKeys, got.resourceVersion], ['github', ['GITHUB_TOKEN'], ['B'], 2]);
      assert.strictEqual(sim.state('local').providers[0].credentials.GITHUB_TOKEN, 'tok-2');

      assert.deepStrictEqual(await client.deleteProviders(['gh', 'missing']), { deleted: ['gh'], notFound: ['missing'] });
      assert.deepStrictEqual(await client.providers(), []);
    });

    it('provider list-profiles, profile import / export / update / delete', async () => {
      const { client } = adapterFor(sim);
      const file = path.join(tmp, 'jira.yaml');
      fs.writeFileSync(file, JIRA_PROFILE);
      await client.importProfile(file);
      const listed = await client.profiles();
      assert.ok(listed.some((p) => p.id === 'github' && p.source === 'builtin'));
      const jira = listed.find((p) => p.id === 'jira')!;
      assert.notStrictEqual(jira.source, 'builtin');

      const exported = await client.exportProfile('jira');
      assert.strictEqual(exported.display_name, 'Jira');
      fs.writeFileSync(file, `${JIRA_PROFILE.replace('Jira\n', 'Jira Cloud\n')}resource_version: ${exported.resource_version}\n`);
      await client.updateProfile('jira', file);
      assert.strictEqual((await client.exportProfile('jira')).display_name, 'Jira Cloud');

      await client.deleteProfile('jira');
      assert.ok(!(await client.profiles()).some((p) => p.id === 'jira'));
      await assert.rejects(client.deleteProfile('jira'), isKind('NotFound'));
    });

    it('profile import of an existing id reports the diagnostics', async () => {
      const { client } = adapterFor(sim);
      const file = path.join(tmp, 'jira.yaml');
      fs.writeFileSync(file, JIRA_PROFILE);
      await client.importProfile(file);
      await assert.rejects(client.importProfile(file), isKind('Unknown', /provider profile import failed \(.*already exists/));
    });

    it('settings get --global --json and settings set --yes', async () => {
      const { client } = adapterFor(sim);
      assert.strictEqual((await client.globalSettings()).settings.providers_v2_enabled, '<unset>');
      await client.setGlobalSetting('providers_v2_enabled', 'true');
      const after = await client.globalSettings();
      assert.strictEqual(after.settings.providers_v2_enabled, 'true');
      assert.ok(after.settings_revision >= 1);
    });

    it('sandbox list -o json and sandbox delete', async () => {
      sim.seed('local', { sandboxes: [{ name: 'fs-tri-0123456789ab' }, { name: 'dev-box' }] });
      const { client } = adapterFor(sim);
      assert.deepStrictEqual((await client.sandboxes()).map((s) => [s.name, s.phase]).sort(), [['dev-box', 'Ready'], ['fs-tri-0123456789ab', 'Ready']]);
      assert.deepStrictEqual(await client.deleteSandboxes(['fs-tri-0123456789ab', 'fs-nop-000000000000']), { deleted: ['fs-tri-0123456789ab'], notFound: ['fs-nop-000000000000'] });
    });

    it('-g from the fullsend.gateway setting targets network commands only', async () => {
      sim.addGateway('second', { endpoint: 'http://127.0.0.1:9091' });
      sim.seed('second', { providers: [{ name: 'only-on-second', type: 'github', credentials: ['GITHUB_TOKEN'] }] });
      const { client } = adapterFor(sim, { gateway: 'second' });
      assert.deepStrictEqual((await client.providers()).map((p) => p.name), ['only-on-second']);
      await client.gateways();
      const argvs = sim.calls().map((c) => c.argv);
      assert.deepStrictEqual(argvs[0].slice(0, 2), ['-g', 'second']);
      assert.deepStrictEqual(argvs[1], ['gateway', 'list', '-o', 'json']);
    });

    it('counts every process it spawns, overall and per operation', async () => {
      const { client, runner } = adapterFor(sim);
      const counter = { calls: 0 };
      await client.providers({ counter });
      await client.sandboxes({ counter });
      await client.version();
      assert.strictEqual(counter.calls, 2);
      assert.strictEqual(runner.calls, 3);
      assert.strictEqual(sim.calls().length, 3);
    });

    it('logs argv, exit code and duration of every call', async () => {
      const a = adapterFor(sim);
      await a.client.providers();
      await assert.rejects(a.client.provider('nope'));
      assert.match(a.lines.find((l) => l.startsWith('info:'))!, /^info: openshell provider list -o json --limit 1000 → exit 0 \(\d+ ms\)$/);
      assert.match(a.lines.find((l) => l.startsWith('warn:'))!, /^warn: openshell provider get nope → exit 1 \(\d+ ms\)\nError: code: 'Some requested entity was not found', message: "provider not found"/);
    });
  });

  describe('every error kind', () => {
    it('AlreadyExists', async () => {
      const { client } = adapterFor(sim);
      await client.createProvider({ name: 'gh', type: 'github', credentials: { GITHUB_TOKEN: 'v' } });
      await assert.rejects(client.createProvider({ name: 'gh', type: 'github', credentials: { GITHUB_TOKEN: 'v' } }), isKind('AlreadyExists', /provider create failed: provider already exists/));
    });

    it('AlreadyExists in the legacy (≤ v0.0.60) text form', async () => {
      sim.setKnobs({ legacyErrors: true });
      const { client } = adapterFor(sim);
      await client.createProvider({ name: 'gh', type: 'github', credentials: { GITHUB_TOKEN: 'v' } });
      await assert.rejects(client.createProvider({ name: 'gh', type: 'github', credentials: { GITHUB_TOKEN: 'v' } }), (e: OpenShellError) =>
        isKind('AlreadyExists')(e) && e.details.grpcCode === 'AlreadyExists' && /status: AlreadyExists/.test(e.details.stderr!));
    });

    it('NotFound (update of a missing provider)', async () => {
      await assert.rejects(adapterFor(sim).client.updateProvider({ name: 'ghost', setConfig: { A: '1' } }), isKind('NotFound', /provider not found/));
    });

    it('FailedPrecondition (provider attached to a sandbox)', async () => {
      sim.seed('local', { providers: [{ name: 'gh', type: 'github', credentials: ['GITHUB_TOKEN'] }], sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['gh'] }] });
      await assert.rejects(adapterFor(sim).client.deleteProviders(['gh']), isKind('FailedPrecondition', /attached to sandbox\(es\): fs-tri-0123456789ab/));
    });

    it('InvalidArgument', async () => {
      sim.setKnobs({ fail: 'provider update=invalid-argument:provider.credentials exceeds maximum entries' });
      sim.seed('local', { providers: [{ name: 'gh', type: 'github', credentials: ['GITHUB_TOKEN'] }] });
      await assert.rejects(adapterFor(sim).client.updateProvider({ name: 'gh', setConfig: { A: '1' } }), isKind('InvalidArgument', /exceeds maximum entries/));
    });

    it('Unavailable: gateway registered but down (transport error), with an actionable message', async () => {
      sim.setDown('local');
      await assert.rejects(adapterFor(sim).client.providers(), isKind('Unavailable', /not reachable \(Connection refused \(os error 111\)\)\. Start the openshell-gateway service/));
      await assert.rejects(adapterFor(sim).client.status(), isKind('Unavailable'));
      // Local-only commands still work against a down gateway.
      assert.strictEqual((await adapterFor(sim).client.gateways()).length, 1);
    });

    it('Unavailable: the server answers with the Unavailable status code', async () => {
      sim.setKnobs({ fail: 'provider list=unavailable' });
      await assert.rejects(adapterFor(sim).client.providers(), isKind('Unavailable'));
    });

    it('NoGateway: nothing registered or selected', async () => {
      sim.selectGateway(null);
      await assert.rejects(adapterFor(sim).client.providers(), isKind('NoGateway', /No active OpenShell gateway/));
    });

    it('UnknownGateway: fullsend.gateway names an unregistered gateway', async () => {
      await assert.rejects(adapterFor(sim, { gateway: 'typo' }).client.providers(), isKind('UnknownGateway', /no gateway named 'typo'.*fullsend\.gateway/));
    });

    it('NotInstalled: the executable cannot be spawned', async () => {
      await assert.rejects(adapterFor(sim, { executable: path.join(tmp, 'no-such-openshell') }).client.version(), isKind('NotInstalled', /could not be started.*ENOENT/));
      const notExec = path.join(tmp, 'openshell');
      fs.writeFileSync(notExec, '#!/bin/sh\n');
      await assert.rejects(adapterFor(sim, { executable: notExec }).client.version(), isKind('NotInstalled', /EACCES/));
    });

    it('Timeout: the call outlives fullsend.cli.timeoutSeconds (latency knob)', async () => {
      sim.setKnobs({ latencyMs: 5000 });
      const t0 = Date.now();
      await assert.rejects(adapterFor(sim, { timeoutMs: 400 }).client.providers(), isKind('Timeout', /did not answer within 0 s \(setting fullsend\.cli\.timeoutSeconds\)/));
      assert.ok(Date.now() - t0 < 4500, 'the timeout did not cut the call short');
    });

    it('Timeout: a call that never answers (hang) is killed', async () => {
      sim.setKnobs({ fail: 'sandbox list=hang' });
      await assert.rejects(adapterFor(sim, { timeoutMs: 500 }).client.sandboxes(), isKind('Timeout'));
    });

    it('Cancelled: the caller aborts mid-call; an aborted signal spawns nothing', async () => {
      sim.setKnobs({ latencyMs: 5000 });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 200);
      await assert.rejects(adapterFor(sim).client.providers({ signal: ac.signal }), isKind('Cancelled', /^Cancelled: openshell provider list$/));
      const before = sim.calls().length;
      await assert.rejects(adapterFor(sim).client.providers({ signal: ac.signal }), isKind('Cancelled'));
      assert.strictEqual(sim.calls().length, before);
    });

    it('Usage: exit 2 from clap', async () => {
      const { runner } = adapterFor(sim);
      const bad = { ...providerCreate({ name: 'x', type: 'github', credentials: { K: 'v' } }), args: ['provider', 'create', '--name', 'x'] };
      await assert.rejects(runner.run(bad), isKind('Usage', /rejected the arguments of `provider create`: the following required arguments were not provided:/));
    });

    it('Unknown: local validation such as an unsupported type keeps the CLI message', async () => {
      await assert.rejects(adapterFor(sim).client.createProvider({ name: 'j', type: 'jira', credentials: { JIRA_API_TOKEN: 'v' } }),
        isKind('Unknown', /^openshell provider create failed: unsupported provider type or profile: jira$/));
    });

    it('Unknown: other gRPC codes keep their code', async () => {
      sim.setKnobs({ fail: 'provider list=aborted:resource_version mismatch' });
      await assert.rejects(adapterFor(sim).client.providers(), (e: OpenShellError) => isKind('Unknown')(e) && e.details.grpcCode === 'Aborted');
    });
  });

  describe('both renderings and both gRPC text forms reach the same typed error', () => {
    // The adapter always runs with NO_GRAPHICS=1; the parser must still read the fancy layout (a user's
    // wrapper script or an old build may not honour it). Compare kinds across all four combinations.
    const scenarios: [string, (s: Sim) => string[], OpenShellErrorKind][] = [
      ['AlreadyExists', (s) => { s.seed('local', { providers: [{ name: 'gh', type: 'github', credentials: ['K'] }] }); return ['provider', 'create', '--name', 'gh', '--type', 'github', '--credential', 'K=v']; }, 'AlreadyExists'],
      ['NotFound', () => ['provider', 'get', 'nope'], 'NotFound'],
      ['FailedPrecondition', (s) => { s.seed('local', { providers: [{ name: 'gh', type: 'github', credentials: ['K'] }], sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['gh'] }] }); return ['provider', 'delete', 'gh']; }, 'FailedPrecondition'],
      ['InvalidArgument', (s) => { s.setKnobs({ fail: 'provider list=invalid-argument' }); return ['provider', 'list', '-o', 'json']; }, 'InvalidArgument'],
      ['Unavailable (transport)', (s) => { s.setDown('local'); return ['provider', 'list', '-o', 'json']; }, 'Unavailable'],
      ['Unavailable (status)', (s) => { s.setDown('local'); return ['status', '-o', 'json']; }, 'Unavailable'],
      ['NoGateway', (s) => { s.selectGateway(null); return ['provider', 'list']; }, 'NoGateway'],
      ['UnknownGateway', () => ['-g', 'typo', 'provider', 'list'], 'UnknownGateway'],
      ['Usage', () => ['provider', 'delete'], 'Usage'],
      ['Unknown', () => ['provider', 'create', '--name', 'j', '--type', 'jira', '--credential', 'K=v'], 'Unknown'],
    ];
    for (const [name, setup, kind] of scenarios) {
      for (const legacy of [false, true]) {
        for (const noGraphics of [false, true]) {
          it(`${name} — ${noGraphics ? 'NO_GRAPHICS' : 'fancy'}, ${legacy ? 'legacy' : 'modern'} status text`, () => {
            sim.setKnobs({ legacyErrors: legacy });
            const argv = setup(sim);
            const r = sim.run(argv, { noGraphics });
            assert.notStrictEqual(r.status, 0);
            assert.strictEqual(parseFailure(r.status ?? undefined, r.stderr).kind, kind, r.stderr);
          });
        }
      }
    }
  });

  describe('hostile provider names', () => {
    for (const name of ['x$(touch pwned)', 'a;b', 'q`touch pwned2`', "it's \"quoted\"", '-dash | pipe && amp > redir']) {
      it(`${JSON.stringify(name)} reaches the CLI as one argument and runs nothing`, async () => {
        const cwd = process.cwd();
        const { client } = adapterFor(sim);
        process.chdir(tmp);
        try {
          await client.createProvider({ name, type: 'github', credentials: { GITHUB_TOKEN: 'v' } });
          assert.deepStrictEqual((await client.providers()).map((p) => p.name), [name]);
          assert.deepStrictEqual(await client.deleteProviders([name]), { deleted: [name], notFound: [] });
        } finally {
          process.chdir(cwd);
        }
        assert.deepStrictEqual(fs.readdirSync(tmp), [], 'a file was created');
        assert.ok(!fs.existsSync(path.join(cwd, 'pwned')));
        const create = sim.calls({ cmd: 'provider create' })[0];
        const i = create.argv.findIndex((a) => a === '--name' || a.startsWith('--name='));
        assert.strictEqual(create.argv[i] === '--name' ? create.argv[i + 1] : create.argv[i].slice('--name='.length), name);
      });
    }
  });

  describe('secrets', () => {
    const SECRETS = { GH_TOKEN: 'ghp_SECRET_value_1111', JIRA_API_TOKEN: 'jira-SECRET-2222', ROTATED: 'rotated-SECRET-3333' };

    it('no credential value reaches any argv, log line or error message', async () => {
      const a = adapterFor(sim);
      await a.client.createProvider({ name: 'gh', type: 'github', credentials: { GH_TOKEN: SECRETS.GH_TOKEN, _NOOP_X: '' } });
      await a.client.createProvider({ name: 'jira', type: 'generic', credentials: { JIRA_API_TOKEN: SECRETS.JIRA_API_TOKEN } });
      await a.client.updateProvider({ name: 'gh', setCredentials: { GH_TOKEN: SECRETS.ROTATED } });
      // The gateway got the values …
      const stored = sim.state('local').providers;
      assert.strictEqual(stored.find((p) => p.name === 'gh')!.credentials.GH_TOKEN, SECRETS.ROTATED);
      assert.strictEqual(stored.find((p) => p.name === 'jira')!.credentials.JIRA_API_TOKEN, SECRETS.JIRA_API_TOKEN);
      // … through the environment only.
      const calls = sim.calls();
      assert.deepStrictEqual(calls.filter((c) => c.cmd !== 'provider list').map((c) => c.envKeysSet), [['GH_TOKEN'], ['JIRA_API_TOKEN'], ['GH_TOKEN']]);

      // An error whose text carries a value (a server echoing input) is redacted before anyone sees it.
      sim.setKnobs({ fail: `provider update=internal:rejected token ${SECRETS.ROTATED} for "${SECRETS.GH_TOKEN}"` });
      let message = '';
      await a.client.updateProvider({ name: 'gh', setCredentials: { GH_TOKEN: SECRETS.ROTATED } }).catch((e: OpenShellError) => {
        message = `${e.message}\n${JSON.stringify(e.details)}`;
      });
      assert.match(message, /rejected token \*\*\* for/);

      const everything = [JSON.stringify(sim.calls()), ...a.lines, message, fs.readFileSync(path.join(sim.home, 'calls.jsonl'), 'utf8')].join('\n');
      for (const v of Object.values(SECRETS)) assert.ok(!everything.includes(v), `secret ${v.slice(0, 8)}… leaked`);
    });
  });
});
