// The simulator's JS API (test/support/sim/index.js) as other tests, the demo and the benchmark use it.
import * as assert from 'assert';
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sim as api, Sim } from '../support/simulator';
import { SIM_BIN } from '../support/paths';

describe('openshell-sim JS API', function () {
  this.timeout(30000);
  let s: Sim;

  // the 0.0 dialect, whatever OPENSHELL_SIM_DEFAULT_VERSION says
  beforeEach(() => { s = api.createSim({ knobs: { version: '0.0.111' } }); });
  afterEach(() => s.dispose());

  it('createSim: a fresh temp root holding the sim home and the XDG config dir; dispose removes it', () => {
    const other = api.createSim();
    assert.ok(other.root.startsWith(fs.realpathSync(os.tmpdir())) || other.root.startsWith(os.tmpdir()), other.root);
    assert.notStrictEqual(other.root, s.root);
    assert.deepStrictEqual(other.env, { OPENSHELL_SIM_HOME: other.home, XDG_CONFIG_HOME: other.configHome });
    assert.strictEqual(other.bin, SIM_BIN);
    assert.strictEqual(api.SIM_BIN, SIM_BIN);
    other.dispose();
    assert.strictEqual(fs.existsSync(other.root), false);
  });

  it('createSim({root}) uses that directory and leaves it on dispose', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-api-'));
    const mine = api.createSim({ root, knobs: { version: '9.9.9' }, env: { EXTRA: '1' } });
    assert.strictEqual(mine.home, path.join(root, 'sim'));
    assert.strictEqual(mine.env.EXTRA, '1');
    assert.strictEqual(mine.run(['--version']).stdout, 'openshell 9.9.9\n');
    mine.dispose();
    assert.ok(fs.existsSync(root));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the simulator is executable by path (shebang) and through binDir/openshell', () => {
    for (const exe of [SIM_BIN, path.join(s.binDir, 'openshell')]) {
      const r = childProcess.spawnSync(exe, ['--version'], { env: s.spawnEnv(), encoding: 'utf8' });
      assert.deepStrictEqual([r.stdout, r.status], ['openshell 0.0.111\n', 0], exe);
    }
  });

  it('addGateway writes the real layout; the first one becomes active', () => {
    s.addGateway('first', { endpoint: 'http://127.0.0.1:7000' });
    s.addGateway('second', { endpoint: 'https://gw.example:17670' });
    const dir = path.join(s.configHome, 'openshell');
    assert.strictEqual(fs.readFileSync(path.join(dir, 'gateways', 'second', 'metadata.json'), 'utf8'),
      '{\n  "name": "second",\n  "gateway_endpoint": "https://gw.example:17670",\n  "is_remote": false,\n  "gateway_port": 0,\n  "auth_mode": "mtls"\n}');
    assert.strictEqual(s.activeGateway(), 'first');
    s.addGateway('third', { active: true });
    assert.strictEqual(fs.readFileSync(path.join(dir, 'active_gateway'), 'utf8'), 'third');
    assert.deepStrictEqual(s.gateways().map((g) => [g.name, g.source]), [['first', 'user'], ['second', 'user'], ['third', 'user']]);
    s.selectGateway(null);
    assert.strictEqual(s.activeGateway(), null);
    s.removeGateway('second');
    assert.deepStrictEqual(s.gateways().map((g) => g.name), ['first', 'third']);
  });

  it('seed upserts providers, profiles, sandboxes and settings; state reads them back', () => {
    s.addGateway('demo');
    s.seed('demo', {
      providers: [{ name: 'github', type: 'gh', credentials: ['GITHUB_TOKEN'] }, { name: 'jira', type: 'jira', credentials: { JIRA_API_TOKEN: 't' }, config: { site: 'x' } }],
      profiles: [{ id: 'jira', display_name: 'Jira' }],
      sandboxes: [{ name: 'fs-abc-0123456789ab', providers: ['github'] }],
      settings: { providers_v2_enabled: 'true' },
    });
    s.seed('demo', { providers: [{ name: 'github', type: 'github', credentials: { GITHUB_TOKEN: 'real' } }] });
    const st = s.state('demo');
    assert.deepStrictEqual(st.providers.map((p) => [p.name, p.type, p.credentials]), [['github', 'github', { GITHUB_TOKEN: 'real' }], ['jira', 'jira', { JIRA_API_TOKEN: 't' }]]);
    assert.deepStrictEqual([st.profiles[0].id, st.profiles[0].source, st.profiles[0].resource_version], ['jira', 'custom', 1]);
    assert.deepStrictEqual(st.settings, { values: { providers_v2_enabled: true }, revision: 1 });
    assert.strictEqual(s.run(['sandbox', 'list', '--names']).stdout, 'fs-abc-0123456789ab\n');
    assert.strictEqual(s.run(['provider', 'delete', 'github']).status, 1);
    assert.throws(() => s.seed('demo', { settings: { providers_v2_enabled: 'maybe' } }), /invalid bool value 'maybe'/);
    s.clear('demo');
    assert.deepStrictEqual(s.state('demo'), { providers: [], profiles: [], settings: { values: {}, revision: 0 }, sandboxes: [] });
  });

  it('setKnobs persists in the state file, null removes, env wins; changing fail resets counters', () => {
    s.addGateway('local');
    s.setKnobs({ latencyMs: 5, fail: 'provider list#1=internal' });
    assert.deepStrictEqual(s.knobs(), { version: '0.0.111', latencyMs: 5, fail: 'provider list#1=internal' });
    assert.strictEqual(s.run(['provider', 'list']).status, 1);
    assert.strictEqual(s.run(['provider', 'list']).status, 0);
    s.setKnobs({ fail: 'provider list#1=internal' }); // re-arms the rule
    assert.strictEqual(s.run(['provider', 'list']).status, 1);
    assert.strictEqual(s.run(['provider', 'list'], { env: { OPENSHELL_SIM_FAIL: 'status=internal' } }).status, 0);
    s.setKnobs({ fail: null, latencyMs: null });
    assert.deepStrictEqual(s.knobs(), { version: '0.0.111' });
    assert.throws(() => s.setKnobs({ fail: 'nonsense' }), /bad OPENSHELL_SIM_FAIL entry/);
  });

  it('setDown marks single gateways down and up again', () => {
    s.addGateway('a');
    s.addGateway('b', { down: true });
    assert.strictEqual(s.run(['provider', 'list', '-g', 'b']).status, 1);
    assert.strictEqual(s.run(['provider', 'list', '-g', 'a']).status, 0);
    s.setDown('b', false);
    assert.strictEqual(s.run(['provider', 'list', '-g', 'b']).status, 0);
  });

  it('run ignores the caller\'s OPENSHELL_* and NO_GRAPHICS', () => {
    const saved = { g: process.env.OPENSHELL_GATEWAY, n: process.env.NO_GRAPHICS };
    process.env.OPENSHELL_GATEWAY = 'from-the-developer-shell';
    process.env.NO_GRAPHICS = '1';
    try {
      assert.strictEqual(s.run(['provider', 'list']).stderr.split('\n')[0], 'Error:   × No active gateway.');
    } finally {
      if (saved.g === undefined) delete process.env.OPENSHELL_GATEWAY; else process.env.OPENSHELL_GATEWAY = saved.g;
      if (saved.n === undefined) delete process.env.NO_GRAPHICS; else process.env.NO_GRAPHICS = saved.n;
    }
  });

  it('runAsync resolves with the same shape as run', async () => {
    s.addGateway('local');
    const r = await s.runAsync(['provider', 'list', '-o', 'json']);
    assert.deepStrictEqual([r.stdout, r.stderr, r.status, r.signal], ['[]\n', '', 0, null]);
  });

  it('seeding in-process while simulator processes write: nothing is lost', async () => {
    s.addGateway('local');
    const spawned = Array.from({ length: 6 }, (_v, i) => s.runAsync(['provider', 'create', '--name', `cli-${i}`, '--type', 'github', '--credential', 'K=v']));
    for (let i = 0; i < 6; i++) s.seed('local', { providers: [{ name: `seed-${i}`, type: 'github', credentials: ['K'] }] });
    await Promise.all(spawned);
    assert.strictEqual(s.state('local').providers.length, 12);
  });

  it('calls() filters by command words; the gateway field names the target', () => {
    s.addGateway('local');
    s.run(['gateway', 'select', 'local']);
    s.run(['provider', 'list']);
    s.run(['provider', 'list', '-g', 'nope']);
    assert.deepStrictEqual(s.calls({ cmd: 'provider list' }).map((c) => [c.gateway, c.exit]), [['local', 0], [null, 1]]);
    assert.strictEqual(s.calls({ cmd: 'gateway select' })[0].gateway, 'local');
  });
});
