// The openshell simulator beyond the §9 table: miette wrapping, clap details, merge semantics, type
// normalization, gateway resolution, the knobs (down, fail-Nth, latency, legacy, version), the lock under
// concurrent processes, hostile names, and the call log's secrecy.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { sim as api, Sim, RunResult } from '../support/simulator';

const CHECK = '\x1b[1m\x1b[32m✓\x1b[39m\x1b[0m';
const TRY_HELP = "\n\nFor more information, try '--help'.\n";

function expectRun(r: RunResult, stdout: string, stderr: string, status: number): void {
  assert.deepStrictEqual({ stdout: r.stdout, stderr: r.stderr, status: r.status }, { stdout, stderr, status });
}

describe('openshell-sim behaviour', function () {
  this.timeout(60000);
  let s: Sim;

  beforeEach(() => {
    s = api.createSim({ knobs: { version: '0.0.111' } }); // the 0.0 dialect, whatever OPENSHELL_SIM_DEFAULT_VERSION says
    s.addGateway('local');
  });
  afterEach(() => s.dispose());

  const create = (name: string, type: string, ...extra: string[]): RunResult =>
    s.run(['provider', 'create', '--name', name, '--type', type, ...extra]);
  const provider = (name: string, gateway = 'local') => s.state(gateway).providers.find((p) => p.name === name);

  describe('miette rendering', () => {
    it('wraps greedily at 74 columns of text, continuation lines after "  │ "', () => {
      const type = 'a deliberately long provider type name that keeps going well past the seventy-four column limit of miette';
      expectRun(create('n', type, '--credential', 'K=v'), '',
        'Error:   × unsupported provider type or profile: a deliberately long provider type\n' +
        '  │ name that keeps going well past the seventy-four column limit of miette\n\n', 1);
    });
    it('a line of exactly 74 characters stays whole; one more character moves the word down', () => {
      expectRun(create('n', 'abcdefghij abcdefghij abcdefghij abc next', '--credential', 'K=v'), '',
        'Error:   × unsupported provider type or profile: abcdefghij abcdefghij abcdefghij abc\n  │ next\n\n', 1);
      expectRun(create('n', 'abcdefghij abcdefghij abcdefghij abcd next', '--credential', 'K=v'), '',
        'Error:   × unsupported provider type or profile: abcdefghij abcdefghij abcdefghij\n  │ abcd next\n\n', 1);
    });
    it('a word longer than a line is split into 74-character pieces', () => {
      const long = 'x'.repeat(100);
      expectRun(create('n', long, '--credential', 'K=v'), '',
        `Error:   × unsupported provider type or profile:\n  │ ${'x'.repeat(74)}\n  │ ${'x'.repeat(26)}\n\n`, 1);
    });
    it('NO_GRAPHICS=0 keeps the fancy handler; any other value (even empty) is narratable', () => {
      const fancy = 'Error:   × unsupported provider type or profile: jira\n\n';
      assert.strictEqual(create('n', 'jira', '--credential', 'K=v').stderr, fancy);
      assert.strictEqual(s.run(['provider', 'create', '--name', 'n', '--type', 'jira', '--credential', 'K=v'], { env: { NO_GRAPHICS: '0' } }).stderr, fancy);
      assert.strictEqual(s.run(['provider', 'create', '--name', 'n', '--type', 'jira', '--credential', 'K=v'], { env: { NO_GRAPHICS: '' } }).stderr,
        'Error: unsupported provider type or profile: jira\n    Diagnostic severity: error\n\n');
    });
    it('gRPC messages are Debug-quoted: quotes and backslashes escaped', () => {
      s.seed('local', { providers: [{ name: 'say "hi"\\', type: 'github', credentials: ['GITHUB_TOKEN'] }], sandboxes: [{ name: 'sb', providers: ['say "hi"\\'] }] });
      expectRun(s.run(['provider', 'delete', 'say "hi"\\'], { noGraphics: true }), '',
        'Error: code: \'The system is not in a state required for the operation\'s execution\', message: "provider \'say \\"hi\\"\\\\\' is attached to sandbox(es): sb"\n    Diagnostic severity: error\n\n', 1);
    });
  });

  describe('clap', () => {
    it('unknown flag: "error: unexpected argument \'--foo\' found", exit 2', () => {
      const r = s.run(['provider', 'list', '--foo']);
      assert.strictEqual(r.status, 2);
      assert.strictEqual(r.stdout, '');
      assert.ok(r.stderr.startsWith("error: unexpected argument '--foo' found\n\nUsage: openshell provider list"), r.stderr);
      assert.ok(r.stderr.endsWith(TRY_HELP));
    });
    it('invalid -o value: the possible-values form', () => {
      expectRun(s.run(['provider', 'list', '-o', 'xml']), '', "error: invalid value 'xml' for '--output <OUTPUT>'\n  [possible values: table, yaml, json]" + TRY_HELP, 2);
    });
    it('non-numeric --limit: the u32 parse error', () => {
      expectRun(s.run(['provider', 'list', '--limit', 'ten']), '', "error: invalid value 'ten' for '--limit <LIMIT>': invalid digit found in string" + TRY_HELP, 2);
    });
    it('an option without its value', () => {
      expectRun(s.run(['provider', 'get', 'x', '-g']), '', "error: a value is required for '--gateway <NAME>' but none was supplied" + TRY_HELP, 2);
    });
    it('-o=json, -ojson and --output=json are all accepted', () => {
      for (const form of [['-o=json'], ['-ojson'], ['--output=json'], ['--output', 'json']]) expectRun(s.run(['provider', 'list', ...form]), '[]\n', '', 0);
    });
    it('usage errors come before gateway resolution (clap parses first)', () => {
      s.removeGateway('local');
      assert.strictEqual(s.run(['provider', 'create', '--name', 'n', '--type', 'github']).status, 2);
    });
    it('-h anywhere prints help to stdout, exit 0', () => {
      const r = s.run(['provider', 'create', '-h']);
      assert.strictEqual(r.status, 0);
      assert.strictEqual(r.stderr, '');
      assert.match(r.stdout, /^Create a provider\n\nUsage: openshell provider create /);
    });
  });

  describe('gateway resolution', () => {
    beforeEach(() => {
      s.addGateway('other', { endpoint: 'http://127.0.0.1:9090' });
      s.seed('other', { providers: [{ name: 'on-other', type: 'github', credentials: ['GITHUB_TOKEN'] }] });
    });
    const names = (r: RunResult) => (assert.strictEqual(r.status, 0, r.stderr), r.stdout);

    it('the active gateway by default', () => {
      assert.strictEqual(names(s.run(['provider', 'list', '--names'])), '');
    });
    it('-g/--gateway anywhere in argv', () => {
      for (const argv of [['-g', 'other', 'provider', 'list', '--names'], ['provider', '-g', 'other', 'list', '--names'], ['provider', 'list', '--names', '-g', 'other'], ['provider', 'list', '--gateway=other', '--names'], ['provider', 'list', '-gother', '--names']]) {
        assert.strictEqual(names(s.run(argv)), 'on-other\n', argv.join(' '));
      }
    });
    it('OPENSHELL_GATEWAY selects; -g beats it; an empty one is ignored', () => {
      assert.strictEqual(names(s.run(['provider', 'list', '--names'], { env: { OPENSHELL_GATEWAY: 'other' } })), 'on-other\n');
      assert.strictEqual(names(s.run(['provider', 'list', '--names', '-g', 'local'], { env: { OPENSHELL_GATEWAY: 'other' } })), '');
      assert.strictEqual(names(s.run(['provider', 'list', '--names'], { env: { OPENSHELL_GATEWAY: '' } })), '');
    });
    it('OPENSHELL_GATEWAY naming an unregistered gateway: Unknown gateway', () => {
      assert.strictEqual(s.run(['provider', 'list'], { env: { OPENSHELL_GATEWAY: 'ghost' }, noGraphics: true }).stderr,
        "Error: Unknown gateway 'ghost'.\nRegister it first: openshell gateway add <endpoint> --name ghost\nOr list available gateways: openshell gateway select\n    Diagnostic severity: error\n\n");
    });
    it('a gateway name that is not a single path component', () => {
      expectRun(s.run(['provider', 'list', '-g', '../x'], { noGraphics: true }), '',
        "Error: invalid gateway name '../x': expected a single path component\n    Diagnostic severity: error\n\n", 1);
    });
    it('--gateway-endpoint picks the registration with that endpoint', () => {
      assert.strictEqual(names(s.run(['provider', 'list', '--names', '--gateway-endpoint', 'http://127.0.0.1:9090'])), 'on-other\n');
    });
    it('--workspace scopes providers (and the JSON shows it)', () => {
      expectRun(create('ws-one', 'github', '--credential', 'GITHUB_TOKEN=v', '--workspace', 'team'), `${CHECK} Created provider ws-one\n`, '', 0);
      assert.strictEqual(names(s.run(['provider', 'list', '--names'])), '');
      assert.strictEqual(names(s.run(['provider', 'list', '--names', '--workspace', 'team'])), 'ws-one\n');
      assert.strictEqual(names(s.run(['provider', 'list', '--names'], { env: { OPENSHELL_WORKSPACE: 'team' } })), 'ws-one\n');
      assert.strictEqual(names(s.run(['provider', 'list', '--names', '--all-workspaces'])), 'team/ws-one\n');
    });
  });

  describe('gateway down', () => {
    it('network commands fail with the transport error; gateway list/--version do not', () => {
      s.setDown('local');
      assert.strictEqual(s.run(['provider', 'list'], { noGraphics: true }).stderr,
        'Error: transport error\n    Diagnostic severity: error\n    Caused by: tcp connect error\n    Caused by: tcp connect error\n    Caused by: Connection refused (os error 111)\n\n');
      assert.strictEqual(s.run(['gateway', 'list', '-o', 'json']).status, 0);
      assert.strictEqual(s.run(['--version']).status, 0);
      assert.strictEqual(s.run(['gateway', 'select', 'local']).status, 0);
    });
    it('OPENSHELL_SIM_GATEWAY_DOWN takes a list of names; the others stay up', () => {
      s.addGateway('up', { active: false });
      const env = { OPENSHELL_SIM_GATEWAY_DOWN: 'local,elsewhere' };
      assert.strictEqual(s.run(['provider', 'list'], { env }).status, 1);
      assert.strictEqual(s.run(['provider', 'list', '-g', 'up'], { env }).status, 0);
      assert.strictEqual(s.run(['provider', 'list'], { env: { OPENSHELL_SIM_GATEWAY_DOWN: '1' } }).status, 1);
      assert.strictEqual(s.run(['provider', 'list', '-g', 'up'], { env: { OPENSHELL_SIM_GATEWAY_DOWN: '1' } }).status, 1);
    });
    it('the env knob wins over the state-file knob', () => {
      s.setKnobs({ gatewayDown: true });
      assert.strictEqual(s.run(['provider', 'list']).status, 1);
      assert.strictEqual(s.run(['provider', 'list'], { env: { OPENSHELL_SIM_GATEWAY_DOWN: '0' } }).status, 0);
    });
    it('the gateway is resolved before connecting: no gateway beats gateway down', () => {
      s.setKnobs({ gatewayDown: true });
      assert.match(s.run(['provider', 'list', '-g', 'ghost']).stderr, /^Error: {3}× Unknown gateway 'ghost'\./);
    });
  });

  describe('provider create checks, in the CLI\'s order', () => {
    it('connect before type: a down gateway hides an unsupported type', () => {
      s.setDown('local');
      assert.match(create('n', 'jira', '--credential', 'K=v').stderr, /^Error: {3}× transport error\n/);
    });
    it('type before credentials: an unsupported type hides a missing env var', () => {
      assert.strictEqual(create('n', 'jira', '--credential', 'JIRA_TOKEN', '--config', 'bad').stderr, 'Error:   × unsupported provider type or profile: jira\n\n');
    });
    it('credentials before config', () => {
      assert.match(s.run(['provider', 'create', '--name', 'n', '--type', 'github', '--credential', 'NOPE_UNSET_VAR', '--config', 'bad'], { env: { NOPE_UNSET_VAR: undefined } }).stderr,
        /^Error: {3}× --credential NOPE_UNSET_VAR requires local env var/);
    });
    it('KEY= is an empty value (how _NOOP_* placeholders are created)', () => {
      expectRun(create('n', 'github', '--credential', '_NOOP_GITHUB='), `${CHECK} Created provider n\n`, '', 0);
      assert.deepStrictEqual(provider('n')!.credentials, { _NOOP_GITHUB: '' });
      assert.deepStrictEqual(JSON.parse(s.run(['provider', 'list', '-o', 'json']).stdout)[0].credential_keys, ['_NOOP_GITHUB']);
    });
    it('keys are trimmed, values kept verbatim, the last duplicate wins', () => {
      create('n', 'github', '--credential', ' K = a=b ', '--credential', 'Z=1', '--credential', 'Z=2');
      assert.deepStrictEqual(provider('n')!.credentials, { K: ' a=b ', Z: '2' });
    });
    it('an empty key is an error', () => {
      assert.strictEqual(create('n', 'github', '--credential', '=v').stderr, 'Error:   × --credential key cannot be empty\n\n');
      assert.strictEqual(create('n', 'github', '--credential', 'K=v', '--config', '=v').stderr, 'Error:   × --config key cannot be empty\n\n');
    });
    it('a name over 253 bytes: InvalidArgument', () => {
      assert.strictEqual(create('n'.repeat(254), 'github', '--credential', 'K=v').stderr,
        'Error:   × code: \'Client specified an invalid argument\', message: "provider.name\n  │ exceeds maximum length (254 > 253)"\n\n');
    });
    it('--from-existing reads the legacy registry env vars (github: GITHUB_TOKEN, GH_TOKEN)', () => {
      expectRun(s.run(['provider', 'create', '--name', 'n', '--type', 'gh', '--from-existing'], { env: { GITHUB_TOKEN: undefined, GH_TOKEN: 'ght' } }), `${CHECK} Created provider n\n`, '', 0);
      assert.deepStrictEqual(provider('n')!.credentials, { GH_TOKEN: 'ght' });
      expectRun(s.run(['provider', 'create', '--name', 'm', '--type', 'github', '--from-existing'], { env: { GITHUB_TOKEN: undefined, GH_TOKEN: undefined } }), '',
        "Error:   × no existing local credentials/config found for provider type 'github'\n\n", 1);
    });
    it('--from-existing under providers v2 uses the profile\'s discovery, and needs a profile', () => {
      s.seed('local', { settings: { providers_v2_enabled: true }, profiles: [{ id: 'jira', display_name: 'Jira', credentials: [{ name: 'api_token', env_vars: ['JIRA_API_TOKEN'] }], discovery: { credentials: ['api_token'] } }] });
      expectRun(s.run(['provider', 'create', '--name', 'j', '--type', 'jira', '--from-existing'], { env: { JIRA_API_TOKEN: 'jt' } }), `${CHECK} Created provider j\n`, '', 0);
      assert.deepStrictEqual(provider('j')!.credentials, { JIRA_API_TOKEN: 'jt' });
      assert.strictEqual(create('o', 'openai', '--from-existing').stderr,
        "Error:   × provider profile 'openai' not found; providers v2 discovery requires a\n  │ provider profile\n\n");
    });
  });

  describe('type normalization', () => {
    const cases: [string, string][] = [['gh', 'github'], ['GitHub', 'github'], ['GH', 'github'], ['claude', 'claude-code'], ['Claude_Code', 'claude-code'], ['vertex', 'google-vertex-ai'], ['GCP', 'google-cloud'], ['glab', 'gitlab'], ['OpenAI', 'openai'], ['aws', 'aws'], ['pypi', 'pypi']];
    it('aliases and case are normalized; the normalized id is stored and listed', () => {
      cases.forEach(([typed], i) => assert.strictEqual(create(`p${i}`, typed, '--credential', 'K=v').status, 0, typed));
      const listed = JSON.parse(s.run(['provider', 'list', '-o', 'json']).stdout) as { name: string; type: string }[];
      assert.deepStrictEqual(cases.map((_c, i) => listed.find((p) => p.name === `p${i}`)!.type), cases.map(([, want]) => want));
    });
    it('an unknown type is reported as typed', () => {
      assert.strictEqual(create('n', 'JiRa', '--credential', 'K=v').stderr, 'Error:   × unsupported provider type or profile: JiRa\n\n');
    });
  });

  describe('update merge semantics (§6)', () => {
    beforeEach(() => {
      create('p', 'github', '--credential', 'A=1', '--credential', 'B=2', '--config', 'x=1', '--config', 'y=2');
    });
    it('a non-empty value sets, an empty value deletes the key, absent keys stay', () => {
      expectRun(s.run(['provider', 'update', 'p', '--credential', 'A=', '--credential', 'C=3', '--config', 'y=', '--config', 'x=9']), `${CHECK} Updated provider p\n`, '', 0);
      const p = provider('p')!;
      assert.deepStrictEqual(p.credentials, { B: '2', C: '3' });
      assert.deepStrictEqual(p.config, { x: '9' });
      assert.strictEqual(p.resource_version, 2);
    });
    it('no flags: a successful no-op (nothing changes, resource_version kept)', () => {
      const before = provider('p');
      expectRun(s.run(['provider', 'update', 'p']), `${CHECK} Updated provider p\n`, '', 0);
      assert.deepStrictEqual(provider('p'), before);
    });
    it('a bare key reads the env; the type is immutable (update has no --type)', () => {
      s.run(['provider', 'update', 'p', '--credential', 'A'], { env: { A: 'from-env' } });
      assert.strictEqual(provider('p')!.credentials.A, 'from-env');
      assert.strictEqual(s.run(['provider', 'update', 'p', '--type', 'openai']).status, 2);
      assert.strictEqual(provider('p')!.type, 'github');
    });
    it('--credential-expires-at sets and 0 clears credential_expires_at_ms', () => {
      s.run(['provider', 'update', 'p', '--credential-expires-at', 'A=1790000000000']);
      assert.deepStrictEqual(JSON.parse(s.run(['provider', 'list', '-o', 'json']).stdout)[0].credential_expires_at_ms, { A: 1790000000000 });
      s.run(['provider', 'update', 'p', '--credential-expires-at', 'A=0']);
      assert.strictEqual('credential_expires_at_ms' in JSON.parse(s.run(['provider', 'list', '-o', 'json']).stdout)[0], false);
    });
  });

  describe('provider list paging', () => {
    it('--limit and --offset page the name-ordered list', () => {
      for (const n of ['e', 'b', 'd', 'a', 'c']) create(n, 'github', '--credential', 'K=v');
      assert.strictEqual(s.run(['provider', 'list', '--names', '--offset', '1', '--limit', '2']).stdout, 'b\nc\n');
    });
  });

  describe('fail-Nth knob', () => {
    it('OPENSHELL_SIM_FAIL fails exactly the Nth call of a kind; counters persist across processes', () => {
      const env = { OPENSHELL_SIM_FAIL: 'provider create#2=unavailable' };
      assert.strictEqual(s.run(['provider', 'create', '--name', 'a', '--type', 'github', '--credential', 'K=v'], { env }).status, 0);
      expectRun(s.run(['provider', 'create', '--name', 'b', '--type', 'github', '--credential', 'K=v'], { env, noGraphics: true }), '',
        'Error: code: \'The service is currently unavailable\', message: "injected by OPENSHELL_SIM_FAIL (provider create#2=unavailable)"\n    Diagnostic severity: error\n\n', 1);
      assert.strictEqual(s.run(['provider', 'create', '--name', 'c', '--type', 'github', '--credential', 'K=v'], { env }).status, 0);
      assert.deepStrictEqual(s.state('local').providers.map((p) => p.name), ['a', 'c']);
    });
    it('several rules, custom messages, legacy rendering, #N+ and other kinds untouched', () => {
      s.setKnobs({ fail: 'provider update#1=internal:database is locked,provider list#2+=aborted', legacyErrors: true });
      create('p', 'github', '--credential', 'K=v');
      assert.strictEqual(s.run(['provider', 'update', 'p', '--credential', 'K=w'], { noGraphics: true }).stderr,
        'Error: status: Internal, message: "database is locked", details: [], metadata: MetadataMap { headers: {"content-type": "application/grpc"} }\n    Diagnostic severity: error\n\n');
      assert.strictEqual(s.run(['provider', 'update', 'p', '--credential', 'K=w']).status, 0);
      assert.deepStrictEqual([1, 2, 3].map(() => s.run(['provider', 'list']).status), [0, 1, 1]);
    });
    it('every documented error kind maps to its gRPC code', () => {
      const kinds: [string, string][] = [['unavailable', 'The service is currently unavailable'], ['internal', 'Internal error'], ['aborted', 'The operation was aborted'],
        ['already-exists', 'Some entity that we attempted to create already exists'], ['not-found', 'Some requested entity was not found'],
        ['failed-precondition', "The system is not in a state required for the operation's execution"], ['invalid-argument', 'Client specified an invalid argument'],
        ['permission-denied', 'The caller does not have permission to execute the specified operation'], ['unauthenticated', 'The request does not have valid authentication credentials']];
      for (const [kind, description] of kinds) {
        const r = s.run(['provider', 'list'], { env: { OPENSHELL_SIM_FAIL: `provider list=${kind}:m` }, noGraphics: true });
        assert.strictEqual(r.stderr, `Error: code: '${description}', message: "m"\n    Diagnostic severity: error\n\n`, kind);
      }
      assert.match(s.run(['provider', 'list'], { env: { OPENSHELL_SIM_FAIL: 'provider list=transport' } }).stderr, /^Error: {3}× transport error\n/);
    });
    it('hang: never answers; a parent timeout kills it by signal and the call log says so', () => {
      const r = s.run(['provider', 'list'], { env: { OPENSHELL_SIM_FAIL: 'provider list#1=hang' }, timeoutMs: 1500 });
      assert.strictEqual(r.signal, 'SIGTERM');
      const [call] = s.calls({ cmd: 'provider list' });
      assert.deepStrictEqual([call.exit, call.signal], [null, 'SIGTERM']);
    });
    it('a malformed spec is a simulator error (exit 70), not a CLI error', () => {
      expectRun(s.run(['provider', 'list'], { env: { OPENSHELL_SIM_FAIL: 'provider list=explode' } }), '',
        'openshell-sim: bad OPENSHELL_SIM_FAIL entry \'provider list=explode\' (expected "<command words>[#N|#N+|#*]=<unavailable|internal|aborted|already-exists|not-found|failed-precondition|invalid-argument|permission-denied|unauthenticated|unimplemented|deadline-exceeded|resource-exhausted|transport|hang>[:message]")\n', 70);
    });
  });

  describe('latency, version and legacy knobs', () => {
    it('OPENSHELL_SIM_LATENCY_MS delays every gateway round trip by at least that long', () => {
      const r = s.run(['provider', 'list'], { env: { OPENSHELL_SIM_LATENCY_MS: '400' } });
      assert.strictEqual(r.status, 0);
      assert.ok(r.durationMs >= 400, `took ${r.durationMs} ms`);
      assert.ok(s.calls({ cmd: 'provider list' })[0].durationMs >= 400);
    });
    it('local-only commands have no latency (a 30 s latency would blow the timeout)', () => {
      s.setKnobs({ latencyMs: 30000 });
      for (const argv of [['--version'], ['gateway', 'list'], ['gateway', 'select', 'local']]) assert.strictEqual(s.run(argv, { timeoutMs: 20000 }).status, 0, argv.join(' '));
    });
    it('the latency sleep does not block signals: a timeout kills the process', () => {
      const r = s.run(['provider', 'list'], { env: { OPENSHELL_SIM_LATENCY_MS: '30000' }, timeoutMs: 1000 });
      assert.strictEqual(r.signal, 'SIGTERM');
    });
    it('OPENSHELL_SIM_VERSION changes --version and the status version', () => {
      const env = { OPENSHELL_SIM_VERSION: '0.0.112-dev.7+g2f7fb6559' };
      expectRun(s.run(['--version'], { env }), 'openshell 0.0.112-dev.7+g2f7fb6559\n', '', 0);
      assert.strictEqual(JSON.parse(s.run(['status', '-o', 'json'], { env }).stdout).version, '0.0.112-dev.7+g2f7fb6559');
      s.setKnobs({ version: '0.0.83' });
      assert.strictEqual(s.run(['--version']).stdout, 'openshell 0.0.83\n');
    });
  });

  describe('concurrency (the state lock)', () => {
    it('parallel creates from separate processes all land', async () => {
      const names = Array.from({ length: 12 }, (_v, i) => `par-${i}`);
      const results = await Promise.all(names.map((n) => s.runAsync(['provider', 'create', '--name', n, '--type', 'github', '--credential', 'GITHUB_TOKEN=v'])));
      assert.deepStrictEqual(results.map((r) => r.status), names.map(() => 0));
      assert.deepStrictEqual(s.state('local').providers.map((p) => p.name).sort(), [...names].sort());
    });
    it('parallel updates of one provider lose no write', async () => {
      create('shared', 'github', '--credential', 'BASE=v');
      const keys = Array.from({ length: 10 }, (_v, i) => `K${i}`);
      const results = await Promise.all(keys.map((k) => s.runAsync(['provider', 'update', 'shared', '--credential', `${k}=v`])));
      assert.deepStrictEqual(results.map((r) => r.status), keys.map(() => 0));
      const p = provider('shared')!;
      assert.deepStrictEqual(Object.keys(p.credentials).sort(), ['BASE', ...keys].sort());
      assert.strictEqual(p.resource_version, 11);
    });
    it('a fresh lock is not broken on a dead-owner guess: the owner may have just released it to a new holder', () => {
      const lock = path.join(s.home, 'state.lock');
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'owner'), '999999999');
      const t0 = Date.now();
      assert.strictEqual(create('after-wait', 'github', '--credential', 'K=v').status, 0);
      assert.ok(Date.now() - t0 >= 900, 'a lock younger than a second was broken');
    });
    it('a lock left by a dead process is broken', () => {
      const lock = path.join(s.home, 'state.lock');
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'owner'), '999999999');
      assert.strictEqual(create('after-crash', 'github', '--credential', 'K=v').status, 0);
    });
  });

  describe('hostile names', () => {
    const names = ['x$(touch pwned)', 'a;b', '`touch pwned2`', "it's; rm -rf ./* #", 'dollar $HOME', 'new\nline'];
    it('are stored and printed verbatim, and nothing is executed', () => {
      for (const n of names) expectRun(create(n, 'github', '--credential', 'K=v'), `${CHECK} Created provider ${n}\n`, '', 0);
      assert.deepStrictEqual(s.state('local').providers.map((p) => p.name), names);
      assert.strictEqual(s.run(['provider', 'list', '--names']).stdout, [...names].sort().map((n) => `${n}\n`).join(''));
      for (const f of ['pwned', 'pwned2']) assert.strictEqual(fs.existsSync(path.join(s.root, f)), false);
      expectRun(s.run(['provider', 'delete', ...names]), names.map((n) => `${CHECK} Deleted provider ${n}\n`).join(''), '', 0);
    });
    it('"__proto__" is an ordinary credential key', () => {
      create('p', 'github', '--credential', '__proto__=x');
      assert.deepStrictEqual(JSON.parse(s.run(['provider', 'list', '-o', 'json']).stdout)[0].credential_keys, ['__proto__']);
    });
  });

  describe('call log and secrecy', () => {
    it('records argv verbatim and bare env key names, never an env value', () => {
      const secret = 'ghp_SuperSecretValue_123';
      const r = s.run(['provider', 'create', '--name', 'gh', '--type', 'github', '--credential', 'GITHUB_TOKEN', '--credential', 'EMPTY_ONE', '--credential', 'INLINE=visible'],
        { env: { GITHUB_TOKEN: secret, EMPTY_ONE: 'also-secret' }, noGraphics: true });
      assert.strictEqual(r.status, 0, r.stderr);
      const raw = fs.readFileSync(path.join(s.home, 'calls.jsonl'), 'utf8');
      assert.ok(!raw.includes(secret) && !raw.includes('also-secret'), raw);
      const [call] = s.calls({ cmd: 'provider create' });
      assert.deepStrictEqual(call.argv, ['provider', 'create', '--name', 'gh', '--type', 'github', '--credential', 'GITHUB_TOKEN', '--credential', 'EMPTY_ONE', '--credential', 'INLINE=visible']);
      assert.deepStrictEqual(call.envKeysSet, ['GITHUB_TOKEN', 'EMPTY_ONE']);
      assert.deepStrictEqual([call.exit, call.gateway, call.noGraphics, typeof call.pid, typeof call.durationMs], [0, 'local', true, 'number', 'number']);
      assert.ok(!Number.isNaN(Date.parse(call.ts)));
      // the gateway "DB" holds the value; no output ever shows it
      assert.strictEqual(provider('gh')!.credentials.GITHUB_TOKEN, secret);
      for (const argv of [['provider', 'list'], ['provider', 'list', '-o', 'json'], ['provider', 'list', '-o', 'yaml'], ['provider', 'get', 'gh']]) {
        const out = s.run(argv);
        assert.ok(!(out.stdout + out.stderr).includes(secret), argv.join(' '));
      }
    });
    it('a blank env var is not in envKeysSet (and the create fails)', () => {
      s.run(['provider', 'create', '--name', 'gh', '--type', 'github', '--credential', 'GITHUB_TOKEN'], { env: { GITHUB_TOKEN: ' ' } });
      assert.deepStrictEqual(s.calls()[0].envKeysSet, []);
      assert.strictEqual(s.calls()[0].exit, 1);
    });
    it('one line per invocation, including usage errors and local commands', () => {
      s.run(['--version']);
      s.run(['gateway', 'list']);
      s.run(['provider', 'nope']);
      assert.deepStrictEqual(s.calls().map((c) => [c.cmd, c.exit]), [[null, 0], ['gateway list', 0], [null, 2]]);
      s.clearCalls();
      assert.deepStrictEqual(s.calls(), []);
    });
  });
});
