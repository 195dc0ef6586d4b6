// The openshell simulator in the 0.1 dialect against its fake-CLI contract, openshell-0.1.md §9: at least
// one test per row, exact stdout, stderr and exit code. Every sim pins version 0.1.5 explicitly, so the
// file passes whatever OPENSHELL_SIM_DEFAULT_VERSION says. Expected bytes are written out literally (never
// built with the simulator's own helpers); only generated ids, page tokens and timestamps are read back.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { sim as api, Sim, RunResult } from '../support/simulator';

const TRY_HELP = "\n\nFor more information, try '--help'.\n";
const NOT_FOUND = 'Some requested entity was not found';
const PRECONDITION = "The system is not in a state required for the operation's execution";
const UNAVAILABLE = 'The service is currently unavailable';
/** miette's narratable rendering (NO_GRAPHICS=1), what the extension sees. */
const E = (msg: string): string => `Error: ${msg}\n    Diagnostic severity: error\n\n`;
const RFC3339_NS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

function expectRun(r: RunResult, stdout: string, stderr: string, status: number): void {
  assert.deepStrictEqual({ stdout: r.stdout, stderr: r.stderr, status: r.status }, { stdout, stderr, status });
}

const GITHUB = {
  id: 'github', display_name: 'GitHub', description: 'GitHub REST and git access', category: 'source_control' as const,
  credentials: [{ name: 'token', env_vars: ['GITHUB_TOKEN', 'GH_TOKEN'], required: true, auth_style: 'bearer', header_name: 'authorization' }],
  endpoints: [{ host: 'api.github.com', port: 443, protocol: 'rest', access: 'read-write', enforcement: 'enforce' }],
  binaries: ['/usr/bin/gh'],
  discovery: { credentials: ['token'] },
};
const PYPI = { id: 'pypi', display_name: 'PyPI', category: 'data' as const, credentials: [] };

