import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { Diagnostics } from '../../src/workspace/diagnostics';
import { FULLSEND_SUPPLIED_VARS } from '../../src/workspace/expansion';
import { agentView, loadWorkspaceAt, type Workspace } from '../../src/workspace/model';
import type { ProviderDef } from '../../src/workspace/providerDefs';
import { resolveNeeds, type Needs, type SecretStore, type VarStatus } from '../../src/workspace/resolve';
import { collectProviderVars, VarCollector } from '../../src/workspace/usages';
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

  it('takes env files first (a later file wins), then the secret store, then the process env, and says where each value came from', async () => {
    const a = envFile('a.env', 'GH_TOKEN=from-file-a\nJIRA_API_TOKEN=jira-from-a\nPUSH_TOKEN=push-a\n');
    const b = envFile('b.env', '# later file\nJIRA_API_TOKEN=jira-from-b\n');
    const secrets = store({ GH_TOKEN: 'from-store', GITHUB_ISSUE_URL: 'https://example.invalid/i/store' });
    const { report, values } = await resolveNeeds(ws, {
      secrets,
      envFiles: [a, 'b.env'],
      baseDir: tmp,
      env: { GH_TOKEN: 'from-env', PUSH_TOKEN: 'push-env', GITHUB_ISSUE_URL: 'https://example.invalid/i/env', GITHUB_PR_URL: 'https://example.invalid/p/1', UNRELATED: 'x' },
    });
    // env file beats secret store beats process env (fullsend loads --env-file over the environment it is given)
    assert.strictEqual(values.get('GH_TOKEN'), 'from-file-a');
    assert.deepStrictEqual(status(report.vars, 'GH_TOKEN').source, { kind: 'env-file', file: a, line: 1 });
    assert.deepStrictEqual(status(report.vars, 'GH_TOKEN').alsoIn, [{ kind: 'secret-store' }, { kind: 'process-env' }]);
    // env file beats process env
    assert.strictEqual(values.get('PUSH_TOKEN'), 'push-a');
    assert.deepStrictEqual(status(report.vars, 'PUSH_TOKEN').source, { kind: 'env-file', file: a, line: 3 });
    // secret store beats process env
    assert.strictEqual(values.get('GITHUB_ISSUE_URL'), 'https://example.invalid/i/store');
    assert.deepStrictEqual(status(report.vars, 'GITHUB_ISSUE_URL').source, { kind: 'secret-store' });
    assert.deepStrictEqual(status(report.vars, 'GITHUB_ISSUE_URL').alsoIn, [{ kind: 'process-env' }]);
    // a later env file overrides an earlier one (fullsend os.Setenv's them in order)
    assert.strictEqual(values.get('JIRA_API_TOKEN'), 'jira-from-b');
    assert.deepStrictEqual(status(report.vars, 'JIRA_API_TOKEN').source, { kind: 'env-file', file: b, line: 2 });
    assert.deepStrictEqual(status(report.vars, 'JIRA_API_TOKEN').alsoIn, [{ kind: 'env-file', file: a, line: 2 }]);
    // the process env is the fallback, and only needed names are taken from it
    assert.deepStrictEqual(status(report.vars, 'GITHUB_PR_URL').source, { kind: 'process-env' });
    assert.ok(!values.has('UNRELATED'));
    assert.deepStrictEqual(report.envFiles.map((f) => [f.file, f.found, f.names]), [[a, true, ['GH_TOKEN', 'JIRA_API_TOKEN', 'PUSH_TOKEN']], [b, true, ['JIRA_API_TOKEN']]]);
    assert.deepStrictEqual([...secrets.asked].sort(), ws.vars.map((v) => v.name).sort());
  });

  it('flags a variable whose env-file value differs from its secret-store value (a warning at the env file line, never a value)', async () => {
    const a = envFile('a.env', 'GH_TOKEN=ghp_file_value_1111\nJIRA_API_TOKEN=same-everywhere\n');
    const { report } = await resolveNeeds(ws, {
      secrets: store({ GH_TOKEN: 'ghp_store_value_2222', JIRA_API_TOKEN: 'same-everywhere', GITHUB_ISSUE_URL: 'only-in-store' }),
      envFiles: [a],
      baseDir: tmp,
      env: { GITHUB_ISSUE_URL: 'different-in-env' },
    });
    assert.deepStrictEqual(
      report.vars.filter((v) => v.shadowsSecretStore).map((v) => v.name),
      ['GH_TOKEN'],
      'an equal value, or a store value that beats the environment, is no conflict',
    );
    const warnings = report.diagnostics.filter((d) => /also in the secret store/.test(d.message));
    assert.deepStrictEqual(warnings.map((d) => [d.severity, d.file, d.line]), [['warning', a, 1]]);
    assert.match(warnings[0].message, /^a\.env:1: GH_TOKEN is also in the secret store, with a different value: this env file wins/);
    const text = JSON.stringify(report);
    for (const v of ['ghp_file_value_1111', 'ghp_store_value_2222', 'same-everywhere', 'only-in-store']) assert.ok(!text.includes(v), v);
    // Without a secret store (or with the same value) nothing is flagged.
    const plain = await resolveNeeds(ws, { envFiles: [a], baseDir: tmp, env: {} });
    assert.ok(plain.report.vars.every((v) => !v.shadowsSecretStore));
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

  describe("fullsend's own expansion rules (fullsend-current.md §5.2, §5.3)", () => {
    const at = (file: string, line: number) => ({ file: path.join('/ws', file), display: file, line });
    const provider = (name: string, type: string, credentials: Record<string, string>, config: Record<string, string> = {}): ProviderDef => {
      const file = `providers/${name}.yaml`;
      let line = 3;
      return {
        name, type, expandsConfig: true, origin: 'providers-dir', file: path.join('/ws', file), display: file, at: at(file, 1),
        credentials: Object.entries(credentials).map(([key, template]) => ({ key, template, at: at(file, line++) })),
        config: Object.entries(config).map(([key, template]) => ({ key, template, at: at(file, line++) })),
      };
    };
    type HostKind = 'env.runner' | 'env.sandbox' | 'runner_env' | 'host_files.src' | 'host_files.content';
    /** What a workspace needs: these providers, plus harness/a.yaml host-side usages (one per line). */
    const needsOf = (providers: ProviderDef[], host: { kind: HostKind; key?: string; template: string; required?: boolean }[]): Needs => {
      const c = new VarCollector(new Diagnostics());
      for (const p of providers) collectProviderVars(c, p, ['a']);
      host.forEach((h, i) => {
        c.add(h.template, at('harness/a.yaml', 10 + i), { kind: h.kind, key: h.key, harness: 'harness/a.yaml', agents: ['a'], required: h.required ?? true, what: `${h.kind}[${h.key ?? ''}] of harness/a.yaml` });
      });
      return { vars: c.list(), providers };
    };

    it('a denied ${VAR} in a provider credential or config is an error for that provider, even when it is set', async () => {
      const needs = needsOf([
        provider('llm', 'generic', { API_KEY: '${OPENAI_API_KEY}', OTHER: '${GOOD_TOKEN}' }),
        provider('hook', 'generic', { TOKEN: '${GOOD_TOKEN}' }, { SECRET: 'x-${FULLSEND_WEBHOOK_SECRET}' }),
        provider('wf', 'generic', { TOKEN: '${GH_WORKFLOW_TOKEN}' }, { ORG_TOKEN: '${GH_WORKFLOW_TOKEN}' }),
        provider('fine', 'generic', { TOKEN: '${GOOD_TOKEN}' }),
      ], []);
      const env = { OPENAI_API_KEY: 'sk-denied-value', FULLSEND_WEBHOOK_SECRET: 'whsec-denied-value', GH_WORKFLOW_TOKEN: 'ghw-value', GOOD_TOKEN: 'good-value' };
      const { report, values } = await resolveNeeds(needs, { env });
      const byName = Object.fromEntries(report.providers.map((p) => [p.name, p]));
      assert.deepStrictEqual(byName.llm.credentials.map((k) => [k.key, k.status]), [['API_KEY', 'denied'], ['OTHER', 'ok']]);
      assert.deepStrictEqual(byName.hook.config.map((k) => [k.key, k.status]), [['SECRET', 'denied']]);
      // GH_WORKFLOW_TOKEN: credential-only — fine as a credential, refused in config.
      assert.deepStrictEqual([byName.wf.credentials[0].status, byName.wf.config[0].status], ['ok', 'denied']);
      assert.deepStrictEqual(report.providers.map((p) => [p.name, p.ok]), [['llm', false], ['hook', false], ['wf', false], ['fine', true]]);

      const errors = report.diagnostics.filter((d) => d.severity === 'error');
      assert.deepStrictEqual(errors.map((d) => [d.file, d.line]), [
        [path.join('/ws', 'providers/llm.yaml'), 3],
        [path.join('/ws', 'providers/hook.yaml'), 4],
        [path.join('/ws', 'providers/wf.yaml'), 4],
      ]);
      assert.match(errors[0].message, /^providers\/llm\.yaml:3: provider "llm": credential API_KEY: fullsend never expands \$\{OPENAI_API_KEY\} .*deletes the key on the gateway/);
      assert.match(errors[1].message, /config SECRET: fullsend never expands \$\{FULLSEND_WEBHOOK_SECRET\}/);
      assert.match(errors[2].message, /config ORG_TOKEN: fullsend expands \$\{GH_WORKFLOW_TOKEN\} in provider credentials only/);
      for (const d of errors) assert.strictEqual(d.vars, undefined, 'not hidden behind a "not set" summary: setting it does not help');
      // Never written: Ensure gets them as unresolved, not as the value fullsend would drop.
      const def = (n: string) => needs.providers.find((p) => p.name === n)!;
      assert.deepStrictEqual(values.providerCredentials(def('llm')), { env: { OTHER: 'good-value' }, emptyKeys: [], unresolved: ['API_KEY'] });
      assert.deepStrictEqual(values.providerConfig(def('hook')), { config: {}, unresolved: ['SECRET'] });
      assert.deepStrictEqual(values.providerConfig(def('wf')), { config: {}, unresolved: ['ORG_TOKEN'] });
      assert.deepStrictEqual(values.providerCredentials(def('wf')).env, { TOKEN: 'ghw-value' });

      const v = status(report.vars, 'OPENAI_API_KEY');
      assert.deepStrictEqual([v.found, v.denied, v.required], [true, true, false]);
      assert.deepStrictEqual([status(report.vars, 'GOOD_TOKEN').denied, status(report.vars, 'GH_WORKFLOW_TOKEN').denied], [false, true]);
      for (const value of Object.values(env)) assert.ok(!JSON.stringify(report).includes(value), value);

      // Unset, it is the same error — not a "not set" one that setting it would not fix.
      const unset = await resolveNeeds(needs, { env: { GOOD_TOKEN: 'good-value' } });
      assert.deepStrictEqual(unset.report.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.message.split(/ needs |: fullsend /)[0], /: fullsend /.test(d.message)]), [
        ['providers/llm.yaml:3: provider "llm": credential API_KEY', true],
        ['providers/hook.yaml:4: provider "hook": config SECRET', true],
        ['providers/wf.yaml:3: provider "wf": credential TOKEN', false], // a credential may use it: there, unset is just unset
        ['providers/wf.yaml:4: provider "wf": config ORG_TOKEN', true],
      ]);
      assert.ok(!unset.report.diagnostics.some((d) => /OPENAI_API_KEY\}, not set/.test(d.message)));
      assert.strictEqual(status(unset.report.vars, 'OPENAI_API_KEY').required, false);
    });

    it('a run-scoped fullsend-openai definition is exempt: fullsend ignores its ${…} values', async () => {
      const { report } = await resolveNeeds(needsOf([provider('openai', 'fullsend-openai', { OPENAI_API_KEY: '${OPENAI_API_KEY}' })], []), { env: { OPENAI_API_KEY: 'sk-x' } });
      assert.deepStrictEqual(report.providers[0].credentials.map((k) => k.status), ['ok']);
      assert.ok(!report.diagnostics.some((d) => d.severity === 'error'));
    });

    it('a denied ${VAR} in env.runner, env.sandbox, runner_env or a host file source fails the run, even when it is set', async () => {
      const needs = needsOf([], [
        { kind: 'env.runner', key: 'T', template: '${FULLSEND_TRIGGER_TOKEN}' },
        { kind: 'env.sandbox', key: 'U', template: '${ACTIONS_ID_TOKEN_REQUEST_URL}' },
        { kind: 'runner_env', key: 'P', template: '${FULLSEND_GCP_PROJECT_ID}' },
        { kind: 'host_files.src', template: '${FULLSEND_GCP_OIDC_AUTH_FILE}' },
        { kind: 'host_files.src', template: '${FULLSEND_GCP_WIF_PROVIDER}/x', required: false },
        { kind: 'env.runner', key: 'W', template: '${GH_WORKFLOW_TOKEN}' },
      ]);
      const env = { FULLSEND_TRIGGER_TOKEN: 'a', ACTIONS_ID_TOKEN_REQUEST_URL: 'b', FULLSEND_GCP_PROJECT_ID: 'c', FULLSEND_GCP_OIDC_AUTH_FILE: 'd', FULLSEND_GCP_WIF_PROVIDER: 'e', GH_WORKFLOW_TOKEN: 'f' };
      const { report } = await resolveNeeds(needs, { env });
      assert.deepStrictEqual(report.diagnostics.map((d) => [d.severity, d.line]), [['error', 10], ['error', 11], ['error', 12], ['error', 13], ['warning', 14]],
        'GH_WORKFLOW_TOKEN is refused in provider config only');
      assert.match(report.diagnostics[0].message, /^harness\/a\.yaml:10: env\.runner\[T\] of harness\/a\.yaml uses \$\{FULLSEND_TRIGGER_TOKEN\}, but fullsend never expands \$\{FULLSEND_TRIGGER_TOKEN\} .*: the run fails even when it is set/);
      assert.match(report.diagnostics[4].message, /fullsend skips this optional file/);
      assert.strictEqual(report.ok, false);
    });

    it('never demands the variables fullsend supplies itself for the host-side needs', async () => {
      assert.deepStrictEqual(FULLSEND_SUPPLIED_VARS.map((v) => v.name), ['FULLSEND_DIR', 'TARGET_REPO_DIR', 'REPO_FULL_NAME', 'ISSUE_NUMBER']);
      const needs = needsOf([provider('p', 'generic', { DIR: '${TARGET_REPO_DIR}' })], [
        { kind: 'runner_env', key: 'D', template: '${FULLSEND_DIR}/scripts' },
        { kind: 'env.runner', key: 'T', template: '${TARGET_REPO_DIR}' },
        { kind: 'env.sandbox', key: 'R', template: '${REPO_FULL_NAME}#${ISSUE_NUMBER}' },
        { kind: 'host_files.src', template: '${FULLSEND_DIR}/env/x.env' },
        { kind: 'env.runner', key: 'O', template: '${SOMETHING_ELSE}' },
      ]);
      const { report } = await resolveNeeds(needs, { env: {} });
      for (const name of ['FULLSEND_DIR', 'REPO_FULL_NAME', 'ISSUE_NUMBER']) {
        const v = status(report.vars, name);
        assert.deepStrictEqual([v.found, v.source, v.required], [true, { kind: 'fullsend' }, false], name);
      }
      // Host-side: satisfied. Ensure, though, needs a real value for a provider credential: that stays an error.
      assert.deepStrictEqual(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line), [3, 14]);
      assert.ok(report.diagnostics.some((d) => /provider "p": credential DIR needs \$\{TARGET_REPO_DIR\}/.test(d.message)));
      assert.ok(report.diagnostics.some((d) => /needs \$\{SOMETHING_ELSE\}/.test(d.message)));
      assert.ok(!report.diagnostics.some((d) => /FULLSEND_DIR|REPO_FULL_NAME|ISSUE_NUMBER/.test(d.message)));
      // A value the user set still wins where it exists.
      const set = await resolveNeeds(needs, { env: { ISSUE_NUMBER: '7' } });
      assert.deepStrictEqual(status(set.report.vars, 'ISSUE_NUMBER').source, { kind: 'process-env' });
    });
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
      `GH_TOKEN=${seed('file-winner')}`,
      `JIRA_API_TOKEN=${seed('file-a')}`,
      `${seed('no-equals-line')}`,
      `BROKEN="${seed('unclosed')}`,
      `${seed('key-like')}-x=${seed('after-bad-key')}`,
    ].join('\n'));
    const b = envFile('b.env', [`JIRA_API_TOKEN=${seed('file-b')}`, `PUSH_TOKEN=\${${seed('not-expanded')}}`, `1BAD=${seed('bad-name')}`].join('\n'));
    const secrets = store({ GH_TOKEN: seed('store-loser'), GOOGLE_CLOUD_PROJECT: seed('store-gcp') });
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
    assert.ok(resolution.values.get('GH_TOKEN')?.startsWith('SEKRET-file-winner-'));
    assert.ok(resolution.values.get('GOOGLE_CLOUD_PROJECT')?.startsWith('SEKRET-store-gcp-'));
    assert.ok(resolution.values.get('JIRA_API_TOKEN')?.startsWith('SEKRET-file-b-'));
    assert.ok(resolution.report.vars.some((v) => v.shadowsSecretStore), 'the conflict warning ran too');
    assert.ok(resolution.report.diagnostics.length >= 4);
  });
});
