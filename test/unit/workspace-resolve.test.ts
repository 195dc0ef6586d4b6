import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { agentView, loadWorkspaceAt, type Workspace } from '../../src/workspace/model';
import { resolveNeeds, type SecretStore, type VarStatus } from '../../src/workspace/resolve';
import { FIXTURES } from '../support/paths';

const store = (values: Record<string, string>): SecretStore & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    get: async (name: string) => {
      asked.push(name);
      return values[name];
    },
  };
};

describe('workspace/resolve', () => {
  let ws: Workspace;
  let tmp: string;
  const envFile = (name: string, text: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const status = (vars: VarStatus[], name: string) => {
    const v = vars.find((x) => x.name === name);
    assert.ok(v, name);
    return v;
  };

  before(async () => {
    const loaded = await loadWorkspaceAt(path.join(FIXTURES, 'agents-repo'));
    assert.ok(loaded);
    ws = loaded;
  });
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('takes the secret store first, then env files, then the process env, and says where each value came from', async () => {
    const a = envFile('a.env', 'GH_TOKEN=from-file-a\nJIRA_API_TOKEN=jira-from-a\nPUSH_TOKEN=push-a\n');
    const b = envFile('b.env', '# later file\nJIRA_API_TOKEN=jira-from-b\n');
    const secrets = store({ GH_TOKEN: 'from-store' });
    const { report, values } = await resolveNeeds(ws, {
      secrets,
      envFiles: [a, 'b.env'],
      baseDir: tmp,
      env: { GH_TOKEN: 'from-env', PUSH_TOKEN: 'push-env', GITHUB_ISSUE_URL: 'https://example.invalid/i/1', UNRELATED: 'x' },
    });
    // store beats env file beats process env
    assert.strictEqual(values.get('GH_TOKEN'), 'from-store');
    assert.deepStrictEqual(status(report.vars, 'GH_TOKEN').source, { kind: 'secret-store' });
    assert.deepStrictEqual(status(report.vars, 'GH_TOKEN').alsoIn, [{ kind: 'env-file', file: a, line: 1 }, { kind: 'process-env' }]);
    // env file beats process env
    assert.strictEqual(values.get('PUSH_TOKEN'), 'push-a');
    assert.deepStrictEqual(status(report.vars, 'PUSH_TOKEN').source, { kind: 'env-file', file: a, line: 3 });
    // a later env file overrides an earlier one (fullsend os.Setenv's them in order)
    assert.strictEqual(values.get('JIRA_API_TOKEN'), 'jira-from-b');
    assert.deepStrictEqual(status(report.vars, 'JIRA_API_TOKEN').source, { kind: 'env-file', file: b, line: 2 });
    assert.deepStrictEqual(status(report.vars, 'JIRA_API_TOKEN').alsoIn, [{ kind: 'env-file', file: a, line: 2 }]);
    // the process env is the fallback, and only needed names are taken from it
    assert.deepStrictEqual(status(report.vars, 'GITHUB_ISSUE_URL').source, { kind: 'process-env' });
    assert.ok(!values.has('UNRELATED'));
    assert.deepStrictEqual(report.envFiles.map((f) => [f.file, f.found, f.names]), [[a, true, ['GH_TOKEN', 'JIRA_API_TOKEN', 'PUSH_TOKEN']], [b, true, ['JIRA_API_TOKEN']]]);
    assert.deepStrictEqual([...secrets.asked].sort(), ws.vars.map((v) => v.name).sort());
  });

  it('makes an unresolved credential an error for its provider (never a silent K=)', async () => {
    const { report, values } = await resolveNeeds(ws, { env: {} });
    const github = report.providers.find((p) => p.name === 'github-code');
    assert.ok(github);
    assert.strictEqual(github.ok, false);
    assert.deepStrictEqual(github.credentials, [{ key: 'GH_TOKEN', status: 'missing', vars: ['GH_TOKEN'], missing: ['GH_TOKEN'] }]);
    const err = report.diagnostics.find((d) => d.message.includes('credential GH_TOKEN'));
    assert.ok(err);
    assert.strictEqual(err.severity, 'error');
    assert.strictEqual(path.relative(ws.dir, err.file), path.join('providers', 'github-code.yaml'));
    assert.strictEqual(err.line, 5);
    const codeProvider = ws.providers.find((p) => p.name === 'github-code');
    assert.ok(codeProvider);
    assert.deepStrictEqual(values.providerCredentials(codeProvider), { env: {}, emptyKeys: [], unresolved: ['GH_TOKEN'] });
    assert.strictEqual(report.ok, false);
  });

  it('treats a set-but-empty credential as an error too', async () => {
    const { report } = await resolveNeeds(ws, { env: { GH_TOKEN: '' } });
    assert.deepStrictEqual(status(report.vars, 'GH_TOKEN').empty, true);
    const github = report.providers.find((p) => p.name === 'github-code');
    assert.deepStrictEqual(github?.credentials.map((c) => c.status), ['empty']);
    assert.ok(report.diagnostics.some((d) => d.severity === 'error' && /credential GH_TOKEN resolves to an empty value/.test(d.message)));
  });

  it('needs nothing for a literally empty _NOOP_ value, which is passed as K=', async () => {
    const { report, values } = await resolveNeeds(ws, { env: {} });
    const vertex = report.providers.find((p) => p.name === 'vertex-ai');
    assert.deepStrictEqual(vertex, { name: 'vertex-ai', type: 'fullsend-vertex-ai', ok: true, credentials: [{ key: '_NOOP_VERTEX_AI', status: 'noop', vars: [], missing: [] }], config: [] });
    const def = ws.providers.find((p) => p.name === 'vertex-ai');
    assert.ok(def);
    assert.deepStrictEqual(values.providerCredentials(def), { env: {}, emptyKeys: ['_NOOP_VERTEX_AI'], unresolved: [] });
  });

  it('reports host-side needs: a missing env/runner_env var is an error, a missing var inside an expanded file a warning', async () => {
    const view = agentView(ws, 'triage');
    assert.ok(view);
    const { report } = await resolveNeeds(view, { env: { GH_TOKEN: 't' } });
    assert.deepStrictEqual(
      report.diagnostics.map((d) => [d.severity, path.relative(ws.dir, d.file), d.line]),
      [
        ['error', path.join('harness', 'triage.yaml'), 15],
        ['error', path.join('harness', 'triage.yaml'), 16],
        ['warning', path.join('env', 'gcp-vertex.env'), 2],
      ],
    );
    assert.match(report.diagnostics[0].message, /forge\.github\.env\.runner\[ISSUE_URL\] of harness\/triage\.yaml needs \$\{GITHUB_ISSUE_URL\}/);
    assert.ok(report.providers.every((p) => p.ok));
  });

  it('builds a provider’s child env and config from the resolved values', async () => {
    const { values } = await resolveNeeds(ws, { env: { GH_TOKEN: 'tok', JIRA_API_TOKEN: 'jira' } });
    const gh = ws.providers.find((p) => p.name === 'github-code');
    const jira = ws.providers.find((p) => p.name === 'atlassian-cloud');
    assert.ok(gh && jira);
    assert.deepStrictEqual(values.providerCredentials(gh), { env: { GH_TOKEN: 'tok' }, emptyKeys: [], unresolved: [] });
    assert.deepStrictEqual(values.providerConfig(jira), { config: { JIRA_BASE_URL: 'https://example.atlassian.net' }, unresolved: [] });
    assert.deepStrictEqual(values.expand('Bearer ${GH_TOKEN} ${NOPE}'), { value: 'Bearer tok ', missing: ['NOPE'] });
    assert.deepStrictEqual(values.toEnv(), { GH_TOKEN: 'tok', JIRA_API_TOKEN: 'jira' });
  });

  it('reports a missing env file clearly and still resolves from the other sources', async () => {
    const { report, values } = await resolveNeeds(ws, { envFiles: ['missing.env'], baseDir: tmp, env: { GH_TOKEN: 'x' } });
    const d = report.diagnostics.find((x) => x.file === path.join(tmp, 'missing.env'));
    assert.ok(d);
    assert.strictEqual(d.severity, 'error');
    assert.strictEqual(d.message, 'missing.env: env file does not exist; check fullsend.run.envFiles');
    assert.deepStrictEqual(report.envFiles, [{ file: path.join(tmp, 'missing.env'), found: false, names: [] }]);
    assert.strictEqual(values.get('GH_TOKEN'), 'x');
  });

  it('keeps going when the secret store fails', async () => {
    const failing: SecretStore = { get: async () => Promise.reject(new Error('keyring locked')) };
    const { report, values } = await resolveNeeds(ws, { secrets: failing, env: { GH_TOKEN: 'from-env' } });
    assert.strictEqual(values.get('GH_TOKEN'), 'from-env');
    assert.ok(report.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('could not read GH_TOKEN from the secret store')));
  });

  it('never lets a resolved value into a diagnostic, the report, the workspace or a serialised result', async () => {
    const seeds: string[] = [];
    const seed = (label: string) => {
      const v = `SEKRET-${label}-${Math.random().toString(36).slice(2)}`;
      seeds.push(v);
      return v;
    };
    // Every needed variable gets a distinctive value from one of the sources; some sources also carry
    // losing values, malformed lines and empty credentials, so every code path that writes a message runs.
    const a = envFile('a.env', [
      `GH_TOKEN=${seed('file-loser')}`,
      `JIRA_API_TOKEN=${seed('file-a')}`,
      `${seed('no-equals-line')}`,
      `BROKEN="${seed('unclosed')}`,
    ].join('\n'));
    const b = envFile('b.env', [`JIRA_API_TOKEN=${seed('file-b')}`, `PUSH_TOKEN=\${${seed('not-expanded')}}`, `1BAD=${seed('bad-name')}`].join('\n'));
    const secrets = store({ GH_TOKEN: seed('store'), GOOGLE_CLOUD_PROJECT: seed('store-gcp') });
    const env = { GH_TOKEN: seed('env-loser'), GITHUB_ISSUE_URL: seed('env'), GITHUB_PR_URL: seed('env-pr'), REVIEW_TOKEN: '' };
    const resolution = await resolveNeeds(ws, { secrets, envFiles: [a, b], baseDir: tmp, env });
    // Also the error paths: a workspace where a seeded value makes a credential literal-looking is not needed;
    // a second resolution with nothing set produces every "missing" message.
    const empty = await resolveNeeds(ws, { env: {} });

    const strings: string[] = [];
    const walk = (x: unknown, seen = new Set<unknown>()) => {
      if (typeof x === 'string') strings.push(x);
      else if (x && typeof x === 'object' && !seen.has(x)) {
        seen.add(x);
        for (const v of Object.values(x)) walk(v, seen);
      }
    };
    walk(resolution.report);
    walk(empty.report);
    walk(ws);
    strings.push(JSON.stringify(resolution.values), String(resolution.values), inspect(resolution.values, { depth: null }), inspect(resolution, { depth: null }), JSON.stringify(resolution));
    assert.ok(strings.length > 100);
    for (const s of strings) for (const secret of seeds) assert.ok(!s.includes(secret), `a resolved value leaked into: ${s.slice(0, 200)}`);

    // …while the values themselves are there for the child process.
    assert.ok(resolution.values.get('GH_TOKEN')?.startsWith('SEKRET-store-'));
    assert.ok(resolution.values.get('JIRA_API_TOKEN')?.startsWith('SEKRET-file-b-'));
    assert.ok(resolution.report.diagnostics.length >= 4);
  });
});
