// The adapter end to end against the openshell simulator: every operation, every error kind.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { operationCalls, sim as simApi, type Sim } from '../support/simulator';
import { adapterFor } from '../support/adapter';
import { OpenShellError, type OpenShellErrorKind } from '../../src/openshell/errors';
import { parseFailure } from '../../src/openshell/parseFailure';
import { providerCreate } from '../../src/openshell/commands';
import { IN_DIALECT, TEST_DIALECT, TEST_OPENSHELL_VERSION } from '../support/dialect';

const isKind = (kind: OpenShellErrorKind, re?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof OpenShellError, `not an OpenShellError: ${e}`);
  assert.strictEqual(e.kind, kind, `${e.kind}: ${e.message}`);
  if (re) assert.match(e.message, re);
  return true;
};

const JIRA_PROFILE = 'id: jira\ndisplay_name: Jira\ndescription: Atlassian Jira API\ncategory: other\ncredentials:\n  - name: api_token\n    env_vars: [JIRA_API_TOKEN]\n    required: true\n';

const V01 = TEST_DIALECT.name === '0.1';
/** No empty failure list in a result that has no failures: the adapter always says `failed: []`. */
const outcome = (deleted: string[], notFound: string[] = []) => ({ deleted, notFound, failed: [] });
/** 0.1 has no built-in profiles: the types these tests use are imported first, as a user would. */
const PROFILES_01 = ['github', 'generic'].map((id) => ({ id, display_name: id, category: 'other' as const }));

