// Harness composition as today's fullsend does it (fullsend-current.md §1–§4, §9): base chains, forge blocks
// and overlays, built-in and run-scoped providers, listed profiles only — and the real-workspace shapes the
// agents-repo-today fixture reproduces.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { detectFullsendDirs } from '../../src/workspace/discover';
import { agentView, findAgent, loadWorkspace, loadWorkspaces, type Workspace } from '../../src/workspace/model';
import { FIXTURES } from '../support/paths';

const TODAY = path.join(FIXTURES, 'agents-repo-today');
const errors = (ws: Workspace) => ws.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

describe('workspace/compose: the agents-repo-today fixture', () => {
  let repo: Workspace;
  let perRepo: Workspace;
  before(async () => {
    [repo, perRepo] = await loadWorkspaces([TODAY]);
  });

  it('offers both fullsend dirs of a folder that is an agents repo and a per-repo install', async () => {
    assert.deepStrictEqual((await detectFullsendDirs(TODAY)).map((d) => [d.kind, path.relative(TODAY, d.dir)]), [['agents-repo', ''], ['per-repo', '.fullsend']]);
    assert.deepStrictEqual(repo.agents.map((a) => a.name), ['triage', 'code', 'fix', 'review', 'retro', 'prioritize']);
    assert.deepStrictEqual(errors(repo), []);
    assert.deepStrictEqual(errors(perRepo), []);
  });

  it('shows an override-only config entry as an agent fullsend fetches itself, not as an error', () => {
    const triage = findAgent(perRepo, 'triage');
    assert.ok(triage);
    assert.deepStrictEqual([triage.sourceKind, triage.runnable, triage.model, triage.harnessFile], ['agents-repo', true, 'sonnet', undefined]);
    assert.ok(perRepo.diagnostics.some((d) => d.severity === 'info' && /agent "triage" has no source: fullsend fetches it from fullsend-ai\/agents/.test(d.message)));
  });

  it('composes a thin harness over a pinned URL base read from fullsend’s cache', () => {
    const code = perRepo.harnesses[0];
    assert.match(code.bases[0], /^https:\/\/raw\.githubusercontent\.com\/fullsend-ai\/agents\/[0-9a-f]{40}\/harness\/code\.yaml$/);
    assert.strictEqual(code.agent, 'agents/code.md');
    assert.deepStrictEqual(code.providers.map((p) => p.value), ['vertex-ai', 'github', 'package-registries']);
    assert.deepStrictEqual(perRepo.vars.map((v) => v.name), ['GH_TOKEN', 'PUSH_TOKEN']);
  });

  it('composes for the forge Run passes (config.yaml has no forge:, so github) and applies matching overlays only', async () => {
    assert.strictEqual(repo.forge, 'github');
    const triage = agentView(repo, 'triage');
    assert.deepStrictEqual(triage?.providers.map((p) => p.name), ['vertex-ai', 'github-ro']);
    assert.deepStrictEqual(triage?.harness?.overlays, ['runtime.forge == "github"']);
    assert.deepStrictEqual(triage?.vars.map((v) => v.name), ['GH_TOKEN', 'GITHUB_ISSUE_URL']);
    // The jira overlay reads config.tracker, which this config does not set: no match, as fullsend decides.
    assert.ok(repo.diagnostics.some((d) => d.severity === 'info' && /overlays\[2\]\.when: CEL evaluation failed.*No such key: tracker/.test(d.message)));

    const [gitlab] = await loadWorkspaces([TODAY], { forge: 'gitlab' });
    const g = agentView(gitlab, 'triage');
    assert.deepStrictEqual(g?.providers.map((p) => p.name), ['vertex-ai', 'gitlab-ro']);
    assert.deepStrictEqual(g?.profiles.map((p) => p.id), ['fullsend-gitlab-ro']);
    assert.deepStrictEqual(g?.vars.map((v) => v.name), ['GITLAB_TOKEN', 'GITLAB_ISSUE_URL']);
  });

  it('falls back to fullsend’s built-in definitions for bare names, and treats openai as run-scoped', () => {
    const byName = new Map(repo.providers.map((p) => [p.name, p]));
    assert.deepStrictEqual([...byName.keys()], ['vertex-ai', 'github-ro', 'github', 'package-registries', 'openai', 'gitleaks', 'github-artifacts']);
    for (const n of ['vertex-ai', 'github-ro', 'github', 'package-registries', 'gitleaks', 'github-artifacts']) {
      assert.deepStrictEqual([byName.get(n)?.managed, byName.get(n)?.type, byName.get(n)?.origin], ['builtin', `fullsend-${n}`, 'builtin'], n);
    }
    assert.deepStrictEqual([byName.get('openai')?.managed, byName.get('openai')?.type], ['run-scoped', 'fullsend-openai']);
    // fullsend's own comment: github and github-ro reference ${GH_TOKEN}; the others need no secret.
    assert.deepStrictEqual(byName.get('github')?.credentials.map((c) => [c.key, c.template]), [['GH_TOKEN', '${GH_TOKEN}']]);
    assert.deepStrictEqual(byName.get('vertex-ai')?.credentials, []);
    assert.ok(!errors(repo).some((m) => /does not exist/.test(m)), 'no bare built-in name is reported as undefined');
  });

  it('takes agent:, role: and policy: of a thin harness from its local base', () => {
    const fix = agentView(repo, 'fix');
    assert.deepStrictEqual([fix?.harness?.agent, fix?.harness?.role, fix?.harness?.slug, fix?.harness?.bases], ['agents/code.md', 'coder', 'fullsend-ai-fix', ['harness/code.yaml']]);
    assert.deepStrictEqual(fix?.providers.map((p) => p.name), ['vertex-ai', 'github', 'package-registries', 'openai', 'gitleaks']);
  });

  it('declares only listed profiles; an unlisted file gets a hint, not a declaration', () => {
    assert.deepStrictEqual(repo.profiles, []);
    const hints = repo.diagnostics.filter((d) => d.severity === 'info' && /is not listed by any harness/.test(d.message)).map((d) => path.basename(d.file));
    assert.deepStrictEqual(hints, ['fullsend-gitlab-ro.yaml', 'fullsend-jira-ro.yaml']);
  });
});

