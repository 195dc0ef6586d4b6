import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { derivedAgentName } from '../../src/workspace/config';
import { agentView, findAgent, loadWorkspace, loadWorkspaceAt, loadWorkspaces, type Workspace } from '../../src/workspace/model';
import { FIXTURES } from '../support/paths';

async function load(rel: string, forge?: string): Promise<Workspace> {
  const ws = await loadWorkspaceAt(path.join(FIXTURES, rel), forge === undefined ? {} : { forge });
  assert.ok(ws, `${rel} is a fullsend workspace`);
  return ws;
}

const usagesOf = (ws: Workspace, name: string) => ws.vars.find((v) => v.name === name)?.usages ?? [];
/** fullsend's one-release grace warning for local copies named like a built-in (fullsend-current §2.2). */
const RESERVED_NAME = /: the name is reserved for the definition built into fullsend|will be rejected in a future release/;
/** Diagnostics other than the reserved-name warnings the fixtures (modelled on the real agents repo) earn. */
const problems = (ws: Workspace) => ws.diagnostics.filter((d) => d.severity !== 'info' && !RESERVED_NAME.test(d.message));

describe('workspace/model', () => {
  describe('agents-repo fixture', () => {
    let ws: Workspace;
    before(async () => {
      ws = await load('agents-repo');
    });

    it('loads with no problem but fullsend’s reserved-name warnings', () => {
      assert.deepStrictEqual(problems(ws), []);
      assert.deepStrictEqual(ws.diagnostics.filter((d) => RESERVED_NAME.test(d.message)).map((d) => path.relative(ws.dir, d.file)).sort(), [
        'harness/review.yaml', 'harness/triage.yaml', 'harness/triage.yaml', 'providers/atlassian-cloud.yaml', 'providers/github-ro.yaml', 'providers/vertex-ai.yaml',
      ]);
      assert.deepStrictEqual(ws.diagnostics.filter((d) => d.severity === 'info'), []);
      assert.strictEqual(ws.kind, 'agents-repo');
      assert.strictEqual(ws.config?.kind, 'agents');
    });

    it('lists the agents from config.yaml with their derived names', () => {
      assert.deepStrictEqual(ws.agents.map((a) => [a.name, a.runnable, a.fromConfig]), [['triage', true, true], ['code', true, true], ['review', true, true]]);
      assert.strictEqual(findAgent(ws, 'REVIEW')?.name, 'review');
    });

    it('declares the union of the harnesses’ providers, deduplicated by name, in declaration order', () => {
      assert.deepStrictEqual(ws.providers.map((p) => p.name), ['vertex-ai', 'github-ro', 'github-code', 'atlassian-cloud']);
      const vertex = ws.providers[0];
      assert.deepStrictEqual(vertex.agents, ['triage', 'code', 'review']);
      assert.deepStrictEqual(vertex.declaredBy.map((d) => `${d.harness}:${d.at.line} ${d.field}`), ['harness/triage.yaml:7 providers[0]', 'harness/code.yaml:7 providers[0]', 'harness/review.yaml:7 providers[0]']);
      const atlassian = ws.providers[3];
      assert.strictEqual(atlassian.origin, 'providers-dir');
      assert.strictEqual(atlassian.declaredBy[0].entry, 'providers/atlassian-cloud.yaml');
      assert.deepStrictEqual(atlassian.config.map((c) => c.key), ['JIRA_BASE_URL']);
    });

    it('merges forge.github providers, profiles and env into the harness', () => {
      const ro = ws.providers.find((p) => p.name === 'github-ro');
      assert.deepStrictEqual(ro?.declaredBy.map((d) => d.field), ['forge.github.providers[0]']);
      const triage = ws.harnesses.find((h) => h.display === 'harness/triage.yaml');
      assert.strictEqual(triage?.forge, 'github');
      assert.deepStrictEqual(triage?.profiles.map((p) => p.field), ['openshell.profiles[0]', 'forge.github.openshell.profiles[0]']);
      assert.deepStrictEqual(triage?.env.runner.map((e) => e.key), ['ISSUE_URL', 'GH_TOKEN']);
    });

    it('declares only the profiles harnesses list, deduplicated by id (fullsend #7095)', () => {
      assert.deepStrictEqual(ws.profiles.map((p) => [p.id, p.inProfilesDir, p.reserved ?? false]), [
        ['fullsend-vertex-ai', true, true],
        ['fullsend-github-ro', true, true],
        ['fullsend-github-code', true, false],
        ['fullsend-atlassian-cloud', true, true],
      ]);
      assert.ok(ws.profiles.every((p) => p.declaredBy.length > 0));
      assert.match(ws.profiles[0].contentSha256, /^[0-9a-f]{64}$/);
    });

    it('collects every ${VAR} with where it is used', () => {
      assert.deepStrictEqual(ws.vars.map((v) => v.name), ['GH_TOKEN', 'JIRA_API_TOKEN', 'GITHUB_ISSUE_URL', 'GOOGLE_CLOUD_PROJECT', 'PUSH_TOKEN', 'GITHUB_PR_URL', 'REVIEW_TOKEN']);
      const gh = usagesOf(ws, 'GH_TOKEN');
      assert.deepStrictEqual(
        gh.map((u) => [u.kind, u.display, u.line, u.key, u.provider, u.agents, u.required]),
        [
          ['credential', 'providers/github-code.yaml', 5, 'GH_TOKEN', 'github-code', ['code'], true],
          ['env.runner', 'harness/triage.yaml', 15, 'GH_TOKEN', undefined, ['triage'], true],
        ],
      );
      assert.strictEqual(gh[0].what, 'credential GH_TOKEN of provider "github-code"');
      assert.deepStrictEqual(usagesOf(ws, 'GITHUB_ISSUE_URL').map((u) => u.kind), ['env.runner', 'env.sandbox']);
      assert.deepStrictEqual(usagesOf(ws, 'PUSH_TOKEN').map((u) => [u.kind, u.line]), [['runner_env', 9]]);
      // env/gcp-vertex.env is copied with expand: true, so its ${GOOGLE_CLOUD_PROJECT} is needed (but not fatal).
      assert.deepStrictEqual(usagesOf(ws, 'GOOGLE_CLOUD_PROJECT').map((u) => [u.kind, u.display, u.line, u.required]), [['host_files.content', 'env/gcp-vertex.env', 2, false]]);
    });

    it('needs no variable for the _NOOP_ placeholders', () => {
      assert.ok(!ws.vars.some((v) => v.name.startsWith('_NOOP_')));
      const vertex = ws.providers.find((p) => p.name === 'vertex-ai');
      assert.deepStrictEqual(vertex?.credentials.map((c) => [c.key, c.template]), [['_NOOP_VERTEX_AI', '']]);
    });

    it('gives one agent’s harness, providers, profiles and variables', () => {
      const view = agentView(ws, 'triage');
      assert.ok(view);
      assert.strictEqual(view.harness?.display, 'harness/triage.yaml');
      assert.deepStrictEqual(view.providers.map((p) => p.name), ['vertex-ai', 'github-ro']);
      // Only what triage's harness lists: fullsend no longer imports the whole profiles/ directory.
      assert.deepStrictEqual(view.profiles.map((p) => p.id), ['fullsend-vertex-ai', 'fullsend-github-ro']);
      assert.deepStrictEqual(view.vars.map((v) => v.name), ['GH_TOKEN', 'GITHUB_ISSUE_URL', 'GOOGLE_CLOUD_PROJECT']);
      assert.deepStrictEqual(view.vars[0].usages.map((u) => u.kind), ['env.runner']);
      assert.strictEqual(agentView(ws, 'nobody'), undefined);
    });

    it('merges no forge block when asked for none, and another platform when asked', async () => {
      const none = await load('agents-repo', '');
      assert.ok(!none.providers.some((p) => p.name === 'github-ro'));
      assert.ok(!none.vars.some((v) => v.name === 'GITHUB_ISSUE_URL'));
    });
  });

  describe('per-repo fixture', () => {
    it('uses <folder>/.fullsend as the fullsend dir and resolves harness paths against it', async () => {
      const ws = await load('per-repo');
      assert.strictEqual(ws.dir, path.join(FIXTURES, 'per-repo', '.fullsend'));
      assert.strictEqual(ws.kind, 'per-repo');
      assert.strictEqual(ws.config?.kind, 'per-repo');
      assert.strictEqual(ws.forge, 'github');
      assert.deepStrictEqual(problems(ws), []);
      assert.deepStrictEqual(ws.agents.map((a) => a.name), ['triage']);
      assert.deepStrictEqual(ws.providers.map((p) => [p.name, p.type, p.display]), [['github', 'github', '.fullsend/providers/github.yaml']]);
      assert.deepStrictEqual(
        ws.vars.map((v) => [v.name, v.usages.map((u) => `${u.display}:${u.line} ${u.what}`)]),
        [['GH_TOKEN', ['.fullsend/providers/github.yaml:4 credential GITHUB_TOKEN of provider "github"']]],
      );
    });
  });

  describe('multi-root fixture', () => {
    const root = path.join(FIXTURES, 'multi-root');
    const folders = () => {
      const file = JSON.parse(fs.readFileSync(path.join(root, 'multi-root.code-workspace'), 'utf8')) as { folders: { path: string }[] };
      return file.folders.map((f) => path.join(root, f.path));
    };

    it('finds every fullsend dir in folder order and loads each on its own', async () => {
      const all = await loadWorkspaces(folders());
      assert.deepStrictEqual(all.map((w) => [path.basename(w.folder), w.kind]), [['service', 'per-repo'], ['agents', 'agents-repo']]);
      const [service, agents] = all;
      assert.deepStrictEqual(service.providers.map((p) => p.name), ['github-code', 'github-ro']);
      assert.deepStrictEqual(service.vars.map((v) => v.name), ['SERVICE_GH_TOKEN']);
      assert.deepStrictEqual(agents.providers.map((p) => p.name), ['vertex-ai']);
      assert.deepStrictEqual(agents.profiles.map((p) => p.id), ['fullsend-vertex-ai']);
      for (const w of all) assert.deepStrictEqual(problems(w), [], w.folder);
    });

    it('merges only the selected forge block (forge.gitlab names a provider that does not exist)', async () => {
      const gitlab = await loadWorkspace({ folder: path.join(root, 'service'), dir: path.join(root, 'service', '.fullsend'), kind: 'per-repo' }, { forge: 'gitlab' });
      assert.deepStrictEqual(gitlab.providers.map((p) => p.name), ['github-code']);
      assert.deepStrictEqual(gitlab.diagnostics.map((d) => [d.severity, path.basename(d.file), d.line]), [['error', 'code.yaml', 9]]);
      assert.match(gitlab.diagnostics[0].message, /^\.fullsend\/harness\/code\.yaml:9: forge\.gitlab\.providers\[0\]: provider "gitlab-only" does not exist/);
    });

    it('returns undefined for a folder that is not a fullsend dir', async () => {
      assert.strictEqual(await loadWorkspaceAt(path.join(root, 'notes')), undefined);
    });
  });

  describe('agents: entries and derived names', () => {
    it('derives names like fullsend: explicit name, else basename minus extension and #fragment', () => {
      assert.strictEqual(derivedAgentName({ source: 'harness/triage.yaml' }), 'triage');
      assert.strictEqual(derivedAgentName({ source: 'harness/Code.v2.yaml' }), 'Code.v2');
      assert.strictEqual(derivedAgentName({ name: 'reviewer', source: 'harness/review.yaml' }), 'reviewer');
      assert.strictEqual(derivedAgentName({ source: `https://example.invalid/a/harness/fix.yml#sha256=${'ab'.repeat(32)}` }), 'fix');
      assert.strictEqual(derivedAgentName({ source: 'noext' }), 'noext');
    });

    it('lists every entry; the last enabled entry of a name (case-insensitive) wins; disabled ones declare nothing', async () => {
      const ws = await load('agent-names');
      assert.deepStrictEqual(
        ws.agents.map((a) => [a.name, a.enabled, a.runnable, a.shadowed, a.sourceKind]),
        [
          ['triage', true, false, true, 'path'],
          ['Code.v2', true, true, false, 'path'],
          ['reviewer', true, true, false, 'path'],
          ['fix', true, true, false, 'url'],
          ['TRIAGE', true, true, false, 'path'],
          ['retro', false, false, false, 'path'],
        ],
      );
      assert.strictEqual(findAgent(ws, 'triage')?.source, 'harness/old-triage.yaml');
      assert.strictEqual(findAgent(ws, 'retro'), undefined);
      // The shadowed triage (p-triage) and the disabled retro (retro-only, which does not even exist) declare nothing.
      assert.deepStrictEqual(ws.providers.map((p) => p.name), ['p-code', 'p-review', 'p-old']);
      assert.deepStrictEqual(ws.diagnostics.map((d) => [d.severity, d.line]), [['warning', 3], ['warning', 7]]);
      assert.match(ws.diagnostics[0].message, /^config\.yaml:3: agent "triage" is declared again at line 8/);
    });

    it('reports a URL agent that is not in fullsend’s cache as skipped with the reason', async () => {
      const ws = await load('agent-names');
      assert.deepStrictEqual(ws.skipped.map((s) => [s.kind, s.url, s.declaredBy[0].agents]), [['agent', 'https://example.invalid/fullsend-ai/agents/harness/fix.yaml', ['fix']]]);
      assert.match(ws.skipped[0].reason, /not in fullsend's cache/);
      assert.strictEqual(findAgent(ws, 'fix')?.harnessFile, undefined);
    });
  });

  describe('URL entries', () => {
    it('reads pinned providers and profiles from .fullsend-cache and skips the rest with a reason', async () => {
      const ws = await load('url-cache');
      const [p] = ws.providers;
      assert.deepStrictEqual([ws.providers.length, p.name, p.type, p.origin, p.url], [1, 'remote-llm', 'fullsend-remote-llm', 'url', 'https://example.invalid/fullsend-ai/agents/providers/remote-llm.yaml']);
      assert.match(p.file, /\.fullsend-cache\/resources\/sha256\/[0-9a-f]{64}\/content$/);
      assert.deepStrictEqual(ws.profiles.map((x) => [x.id, x.origin, x.inProfilesDir]), [['fullsend-remote-llm', 'url', false]]);
      assert.deepStrictEqual(ws.skipped.map((s) => [s.kind, path.basename(s.url), s.declaredBy[0].field]), [
        ['provider', 'not-fetched.yaml', 'providers[1]'],
        ['profile', 'not-fetched.yaml', 'openshell.profiles[1]'],
      ]);
      for (const s of ws.skipped) assert.match(s.reason, /not in fullsend's cache \(\.fullsend-cache\/resources\/sha256\/[0-9a-f]{64}\/content\)/);
      assert.deepStrictEqual(ws.diagnostics.map((d) => [d.severity, d.line]), [['warning', 5], ['warning', 9]]);
    });

    it('expands credentials of a URL provider but not its config', async () => {
      const ws = await load('url-cache');
      assert.deepStrictEqual(ws.vars.map((v) => v.name), ['REMOTE_LLM_KEY']);
      assert.strictEqual(ws.providers[0].expandsConfig, false);
    });

    describe('in a scratch copy', () => {
      let tmp: string;
      beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-url-'));
        fs.cpSync(path.join(FIXTURES, 'url-cache'), tmp, { recursive: true });
      });
      afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

      it('does not use a cache entry whose content no longer matches its hash', async () => {
        const cache = path.join(tmp, '.fullsend-cache', 'resources', 'sha256');
        for (const hex of fs.readdirSync(cache)) fs.appendFileSync(path.join(cache, hex, 'content'), '# tampered\n');
        const ws = await loadWorkspace({ folder: tmp, dir: tmp, kind: 'agents-repo' });
        assert.deepStrictEqual(ws.providers, []);
        assert.strictEqual(ws.skipped.length, 4);
        assert.ok(ws.skipped.filter((s) => /does not match its sha256/.test(s.reason)).length === 2);
      });

      it('reports a URL without an integrity hash, or not https, as an error on the harness line', async () => {
        fs.writeFileSync(path.join(tmp, 'harness', 'remote.yaml'), 'agent: agents/remote.md\nrole: remote\nproviders:\n  - https://example.invalid/p.yaml\n  - http://example.invalid/q.yaml#sha256=' + '0'.repeat(64) + '\n');
        const ws = await loadWorkspace({ folder: tmp, dir: tmp, kind: 'agents-repo' });
        assert.deepStrictEqual(ws.diagnostics.map((d) => [d.severity, d.line, d.message.replace(/^.*?: /, '')]), [
          ['error', 4, 'providers[0]: URL must include a #sha256=<64 hex digits> integrity hash'],
          ['error', 5, 'providers[1]: URL scheme must be https'],
        ]);
      });
    });
  });

  describe('paths', () => {
    let tmp: string;
    beforeEach(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-paths-'));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, rel), text);
    };

    it('rejects a provider path that leaves the fullsend dir, and loads harness/*.yaml when config has no agents', async () => {
      write('harness/x.yaml', 'agent: agents/x.md\nslug: acme-x\nproviders: [../outside.yaml, ok]\n');
      write('harness/skipped.yaml', 'agent: agents/y.md\nproviders: [nope]\n'); // no role or slug: fullsend skips it
      write('providers/ok.yaml', 'name: ok\ntype: ok\ncredentials: {T: "${T}"}\n');
      const ws = await loadWorkspace({ folder: tmp, dir: tmp, kind: 'agents-repo' });
      assert.deepStrictEqual(ws.agents.map((a) => [a.name, a.fromConfig]), [['x', false]]);
      assert.deepStrictEqual(ws.providers.map((p) => p.name), ['ok']);
      assert.deepStrictEqual(ws.diagnostics.map((d) => [d.line, d.message]), [[3, 'harness/x.yaml:3: providers[0]: path "../outside.yaml" resolves outside the fullsend directory']]);
    });

    it('prefers the profiles/ copy when a harness names another file with the same id', async () => {
      write('config.yaml', 'version: "1"\nagents: [harness/x.yaml]\n');
      write('harness/x.yaml', 'agent: agents/x.md\nrole: x\nopenshell:\n  profiles: [extra/p.yaml]\n');
      write('extra/p.yaml', 'id: fullsend-p\ncategory: other\n');
      write('profiles/p.yaml', 'id: fullsend-p\ncategory: inference\n');
      const ws = await loadWorkspace({ folder: tmp, dir: tmp, kind: 'agents-repo' });
      assert.deepStrictEqual(ws.profiles.map((p) => [p.id, p.display, p.category, p.inProfilesDir, p.declaredBy.length]), [['fullsend-p', 'profiles/p.yaml', 'inference', true, 1]]);
      assert.deepStrictEqual(ws.diagnostics.map((d) => [d.severity, d.message.split(':')[0]]), [['warning', 'extra/p.yaml']]);
    });

    it('reports a local host file that does not exist unless it is optional', async () => {
      write('config.yaml', 'version: "1"\nagents: [harness/x.yaml]\n');
      write('harness/x.yaml', 'agent: agents/x.md\nrole: x\nhost_files:\n  - {src: env/none.env, dest: /a}\n  - {src: env/opt.env, dest: /b, optional: true}\n  - {src: "${CREDS}", dest: /c}\n');
      const ws = await loadWorkspace({ folder: tmp, dir: tmp, kind: 'agents-repo' });
      assert.deepStrictEqual(ws.diagnostics.map((d) => [d.line, d.message]), [[4, 'harness/x.yaml:4: host_files[0].src: env/none.env does not exist']]);
      assert.deepStrictEqual(usagesOf(ws, 'CREDS').map((u) => [u.kind, u.required]), [['host_files.src', true]]);
    });
  });
});
