// The openshell simulator against the fake-CLI contract, openshell-cli.md §9: one test per row, exact
// stdout, stderr and exit code, in both miette renderings where the row is an error. Expected bytes are
// written out literally (never built with the simulator's own helpers).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { sim as api, Sim, RunResult } from '../support/simulator';

const CHECK = '\x1b[1m\x1b[32m✓\x1b[39m\x1b[0m';
const BANG = '\x1b[33m!\x1b[39m';
const TRY_HELP = "\n\nFor more information, try '--help'.\n";

function expectRun(r: RunResult, stdout: string, stderr: string, status: number): void {
  assert.deepStrictEqual({ stdout: r.stdout, stderr: r.stderr, status: r.status }, { stdout, stderr, status });
}

describe('openshell-sim §9 contract', function () {
  this.timeout(30000);
  let s: Sim;

  // the 0.0 dialect, whatever OPENSHELL_SIM_DEFAULT_VERSION says
  beforeEach(() => { s = api.createSim({ knobs: { version: '0.0.111' } }); });
  afterEach(() => s.dispose());

  /** The same argv, default (fancy) and NO_GRAPHICS=1 (narratable) rendering; both exit 1 with no stdout. */
  function expectError(argv: string[], fancy: string, narratable: string, env: Record<string, string | undefined> = {}): void {
    expectRun(s.run(argv, { env }), '', fancy, 1);
    expectRun(s.run(argv, { env, noGraphics: true }), '', narratable, 1);
  }
  const idOf = (name: string): string => {
    const list = JSON.parse(s.run(['provider', 'list', '-o', 'json']).stdout) as { name: string; id: string }[];
    return list.find((p) => p.name === name)!.id;
  };

  describe('version and help', () => {
    it('--version / -V: "openshell 0.0.111\\n", exit 0', () => {
      expectRun(s.run(['--version']), 'openshell 0.0.111\n', '', 0);
      expectRun(s.run(['-V']), 'openshell 0.0.111\n', '', 0);
    });
    it('a subcommand -V prints openshell-<sub> <version>', () => {
      expectRun(s.run(['provider', '-V']), 'openshell-provider 0.0.111\n', '', 0);
    });
    it('`provider` with no subcommand prints the provider help to stdout, exit 0', () => {
      const r = s.run(['provider']);
      assert.strictEqual(r.status, 0);
      assert.strictEqual(r.stderr, '');
      assert.match(r.stdout, /^Manage providers\n\nUsage: openshell provider \[OPTIONS\] <COMMAND>\n/);
      for (const sub of ['create', 'get', 'list', 'update', 'delete', 'list-profiles', 'profile']) assert.match(r.stdout, new RegExp(`\\n  ${sub} `));
    });
    it('no args prints the root help to stdout, exit 0', () => {
      const r = s.run([]);
      assert.strictEqual(r.status, 0);
      assert.strictEqual(r.stderr, '');
      assert.match(r.stdout, /Usage: openshell \[OPTIONS\] <COMMAND>\n/);
    });
    it('`gateway start`: clap unrecognized subcommand, exit 2', () => {
      const r = s.run(['gateway', 'start']);
      assert.strictEqual(r.status, 2);
      assert.strictEqual(r.stdout, '');
      assert.ok(r.stderr.startsWith("error: unrecognized subcommand 'start'\n\nUsage: "), r.stderr);
      assert.ok(r.stderr.endsWith(TRY_HELP));
    });
  });

  describe('gateway (local files only)', () => {
    it('gateway list -o json: [] with no gateways', () => {
      expectRun(s.run(['gateway', 'list', '-o', 'json']), '[]\n', '', 0);
    });
    it('gateway list -o json: sorted array with sorted keys', () => {
      s.addGateway('zeta', { endpoint: 'https://10.0.0.5:17670' });
      s.addGateway('alpha', { endpoint: 'http://127.0.0.1:8080', active: true });
      expectRun(s.run(['gateway', 'list', '-o', 'json']), `[
  {
    "active": true,
    "auth": "plaintext",
    "endpoint": "http://127.0.0.1:8080",
    "is_remote": false,
    "name": "alpha",
    "remote_host": null,
    "resolved_host": null,
    "source": "user",
    "type": "local"
  },
  {
    "active": false,
    "auth": "mtls",
    "endpoint": "https://10.0.0.5:17670",
    "is_remote": false,
    "name": "zeta",
    "remote_host": null,
    "resolved_host": null,
    "source": "user",
    "type": "local"
  }
]
`, '', 0);
    });
    it('gateway list: the "No gateways found." block, exit 0', () => {
      expectRun(s.run(['gateway', 'list']), 'No gateways found.\n\nRegister a gateway with: \x1b[2mopenshell gateway add <endpoint>\x1b[0m\n', '', 0);
    });
    it('gateway list: table, active row green with "* "', () => {
      s.addGateway('openshell', { endpoint: 'http://127.0.0.1:8080' });
      expectRun(s.run(['gateway', 'list']),
        '  \x1b[1mNAME     \x1b[0m  \x1b[1mENDPOINT             \x1b[0m  \x1b[1mTYPE \x1b[0m  \x1b[1mSOURCE\x1b[0m  \x1b[1mAUTH\x1b[0m\n' +
        '\x1b[32m* openshell  http://127.0.0.1:8080  local  user    plaintext\x1b[39m\n', '', 0);
    });
    it('gateway list: -g marks another gateway active; other rows are indented plain', () => {
      s.addGateway('a', { endpoint: 'http://127.0.0.1:1' });
      s.addGateway('bb', { endpoint: 'http://127.0.0.1:2' });
      expectRun(s.run(['gateway', 'list', '-g', 'bb']),
        '  \x1b[1mNAME\x1b[0m  \x1b[1mENDPOINT          \x1b[0m  \x1b[1mTYPE \x1b[0m  \x1b[1mSOURCE\x1b[0m  \x1b[1mAUTH\x1b[0m\n' +
        '  a     http://127.0.0.1:1  local  user    plaintext\n' +
        '\x1b[32m* bb    http://127.0.0.1:2  local  user    plaintext\x1b[39m\n', '', 0);
    });
    it('gateway select <n> (exists): ✓ on stderr, active_gateway rewritten without newline', () => {
      s.addGateway('one');
      s.addGateway('two', { active: false });
      expectRun(s.run(['gateway', 'select', 'two']), '', `${CHECK} Active gateway set to 'two'\n`, 0);
      assert.strictEqual(fs.readFileSync(path.join(s.configHome, 'openshell', 'active_gateway'), 'utf8'), 'two');
    });
    it('gateway select <n> while OPENSHELL_GATEWAY names another: adds the override warning', () => {
      s.addGateway('one');
      s.addGateway('two', { active: false });
      const r = s.run(['gateway', 'select', 'two'], { env: { OPENSHELL_GATEWAY: 'one' } });
      expectRun(r, '', `${CHECK} Active gateway set to 'two'\n\x1b[33m⚠\x1b[39m OPENSHELL_GATEWAY=one is set and will override this selection.\n  Unset it or run: export OPENSHELL_GATEWAY=two\n`, 0);
    });
    it('gateway select <n> (missing): E(No gateway metadata found …), exit 1', () => {
      expectError(['gateway', 'select', 'nope'],
        "Error:   × No gateway metadata found for 'nope'.\n  │ Register it first with: openshell gateway add <endpoint> --name nope\n  │ Or list available gateways: openshell gateway select\n\n",
        "Error: No gateway metadata found for 'nope'.\nRegister it first with: openshell gateway add <endpoint> --name nope\nOr list available gateways: openshell gateway select\n    Diagnostic severity: error\n\n");
    });
    it('gateway remove <n>: ✓ on stderr, registration and active_gateway gone', () => {
      s.addGateway('gone');
      expectRun(s.run(['gateway', 'remove', 'gone']), '', `${CHECK} Gateway registration 'gone' removed.\n`, 0);
      assert.strictEqual(fs.existsSync(path.join(s.configHome, 'openshell', 'gateways', 'gone')), false);
      assert.strictEqual(fs.existsSync(path.join(s.configHome, 'openshell', 'active_gateway')), false);
    });
    it('gateway remove <missing>: E(No gateway metadata found …)', () => {
      expectError(['gateway', 'remove', 'nope'],
        "Error:   × No gateway metadata found for 'nope'.\n  │ List available gateways: openshell gateway select\n\n",
        "Error: No gateway metadata found for 'nope'.\nList available gateways: openshell gateway select\n    Diagnostic severity: error\n\n");
    });
    it('gateway add http://127.0.0.1:P --local --name n: stderr lines, real metadata.json and active_gateway', () => {
      expectRun(s.run(['gateway', 'add', 'http://127.0.0.1:8080', '--local', '--name', 'local']), '',
        `${CHECK} Gateway 'local' added and set as active\n  Endpoint: http://127.0.0.1:8080\n  Type: local\n  Auth: plaintext\n`, 0);
      const dir = path.join(s.configHome, 'openshell');
      assert.strictEqual(fs.readFileSync(path.join(dir, 'gateways', 'local', 'metadata.json'), 'utf8'),
        '{\n  "name": "local",\n  "gateway_endpoint": "http://127.0.0.1:8080",\n  "is_remote": false,\n  "gateway_port": 0,\n  "auth_mode": "plaintext"\n}');
      assert.strictEqual(fs.readFileSync(path.join(dir, 'active_gateway'), 'utf8'), 'local');
    });
    it('gateway add: a loopback endpoint defaults the name to "openshell"; a duplicate fails', () => {
      expectRun(s.run(['gateway', 'add', 'http://127.0.0.1:9']), '',
        `${CHECK} Gateway 'openshell' added and set as active\n  Endpoint: http://127.0.0.1:9\n  Type: local\n  Auth: plaintext\n`, 0);
      expectError(['gateway', 'add', 'http://127.0.0.1:9'],
        "Error:   × Gateway 'openshell' already exists.\n  │ Remove it first with: openshell gateway remove openshell\n  │ Or choose a different name with: --name <name>\n\n",
        "Error: Gateway 'openshell' already exists.\nRemove it first with: openshell gateway remove openshell\nOr choose a different name with: --name <name>\n    Diagnostic severity: error\n\n");
    });
  });

  describe('status', () => {
    it('no gateway: the "Gateway Status … No gateway configured." block, exit 0', () => {
      expectRun(s.run(['status']),
        '\x1b[1m\x1b[36mGateway Status\x1b[39m\x1b[0m\n\n  \x1b[2mStatus:\x1b[0m No gateway configured.\n\nRegister a gateway with: \x1b[2mopenshell gateway add <endpoint>\x1b[0m\n', '', 0);
    });
    it('no gateway, -o json: {"status": "not_configured"}, exit 0', () => {
      expectRun(s.run(['status', '-o', 'json']), '{\n  "status": "not_configured"\n}\n', '', 0);
    });
    it('an unknown -g is "not configured" too, exit 0', () => {
      expectRun(s.run(['status', '-o', 'json', '-g', 'ghost']), '{\n  "status": "not_configured"\n}\n', '', 0);
    });
    it('-o json (up): connected, sorted pretty JSON', () => {
      s.addGateway('local', { endpoint: 'http://127.0.0.1:8080' });
      expectRun(s.run(['status', '-o', 'json']), `{
  "authentication": {
    "mode": "gateway",
    "status": "not_required"
  },
  "gateway": "local",
  "server": "http://127.0.0.1:8080",
  "status": "connected",
  "version": "0.0.111"
}
`, '', 0);
    });
    it('gateway down: client error (Connect), exit 1', () => {
      s.addGateway('local', { down: true });
      expectError(['status', '-o', 'json'],
        'Error:   × client error (Connect)\n  ├─▶ tcp connect error\n  ╰─▶ Connection refused (os error 111)\n\n',
        'Error: client error (Connect)\n    Diagnostic severity: error\n    Caused by: tcp connect error\n    Caused by: Connection refused (os error 111)\n\n');
    });
  });

  describe('gateway resolution for network commands', () => {
    const NO_ACTIVE_FANCY = 'Error:   × No active gateway.\n  │ Set one with: openshell gateway select <name>\n  │ Or register one with: openshell gateway add <endpoint>\n\n';
    const NO_ACTIVE_NARR = 'Error: No active gateway.\nSet one with: openshell gateway select <name>\nOr register one with: openshell gateway add <endpoint>\n    Diagnostic severity: error\n\n';
    for (const argv of [['provider', 'list'], ['settings', 'get', '--global'], ['sandbox', 'list'], ['provider', 'delete', 'x']]) {
      it(`no gateway: \`${argv.join(' ')}\` → E(No active gateway. …), exit 1`, () => {
        expectError(argv, NO_ACTIVE_FANCY, NO_ACTIVE_NARR);
      });
    }
    it('-g x unknown: E(Unknown gateway \'x\'. …), exit 1', () => {
      s.addGateway('real');
      expectError(['provider', 'list', '-g', 'x'],
        "Error:   × Unknown gateway 'x'.\n  │ Register it first: openshell gateway add <endpoint> --name x\n  │ Or list available gateways: openshell gateway select\n\n",
        "Error: Unknown gateway 'x'.\nRegister it first: openshell gateway add <endpoint> --name x\nOr list available gateways: openshell gateway select\n    Diagnostic severity: error\n\n");
    });
    it('gateway down: E(transport error) with the three causes, exit 1', () => {
      s.addGateway('local', { down: true });
      expectError(['provider', 'list'],
        'Error:   × transport error\n  ├─▶ tcp connect error\n  ├─▶ tcp connect error\n  ╰─▶ Connection refused (os error 111)\n\n',
        'Error: transport error\n    Diagnostic severity: error\n    Caused by: tcp connect error\n    Caused by: tcp connect error\n    Caused by: Connection refused (os error 111)\n\n');
    });
  });

  describe('provider', () => {
    beforeEach(() => { s.addGateway('local'); });

    it('provider list: "No providers found." when empty', () => {
      expectRun(s.run(['provider', 'list']), 'No providers found.\n', '', 0);
    });
    it('provider list: table with bold padded headers and counts', () => {
      s.run(['provider', 'create', '--name', 'openai-prod', '--type', 'openai', '--credential', 'OPENAI_API_KEY=k', '--config', 'base_url=https://x']);
      s.run(['provider', 'create', '--name', 'my-gh', '--type', 'github', '--credential', 'GITHUB_TOKEN=t']);
      expectRun(s.run(['provider', 'list']),
        '\x1b[1mNAME       \x1b[0m  \x1b[1mTYPE  \x1b[0m  \x1b[1mCREDENTIAL_KEYS \x1b[0m  \x1b[1mCONFIG_KEYS\x1b[0m\n' +
        'my-gh        github  1                 0\n' +
        'openai-prod  openai  1                 1\n', '', 0);
    });
    it('provider list -o json: [] when empty', () => {
      expectRun(s.run(['provider', 'list', '-o', 'json']), '[]\n', '', 0);
    });
    it('provider list -o json: sorted keys, sorted credential_keys, optional fields only when set', () => {
      s.run(['provider', 'create', '--name', 'my-gh', '--type', 'github', '--credential', 'GITHUB_TOKEN=t', '--credential', 'A_KEY=a', '--config', 'org=acme']);
      const id = idOf('my-gh');
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expectRun(s.run(['provider', 'list', '-o', 'json']), `[
  {
    "config_keys": [
      "org"
    ],
    "credential_keys": [
      "A_KEY",
      "GITHUB_TOKEN"
    ],
    "id": "${id}",
    "name": "my-gh",
    "resource_version": 1,
    "type": "github",
    "workspace": "default"
  }
]
`, '', 0);
    });
    it('provider list --names: one name per line; nothing when empty', () => {
      expectRun(s.run(['provider', 'list', '--names']), '', '', 0);
      s.run(['provider', 'create', '--name', 'b', '--type', 'github', '--credential', 'GITHUB_TOKEN=t']);
      s.run(['provider', 'create', '--name', 'a', '--type', 'github', '--credential', 'GITHUB_TOKEN=t']);
      expectRun(s.run(['provider', 'list', '--names']), 'a\nb\n', '', 0);
    });
    it('provider list --names -o json: clap conflict, exit 2', () => {
      expectRun(s.run(['provider', 'list', '--names', '-o', 'json']), '',
        "error: the argument '--names' cannot be used with '--output <OUTPUT>'\n\nUsage: openshell provider list [OPTIONS]" + TRY_HELP, 2);
    });
    it('provider get <n>: the §4.2 block', () => {
      s.run(['provider', 'create', '--name', 'my-gh', '--type', 'github', '--credential', 'GITHUB_TOKEN=t']);
      const id = idOf('my-gh');
      expectRun(s.run(['provider', 'get', 'my-gh']),
        '\x1b[1m\x1b[36mProvider:\x1b[39m\x1b[0m\n\n' +
        `  \x1b[2mId:\x1b[0m ${id}\n` +
        '  \x1b[2mName:\x1b[0m my-gh\n' +
        '  \x1b[2mType:\x1b[0m github\n' +
        '  \x1b[2mResource version:\x1b[0m 1\n' +
        '  \x1b[2mCredential keys:\x1b[0m GITHUB_TOKEN\n' +
        '  \x1b[2mConfig keys:\x1b[0m <none>\n', '', 0);
    });
    it('provider get <missing>: E(NotFound "provider not found")', () => {
      expectError(['provider', 'get', 'nope'],
        'Error:   × code: \'Some requested entity was not found\', message: "provider not found"\n\n',
        'Error: code: \'Some requested entity was not found\', message: "provider not found"\n    Diagnostic severity: error\n\n');
    });
    it('provider get <missing>, legacy knob: status: NotFound form, wrapped', () => {
      s.setKnobs({ legacyErrors: true });
      expectError(['provider', 'get', 'nope'],
        'Error:   × status: NotFound, message: "provider not found", details: [], metadata:\n  │ MetadataMap { headers: {"content-type": "application/grpc"} }\n\n',
        'Error: status: NotFound, message: "provider not found", details: [], metadata: MetadataMap { headers: {"content-type": "application/grpc"} }\n    Diagnostic severity: error\n\n');
    });
    it('provider create --name n --type github --credential GITHUB_TOKEN=v: ✓ Created provider n', () => {
      expectRun(s.run(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN=v']), `${CHECK} Created provider n\n`, '', 0);
      assert.deepStrictEqual(s.state('local').providers[0].credentials, { GITHUB_TOKEN: 'v' });
    });
    it('… --credential GITHUB_TOKEN with the env var set: value taken from the env', () => {
      expectRun(s.run(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN'], { env: { GITHUB_TOKEN: 'from-env' } }),
        `${CHECK} Created provider n\n`, '', 0);
      assert.deepStrictEqual(s.state('local').providers[0].credentials, { GITHUB_TOKEN: 'from-env' });
    });
    it('… --credential GITHUB_TOKEN with the env var unset or blank: E(requires local env var …), wrapped', () => {
      const fancy = "Error:   × --credential GITHUB_TOKEN requires local env var 'GITHUB_TOKEN' to be set\n  │ to a non-empty value\n\n";
      const narr = "Error: --credential GITHUB_TOKEN requires local env var 'GITHUB_TOKEN' to be set to a non-empty value\n    Diagnostic severity: error\n\n";
      const argv = ['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN'];
      expectError(argv, fancy, narr, { GITHUB_TOKEN: '' });
      expectError(argv, fancy, narr, { GITHUB_TOKEN: '  ' });
      const unset = s.run(argv, { env: { GITHUB_TOKEN: undefined } });
      assert.strictEqual(unset.stderr, fancy);
      assert.deepStrictEqual(s.state('local').providers, []);
    });
    it('provider create with a duplicate name: E(AlreadyExists), message wrapped onto a │ line', () => {
      s.run(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN=v']);
      expectError(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN=v'],
        'Error:   × code: \'Some entity that we attempted to create already exists\', message:\n  │ "provider already exists"\n\n',
        'Error: code: \'Some entity that we attempted to create already exists\', message: "provider already exists"\n    Diagnostic severity: error\n\n');
    });
    it('provider create with a duplicate name, legacy knob (env): status: AlreadyExists form', () => {
      s.run(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN=v']);
      expectError(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN=v'],
        'Error:   × status: AlreadyExists, message: "provider already exists", details: [],\n  │ metadata: MetadataMap { headers: {"content-type": "application/grpc"} }\n\n',
        'Error: status: AlreadyExists, message: "provider already exists", details: [], metadata: MetadataMap { headers: {"content-type": "application/grpc"} }\n    Diagnostic severity: error\n\n',
        { OPENSHELL_SIM_LEGACY_ERRORS: '1' });
    });
    it('provider create --type jira without a profile: E(unsupported provider type or profile: jira)', () => {
      expectError(['provider', 'create', '--name', 'j', '--type', 'jira', '--credential', 'JIRA_API_TOKEN=t'],
        'Error:   × unsupported provider type or profile: jira\n\n',
        'Error: unsupported provider type or profile: jira\n    Diagnostic severity: error\n\n');
    });
    it('provider create --name n --type github with no credential source: clap missing group, exit 2', () => {
      expectRun(s.run(['provider', 'create', '--name', 'n', '--type', 'github']), '',
        'error: the following required arguments were not provided:\n  <--from-existing|--credential <KEY[=VALUE]>|--from-gcloud-adc|--runtime-credentials>\n\n' +
        'Usage: openshell provider create --name <NAME> --type <PROVIDER_TYPE> <--from-existing|--credential <KEY[=VALUE]>|--from-gcloud-adc|--runtime-credentials>' + TRY_HELP, 2);
    });
    it('provider create --type missing: the reference\'s exact missing --type error', () => {
      expectRun(s.run(['provider', 'create', '--name', 'n', '--credential', 'K=v']), '',
        'error: the following required arguments were not provided:\n  --type <PROVIDER_TYPE>\n\n' +
        'Usage: openshell provider create --name <NAME> --type <PROVIDER_TYPE> <--from-existing|--credential <KEY[=VALUE]>|--from-gcloud-adc|--runtime-credentials>' + TRY_HELP, 2);
    });
    it('provider create … --from-existing --credential K: clap conflict, exit 2', () => {
      const r = s.run(['provider', 'create', '--name', 'n', '--type', 'github', '--from-existing', '--credential', 'K']);
      assert.strictEqual(r.status, 2);
      assert.strictEqual(r.stdout, '');
      assert.ok(r.stderr.startsWith("error: the argument '--from-existing' cannot be used with '--credential <KEY[=VALUE]>'\n\nUsage: "), r.stderr);
      assert.ok(r.stderr.endsWith(TRY_HELP));
    });
    it('provider create … --config foo: E(--config expects KEY=VALUE, got \'foo\')', () => {
      expectError(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN=v', '--config', 'foo'],
        "Error:   × --config expects KEY=VALUE, got 'foo'\n\n",
        "Error: --config expects KEY=VALUE, got 'foo'\n    Diagnostic severity: error\n\n");
    });
    it('provider update <n> --credential K=V --config K=V: ✓ Updated provider <n>, merged', () => {
      s.run(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN=old', '--credential', 'GH_TOKEN=keep', '--config', 'a=1']);
      expectRun(s.run(['provider', 'update', 'n', '--credential', 'GITHUB_TOKEN=new', '--config', 'b=2']), `${CHECK} Updated provider n\n`, '', 0);
      const p = s.state('local').providers[0];
      assert.deepStrictEqual(p.credentials, { GITHUB_TOKEN: 'new', GH_TOKEN: 'keep' });
      assert.deepStrictEqual(p.config, { a: '1', b: '2' });
      assert.strictEqual(p.resource_version, 2);
    });
    it('provider update <missing>: E(NotFound "provider not found")', () => {
      expectError(['provider', 'update', 'nope', '--credential', 'K=v'],
        'Error:   × code: \'Some requested entity was not found\', message: "provider not found"\n\n',
        'Error: code: \'Some requested entity was not found\', message: "provider not found"\n    Diagnostic severity: error\n\n');
    });
    it('provider delete a b: ✓ / ! line per name, exit 0', () => {
      s.run(['provider', 'create', '--name', 'a', '--type', 'github', '--credential', 'GITHUB_TOKEN=v']);
      expectRun(s.run(['provider', 'delete', 'a', 'b']), `${CHECK} Deleted provider a\n${BANG} Provider b not found\n`, '', 0);
      assert.deepStrictEqual(s.state('local').providers, []);
    });
    it('provider delete with no names: clap missing <NAME>..., exit 2', () => {
      const r = s.run(['provider', 'delete']);
      assert.strictEqual(r.status, 2);
      assert.ok(r.stderr.startsWith('error: the following required arguments were not provided:\n  <NAME>...\n\nUsage: '), r.stderr);
      assert.ok(r.stderr.endsWith(TRY_HELP));
    });
    it('provider delete of a provider attached to sandboxes: FailedPrecondition; earlier lines printed, later names untouched', () => {
      for (const n of ['first', 'gh', 'last']) s.run(['provider', 'create', '--name', n, '--type', 'github', '--credential', 'GITHUB_TOKEN=v']);
      s.seed('local', { sandboxes: [{ name: 'fs-abc-0123456789ab', providers: ['gh'], created_at: 1 }, { name: 'keep-me', providers: ['gh'], created_at: 2 }] });
      const argv = ['provider', 'delete', 'first', 'gh', 'last'];
      expectRun(s.run(argv), `${CHECK} Deleted provider first\n`,
        "Error:   × code: 'The system is not in a state required for the operation's\n  │ execution', message: \"provider 'gh' is attached to sandbox(es):\n  │ fs-abc-0123456789ab, keep-me\"\n\n", 1);
      s.run(['provider', 'create', '--name', 'first', '--type', 'github', '--credential', 'GITHUB_TOKEN=v']);
      expectRun(s.run(argv, { noGraphics: true }), `${CHECK} Deleted provider first\n`,
        "Error: code: 'The system is not in a state required for the operation's execution', message: \"provider 'gh' is attached to sandbox(es): fs-abc-0123456789ab, keep-me\"\n    Diagnostic severity: error\n\n", 1);
      assert.deepStrictEqual(s.state('local').providers.map((p) => p.name), ['gh', 'last']);
    });
    it('provider delete while attached, legacy knob: status: FailedPrecondition form', () => {
      s.run(['provider', 'create', '--name', 'gh', '--type', 'github', '--credential', 'GITHUB_TOKEN=v']);
      s.seed('local', { sandboxes: [{ name: 'fs-abc-0123456789ab', providers: ['gh'], created_at: 1 }, { name: 'keep-me', providers: ['gh'], created_at: 2 }] });
      s.setKnobs({ legacyErrors: true });
      expectRun(s.run(['provider', 'delete', 'gh']), '',
        "Error:   × status: FailedPrecondition, message: \"provider 'gh' is attached to\n  │ sandbox(es): fs-abc-0123456789ab, keep-me\", details: [], metadata:\n  │ MetadataMap { headers: {\"content-type\": \"application/grpc\"} }\n\n", 1);
    });
  });

  describe('provider profiles', () => {
    const JIRA = 'id: jira\ndisplay_name: Jira\ndescription: Atlassian Jira API\ncategory: other\ncredentials:\n  - name: api_token\n    env_vars: [JIRA_API_TOKEN]\n    required: true\n    auth_style: bearer\n    header_name: authorization\ndiscovery:\n  credentials: [api_token]\nendpoints:\n  - host: example.atlassian.net\n    port: 443\n    protocol: rest\n    access: read-only\n    enforcement: enforce\nbinaries: [/usr/bin/curl]\nunknown_field: ignored\n';
    let file: string;
    beforeEach(() => {
      s.addGateway('local');
      file = path.join(s.root, 'jira.yaml');
      fs.writeFileSync(file, JIRA);
    });

    it('provider list-profiles -o json: array of DTOs, built-ins sorted by category then id, fields in struct order', () => {
      s.run(['provider', 'profile', 'import', '-f', file]);
      const r = s.run(['provider', 'list-profiles', '-o', 'json']);
      assert.strictEqual(r.status, 0);
      assert.strictEqual(r.stderr, '');
      const list = JSON.parse(r.stdout) as Record<string, unknown>[];
      assert.strictEqual(r.stdout, JSON.stringify(list, null, 2) + '\n');
      assert.deepStrictEqual(list.map((p) => p.id), ['aws', 'aws-s3', 'google-cloud', 'jira', 'aws-bedrock', 'deepinfra', 'google-vertex-ai', 'nvidia', 'claude-code', 'codex', 'copilot', 'cursor', 'github', 'pypi']);
      const gh = list.find((p) => p.id === 'github')!;
      assert.deepStrictEqual(Object.keys(gh), ['id', 'display_name', 'description', 'category', 'credentials', 'endpoints', 'binaries', 'inference_capable', 'discovery', 'source']);
      assert.deepStrictEqual([gh.category, gh.source, gh.inference_capable, (gh.endpoints as unknown[]).length], ['source_control', 'builtin', false, 3]);
      const jira = list.find((p) => p.id === 'jira')!;
      assert.deepStrictEqual(Object.keys(jira).slice(0, 3), ['id', 'resource_version', 'display_name']);
      assert.strictEqual(jira.resource_version, 1);
      assert.strictEqual('unknown_field' in jira, false);
    });
    it('provider profile import -f p.yaml: "Imported 1 provider profile."', () => {
      expectRun(s.run(['provider', 'profile', 'import', '-f', file]), 'Imported 1 provider profile.\n', '', 0);
      expectRun(s.run(['provider', 'create', '--name', 'j', '--type', 'jira', '--credential', 'JIRA_API_TOKEN=t']), `${CHECK} Created provider j\n`, '', 0);
    });
    it('provider profile import --from <dir>: every *.yaml|*.yml|*.json, "Imported N provider profiles."', () => {
      const dir = path.join(s.root, 'profiles');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'a.yaml'), 'id: a-one\ndisplay_name: A\n');
      fs.writeFileSync(path.join(dir, 'b.json'), '{"id": "b-two", "display_name": "B"}');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a profile');
      expectRun(s.run(['provider', 'profile', 'import', '--from', dir]), 'Imported 2 provider profiles.\n', '', 0);
      assert.deepStrictEqual(s.state('local').profiles.map((p) => p.id), ['a-one', 'b-two']);
    });
    it('provider profile import -f p.yaml (id exists): diagnostics block + E(provider profile import failed)', () => {
      s.run(['provider', 'profile', 'import', '-f', file]);
      const diag = `\x1b[1m\x1b[31mProvider profile diagnostics:\x1b[39m\x1b[0m\n  \x1b[31merror\x1b[39m ${file} profile=jira field=id custom provider profile 'jira' already exists\n`;
      expectError(['provider', 'profile', 'import', '-f', file],
        `${diag}Error:   × provider profile import failed\n\n`,
        `${diag}Error: provider profile import failed\n    Diagnostic severity: error\n\n`);
    });
    it('provider profile import of a built-in id: "managed by source \'builtin\'" diagnostic', () => {
      fs.writeFileSync(file, 'id: github\ndisplay_name: Mine\n');
      expectRun(s.run(['provider', 'profile', 'import', '-f', file]), '',
        `\x1b[1m\x1b[31mProvider profile diagnostics:\x1b[39m\x1b[0m\n  \x1b[31merror\x1b[39m ${file} profile=github field=id provider profile 'github' is managed by source 'builtin' and cannot be overwritten\nError:   × provider profile import failed\n\n`, 1);
    });
    it('provider profile export <id>: YAML by default (serde_yml layout), pretty JSON with -o json', () => {
      fs.writeFileSync(file, 'id: jira\ndisplay_name: Jira\ncredentials:\n  - name: api_token\n    env_vars: [JIRA_API_TOKEN]\nendpoints: []\n');
      s.run(['provider', 'profile', 'import', '-f', file]);
      expectRun(s.run(['provider', 'profile', 'export', 'jira']),
        "id: jira\nresource_version: 1\ndisplay_name: Jira\ndescription: ''\ncategory: other\ncredentials:\n- name: api_token\n  env_vars:\n  - JIRA_API_TOKEN\nendpoints: []\nbinaries: []\ninference_capable: false\nsource: custom\nscope: default\n", '', 0);
      expectRun(s.run(['provider', 'profile', 'export', 'jira', '-o', 'json']), `{
  "id": "jira",
  "resource_version": 1,
  "display_name": "Jira",
  "description": "",
  "category": "other",
  "credentials": [
    {
      "name": "api_token",
      "env_vars": [
        "JIRA_API_TOKEN"
      ]
    }
  ],
  "endpoints": [],
  "binaries": [],
  "inference_capable": false,
  "source": "custom",
  "scope": "default"
}
`, '', 0);
    });
    it('provider profile export -o table: E(table output is not supported)', () => {
      expectError(['provider', 'profile', 'export', 'github', '-o', 'table'],
        "Error:   × profile export supports '-o yaml' and '-o json'; table output is not\n  │ supported\n\n",
        "Error: profile export supports '-o yaml' and '-o json'; table output is not supported\n    Diagnostic severity: error\n\n");
    });
    it('provider profile delete <id>: "Deleted provider profile \'<id>\'."', () => {
      s.run(['provider', 'profile', 'import', '-f', file]);
      expectRun(s.run(['provider', 'profile', 'delete', 'jira']), "Deleted provider profile 'jira'.\n", '', 0);
      assert.deepStrictEqual(s.state('local').profiles, []);
    });
    it('provider profile delete <missing>: E(NotFound "provider profile not found"), wrapped onto 2 lines', () => {
      expectError(['provider', 'profile', 'delete', 'nope'],
        'Error:   × code: \'Some requested entity was not found\', message: "provider profile\n  │ not found"\n\n',
        'Error: code: \'Some requested entity was not found\', message: "provider profile not found"\n    Diagnostic severity: error\n\n');
    });
    it('provider profile delete of a built-in: FailedPrecondition, and it stays', () => {
      expectError(['provider', 'profile', 'delete', 'github'],
        "Error:   × code: 'The system is not in a state required for the operation's\n  │ execution', message: \"provider profile 'github' is managed by source\n  │ 'builtin' and cannot be deleted\"\n\n",
        "Error: code: 'The system is not in a state required for the operation's execution', message: \"provider profile 'github' is managed by source 'builtin' and cannot be deleted\"\n    Diagnostic severity: error\n\n");
      assert.strictEqual(s.run(['provider', 'profile', 'export', 'github']).status, 0);
    });
    it('provider profile delete of a profile used by a sandbox\'s provider: FailedPrecondition "in use by sandboxes"', () => {
      s.run(['provider', 'profile', 'import', '-f', file]);
      s.run(['provider', 'create', '--name', 'j', '--type', 'jira', '--credential', 'JIRA_API_TOKEN=t']);
      s.seed('local', { sandboxes: [{ name: 'fs-abc-0123456789ab', providers: ['j'] }] });
      expectError(['provider', 'profile', 'delete', 'jira'],
        "Error:   × code: 'The system is not in a state required for the operation's\n  │ execution', message: \"provider profile 'jira' is in use by sandboxes:\n  │ fs-abc-0123456789ab\"\n\n",
        "Error: code: 'The system is not in a state required for the operation's execution', message: \"provider profile 'jira' is in use by sandboxes: fs-abc-0123456789ab\"\n    Diagnostic severity: error\n\n");
    });
    it('provider profile update <id> -f: needs the current resource_version; stale → Aborted', () => {
      s.run(['provider', 'profile', 'import', '-f', file]);
      const exported = s.run(['provider', 'profile', 'export', 'jira']).stdout;
      const edited = path.join(s.root, 'jira-edited.yaml');
      fs.writeFileSync(edited, exported.replace('display_name: Jira', 'display_name: Jira Cloud'));
      expectRun(s.run(['provider', 'profile', 'update', 'jira', '-f', edited]), 'Updated provider profile.\n', '', 0);
      const p = s.state('local').profiles[0];
      assert.deepStrictEqual([p.display_name, p.resource_version], ['Jira Cloud', 2]);
      // the same file again carries resource_version 1, now stale
      const r = s.run(['provider', 'profile', 'update', 'jira', '-f', edited], { noGraphics: true });
      assert.strictEqual(r.status, 1);
      assert.match(r.stderr, /^Error: code: 'The operation was aborted', message: ".*"\n {4}Diagnostic severity: error\n\n$/);
    });
  });

  describe('settings', () => {
    beforeEach(() => { s.addGateway('local'); });

    it('settings get --global: every registered key, <unset> for unset ones', () => {
      s.seed('local', { settings: { providers_v2_enabled: true } });
      expectRun(s.run(['settings', 'get', '--global']),
        'Scope:         global\nSettings Rev:  1\nSettings:\n  agent_policy_proposals_enabled = <unset>\n  ocsf_json_enabled = <unset>\n  proposal_approval_mode = <unset>\n  providers_v2_enabled = true\n', '', 0);
    });
    it('settings get --global --json: sorted keys, string values, settings_revision', () => {
      expectRun(s.run(['settings', 'get', '--global', '--json']), `{
  "scope": "global",
  "settings": {
    "agent_policy_proposals_enabled": "<unset>",
    "ocsf_json_enabled": "<unset>",
    "proposal_approval_mode": "<unset>",
    "providers_v2_enabled": "<unset>"
  },
  "settings_revision": 0
}
`, '', 0);
    });
    it('settings set --global --key providers_v2_enabled --value true --yes: ✓ … (revision N)', () => {
      expectRun(s.run(['settings', 'set', '--global', '--key', 'providers_v2_enabled', '--value', 'true', '--yes']),
        `${CHECK} Set global setting providers_v2_enabled=true (revision 1)\n`, '', 0);
      expectRun(s.run(['settings', 'set', '--global', '--key', 'ocsf_json_enabled', '--value', 'Yes', '--yes']),
        `${CHECK} Set global setting ocsf_json_enabled=Yes (revision 2)\n`, '', 0);
      assert.deepStrictEqual(s.state('local').settings, { values: { providers_v2_enabled: true, ocsf_json_enabled: true }, revision: 2 });
    });
    it('same without --yes (non-TTY): E(… require confirmation …), wrapped', () => {
      expectError(['settings', 'set', '--global', '--key', 'providers_v2_enabled', '--value', 'true'],
        'Error:   × global setting updates require confirmation; pass --yes in non-interactive\n  │ mode\n\n',
        'Error: global setting updates require confirmation; pass --yes in non-interactive mode\n    Diagnostic severity: error\n\n');
    });
    it('settings set --global --key bogus --value 1 --yes: E(unknown setting key …), wrapped', () => {
      expectError(['settings', 'set', '--global', '--key', 'bogus', '--value', '1', '--yes'],
        "Error:   × unknown setting key 'bogus'. Allowed keys: providers_v2_enabled,\n  │ ocsf_json_enabled, agent_policy_proposals_enabled, proposal_approval_mode\n\n",
        "Error: unknown setting key 'bogus'. Allowed keys: providers_v2_enabled, ocsf_json_enabled, agent_policy_proposals_enabled, proposal_approval_mode\n    Diagnostic severity: error\n\n");
    });
    it('settings delete --global --key K --yes: ✓ Deleted … (revision N), or ! not found', () => {
      s.seed('local', { settings: { providers_v2_enabled: true } });
      expectRun(s.run(['settings', 'delete', '--global', '--key', 'providers_v2_enabled', '--yes']),
        `${CHECK} Deleted global setting providers_v2_enabled (revision 2)\n`, '', 0);
      expectRun(s.run(['settings', 'delete', '--global', '--key', 'providers_v2_enabled', '--yes']),
        `${BANG} Global setting providers_v2_enabled not found\n`, '', 0);
    });
  });

  describe('sandbox', () => {
    beforeEach(() => { s.addGateway('local'); });

    it('sandbox list: "No sandboxes found." when empty; [] with -o json', () => {
      expectRun(s.run(['sandbox', 'list']), 'No sandboxes found.\n', '', 0);
      expectRun(s.run(['sandbox', 'list', '-o', 'json']), '[]\n', '', 0);
    });
    it('sandbox list: table, CREATED in UTC, Ready green', () => {
      s.seed('local', { sandboxes: [
        { name: 'fs-abc-0123456789ab', created_at: '2026-08-21T10:11:12Z', phase: 'Ready' },
        { name: 'dev', created_at: '2026-08-22T00:00:00Z', phase: 'Provisioning' },
      ] });
      expectRun(s.run(['sandbox', 'list']),
        '\x1b[1mNAME               \x1b[0m  \x1b[1mCREATED            \x1b[0m  \x1b[1mPHASE\x1b[0m\n' +
        'fs-abc-0123456789ab  2026-08-21 10:11:12  \x1b[32mReady\x1b[39m\n' +
        'dev                  2026-08-22 00:00:00  Provisioning\n', '', 0);
    });
    it('sandbox list -o json: array with the §4.9 keys, sorted', () => {
      s.seed('local', { sandboxes: [{ name: 'fs-abc-0123456789ab', id: 'sb-1', created_at: 1755771072000, labels: { run: 'x' } }] });
      expectRun(s.run(['sandbox', 'list', '-o', 'json']), `[
  {
    "annotations": {},
    "created_at": 1755771072000,
    "current_policy_version": 0,
    "id": "sb-1",
    "labels": {
      "run": "x"
    },
    "name": "fs-abc-0123456789ab",
    "phase": "Ready",
    "resource_version": 1,
    "workspace": "default"
  }
]
`, '', 0);
    });
    it('sandbox delete <n>: ✓ Deleted sandbox <n>, or ! Sandbox <n> not found', () => {
      s.seed('local', { sandboxes: [{ name: 'fs-abc-0123456789ab' }] });
      expectRun(s.run(['sandbox', 'delete', 'fs-abc-0123456789ab', 'nope']),
        `${CHECK} Deleted sandbox fs-abc-0123456789ab\n${BANG} Sandbox nope not found\n`, '', 0);
      assert.deepStrictEqual(s.state('local').sandboxes, []);
    });
  });
});