describe('workspace/compose: base chains', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fullsend-compose-'));
    write('config.yaml', 'version: "1"\nagents:\n  - source: harness/child.yaml\n');
    write('providers/p1.yaml', 'name: p1\ntype: t1\ncredentials:\n  K1: "${V1}"\n');
    write('providers/p2.yaml', 'name: p2\ntype: t2\ncredentials:\n  K2: "${V2}"\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const load = (opts = {}) => loadWorkspace({ folder: dir, dir, kind: 'agents-repo' }, opts);

  it('merges base-first: scalars child wins, lists concatenated, env maps child wins, host_files by dest', async () => {
    write('harness/base/root.yaml', [
      'agent: agents/a.md', 'role: r', 'policy: base.yaml', 'providers: [p1]', 'openshell: {profiles: []}',
      'env: {runner: {A: "${BASE_A}", B: "${BASE_B}"}}', 'runner_env: {R: "${BASE_R}"}',
      'host_files:', '  - {src: "${BASE_FILE}", dest: /x}', '  - {src: "${KEEP_FILE}", dest: /y}', '',
    ].join('\n'));
    write('harness/child.yaml', [
      'base: base/root.yaml', 'policy: child.yaml', 'providers: [p2, p1]',
      'env: {runner: {B: "${CHILD_B}"}}', 'host_files:', '  - {src: "${CHILD_FILE}", dest: /x}', '',
    ].join('\n'));
    const ws = await load();
    assert.deepStrictEqual(errors(ws), []);
    const h = ws.harnesses[0];
    assert.deepStrictEqual([h.agent, h.role, h.policy, h.bases], ['agents/a.md', 'r', 'child.yaml', ['harness/base/root.yaml']]);
    assert.deepStrictEqual(h.providers.map((p) => p.value), ['p1', 'p2', 'p1']);
    assert.deepStrictEqual(ws.providers.map((p) => p.name), ['p1', 'p2']);
    assert.deepStrictEqual(h.env.runner.map((e) => `${e.key}=${e.value}`), ['A=${BASE_A}', 'B=${CHILD_B}']);
    assert.deepStrictEqual(h.hostFiles.map((f) => `${f.dest}<-${f.src}`), ['/y<-${KEEP_FILE}', '/x<-${CHILD_FILE}']);
    assert.ok(!ws.vars.some((v) => v.name === 'BASE_B' || v.name === 'BASE_FILE'));
  });

  it('inherits forge platforms from the base; `github: ~` in the child drops one', async () => {
    write('harness/base.yaml', 'agent: a\nrole: r\nforge:\n  github: {providers: [p1]}\n  gitlab: {providers: [p2]}\n');
    write('harness/child.yaml', 'base: base.yaml\nforge:\n  github: ~\n');
    assert.deepStrictEqual((await load({ forge: 'gitlab' })).providers.map((p) => p.name), ['p2']);
    const gh = await load({ forge: 'github' });
    assert.deepStrictEqual(gh.providers, []);
    assert.match(errors(gh)[0], /forge platform "github" not configured \(available: gitlab\)/);
  });

  it('fails forge: together with overlays: after merging, as fullsend validates the merged harness', async () => {
    write('harness/base.yaml', 'agent: a\nrole: r\noverlays:\n  - when: "true"\n    providers: [p1]\n');
    write('harness/child.yaml', 'base: base.yaml\nforge:\n  github: {providers: [p2]}\n');
    assert.match(errors(await load())[0], /forge and overlays cannot coexist in the same harness; migrate forge entries to overlays/);
  });

  it('reports a missing base, a cycle, a path that escapes and a chain deeper than 5, each on the base: line', async () => {
    write('harness/child.yaml', 'agent: a\nrole: r\nbase: nowhere.yaml\nproviders: [p1]\n');
    let ws = await load();
    assert.deepStrictEqual(errors(ws), ['harness/child.yaml:3: loading base chain: loading base harness harness/nowhere.yaml: the file does not exist']);
    assert.deepStrictEqual(ws.providers.map((p) => p.name), ['p1'], 'the child still declares what it declares');

    write('harness/child.yaml', 'base: a.yaml\n');
    write('harness/a.yaml', 'base: b.yaml\nagent: a\nrole: r\n');
    write('harness/b.yaml', 'base: child.yaml\n');
    ws = await load();
    assert.deepStrictEqual(errors(ws), ['harness/b.yaml:1: loading base chain: circular base reference: harness/child.yaml']);

    write('harness/child.yaml', 'agent: a\nrole: r\nbase: ../../outside.yaml\n');
    assert.deepStrictEqual(errors(await load()), ['harness/child.yaml:3: loading base chain: base path "../../outside.yaml" escapes workspace root']);

    write('harness/child.yaml', 'base: b1.yaml\n');
    for (let i = 1; i <= 6; i++) write(`harness/b${i}.yaml`, `base: b${i + 1}.yaml\n${i === 1 ? 'agent: a\nrole: r\n' : ''}`);
    write('harness/b7.yaml', 'providers: [p1]\n');
    ws = await load();
    assert.deepStrictEqual(errors(ws), ['harness/b5.yaml:1: loading base chain: exceeded maximum base depth of 5']);
  });

  it('reads a pinned URL base from the cache; an unpinned, plain-http or unlisted one is an error; an uncached one is skipped', async () => {
    const text = 'agent: a\nrole: r\nproviders: [p1]\n';
    const sha = createHash('sha256').update(text).digest('hex');
    write(`.fullsend-cache/resources/sha256/${sha}/content`, text);
    const url = 'https://raw.githubusercontent.com/fullsend-ai/agents/abc/harness/x.yaml';
    write('harness/child.yaml', `base: ${url}#sha256=${sha}\nproviders: [p2]\n`);
    let ws = await load();
    assert.deepStrictEqual(errors(ws), []);
    assert.deepStrictEqual(ws.providers.map((p) => p.name), ['p1', 'p2']);
    assert.deepStrictEqual(ws.harnesses[0].bases, [url]);

    write('harness/child.yaml', `base: ${url}\n`);
    assert.match(errors(await load())[0], /base URL must include #sha256=\.\.\. integrity hash: https:/);
    write('harness/child.yaml', `base: http://example.invalid/x.yaml#sha256=${sha}\n`);
    assert.match(errors(await load())[0], /base URL scheme must be https, got http:\/\//);
    write('harness/child.yaml', `base: https://example.invalid/x.yaml#sha256=${sha}\n`);
    assert.match(errors(await load())[0], /base URL "https:\/\/example\.invalid\/x\.yaml" is not in allowed_remote_resources/);

    write('harness/child.yaml', `agent: a\nrole: r\nbase: ${url}#sha256=${'0'.repeat(64)}\nproviders: [p2]\n`);
    ws = await load();
    assert.deepStrictEqual(errors(ws), []);
    assert.deepStrictEqual(ws.skipped.map((s) => [s.kind, s.url]), [['base', url]]);
    assert.deepStrictEqual(ws.providers.map((p) => p.name), ['p2']);
  });

  it('evaluates overlay conditions with CEL on runtime.forge and config; a non-boolean never matches', async () => {
    write('config.yaml', 'version: "1"\ntracker: jira\nagents:\n  - source: harness/child.yaml\n');
    write('harness/child.yaml', [
      'agent: a', 'role: r', 'overlays:',
      '  - when: runtime.forge == "gitlab" || config.tracker == "jira"', '    providers: [p1]',
      '  - when: \'"yes"\'', '    providers: [p2]', '',
    ].join('\n'));
    const ws = await load();
    assert.deepStrictEqual(ws.providers.map((p) => p.name), ['p1']);
    assert.ok(ws.diagnostics.some((d) => d.severity === 'warning' && /overlays\[1\]\.when: the condition is not a boolean/.test(d.message)));
  });
});