describe(`openshell adapter against the simulator ${IN_DIALECT}`, function () {
  this.timeout(30000);
  let sim: Sim;
  let tmp: string;
  beforeEach(() => {
    sim = simApi.createSim();
    sim.addGateway('local', { active: true });
    if (V01) sim.seed('local', { profiles: PROFILES_01 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adapter-'));
  });
  afterEach(() => { sim.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

  describe('every operation', () => {
    it('--version', async () => {
      assert.strictEqual(await adapterFor(sim).client.version(), TEST_OPENSHELL_VERSION);
      const other = V01 ? '0.1.0-pre.3' : '0.0.83';
      sim.setKnobs({ version: other });
      assert.strictEqual(await adapterFor(sim).client.version(), other);
      assert.strictEqual((await adapterFor(sim).client.dialect()).name, TEST_DIALECT.name);
    });

    it('status -o json: connected, and not_configured without a gateway', async () => {
      const st = await adapterFor(sim).client.status();
      assert.strictEqual(st.status, 'connected');
      assert.strictEqual(st.gateway, 'local');
      assert.strictEqual(st.version, TEST_OPENSHELL_VERSION);
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
      // 0.0 normalizes the `gh` alias; 0.1 has no aliases (openshell-0.1.md §7).
      await client.createProvider({ name: 'gh', type: V01 ? 'github' : 'gh', credentials: { GITHUB_TOKEN: 'tok-1', _NOOP_X: '' }, config: { URL: 'https://a' } });
      const [p] = await client.providers();
      assert.deepStrictEqual([p.name, p.type, p.credential_keys, p.config_keys, p.resource_version], ['gh', 'github', ['GITHUB_TOKEN', '_NOOP_X'], ['URL'], 1]);
      assert.deepStrictEqual(sim.state('local').providers[0].credentials, { GITHUB_TOKEN: 'tok-1', _NOOP_X: '' });

      await client.updateProvider({ name: 'gh', setCredentials: { GITHUB_TOKEN: 'tok-2' }, removeCredentials: ['_NOOP_X'], setConfig: { B: '2' }, removeConfig: ['URL'] });
      const got = await client.provider('gh');
      assert.deepStrictEqual([got.type, got.credentialKeys, got.configKeys, got.resourceVersion], ['github', ['GITHUB_TOKEN'], ['B'], 2]);
      assert.strictEqual(sim.state('local').providers[0].credentials.GITHUB_TOKEN, 'tok-2');

      assert.deepStrictEqual(await client.deleteProviders(['gh', 'missing']), outcome(['gh'], ['missing']));
      assert.deepStrictEqual(await client.providers(), []);
    });

    it('provider list-profiles, profile import / export / update / delete', async () => {
      const { client } = adapterFor(sim);
      const file = path.join(tmp, 'jira.yaml');
      fs.writeFileSync(file, JIRA_PROFILE);
      await client.importProfile(file);
      const listed = await client.profiles();
      assert.strictEqual(listed.some((p) => p.source === 'builtin'), !V01, 'built-in profiles exist in 0.0 only');
      const jira = listed.find((p) => p.id === 'jira')!;
      assert.notStrictEqual(jira.source, 'builtin');

      const exported = await client.exportProfile('jira');
      assert.strictEqual(exported.display_name, 'Jira');
      fs.writeFileSync(file, `${JIRA_PROFILE.replace('Jira\n', 'Jira Cloud\n')}resource_version: ${exported.resource_version}\n`);
      await client.updateProfile('jira', file);
      assert.strictEqual((await client.exportProfile('jira')).display_name, 'Jira Cloud');

      assert.deepStrictEqual(await client.deleteProfile('jira'), outcome(['jira']));
      assert.ok(!(await client.profiles()).some((p) => p.id === 'jira'));
      // 0.0 fails with NotFound, 0.1 says `! Provider profile jira not found`: one outcome either way.
      assert.deepStrictEqual(await client.deleteProfile('jira'), outcome([], ['jira']));
    });

    it('profile import of an existing id reports the diagnostics', async () => {
      const { client } = adapterFor(sim);
      const file = path.join(tmp, 'jira.yaml');
      fs.writeFileSync(file, JIRA_PROFILE);
      await client.importProfile(file);
      await assert.rejects(client.importProfile(file), isKind('Unknown', /provider profile import failed/));
    });

    it('settings get --global --json and settings set --yes (0.0); 0.1 has no providers_v2_enabled', async () => {
      const { client } = adapterFor(sim);
      if (V01) {
        assert.ok(!('providers_v2_enabled' in (await client.globalSettings()).settings));
        await assert.rejects(client.setGlobalSetting('providers_v2_enabled', 'true'), isKind('Unknown', /does not support that setting \(unknown setting key 'providers_v2_enabled'/));
        return;
      }
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
      assert.deepStrictEqual(await client.deleteSandboxes(['fs-tri-0123456789ab', 'fs-nop-000000000000']), outcome(['fs-tri-0123456789ab'], ['fs-nop-000000000000']));
    });

    it('lists read every page: 250 providers and 120 sandboxes list completely', async () => {
      sim.seed('local', {
        providers: Array.from({ length: 250 }, (_, i) => ({ name: `p${String(i).padStart(3, '0')}`, type: 'github', credentials: ['K'] })),
        sandboxes: Array.from({ length: 120 }, (_, i) => ({ name: `fs-abc-${String(i).padStart(12, '0')}` })),
      });
      const { client } = adapterFor(sim);
      const counter = { calls: 0 };
      assert.strictEqual((await client.providers({ counter })).length, 250);
      assert.strictEqual((await client.sandboxes({ counter })).length, 120);
      assert.strictEqual(counter.calls, 2, 'one page of up to 1000 items per list');
    });

    it('-g from the fullsend.gateway setting targets network commands only', async () => {
      sim.addGateway('second', { endpoint: 'http://127.0.0.1:9091' });
      sim.seed('second', { providers: [{ name: 'only-on-second', type: 'github', credentials: ['GITHUB_TOKEN'] }] });
      const { client } = adapterFor(sim, { gateway: 'second' });
      assert.deepStrictEqual((await client.providers()).map((p) => p.name), ['only-on-second']);
      await client.gateways();
      const argvs = operationCalls(sim).map((c) => c.argv);
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
      // The runner's count includes the one `--version` read that picked the dialect.
      assert.strictEqual(runner.calls, 4);
      assert.strictEqual(sim.calls().length, 4);
    });

    it('logs argv, exit code and duration of every call', async () => {
      const a = adapterFor(sim);
      await a.client.providers();
      await assert.rejects(a.client.provider('nope'));
      const paging = V01 ? '--page-size 1000' : '--limit 1000';
      assert.ok(a.lines.some((l) => new RegExp(`^info: openshell provider list -o json ${paging} → exit 0 \\(\\d+ ms\\)$`).test(l)), a.lines.join('\n'));
      assert.ok(a.lines.some((l) => l === `info: openshell: version ${TEST_OPENSHELL_VERSION}, dialect ${TEST_DIALECT.name}`), 'the dialect is logged once');
      assert.match(a.lines.find((l) => l.startsWith('warn:'))!, /^warn: openshell provider get nope → exit 1 \(\d+ ms\)\nError: code: 'Some requested entity was not found', message: "provider not found"/);
    });
  });

  describe('every error kind', () => {
    it('AlreadyExists', async () => {
      const { client } = adapterFor(sim);
      await client.createProvider({ name: 'gh', type: 'github', credentials: { GITHUB_TOKEN: 'v' } });
      await assert.rejects(client.createProvider({ name: 'gh', type: 'github', credentials: { GITHUB_TOKEN: 'v' } }), isKind('AlreadyExists', /provider create failed: provider already exists/));
    });

    it('AlreadyExists in the legacy (≤ v0.0.60) text form', async function () {
      if (V01) this.skip(); // a 0.0-only rendering
      sim.setKnobs({ legacyErrors: true });
      const { client } = adapterFor(sim);
      await client.createProvider({ name: 'gh', type: 'github', credentials: { GITHUB_TOKEN: 'v' } });
      await assert.rejects(client.createProvider({ name: 'gh', type: 'github', credentials: { GITHUB_TOKEN: 'v' } }), (e: OpenShellError) =>
        isKind('AlreadyExists')(e) && e.details.grpcCode === 'AlreadyExists' && /status: AlreadyExists/.test(e.details.stderr!));
    });

    it('NotFound (update of a missing provider)', async () => {
      // 0.1 drops the server's message: `provider update lookup failed (Some requested entity was not found)`.
      await assert.rejects(adapterFor(sim).client.updateProvider({ name: 'ghost', setConfig: { A: '1' } }), isKind('NotFound', V01 ? /lookup failed \(Some requested entity was not found\)/ : /provider not found/));
    });

    it('FailedPrecondition (provider attached to a sandbox)', async () => {
      sim.seed('local', { providers: [{ name: 'gh', type: 'github', credentials: ['GITHUB_TOKEN'] }], sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['gh'] }] });
      const r = await adapterFor(sim).client.deleteProviders(['gh']);
      assert.deepStrictEqual(r.deleted, []);
      assert.strictEqual(r.failed[0].kind, 'FailedPrecondition');
      assert.match(r.failed[0].error, /attached to sandbox\(es\): fs-tri-0123456789ab/);
    });

    it('a multi-name delete reports per name: 0.1 goes on after a failure, 0.0 stops and says what it never tried', async () => {
      sim.seed('local', { providers: ['a', 'b', 'c'].map((name) => ({ name, type: 'github', credentials: ['K'] })), sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['b'] }] });
      const r = await adapterFor(sim).client.deleteProviders(['a', 'b', 'c']);
      assert.deepStrictEqual(r.failed.map((f) => [f.name, f.kind, f.attempted]), V01
        ? [['b', 'FailedPrecondition', true]]
        : [['b', 'FailedPrecondition', true], ['c', 'Unknown', false]]);
      assert.deepStrictEqual(r.deleted, V01 ? ['a', 'c'] : ['a']);
    });

    it('InvalidArgument', async () => {
      sim.setKnobs({ fail: 'provider update=invalid-argument:provider.credentials exceeds maximum entries' });
      sim.seed('local', { providers: [{ name: 'gh', type: 'github', credentials: ['GITHUB_TOKEN'] }] });
      await assert.rejects(adapterFor(sim).client.updateProvider({ name: 'gh', setConfig: { A: '1' } }), isKind('InvalidArgument', V01 ? /provider update failed \(Client specified an invalid argument\)/ : /exceeds maximum entries/));
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
      const { client } = adapterFor(sim);
      await client.dialect(); // read before the clock starts, so the abort lands in the list call
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 200);
      await assert.rejects(client.providers({ signal: ac.signal }), isKind('Cancelled', /^Cancelled: openshell provider list$/));
      const before = operationCalls(sim).length;
      await assert.rejects(client.providers({ signal: ac.signal }), isKind('Cancelled'));
      assert.strictEqual(operationCalls(sim).length, before);
    });

    it('Usage: exit 2 from clap', async () => {
      const { runner } = adapterFor(sim);
      const bad = { ...providerCreate(await adapterFor(sim).client.dialect(), { name: 'x', type: 'github', credentials: { K: 'v' } }), args: ['provider', 'create', '--name', 'x'] };
      await assert.rejects(runner.run(bad), isKind('Usage', /rejected the arguments of `provider create`: the following required arguments were not provided:/));
    });

    it('an unknown type: 0.0 keeps the CLI message (Unknown); 0.1 is ProfileMissing, naming the profile and the import command', async () => {
      await assert.rejects(adapterFor(sim).client.createProvider({ name: 'j', type: 'jira', credentials: { JIRA_API_TOKEN: 'v' } }), V01
        ? isKind('ProfileMissing', /no provider profile 'jira' \(OpenShell 0\.1 has no built-in profiles\)\. Import it first: `openshell provider profile import --file <jira\.yaml>`/)
        : isKind('Unknown', /^openshell provider create failed: unsupported provider type or profile: jira$/));
    });

    it('credential-less create: 0.1 leaves it to the profile, an early 0.1 build that demands a source gets a clear message; 0.0 refuses first', async () => {
      const create = (client: ReturnType<typeof adapterFor>['client']) => client.createProvider({ name: 'pol', type: 'github', credentials: {} });
      if (!V01) {
        await assert.rejects(create(adapterFor(sim).client), /declares no credentials; OpenShell .* needs at least one/);
        return;
      }
      await create(adapterFor(sim).client);
      assert.deepStrictEqual(sim.state('local').providers.find((p) => p.name === 'pol')!.credentials, {});
      sim.setKnobs({ credlessCreate: false });
      await assert.rejects(create(adapterFor(sim).client), isKind('Usage', /provider "pol" declares no credentials, and openshell .* cannot create a provider without one .*_NOOP_X: ""/));
    });

    it('a version newer than the newest described is spoken to as 0.1, with one warning in the log', async () => {
      const a = adapterFor(sim, { versionOutput: 'openshell 0.2.0\n' });
      assert.strictEqual((await a.client.dialect()).name, '0.1');
      await a.client.dialect();
      assert.strictEqual(a.lines.filter((l) => /^warn: openshell 0\.2\.0 is newer than the newest version this extension was built for/.test(l)).length, 1);
    });

    it('Unknown: other gRPC codes keep their code', async () => {
      sim.setKnobs({ fail: 'provider list=internal:database is locked' });
      await assert.rejects(adapterFor(sim).client.providers(), (e: OpenShellError) => isKind('Unknown')(e) && e.details.grpcCode === 'Internal');
    });
  });

  describe('both renderings and both gRPC text forms reach the same typed error (the 0.0 renderings)', () => {
    beforeEach(() => sim.setKnobs({ version: '0.0.111' }));
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
          assert.deepStrictEqual(await client.deleteProviders([name]), outcome([name]));
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
      const calls = operationCalls(sim);
      assert.deepStrictEqual(calls.filter((c) => c.cmd === 'provider create' || c.cmd === 'provider update').map((c) => c.envKeysSet), [['GH_TOKEN'], ['JIRA_API_TOKEN'], ['GH_TOKEN']]);

      // An error whose text carries a value (a server echoing input) is redacted before anyone sees it.
      sim.setKnobs({ fail: `provider update=internal:rejected token ${SECRETS.ROTATED} for "${SECRETS.GH_TOKEN}"` });
      let message = '';
      await a.client.updateProvider({ name: 'gh', setCredentials: { GH_TOKEN: SECRETS.ROTATED } }).catch((e: OpenShellError) => {
        message = `${e.message}\n${JSON.stringify(e.details)}`;
      });
      // 0.0 relays the server's message (redacted here); 0.1 drops it (`provider update failed (Internal error)`).
      assert.match(message, V01 ? /provider update failed \(Internal error\)/ : /rejected token \*\*\* for/);

      const everything = [JSON.stringify(sim.calls()), ...a.lines, message, fs.readFileSync(path.join(sim.home, 'calls.jsonl'), 'utf8')].join('\n');
      for (const v of Object.values(SECRETS)) assert.ok(!everything.includes(v), `secret ${v.slice(0, 8)}… leaked`);
    });
  });
});