describe('openshell-sim 0.1 dialect (openshell-0.1.md §9)', function () {
  this.timeout(30000);
  let s: Sim;

  beforeEach(() => {
    s = api.createSim({ knobs: { version: '0.1.5' } });
    s.addGateway('local');
  });
  afterEach(() => s.dispose());

  /** NO_GRAPHICS=1 like the extension; `env` on top. */
  const run = (argv: string[], env: Record<string, string | undefined> = {}): RunResult => s.run(argv, { noGraphics: true, env });
  const seedProfiles = (): void => s.seed('local', { profiles: [GITHUB, PYPI] });
  const writeProfile = (name: string, body: string): string => {
    const file = path.join(s.root, name);
    fs.writeFileSync(file, body);
    return file;
  };

  describe('version, colour, removed flags', () => {
    it('--version: "openshell 0.1.5\\n"; prerelease and dev versions also speak 0.1', () => {
      expectRun(run(['--version']), 'openshell 0.1.5\n', '', 0);
      for (const version of ['0.1.0-pre.3', '0.1.6-dev.4+g2bf9969ab']) {
        s.setKnobs({ version });
        expectRun(run(['--version']), `openshell ${version}\n`, '', 0);
        expectRun(run(['provider', 'list', '-o', 'json']), '{\n  "providers": [],\n  "next_page_token": ""\n}\n', '', 0);
      }
      s.setKnobs({ version: '0.0.112-dev.7+g2f7fb6559' });
      expectRun(run(['provider', 'list', '-o', 'json']), '[]\n', '', 0);
    });
    it('no ANSI by default; --color always or FORCE_COLOR style per §2.1 (one merged SGR sequence)', () => {
      seedProfiles();
      expectRun(run(['provider', 'create', '--name', 'a', '--type', 'pypi']), '✓ Created provider a\n', '', 0);
      expectRun(run(['provider', 'create', '--name', 'b', '--type', 'pypi', '--color', 'always']), '\x1b[32;1m✓\x1b[0m Created provider b\n', '', 0);
      expectRun(run(['provider', 'delete', 'zz'], { FORCE_COLOR: '1' }), '\x1b[33m!\x1b[0m Provider zz not found\n', '', 0);
      expectRun(run(['provider', 'delete', 'zz'], { FORCE_COLOR: '0' }), '\x1b[33m!\x1b[0m Provider zz not found\n', '', 0);
      expectRun(run(['provider', 'list'], { FORCE_COLOR: '1' }),
        '\x1b[1mNAME\x1b[0m  \x1b[1mTYPE\x1b[0m  \x1b[1mCREDENTIAL_KEYS \x1b[0m  \x1b[1mCONFIG_KEYS\x1b[0m\na     pypi  0                 0\nb     pypi  0                 0\n', '', 0);
    });
    it('colour resolution: NO_COLOR beats FORCE_COLOR, --color beats both, OPENSHELL_COLOR is --color', () => {
      expectRun(run(['provider', 'delete', 'zz'], { FORCE_COLOR: '1', NO_COLOR: '1' }), '! Provider zz not found\n', '', 0);
      expectRun(run(['provider', 'delete', 'zz', '--color', 'always'], { NO_COLOR: '1' }), '\x1b[33m!\x1b[0m Provider zz not found\n', '', 0);
      expectRun(run(['provider', 'delete', 'zz', '--color', 'never'], { FORCE_COLOR: '1' }), '! Provider zz not found\n', '', 0);
      expectRun(run(['provider', 'delete', 'zz'], { OPENSHELL_COLOR: 'always' }), '\x1b[33m!\x1b[0m Provider zz not found\n', '', 0);
    });
    it('--color in the 0.0 dialect is a clap usage error, exit 2', () => {
      s.setKnobs({ version: '0.0.111' });
      expectRun(run(['provider', 'list', '--color', 'never']), '', "error: unexpected argument '--color' found\n\nUsage: openshell provider list [OPTIONS]" + TRY_HELP, 2);
    });
    it('--limit / --offset: clap "unexpected argument", exit 2 (provider list and sandbox list)', () => {
      expectRun(run(['provider', 'list', '--limit', '10']), '', "error: unexpected argument '--limit' found\n\nUsage: openshell provider list [OPTIONS]" + TRY_HELP, 2);
      expectRun(run(['provider', 'list', '--offset', '1']), '', "error: unexpected argument '--offset' found\n\nUsage: openshell provider list [OPTIONS]" + TRY_HELP, 2);
      expectRun(run(['sandbox', 'list', '--limit', '10']), '', "error: unexpected argument '--limit' found\n\nUsage: openshell sandbox list [OPTIONS]" + TRY_HELP, 2);
    });
  });

  describe('status and gateways', () => {
    it('status -o json (up): gateway, server, status, authentication{status,mode}, version = the knob', () => {
      expectRun(run(['status', '-o', 'json']), `{
  "gateway": "local",
  "server": "http://127.0.0.1:8080",
  "status": "connected",
  "authentication": {
    "status": "not_required",
    "mode": "gateway"
  },
  "version": "0.1.5"
}
`, '', 0);
    });
    it('status -o json with jsonOrder sorted', () => {
      s.setKnobs({ jsonOrder: 'sorted' });
      expectRun(run(['status', '-o', 'json']), `{
  "authentication": {
    "mode": "gateway",
    "status": "not_required"
  },
  "gateway": "local",
  "server": "http://127.0.0.1:8080",
  "status": "connected",
  "version": "0.1.5"
}
`, '', 0);
    });
    it('gateway list -o json / select / remove: unchanged, without ANSI', () => {
      s.addGateway('two', { endpoint: 'https://10.0.0.5:17670' });
      expectRun(run(['gateway', 'list', '-o', 'json']), `[
  {
    "active": true,
    "auth": "plaintext",
    "endpoint": "http://127.0.0.1:8080",
    "is_remote": false,
    "name": "local",
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
    "name": "two",
    "remote_host": null,
    "resolved_host": null,
    "source": "user",
    "type": "local"
  }
]
`, '', 0);
      expectRun(run(['gateway', 'list']),
        '  NAME   ENDPOINT                TYPE   SOURCE  AUTH\n' +
        '* local  http://127.0.0.1:8080   local  user    plaintext\n' +
        '  two    https://10.0.0.5:17670  local  user    mtls\n', '', 0);
      expectRun(run(['gateway', 'select', 'two']), '', "✓ Active gateway set to 'two'\n", 0);
      expectRun(run(['gateway', 'remove', 'two']), '', "✓ Gateway registration 'two' removed.\n", 0);
      expectRun(run(['gateway', 'select', 'nope']), '',
        E("No gateway metadata found for 'nope'.\nRegister it first with: openshell gateway add <endpoint> --name nope\nOr list available gateways: openshell gateway select"), 1);
    });
  });

  describe('provider list', () => {
    it('-o json (empty): the envelope', () => {
      expectRun(run(['provider', 'list', '-o', 'json']), '{\n  "providers": [],\n  "next_page_token": ""\n}\n', '', 0);
    });
    it('-o json: element keys in insertion order, optional keys only when set, created_at as a string', () => {
      s.seed('local', {
        providers: [
          { id: 'id-a', name: 'a', type: 'github', credentials: ['GITHUB_TOKEN'] },
          {
            id: 'id-b', name: 'b', type: 'pypi', credentials: { B_KEY: 'x', A_KEY: 'y' }, config: { site: 's' }, labels: { team: 't' },
            resource_version: 3, created_at: 1_234_567_890_000, credential_expires_at_ms: { A_KEY: 1_900_000_000_000 },
          },
        ],
      });
      expectRun(run(['provider', 'list', '-o', 'json']), `{
  "providers": [
    {
      "id": "id-a",
      "name": "a",
      "workspace": "default",
      "type": "github",
      "credential_keys": [
        "GITHUB_TOKEN"
      ],
      "resource_version": 1
    },
    {
      "id": "id-b",
      "name": "b",
      "workspace": "default",
      "type": "pypi",
      "credential_keys": [
        "A_KEY",
        "B_KEY"
      ],
      "config_keys": [
        "site"
      ],
      "labels": {
        "team": "t"
      },
      "resource_version": 3,
      "created_at": "2009-02-13 23:31:30",
      "credential_expires_at_ms": {
        "A_KEY": 1900000000000
      }
    }
  ],
  "next_page_token": ""
}
`, '', 0);
    });
    it('-o json with jsonOrder sorted: envelope and elements sorted', () => {
      s.setKnobs({ jsonOrder: 'sorted' });
      s.seed('local', { providers: [{ id: 'id-a', name: 'a', type: 'github', credentials: ['GITHUB_TOKEN'] }] });
      expectRun(run(['provider', 'list', '-o', 'json']), `{
  "next_page_token": "",
  "providers": [
    {
      "credential_keys": [
        "GITHUB_TOKEN"
      ],
      "id": "id-a",
      "name": "a",
      "resource_version": 1,
      "type": "github",
      "workspace": "default"
    }
  ]
}
`, '', 0);
    });
    it('--page-size K (more than K): first K and an opaque token; --page-token: the next page, the last with ""', () => {
      s.seed('local', { providers: ['a', 'b', 'c'].map((name) => ({ name, type: 'github', credentials: ['K'] })) });
      const first = JSON.parse(run(['provider', 'list', '-o', 'json', '--page-size', '2']).stdout) as { providers: { name: string }[]; next_page_token: string };
      assert.deepStrictEqual(first.providers.map((p) => p.name), ['a', 'b']);
      assert.match(first.next_page_token, /^[A-Za-z0-9_-]+$/);
      const second = run(['provider', 'list', '-o', 'json', '--page-size', '2', '--page-token', first.next_page_token]);
      assert.strictEqual(second.status, 0);
      const page2 = JSON.parse(second.stdout) as { providers: { name: string }[]; next_page_token: string };
      assert.deepStrictEqual([page2.providers.map((p) => p.name), page2.next_page_token], [['c'], '']);
      expectRun(run(['provider', 'list', '--names', '--page-size', '2', '--page-token', first.next_page_token]), 'c\n', '', 0);
    });
    it('--page-token junk (or a token of another query): E(InvalidArgument "invalid page token"), exit 1', () => {
      expectRun(run(['provider', 'list', '-o', 'json', '--page-token', 'junk']), '',
        E(`code: 'Client specified an invalid argument', message: "invalid page token"`), 1);
      s.seed('local', { sandboxes: [{ name: 's1' }, { name: 's2' }] });
      const token = (JSON.parse(run(['sandbox', 'list', '-o', 'json', '--page-size', '1']).stdout) as { next_page_token: string }).next_page_token;
      assert.notStrictEqual(token, '');
      expectRun(run(['provider', 'list', '-o', 'json', '--page-token', token]), '',
        E(`code: 'Client specified an invalid argument', message: "invalid page token"`), 1);
      expectRun(s.run(['provider', 'list', '--page-token', 'junk']), '',
        "Error:   × code: 'Client specified an invalid argument', message: \"invalid page\n  │ token\"\n\n", 1);
    });
    it('--page-size 0 is the default 100; more than 1000 is capped at 1000', () => {
      s.seed('local', { providers: Array.from({ length: 101 }, (_v, i) => ({ name: `p${String(i).padStart(3, '0')}`, type: 'github', credentials: ['K'] })) });
      for (const argv of [['--page-size', '0'], []]) {
        const r = JSON.parse(run(['provider', 'list', '-o', 'json', ...argv]).stdout) as { providers: unknown[]; next_page_token: string };
        assert.strictEqual(r.providers.length, 100);
        assert.notStrictEqual(r.next_page_token, '');
      }
      const all = JSON.parse(run(['provider', 'list', '-o', 'json', '--page-size', '5000']).stdout) as { providers: unknown[]; next_page_token: string };
      assert.deepStrictEqual([all.providers.length, all.next_page_token], [101, '']);
    });
    it('table with more pages: the table on stdout, "Next page token: <t>" on stderr', () => {
      s.seed('local', { providers: ['a', 'b', 'c'].map((name) => ({ name, type: 'github', credentials: ['K'] })) });
      const token = (JSON.parse(run(['provider', 'list', '-o', 'json', '--page-size', '2']).stdout) as { next_page_token: string }).next_page_token;
      expectRun(run(['provider', 'list', '--page-size', '2']),
        'NAME  TYPE    CREDENTIAL_KEYS   CONFIG_KEYS\na     github  1                 0\nb     github  1                 0\n', `Next page token: ${token}\n`, 0);
    });
    it('empty: "No providers found." / --names prints nothing', () => {
      expectRun(run(['provider', 'list']), 'No providers found.\n', '', 0);
      expectRun(run(['provider', 'list', '--names']), '', '', 0);
    });
  });

  describe('provider get / create', () => {
    it('provider get <n>: the §5.2 block, plain', () => {
      s.seed('local', { providers: [{ id: 'id-1', name: 'gh', type: 'github', credentials: ['GH_TOKEN', 'GITHUB_TOKEN'], config: { host: 'h' } }] });
      expectRun(run(['provider', 'get', 'gh']),
        'Provider:\n\n  Id: id-1\n  Name: gh\n  Type: github\n  Resource version: 1\n  Credential keys: GH_TOKEN, GITHUB_TOKEN\n  Config keys: host\n', '', 0);
      expectRun(run(['provider', 'get', 'nope']), '', E(`code: '${NOT_FOUND}', message: "provider not found"`), 1);
    });
    it('create --type T (T imported): "✓ Created provider n"; the stored type is the profile id and created_at is set', () => {
      seedProfiles();
      expectRun(run(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN=v']), '✓ Created provider n\n', '', 0);
      const p = s.state('local').providers[0];
      assert.deepStrictEqual([p.type, p.credentials], ['github', { GITHUB_TOKEN: 'v' }]);
      assert.ok(p.created_at > 0);
      const listed = JSON.parse(run(['provider', 'list', '-o', 'json']).stdout) as { providers: { created_at: string }[] };
      assert.match(listed.providers[0].created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    });
    it('create --type T (T not imported, incl. the legacy aliases gh and claude): E(provider profile \'T\' not found; …)', () => {
      seedProfiles();
      for (const t of ['gh', 'claude', 'jira']) {
        expectRun(run(['provider', 'create', '--name', 'n', '--type', t, '--credential', 'K=v']), '',
          E(`provider profile '${t}' not found; import a matching profile before using this provider type`), 1);
      }
      expectRun(s.run(['provider', 'create', '--name', 'n', '--type', 'gh', '--credential', 'K=v']), '',
        "Error:   × provider profile 'gh' not found; import a matching profile before using\n  │ this provider type\n\n", 1);
    });
    it('create with no source, T policy-only (credentials: []): created; credlessCreate off → clap missing group, exit 2', () => {
      seedProfiles();
      expectRun(run(['provider', 'create', '--name', 'n', '--type', 'pypi']), '✓ Created provider n\n', '', 0);
      assert.deepStrictEqual(s.state('local').providers[0].credentials, {});
      s.setKnobs({ credlessCreate: false });
      const r = run(['provider', 'create', '--name', 'm', '--type', 'pypi']);
      assert.deepStrictEqual([r.stdout, r.status], ['', 2]);
      assert.ok(r.stderr.startsWith('error: the following required arguments were not provided:\n  <--from-existing|--credential <KEY[=VALUE]>|--from-gcloud-adc|--from-oidc-token|--runtime-credentials>\n\nUsage: openshell provider create '), r.stderr);
      assert.ok(r.stderr.endsWith(TRY_HELP));
    });
    it('create with no source, T needs a static credential: E(no credentials resolved …)', () => {
      seedProfiles();
      expectRun(run(['provider', 'create', '--name', 'n', '--type', 'github']), '',
        E("no credentials resolved for provider type 'github'. Use --credential KEY[=VALUE], --runtime-credentials for runtime-resolved profile credentials, or --from-existing with the appropriate env vars set."), 1);
      expectRun(run(['provider', 'create', '--name', 'n', '--type', 'github', '--runtime-credentials']), '',
        E('--runtime-credentials is only valid for provider profiles whose required credentials are resolved at runtime'), 1);
    });
    it('a profile whose required credentials refresh at runtime allows credential-less create', () => {
      s.seed('local', { profiles: [{ id: 'vault', display_name: 'Vault', credentials: [{ name: 'token', env_vars: ['VAULT_TOKEN'], required: true, refresh: { strategy: 'oidc' } }] }] });
      expectRun(run(['provider', 'create', '--name', 'v', '--type', 'vault', '--runtime-credentials']), '✓ Created provider v\n', '', 0);
    });
    it('create --credential K (env K unset): E(--credential K requires local env var …)', () => {
      seedProfiles();
      expectRun(run(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN'], { GITHUB_TOKEN: undefined }), '',
        E("--credential GITHUB_TOKEN requires local env var 'GITHUB_TOKEN' to be set to a non-empty value"), 1);
      expectRun(run(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'GITHUB_TOKEN'], { GITHUB_TOKEN: 'tok' }), '✓ Created provider n\n', '', 0);
    });
    it('create --from-existing reads the profile\'s discovery env vars', () => {
      seedProfiles();
      expectRun(run(['provider', 'create', '--name', 'n', '--type', 'github', '--from-existing'], { GITHUB_TOKEN: undefined, GH_TOKEN: 'g' }), '✓ Created provider n\n', '', 0);
      assert.deepStrictEqual(s.state('local').providers[0].credentials, { GH_TOKEN: 'g' });
    });
    it('create duplicate name: E(AlreadyExists "provider already exists")', () => {
      seedProfiles();
      s.seed('local', { providers: [{ name: 'n', type: 'github', credentials: ['K'] }] });
      expectRun(run(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'K=v']), '',
        E(`code: 'Some entity that we attempted to create already exists', message: "provider already exists"`), 1);
    });
  });

  describe('provider update', () => {
    beforeEach(() => {
      seedProfiles();
      s.seed('local', { providers: [{ id: 'pid', name: 'n', type: 'github', credentials: ['GITHUB_TOKEN'] }] });
    });

    it('no sandbox attached: "Provider mutation <mid> persisted; …"; readiness off → "✓ Updated provider n"', () => {
      expectRun(run(['provider', 'update', 'n', '--credential', 'GITHUB_TOKEN=w']), 'Provider mutation mut-000001 persisted; no attached sandboxes were selected.\n', '', 0);
      assert.deepStrictEqual([s.state('local').providers[0].credentials, s.state('local').mutations], [{ GITHUB_TOKEN: 'w' }, 1]);
      s.setKnobs({ readiness: false });
      expectRun(run(['provider', 'update', 'n', '--credential', 'GITHUB_TOKEN=x']), '✓ Updated provider n\n', '', 0);
      const r = run(['provider', 'update', 'n', '--wait']);
      assert.deepStrictEqual([r.stdout, r.stderr.split('\n')[0], r.status], ['', "error: unexpected argument '--wait' found", 2]);
    });
    it('-o json, no sandbox: {"mutation_id", "targets": []}', () => {
      expectRun(run(['provider', 'update', 'n', '--credential', 'GITHUB_TOKEN=w', '-o', 'json']), '{\n  "mutation_id": "mut-000001",\n  "targets": []\n}\n', '', 0);
    });
    it('attached to s1, no --wait: persisted (waiting_for_supervisor) block, exit 0', () => {
      s.seed('local', { sandboxes: [{ name: 's1', providers: ['n'] }] });
      const r = run(['provider', 'update', 'n', '--credential', 'GITHUB_TOKEN=w']);
      const persisted = /\n {2}Persisted: (\S+)\n/.exec(r.stdout)![1];
      assert.match(persisted, RFC3339_NS);
      expectRun(r, `s1 / n: persisted (waiting_for_supervisor)\n  Receipt: mut-000001-r1\n  Persisted: ${persisted}\n`, '', 0);
    });
    it('attached, -o json: one status per target with receipt, state, reason, wait_outcome', () => {
      s.seed('local', { sandboxes: [{ id: 'sid', name: 's1', providers: ['n'] }] });
      const r = run(['provider', 'update', 'n', '--credential', 'GITHUB_TOKEN=w', '-o', 'json']);
      assert.strictEqual(r.status, 0);
      const body = JSON.parse(r.stdout) as { mutation_id: string; targets: Record<string, unknown>[] };
      assert.deepStrictEqual(Object.keys(body), ['mutation_id', 'targets']);
      const t = body.targets[0] as { receipt: Record<string, unknown> & { desired: Record<string, unknown> } } & Record<string, unknown>;
      assert.deepStrictEqual(Object.keys(t), ['receipt', 'state', 'reason', 'observed', 'network_instance_id', 'observed_time', 'evaluated_time', 'wait_outcome']);
      assert.match(String(t.receipt.persisted_time), RFC3339_NS);
      assert.deepStrictEqual({ ...t.receipt, persisted_time: 'T' }, {
        receipt_id: 'mut-000001-r1', mutation_id: 'mut-000001', provider_name: 'n', workspace: 'default', kind: 'update',
        desired: {
          sandbox_id: 'sid', sandbox_name: 's1', attachment_epoch: 1, provider_id: 'pid', provider_resource_version: '2',
          provider_env_revision: '2', config_revision: '0', policy_hash: '',
        },
        persisted_time: 'T',
      });
      assert.deepStrictEqual([t.state, t.reason, t.observed, t.wait_outcome], ['persisted', 'waiting_for_supervisor', null, 'not_requested']);
    });
    it('--wait, installs in time (a Ready sandbox): ready (unspecified) … Wait: complete, exit 0', () => {
      s.seed('local', { sandboxes: [{ name: 's1', providers: ['n'] }] });
      const r = run(['provider', 'update', 'n', '--credential', 'GITHUB_TOKEN=w', '--wait']);
      const persisted = /\n {2}Persisted: (\S+)\n/.exec(r.stdout)![1];
      expectRun(r, `s1 / n: ready (unspecified)\n  Receipt: mut-000001-r1\n  Persisted: ${persisted}\n` +
        '  Installed: credentials=true, policy=true, future process environment=true\n  Wait: complete\n', '', 0);
    });
    it('--wait, deadline passes (a sandbox that is not Ready): the block with "Wait: timed_out", then E(…), exit 1', () => {
      s.seed('local', { sandboxes: [{ name: 's1', providers: ['n'], phase: 'Provisioning' }] });
      const t0 = Date.now();
      const r = run(['provider', 'update', 'n', '--credential', 'GITHUB_TOKEN=w', '--wait', '--timeout', '1']);
      assert.ok(Date.now() - t0 >= 1000);
      const persisted = /\n {2}Persisted: (\S+)\n/.exec(r.stdout)![1];
      expectRun(r, `s1 / n: persisted (waiting_for_supervisor)\n  Receipt: mut-000001-r1\n  Persisted: ${persisted}\n  Wait: timed_out\n`,
        E('provider readiness wait did not complete for every selected sandbox; inspect the reported outcomes'), 1);
    });
    it('provider update <missing>: E(provider update lookup failed (Some requested entity was not found))', () => {
      expectRun(run(['provider', 'update', 'nope', '--credential', 'K=v']), '', E(`provider update lookup failed (${NOT_FOUND})`), 1);
      expectRun(s.run(['provider', 'update', 'nope', '--credential', 'K=v']), '',
        `Error:   × provider update lookup failed (${NOT_FOUND})\n\n`, 1);
    });
    it('an injected failure renders as "provider update failed (<desc>)", the server message dropped', () => {
      s.setKnobs({ fail: 'provider update#1=unavailable:database is locked' });
      expectRun(run(['provider', 'update', 'n', '--credential', 'GITHUB_TOKEN=w']), '', E(`provider update failed (${UNAVAILABLE})`), 1);
      assert.deepStrictEqual(s.state('local').providers[0].credentials, { GITHUB_TOKEN: 'seeded-GITHUB_TOKEN' });
    });
    it('--timeout 0 / --timeout 3601: clap invalid value, exit 2', () => {
      for (const v of ['0', '3601']) {
        expectRun(run(['provider', 'update', 'n', '--wait', '--timeout', v]), '', `error: invalid value '${v}' for '--timeout <TIMEOUT>': ${v} is not in 1..=3600` + TRY_HELP, 2);
      }
    });
    it('--type x: clap unexpected argument, exit 2', () => {
      expectRun(run(['provider', 'update', 'n', '--type', 'x']), '', "error: unexpected argument '--type' found\n\nUsage: openshell provider update [OPTIONS] <NAME>" + TRY_HELP, 2);
    });
  });

  describe('provider delete', () => {
    beforeEach(() => s.seed('local', { providers: ['a', 'b'].map((name) => ({ name, type: 'github', credentials: ['K'] })) }));

    it('delete a b: a line per name', () => {
      expectRun(run(['provider', 'delete', 'a', 'b']), '✓ Deleted provider a\n✓ Deleted provider b\n', '', 0);
    });
    it('delete a missing: "! Provider missing not found", exit 0', () => {
      expectRun(run(['provider', 'delete', 'a', 'missing']), '✓ Deleted provider a\n! Provider missing not found\n', '', 0);
    });
    it('delete a b (a attached to s1): continues; per-name failure line, then E(failed to delete 1 provider: a)', () => {
      s.seed('local', { sandboxes: [{ name: 's1', providers: ['a'] }] });
      expectRun(run(['provider', 'delete', 'a', 'b']), '✓ Deleted provider b\n',
        `! Failed to delete provider a: code: '${PRECONDITION}', message: "provider 'a' is attached to sandbox(es): s1"\n` + E('failed to delete 1 provider: a'), 1);
      expectRun(s.run(['provider', 'delete', 'a']), '',
        `! Failed to delete provider a: code: '${PRECONDITION}', message: "provider 'a' is attached to sandbox(es): s1"\nError:   × failed to delete 1 provider: a\n\n`, 1);
    });
    it('an injected failure fails every name of the call: per-name lines, then E(failed to delete 2 providers: a, b)', () => {
      s.setKnobs({ fail: 'provider delete=unavailable:try later' });
      expectRun(run(['provider', 'delete', 'a', 'b']), '',
        `! Failed to delete provider a: code: '${UNAVAILABLE}', message: "try later"\n! Failed to delete provider b: code: '${UNAVAILABLE}', message: "try later"\n` +
        E('failed to delete 2 providers: a, b'), 1);
      assert.strictEqual(s.state('local').providers.length, 2);
    });
  });

  describe('profiles', () => {
    it('provider list-profiles -o json / profile list -o json / --type provider: the whole catalog as an array ([] if none)', () => {
      for (const argv of [['provider', 'list-profiles'], ['profile', 'list'], ['profile', 'list', '--type', 'provider'], ['provider', 'profile', 'list']]) {
        expectRun(run([...argv, '-o', 'json']), '[]\n', '', 0);
      }
      s.seed('local', { profiles: [PYPI] });
      const expected = '[\n  {\n    "id": "pypi",\n    "resource_version": 1,\n    "display_name": "PyPI",\n    "description": "",\n    "category": "data",\n' +
        '    "credentials": [],\n    "endpoints": [],\n    "binaries": [],\n    "inference_capable": false,\n    "source": "custom"\n  }\n]\n';
      for (const argv of [['provider', 'list-profiles'], ['profile', 'list'], ['profile', 'list', '--type', 'provider']]) expectRun(run([...argv, '-o', 'json']), expected, '', 0);
    });
    it('profile list (empty): "No profiles found."; grouped → "No provider profiles found."', () => {
      expectRun(run(['profile', 'list']), 'No profiles found.\n', '', 0);
      s.setKnobs({ profileTable: 'grouped' });
      expectRun(run(['profile', 'list']), 'No provider profiles found.\n', '', 0);
    });
    it('profile list / provider list-profiles: the flat table, only the last row loses its trailing padding', () => {
      seedProfiles();
      const table = 'NAME    TYPE      CATEGORY        SOURCE  SCOPE\n' +
        'github  provider  SOURCE CONTROL  custom       \n' +
        'pypi    provider  DATA            custom\n';
      expectRun(run(['profile', 'list']), table, '', 0);
      expectRun(run(['provider', 'list-profiles']), table, '', 0);
    });
    it('flat table: ids over 32 characters are cut to 29 + "..."', () => {
      s.seed('local', { profiles: [{ id: 'a-very-long-profile-identifier-that-goes-on', display_name: 'L' }] });
      expectRun(run(['profile', 'list']), 'NAME                              TYPE      CATEGORY  SOURCE  SCOPE\na-very-long-profile-identifie...  provider  OTHER     custom\n', '', 0);
    });
    it('profileTable grouped: the 0.0-style grouped table, plain', () => {
      seedProfiles();
      s.setKnobs({ profileTable: 'grouped' });
      expectRun(run(['profile', 'list']),
        'Available Provider Profiles:\n\n  Source Control\n    ID      SCOPE  SOURCE  NAME    ENDPOINTS\n    github         custom  GitHub  1 \n\n' +
        '  Data\n    ID      SCOPE  SOURCE  NAME    ENDPOINTS\n    pypi           custom  PyPI    0 \n', '', 0);
    });
    it('profile describe <id>: the §5.7 text', () => {
      seedProfiles();
      expectRun(run(['profile', 'describe', 'github']), `github (provider)
Category: SOURCE CONTROL
Display name: GitHub
Description: GitHub REST and git access
Source: custom
Scope: not specified
Inference capable: false

Credentials:
  token (required)
    Environment variables: GITHUB_TOKEN, GH_TOKEN
    Authentication: bearer
    Header: authorization

Endpoints (declared policy):
  api.github.com
    Ports: 443
    Protocol: rest
    Access: read-write
    Enforcement: enforce

Binaries:
  /usr/bin/gh
`, '', 0);
      expectRun(run(['profile', 'describe', 'pypi']), `pypi (provider)
Category: DATA
Display name: PyPI
Description: not specified
Source: custom
Scope: not specified
Inference capable: false

Credentials:
  None declared.

Endpoints (declared policy):
  None declared.

Binaries:
  None declared.
`, '', 0);
    });
    it('profile describe <id> -o json: the same bytes as profile export <id> -o json', () => {
      seedProfiles();
      const described = run(['profile', 'describe', 'github', '-o', 'json']);
      assert.strictEqual(described.status, 0);
      expectRun(run(['profile', 'export', 'github', '-o', 'json']), described.stdout, '', 0);
      expectRun(run(['provider', 'profile', 'describe', 'github', '-o', 'json']), described.stdout, '', 0);
      assert.strictEqual((JSON.parse(described.stdout) as { id: string }).id, 'github');
    });
    it('profile describe <missing>: E(NotFound "provider profile not found")', () => {
      expectRun(run(['profile', 'describe', 'nope']), '', E(`code: '${NOT_FOUND}', message: "provider profile not found"`), 1);
    });
    it('profile import -f p.yaml (also provider profile import): "Imported 1 provider profile."; former built-in ids import', () => {
      const file = writeProfile('gh.yaml', 'id: github\ndisplay_name: GitHub\ncategory: source_control\n');
      expectRun(run(['profile', 'import', '-f', file]), 'Imported 1 provider profile.\n', '', 0);
      expectRun(run(['provider', 'profile', 'import', '-f', writeProfile('j.yaml', 'id: jira\ndisplay_name: Jira\n')]), 'Imported 1 provider profile.\n', '', 0);
      assert.deepStrictEqual(s.state('local').profiles.map((p) => [p.id, p.resource_version]), [['github', 1], ['jira', 1]]);
    });
    it('profile import --from dir (N files): "Imported N provider profiles."', () => {
      const dir = path.join(s.root, 'profiles');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'a.yaml'), 'id: a\ndisplay_name: A\n');
      fs.writeFileSync(path.join(dir, 'b.json'), '{"id": "b", "display_name": "B"}');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
      expectRun(run(['profile', 'import', '--from', dir]), 'Imported 2 provider profiles.\n', '', 0);
    });
    it('profile import --from empty-dir: E(no provider profile files found)', () => {
      const dir = path.join(s.root, 'empty');
      fs.mkdirSync(dir);
      expectRun(run(['profile', 'import', '--from', dir]), '', E('no provider profile files found'), 1);
    });
    it('profile import --from <unreadable>: E(failed to read profile directory <dir>) with the OS error as cause', () => {
      const dir = path.join(s.root, 'missing');
      expectRun(run(['profile', 'import', '--from', dir]), '',
        `Error: failed to read profile directory ${dir}\n    Diagnostic severity: error\n    Caused by: No such file or directory (os error 2)\n\n`, 1);
    });
    it('profile import with no source flag: clap missing required group, exit 2', () => {
      expectRun(run(['profile', 'import']), '',
        'error: the following required arguments were not provided:\n  <--file <FILE>|--from <FROM>|--url <URL>>\n\nUsage: openshell profile import <--file <FILE>|--from <FROM>|--url <URL>>' + TRY_HELP, 2);
    });
    it('profile import -f p.yaml (id exists): the diagnostics block, then E(provider profile import failed)', () => {
      seedProfiles();
      const file = writeProfile('p.yaml', 'id: pypi\ndisplay_name: PyPI\n');
      expectRun(run(['profile', 'import', '-f', file]), '',
        `Provider profile diagnostics:\n  error ${file} profile=pypi field=id custom provider profile 'pypi' already exists\n` + E('provider profile import failed'), 1);
    });
    it('profile import/lint --url: the URL checks (scheme, userinfo, extension)', () => {
      expectRun(run(['profile', 'import', '--url', 'ftp://h/p.yaml']), '', E('provider profile URL must use http or https'), 1);
      expectRun(run(['profile', 'lint', '--url', 'https://u:p@h/p.yaml']), '', E('provider profile URL must not contain userinfo'), 1);
      expectRun(run(['profile', 'import', '--url', 'https://h/p.txt']), '', E('provider profile URL must end in .yaml, .yml, or .json'), 1);
      expectRun(run(['profile', 'import', '--url', 'not a url']), '', E('invalid provider profile URL'), 1);
    });
    it('profile import --url http://…/p.yaml fetches the profile (runAsync: the server lives in this process)', async () => {
      const server = http.createServer((req, res) => {
        if ((req.url ?? '').split('?')[0] === '/profiles/jira.yaml') res.end('id: jira\ndisplay_name: Jira\n');
        else { res.statusCode = 404; res.end(); }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      try {
        const ok = await s.runAsync(['profile', 'import', '--url', `${base}/profiles/jira.yaml?x=1`], { noGraphics: true });
        expectRun(ok, 'Imported 1 provider profile.\n', '', 0);
        const missing = await s.runAsync(['profile', 'lint', '--url', `${base}/nope.yaml`], { noGraphics: true });
        expectRun(missing, '', E(`failed to fetch provider profile from ${base}/nope.yaml: HTTP status client error (404 Not Found) for url (${base}/nope.yaml)`), 1);
      } finally {
        server.close();
      }
      assert.deepStrictEqual(s.state('local').profiles.map((p) => p.id), ['jira']);
    });
    it('profile update <id> -f (resource_version matches): "Updated provider profile."; stale → E(Aborted …)', () => {
      seedProfiles();
      const file = writeProfile('p.yaml', 'id: pypi\nresource_version: 1\ndisplay_name: PyPI 2\n');
      expectRun(run(['profile', 'update', 'pypi', '-f', file]), 'Updated provider profile.\n', '', 0);
      assert.strictEqual(s.state('local').profiles.find((p) => p.id === 'pypi')!.resource_version, 2);
      expectRun(run(['provider', 'profile', 'update', 'pypi', '-f', file]), '',
        E(`code: 'The operation was aborted', message: "provider profile 'pypi' resource_version 1 is stale (current 2); export it again and retry"`), 1);
    });
    it('profile lint -f p.yaml: "Provider profile lint passed."; 0.1 rejects endpoint tls other than skip', () => {
      expectRun(run(['profile', 'lint', '-f', writeProfile('ok.yaml', 'id: ok\ndisplay_name: OK\nendpoints:\n  - host: h\n    tls: skip\n')]), 'Provider profile lint passed.\n', '', 0);
      const bad = writeProfile('bad.yaml', 'id: bad\ndisplay_name: Bad\nendpoints:\n  - host: h\n    tls: terminate\n');
      expectRun(run(['profile', 'lint', '-f', bad]), '',
        `Provider profile diagnostics:\n  error ${bad} profile=bad field=endpoints[0].tls tls must be omitted or 'skip'\n` + E('provider profile lint failed'), 1);
    });
    it('profile export <id>: YAML by default, -o json, -o table → E(…)', () => {
      s.seed('local', { profiles: [PYPI] });
      expectRun(run(['profile', 'export', 'pypi']),
        "id: pypi\nresource_version: 1\ndisplay_name: PyPI\ndescription: ''\ncategory: data\ncredentials: []\nendpoints: []\nbinaries: []\ninference_capable: false\nsource: custom\n", '', 0);
      const j = run(['profile', 'export', 'pypi', '-o', 'json']);
      assert.deepStrictEqual([JSON.parse(j.stdout).id, j.stdout.endsWith('}\n'), j.status], ['pypi', true, 0]);
      expectRun(run(['profile', 'export', 'pypi', '-o', 'table']), '', E("profile export supports '-o yaml' and '-o json'; table output is not supported"), 1);
    });
    it('profile delete a / missing: "✓ Deleted provider profile a" / "! Provider profile missing not found"', () => {
      seedProfiles();
      expectRun(run(['profile', 'delete', 'pypi']), '✓ Deleted provider profile pypi\n', '', 0);
      expectRun(run(['provider', 'profile', 'delete', 'missing', 'github']), '! Provider profile missing not found\n✓ Deleted provider profile github\n', '', 0);
    });
    it('profile delete a (referenced by a provider): per-id FailedPrecondition line, then E(failed to delete 1 provider profile: a)', () => {
      seedProfiles();
      s.seed('local', { providers: [{ name: 'gh', type: 'github', credentials: ['GITHUB_TOKEN'] }] });
      expectRun(run(['profile', 'delete', 'github', 'pypi']), '✓ Deleted provider profile pypi\n',
        `! Failed to delete provider profile github: code: '${PRECONDITION}', message: "provider profile 'github' is referenced by providers: gh"\n` +
        E('failed to delete 1 provider profile: github'), 1);
    });
  });

  describe('settings', () => {
    it('settings get --global --json: the 0.1 keys, insertion order scope, settings_revision, settings', () => {
      expectRun(run(['settings', 'get', '--global', '--json']), `{
  "scope": "global",
  "settings_revision": 0,
  "settings": {
    "agent_policy_proposals_enabled": "<unset>",
    "ocsf_json_enabled": "<unset>",
    "ocsf_schema_version": "<unset>",
    "proposal_approval_mode": "<unset>"
  }
}
`, '', 0);
    });
    it('settings set providers_v2_enabled: E(unknown setting key … Allowed keys: …), before connecting', () => {
      s.setDown('local');
      expectRun(run(['settings', 'set', '--global', '--key', 'providers_v2_enabled', '--value', 'true', '--yes']), '',
        E("unknown setting key 'providers_v2_enabled'. Allowed keys: ocsf_json_enabled, ocsf_schema_version, agent_policy_proposals_enabled, proposal_approval_mode"), 1);
      expectRun(s.run(['settings', 'set', '--global', '--key', 'providers_v2_enabled', '--value', 'true', '--yes']), '',
        "Error:   × unknown setting key 'providers_v2_enabled'. Allowed keys:\n  │ ocsf_json_enabled, ocsf_schema_version, agent_policy_proposals_enabled,\n  │ proposal_approval_mode\n\n", 1);
    });
    it('settings set ocsf_json_enabled: "✓ Set global setting ocsf_json_enabled=true (revision N)"', () => {
      expectRun(run(['settings', 'set', '--global', '--key', 'ocsf_json_enabled', '--value', 'true', '--yes']), '✓ Set global setting ocsf_json_enabled=true (revision 1)\n', '', 0);
      expectRun(run(['settings', 'set', '--global', '--key', 'ocsf_schema_version', '--value', '1.3', '--yes']), '✓ Set global setting ocsf_schema_version=1.3 (revision 2)\n', '', 0);
    });
    it('settings set ocsf_schema_version 1.2: E(invalid value … expected one of: , 1.1, 1.3)', () => {
      expectRun(run(['settings', 'set', '--global', '--key', 'ocsf_schema_version', '--value', '1.2', '--yes']), '',
        E("invalid value '1.2' for key 'ocsf_schema_version'; expected one of: , 1.1, 1.3"), 1);
    });
  });

  describe('sandboxes', () => {
    it('sandbox list -o json: the envelope, 0.1 element keys in insertion order', () => {
      expectRun(run(['sandbox', 'list', '-o', 'json']), '{\n  "sandboxes": [],\n  "next_page_token": ""\n}\n', '', 0);
      s.seed('local', { sandboxes: [{ id: 'sid', name: 's1', created_at: 1_234_567_890_000, labels: { app: 'x' } }] });
      expectRun(run(['sandbox', 'list', '-o', 'json']), `{
  "sandboxes": [
    {
      "id": "sid",
      "name": "s1",
      "workspace": "default",
      "labels": {
        "app": "x"
      },
      "annotations": {},
      "resource_version": 1,
      "created_at": "2009-02-13 23:31:30",
      "phase": "Ready",
      "current_policy_version": 0,
      "exit_code": null,
      "conditions": [],
      "endpoint_statuses": [],
      "configuration_admission": null,
      "provisioning": null,
      "created_from_workload_template": null
    }
  ],
  "next_page_token": ""
}
`, '', 0);
    });
    it('sandbox list: plain table; with more pages "Next page token: <t>" on stderr', () => {
      s.seed('local', { sandboxes: [{ name: 's1', created_at: 1_234_567_890_000 }, { name: 's2', created_at: 1_234_567_891_000, phase: 'Provisioning' }] });
      expectRun(run(['sandbox', 'list']), 'NAME  CREATED              PHASE\ns1    2009-02-13 23:31:30  Ready\ns2    2009-02-13 23:31:31  Provisioning\n', '', 0);
      const token = (JSON.parse(run(['sandbox', 'list', '-o', 'json', '--page-size', '1']).stdout) as { next_page_token: string }).next_page_token;
      expectRun(run(['sandbox', 'list', '--page-size', '1']), 'NAME  CREATED              PHASE\ns1    2009-02-13 23:31:30  Ready\n', `Next page token: ${token}\n`, 0);
      expectRun(run(['sandbox', 'list', '--names', '--page-token', token]), 's2\n', '', 0);
    });
    it('sandbox delete a: "✓ Deleted sandbox a"; mode accepted → "✓ Sandbox a deletion accepted; cleanup is pending"', () => {
      s.seed('local', { sandboxes: [{ name: 'a' }, { name: 'b' }] });
      expectRun(run(['sandbox', 'delete', 'a']), '✓ Deleted sandbox a\n', '', 0);
      s.setKnobs({ sandboxDeletion: 'accepted' });
      expectRun(run(['sandbox', 'delete', 'b']), '✓ Sandbox b deletion accepted; cleanup is pending\n', '', 0);
      assert.deepStrictEqual(s.state('local').sandboxes.map((x) => [x.name, x.phase]), [['b', 'Deleting']]);
    });
    it('sandbox delete missing: "✓ Sandbox missing already deleted", exit 0', () => {
      expectRun(run(['sandbox', 'delete', 'missing']), '✓ Sandbox missing already deleted\n', '', 0);
    });
    it('sandbox delete a b (both fail): per-name lines, then E(failed to delete 2 sandboxs: a, b)', () => {
      s.seed('local', { sandboxes: [{ name: 'a' }, { name: 'b' }] });
      s.setKnobs({ fail: 'sandbox delete=unavailable:gateway restarting' });
      expectRun(run(['sandbox', 'delete', 'a', 'b']), '',
        `! Failed to delete sandbox a: code: '${UNAVAILABLE}', message: "gateway restarting"\n! Failed to delete sandbox b: code: '${UNAVAILABLE}', message: "gateway restarting"\n` +
        E('failed to delete 2 sandboxs: a, b'), 1);
    });
    it('sandbox delete --all (none): "No sandboxes to delete."', () => {
      expectRun(run(['sandbox', 'delete', '--all']), 'No sandboxes to delete.\n', '', 0);
    });
  });

  describe('network failures and gateway resolution (unchanged)', () => {
    it('gateway down: the transport error; status: client error (Connect)', () => {
      s.setDown('local');
      expectRun(run(['provider', 'list', '-o', 'json']), '',
        'Error: transport error\n    Diagnostic severity: error\n    Caused by: tcp connect error\n    Caused by: tcp connect error\n    Caused by: Connection refused (os error 111)\n\n', 1);
      expectRun(run(['status']), '',
        'Error: client error (Connect)\n    Diagnostic severity: error\n    Caused by: tcp connect error\n    Caused by: Connection refused (os error 111)\n\n', 1);
    });
    it('no gateway / unknown -g: the 0.0 messages', () => {
      expectRun(run(['provider', 'list', '-g', 'nope']), '',
        E("Unknown gateway 'nope'.\nRegister it first: openshell gateway add <endpoint> --name nope\nOr list available gateways: openshell gateway select"), 1);
      s.selectGateway(null);
      expectRun(run(['sandbox', 'list']), '',
        E('No active gateway.\nSet one with: openshell gateway select <name>\nOr register one with: openshell gateway add <endpoint>'), 1);
    });
  });
});

describe('openshell-sim dialect selection (JS API)', function () {
  this.timeout(30000);

  it('dialectOf: >= 0.1 (prereleases and dev builds included) is "0.1"; 0.0.x and unparseable are "0.0"', () => {
    const cases: [string, string][] = [
      ['0.1.5', '0.1'], ['0.1.0-pre.1', '0.1'], ['0.1.6-dev.3+g2bf9969ab', '0.1'], ['v0.2.0', '0.1'], ['1.0.0', '0.1'],
      ['0.0.111', '0.0'], ['0.0.112-dev.7+g2f7fb6559', '0.0'], ['m-dev', '0.0'], ['', '0.0'],
    ];
    for (const [v, d] of cases) assert.strictEqual(api.dialectOf(v), d, v);
  });

  it('createSim without a version uses OPENSHELL_SIM_DEFAULT_VERSION and hands it to spawned simulators', () => {
    const saved = process.env.OPENSHELL_SIM_DEFAULT_VERSION;
    process.env.OPENSHELL_SIM_DEFAULT_VERSION = '0.1.2';
    const sims: Sim[] = [];
    try {
      const s = api.createSim();
      sims.push(s);
      assert.strictEqual(s.knobs().version, '0.1.2');
      assert.strictEqual(s.run(['--version']).stdout, 'openshell 0.1.2\n');
      const pinned = api.createSim({ knobs: { version: '0.0.111' } });
      sims.push(pinned);
      assert.strictEqual(pinned.run(['--version']).stdout, 'openshell 0.0.111\n');
      // attaching to an existing root keeps the version it has
      const again = api.createSim({ root: pinned.root });
      assert.strictEqual(again.knobs().version, '0.0.111');
      delete process.env.OPENSHELL_SIM_DEFAULT_VERSION;
      const plain = api.createSim();
      sims.push(plain);
      assert.deepStrictEqual([plain.knobs(), plain.run(['--version']).stdout], [{}, 'openshell 0.0.111\n']);
    } finally {
      if (saved === undefined) delete process.env.OPENSHELL_SIM_DEFAULT_VERSION; else process.env.OPENSHELL_SIM_DEFAULT_VERSION = saved;
      for (const x of sims) x.dispose();
    }
  });

  it('the 0.1 knobs are validated by setKnobs and read from OPENSHELL_SIM_* env', () => {
    const s = api.createSim({ knobs: { version: '0.1.5' } });
    try {
      s.addGateway('local');
      assert.throws(() => s.setKnobs({ profileTable: 'wide' as 'flat' }), /bad OPENSHELL_SIM_PROFILE_TABLE 'wide'/);
      s.seed('local', { profiles: [PYPI] });
      expectRun(s.run(['profile', 'list'], { env: { OPENSHELL_SIM_PROFILE_TABLE: 'grouped' } }),
        'Available Provider Profiles:\n\n  Data\n    ID    SCOPE  SOURCE  NAME  ENDPOINTS\n    pypi         custom  PyPI  0 \n', '', 0);
      const r = s.run(['provider', 'create', '--name', 'n', '--type', 'pypi'], { env: { OPENSHELL_SIM_CREDLESS_CREATE: '0' } });
      assert.strictEqual(r.status, 2);
      expectRun(s.run(['provider', 'create', '--name', 'n', '--type', 'pypi']), '✓ Created provider n\n', '', 0);
      expectRun(s.run(['provider', 'update', 'n', '--config', 'a=b'], { env: { OPENSHELL_SIM_READINESS: 'false' } }), '✓ Updated provider n\n', '', 0);
      expectRun(s.run(['sandbox', 'list', '-o', 'json'], { env: { OPENSHELL_SIM_JSON_ORDER: 'sorted' } }), '{\n  "next_page_token": "",\n  "sandboxes": []\n}\n', '', 0);
      assert.strictEqual(s.run(['sandbox', 'delete', 'x'], { env: { OPENSHELL_SIM_SANDBOX_DELETION: 'sometimes' } }).status, 70);
    } finally {
      s.dispose();
    }
  });

  it('seed in 0.1: settings are validated against the 0.1 keys; providers may reference a missing profile', () => {
    const s = api.createSim({ knobs: { version: '0.1.5' } });
    try {
      s.addGateway('local');
      assert.throws(() => s.seed('local', { settings: { providers_v2_enabled: true } }), /unknown setting key 'providers_v2_enabled'/);
      s.seed('local', { settings: { ocsf_schema_version: '1.1' }, providers: [{ name: 'orphan', type: 'gh', credentials: ['K'] }] });
      assert.deepStrictEqual([s.state('local').settings.values, s.state('local').providers[0].type], [{ ocsf_schema_version: '1.1' }, 'github']);
      expectRun(s.run(['provider', 'list', '--names']), 'orphan\n', '', 0);
    } finally {
      s.dispose();
    }
  });
});
