// fullsend.run end to end in the real extension host: the fullsend stand-in (test/support/fullsend-sim, set
// as fullsend.fullsendPath by scripts/integration-world.mjs) ensures, creates and cleans up its sandbox on the
// same openshell simulator. Both call logs are checked: argv, env names (never values), exit codes,
// signals, and that the extension's Ensure ran before fullsend's first call.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/commands/run';
import type { DeleteResult, ResetResult } from '../../src/core/results';
import { hideViews, showViews, viewsApi } from './viewsWorld';
import { api, callsSince, failure, fileContaining, provider, reseed, run, sandboxNames, secretValues, seenErrors, sim, until, WRITES } from './world';

/** A value only the env files carry, to prove it reaches fullsend's environment and nothing else. */
const PUSH_SECRET = 'push_itest_secret_value_0003';
/** The OpenAI key a run-scoped provider gets: only ever in fullsend's (and its openshell child's) environment. */
const OPENAI_SECRET = 'sk-openai_itest_secret_value_0004';

interface FullsendCall { ts: string; pid: number; argv: string[]; envNames: string[]; exit: number; signals: string[]; sandbox?: string | null; runScopedProviders?: string[] }

/** Calls only Ensure makes (the views' snapshot reads providers, sandboxes, status and gateways, never these). */
const ENSURE_ONLY = new Set(['provider list-profiles', 'settings get']);

const tmp = () => process.env.FULLSEND_TEST_TMP!;
const ws = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const fullsendLog = () => path.join(path.dirname(process.env.OPENSHELL_SIM_HOME!), 'fullsend', 'calls.jsonl');
const fullsendCalls = (): FullsendCall[] => (fs.existsSync(fullsendLog()) ? fs.readFileSync(fullsendLog(), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as FullsendCall) : []);
const runCmd = (opts: object) => run<RunResult>('fullsend.run', opts);
const config = () => vscode.workspace.getConfiguration('fullsend');


describe('fullsend.run', function () {
  this.timeout(60000);
  let target: string;
  let out: string;
  let envFile: string;
  let slowEnvFile: string;

  before(async () => {
    await api();
    await reseed();
    target = fs.mkdtempSync(path.join(tmp(), 'target-'));
    out = path.join(tmp(), 'run-output');
    envFile = path.join(tmp(), 'code.env');
    fs.writeFileSync(envFile, `# the code agent's runner_env\nPUSH_TOKEN=${PUSH_SECRET}\n`);
    // Env files feed fullsend's environment, so they carry the stand-in's knobs too.
    slowEnvFile = path.join(tmp(), 'code-slow.env');
    fs.writeFileSync(slowEnvFile, `PUSH_TOKEN=${PUSH_SECRET}\nFULLSEND_SIM_AGENT_MS=20000\n`);
  });

  it('runs an agent end to end: Ensure first, then fullsend with the expected argv and env names; exit 0, sandbox cleaned up', async () => {
    const mark = sim().calls().length;
    const fsMark = fullsendCalls().length;
    const r = await runCmd({ agent: 'code', targetRepo: target, envFiles: [envFile], outputDir: out });

    assert.strictEqual(r.exitCode, 0);
    assert.strictEqual(r.agentExitCode, 0);
    assert.strictEqual(r.stoppedWith, undefined);
    assert.match(r.sandboxName!, /^fs-cod-[0-9a-f]{12}$/);
    assert.strictEqual(r.sandbox, 'cleaned-up');
    assert.strictEqual(r.runDir, path.join(out, r.sandboxName!));
    assert.ok(fs.existsSync(path.join(r.runDir!, 'metrics.json')), 'the run dir exists');
    assert.ok(!sandboxNames().includes(r.sandboxName!), 'fullsend deleted its sandbox');

    // Ensure covered this agent's providers only (code: vertex-ai, github-code), and ran first.
    assert.ok(r.ensure, 'an EnsureResult');
    assert.deepStrictEqual(r.ensure!.providers.map((p) => p.name).sort(), ['github-code', 'vertex-ai']);
    assert.ok(!r.ensure!.providers.some((p) => p.error), JSON.stringify(r.ensure!.providers));
    const [gh] = secretValues();
    assert.deepStrictEqual(provider('github-code')!.credentials, { GH_TOKEN: gh, OLD_PUSH_TOKEN: 'seeded-OLD_PUSH_TOKEN' }, 'the seeded key Fullsend never wrote is kept');

    const calls = fullsendCalls().slice(fsMark);
    assert.strictEqual(calls.length, 1, 'fullsend ran once');
    const [call] = calls;
    // --forge always: the workspace's (no config.yaml forge: here, so github).
    assert.deepStrictEqual(call.argv, ['run', 'code', '--fullsend-dir', ws(), '--target-repo', target, '--forge', 'github', '--env-file', envFile, '--output-dir', out]);
    assert.strictEqual(call.exit, 0);
    for (const name of ['GH_TOKEN', 'PUSH_TOKEN', 'OPENSHELL_SIM_HOME', 'PATH']) assert.ok(call.envNames.includes(name), `${name} in fullsend's environment`);
    const raw = fs.readFileSync(fullsendLog(), 'utf8');
    for (const s of [...secretValues(), PUSH_SECRET]) assert.ok(!raw.includes(s), 'no value in the fullsend call log');

    // The openshell call log: the extension's pre-flight and Ensure calls (NO_GRAPHICS=1) all come before
    // fullsend's first call. (The views may re-read the gateway during the run; they never write.)
    const os = callsSince(mark);
    const firstOfFullsend = os.findIndex((c) => !c.noGraphics);
    assert.ok(firstOfFullsend > 0, JSON.stringify(os.map((c) => c.cmd)));
    const ours = os.filter((c) => c.noGraphics);
    const lastOfEnsure = os.map((c, i) => (c.noGraphics && (ENSURE_ONLY.has(c.cmd ?? '') || WRITES.has(c.cmd ?? '')) ? i : -1)).reduce((a, b) => Math.max(a, b));
    assert.ok(lastOfEnsure >= 0 && lastOfEnsure < firstOfFullsend, `Ensure (last call #${lastOfEnsure}) before fullsend (first call #${firstOfFullsend})`);
    assert.ok(ours.some((c) => c.cmd === null && c.argv[0] === '--version') && ours.some((c) => c.cmd === 'status'), 'the pre-flight ran');
    assert.ok(!os.slice(firstOfFullsend).some((c) => c.noGraphics && WRITES.has(c.cmd ?? '')), 'the extension wrote nothing during the run');
    assert.deepStrictEqual(os.slice(firstOfFullsend).map((c) => c.cmd).filter((c) => c === 'gateway list' || c === 'sandbox delete'), ['gateway list', 'sandbox delete']);
    assert.ok(os.some((c) => !c.noGraphics && c.cmd === 'provider update' && c.envKeysSet.includes('GH_TOKEN')), 'fullsend wrote the same token through its own environment');
  });

  it('run → run: fullsend\'s rewrite of the providers is adopted, so the next run\'s Ensure writes nothing', async () => {
    await runCmd({ agent: 'code', targetRepo: target, envFiles: [envFile] });
    const mark = sim().calls().length;
    const r = await runCmd({ agent: 'code', targetRepo: target, envFiles: [envFile] });
    assert.strictEqual(r.exitCode, 0);
    assert.deepStrictEqual(r.ensure!.providers.map((p) => [p.name, p.action]).sort(), [['github-code', 'unchanged'], ['vertex-ai', 'unchanged']]);
    const firstOfFullsend = callsSince(mark).findIndex((c) => !c.noGraphics);
    const ensureCalls = callsSince(mark).slice(0, firstOfFullsend).filter((c) => c.noGraphics && (ENSURE_ONLY.has(c.cmd ?? '') || WRITES.has(c.cmd ?? '')));
    assert.deepStrictEqual(ensureCalls.filter((c) => WRITES.has(c.cmd ?? '')), [], 'Ensure wrote nothing');
    assert.ok(callsSince(mark).some((c) => !c.noGraphics && c.cmd === 'provider update'), 'fullsend itself still rewrote them');
    // One line for both, or one each when fullsend reports them ready apart (as with 0.1's slower updates).
    const logFile = (await api()).logFile;
    await until('the adoption of both providers in the log', () => {
      const text = fs.readFileSync(logFile, 'utf8');
      return ['github-code', 'vertex-ai'].every((n) => new RegExp(`recorded the new version of [^(]*\\b${n}\\b`).test(text));
    });
  });

  it('ensure: false skips Ensure (pre-flight only); a version pin that differs is a warning, not a stop', async () => {
    const pin = path.join(ws(), '.github', 'scripts', 'openshell-version.sh');
    fs.mkdirSync(path.dirname(pin), { recursive: true });
    fs.writeFileSync(pin, '#!/bin/sh\n# Single source of truth\nOPENSHELL_VERSION=0.0.83\n');
    try {
      const mark = sim().calls().length;
      const r = await runCmd({ agent: 'code', targetRepo: target, envFiles: [envFile], ensure: false });
      assert.strictEqual(r.exitCode, 0);
      assert.strictEqual(r.ensure, undefined);
      assert.strictEqual(r.warnings.length, 1, JSON.stringify(r.warnings));
      assert.match(r.warnings[0], /0\.0\.83/);
      const ours = callsSince(mark).filter((c) => c.noGraphics);
      assert.ok(ours.some((c) => c.argv[0] === '--version') && ours.some((c) => c.cmd === 'status'), 'the pre-flight ran');
      assert.deepStrictEqual(ours.filter((c) => ENSURE_ONLY.has(c.cmd ?? '') || WRITES.has(c.cmd ?? '')), [], 'no Ensure call');
    } finally {
      fs.rmSync(path.join(ws(), '.github'), { recursive: true, force: true });
    }
  });

  it('pre-flight: a variable this agent needs that is set nowhere rejects before anything is spawned or written', async () => {
    const mark = sim().calls().length;
    const fsMark = fullsendCalls().length;
    const err = await failure('fullsend.run', { agent: 'code', targetRepo: target, envFiles: [] });
    assert.match(err.message, /\$\{PUSH_TOKEN\} is not set \(needed by runner_env/);
    assert.match(err.message, /did not start/);
    assert.strictEqual(err.message.split('${PUSH_TOKEN}').length, 2, `one problem, stated once: ${err.message}`);
    // Only the code agent's needs: the review agent's unset variables are none of this run's business.
    assert.ok(!/REVIEW_TOKEN|GITHUB_PR_URL/.test(err.message), err.message);
    assert.strictEqual(fullsendCalls().length, fsMark, 'fullsend was not started');
    assert.deepStrictEqual(callsSince(mark).filter((c) => WRITES.has(c.cmd ?? '')), [], 'Ensure did not run');
  });

  it('pre-flight: gateway down and a missing target repo are listed together in one message', async () => {
    sim().setKnobs({ gatewayDown: true });
    try {
      const fsMark = fullsendCalls().length;
      const err = await failure('fullsend.run', { agent: 'code', targetRepo: path.join(tmp(), 'no-such-repo'), envFiles: [envFile] });
      assert.match(err.message, /\(1\) .*\(2\) /);
      assert.match(err.message, /no-such-repo does not exist/);
      assert.match(err.message, /gateway/i);
      assert.strictEqual(fullsendCalls().length, fsMark);
    } finally {
      sim().setKnobs({ gatewayDown: null });
    }
  });

  it('fullsend not found: the message says how to install it and which setting to fix', async () => {
    await config().update('fullsendPath', path.join(tmp(), 'no-fullsend', 'fullsend'), vscode.ConfigurationTarget.Workspace);
    try {
      const err = await failure('fullsend.run', { agent: 'code', targetRepo: target, envFiles: [envFile] });
      assert.match(err.message, /fullsend\.fullsendPath/);
      assert.match(err.message, /make go-build/);
    } finally {
      await config().update('fullsendPath', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('an unknown agent is refused, listing the workspace\'s agents', async () => {
    const err = await failure('fullsend.run', { agent: 'nope', targetRepo: target });
    assert.match(err.message, /'nope'/);
    for (const a of ['triage', 'code', 'review']) assert.ok(err.message.includes(a), err.message);
  });

  it('terminating the run\'s task sends SIGINT; fullsend cleans up its sandbox and the result says stopped', async () => {
    const fsMark = fullsendCalls().length;
    const pending = runCmd({ agent: 'code', targetRepo: target, envFiles: [slowEnvFile] });
    pending.catch(() => undefined);
    const sandbox = await until('the run\'s sandbox', () => sandboxNames().find((n) => n.startsWith('fs-cod-')));
    const execution = await until('the run\'s task', () => vscode.tasks.taskExecutions.find((e) => e.task.definition.type === 'fullsend' && e.task.definition.agent === 'code'));
    execution.terminate();
    const r = await pending;
    assert.strictEqual(r.stoppedWith, 'SIGINT');
    assert.strictEqual(r.sandboxName, sandbox);
    assert.strictEqual(r.sandbox, 'cleaned-up');
    assert.notStrictEqual(r.exitCode, 0);
    const calls = fullsendCalls().slice(fsMark);
    assert.strictEqual(calls.length, 1);
    assert.deepStrictEqual(calls[0].signals, ['SIGINT'], 'SIGINT only: never SIGKILL, no SIGTERM needed');
    assert.ok(calls[0].envNames.includes('FULLSEND_SIM_AGENT_MS'), 'the env file reached fullsend\'s environment');
    assert.ok(!sandboxNames().includes(sandbox));
  });

  it('while a run is in progress, Reset and Delete All Leaked Sandboxes leave its sandbox and providers alone; the view says so', async () => {
    await reseed();
    const pending = runCmd({ agent: 'code', targetRepo: target, envFiles: [slowEnvFile] });
    pending.catch(() => undefined);
    const sandbox = await until('the run\'s sandbox', () => sandboxNames().find((n) => n.startsWith('fs-cod-')));
    const views = await viewsApi();
    await showViews(views); // the shared gateway picture reads only while a view shows it
    const tree = views.views.sandboxes;
    const node = await until('the view marking the run\'s sandbox', async () => (await tree.getChildren()).find((n) => n.kind === 'sandbox' && n.name === sandbox && n.runningAgent));
    assert.strictEqual(node.kind === 'sandbox' && node.runningAgent, 'code');
    assert.match(String(tree.getTreeItem(node).description), /^run of code in progress · /);

    // The demo gateway's leaked sandbox (26 hours old) goes; the run's stays.
    const cleared = await run<DeleteResult>('fullsend.deleteAllLeakedSandboxes', { confirm: false });
    assert.deepStrictEqual(cleared.deleted, ['fs-tri-3f9a0c51d2e7']);
    const r = await run<ResetResult>('fullsend.reset', { confirm: false });
    assert.deepStrictEqual(r.sandboxesDeleted, []);
    const kept = new Map(r.kept.map((k) => [k.name, k.reason]));
    assert.strictEqual(kept.get(sandbox), 'in use by the run of code in progress');
    for (const p of ['vertex-ai', 'github-code']) assert.strictEqual(kept.get(p), 'in use by the run of code in progress', p);
    assert.ok(!r.providersDeleted.includes('github-code') && r.providersDeleted.includes('github-ro'), r.providersDeleted.join());
    assert.ok(sandboxNames().includes(sandbox) && provider('github-code') && provider('vertex-ai'));

    const execution = await until('the run\'s task', () => vscode.tasks.taskExecutions.find((e) => e.task.definition.type === 'fullsend' && e.task.definition.agent === 'code'));
    execution.terminate();
    const done = await pending;
    assert.strictEqual(done.sandbox, 'cleaned-up', 'the run itself still cleaned up its sandbox');
    // Ended: a reset now keeps nothing for it.
    const after = await run<ResetResult>('fullsend.reset', { confirm: false, dryRun: true });
    assert.ok(!after.kept.some((k) => /run of code/.test(k.reason)), JSON.stringify(after.kept));
    await hideViews(views);
    await reseed();
  });

  it('the `fullsend` task type: one task per agent; executing one runs fullsend with the settings and the last target repo', async () => {
    await config().update('run.envFiles', [envFile], vscode.ConfigurationTarget.Workspace);
    try {
      const tasks = await vscode.tasks.fetchTasks({ type: 'fullsend' });
      assert.deepStrictEqual(tasks.map((t) => t.name).sort(), ['run code', 'run review', 'run triage']);
      const task = tasks.find((t) => t.definition.agent === 'code')!;
      assert.strictEqual(task.source, 'fullsend');
      const fsMark = fullsendCalls().length;
      const ended = new Promise<number | undefined>((resolve) => {
        const sub = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.definition.type === 'fullsend') { sub.dispose(); resolve(e.exitCode); }
        });
      });
      await vscode.tasks.executeTask(task);
      const code = await Promise.race([ended, until('fullsend ran', () => fullsendCalls().length > fsMark, 30000).then(() => ended)]);
      assert.strictEqual(code, 0);
      const [call] = fullsendCalls().slice(fsMark);
      assert.deepStrictEqual(call.argv, ['run', 'code', '--fullsend-dir', ws(), '--target-repo', target, '--forge', 'github', '--env-file', envFile]);
      assert.strictEqual(call.exit, 0);
    } finally {
      await config().update('run.envFiles', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('runtime, model, effort and forge reach fullsend; a codex run of a harness declaring openai reports its run-scoped provider', async () => {
    // One more agent, in this copy of the fixture only: other suites count the fixture's agents and providers.
    const configFile = path.join(ws(), 'config.yaml');
    const configText = fs.readFileSync(configFile, 'utf8');
    const harness = path.join(ws(), 'harness', 'openai-review.yaml');
    fs.writeFileSync(harness, 'agent: agents/review.md\npolicy: policies/base.yaml\nrole: review\nopenshell:\n  profiles: [profiles/fullsend-vertex-ai.yaml]\nproviders: [vertex-ai, openai]\n');
    fs.writeFileSync(configFile, `${configText.trimEnd()}\n  - source: harness/openai-review.yaml\n`);
    const openaiEnv = path.join(tmp(), 'openai.env');
    fs.writeFileSync(openaiEnv, `OPENAI_API_KEY=${OPENAI_SECRET}\n`);
    try {
      const mark = sim().calls().length;
      const fsMark = fullsendCalls().length;
      const r = await runCmd({ agent: 'openai-review', targetRepo: target, envFiles: [openaiEnv], outputDir: out, runtime: 'codex', model: 'gpt-5', effort: 'high', forge: 'github' });
      assert.strictEqual(r.exitCode, 0);
      assert.match(r.sandboxName!, /^fs-ope-[0-9a-f]{12}$/);
      assert.strictEqual(r.sandbox, 'cleaned-up');
      const inst = `openai-${r.sandboxName!.slice(-12)}`;
      assert.deepStrictEqual(r.runScopedProviders, [inst], 'the instance named after the sandbox\'s suffix');

      const [call] = fullsendCalls().slice(fsMark);
      assert.deepStrictEqual(call.argv, ['run', 'openai-review', '--fullsend-dir', ws(), '--target-repo', target, '--forge', 'github',
        '--runtime', 'codex', '--model', 'gpt-5', '--effort', 'high', '--env-file', openaiEnv, '--output-dir', out]);
      assert.deepStrictEqual([call.exit, call.sandbox, call.runScopedProviders], [0, r.sandboxName, [inst]]);
      assert.ok(call.envNames.includes('OPENAI_API_KEY'), 'the env file\'s key reached fullsend\'s environment');

      // fullsend's own openshell calls: the instance created empty, its value and expiry set through the child's environment, deleted at the end.
      const theirs = callsSince(mark).filter((c) => !c.noGraphics);
      assert.ok(theirs.some((c) => JSON.stringify(c.argv) === JSON.stringify(['provider', 'create', '--name', inst, '--type', 'fullsend-openai', '--credential', 'OPENAI_API_KEY='])));
      const update = theirs.find((c) => c.cmd === 'provider update' && c.argv[2] === inst)!;
      assert.deepStrictEqual([update.argv.slice(3, 6), update.envKeysSet], [['--credential', 'OPENAI_API_KEY', '--credential-expires-at'], ['OPENAI_API_KEY']]);
      assert.ok(theirs.some((c) => c.cmd === 'provider delete' && c.argv.includes(inst)));
      assert.strictEqual(provider(inst), undefined, 'the run deleted its run-scoped provider');
      // The extension never makes a shared provider of it, and the key is nowhere but in environments.
      assert.ok(!callsSince(mark).some((c) => c.noGraphics && c.argv.includes('fullsend-openai')), 'Ensure left the run-scoped provider to fullsend');
      const text = await fileContaining((await api()).logFile, `run openai-review --fullsend-dir`);
      for (const where of [text, fs.readFileSync(fullsendLog(), 'utf8'), JSON.stringify(sim().calls())]) assert.ok(!where.includes(OPENAI_SECRET), 'the OpenAI key leaked');

      // Without an env file, the key comes from the secret store: fullsend reads it only from its environment.
      await run('fullsend.setSecret', { name: 'OPENAI_API_KEY', value: OPENAI_SECRET });
      try {
        const again = await runCmd({ agent: 'openai-review', targetRepo: target, envFiles: [], outputDir: out, runtime: 'codex', model: 'gpt-5' });
        assert.strictEqual(again.exitCode, 0);
        const last = fullsendCalls().at(-1)!;
        assert.ok(last.envNames.includes('OPENAI_API_KEY'), 'the secret store\'s key reached fullsend\'s environment');
        assert.deepStrictEqual(again.runScopedProviders, [`openai-${again.sandboxName!.slice(-12)}`]);
        const log = await fileContaining((await api()).logFile, 'for run-scoped providers, from the secret store: OPENAI_API_KEY');
        assert.ok(!log.includes(OPENAI_SECRET), 'the OpenAI key leaked into the log');
      } finally {
        await run('fullsend.clearSecret', { name: 'OPENAI_API_KEY' });
      }
    } finally {
      fs.writeFileSync(configFile, configText);
      fs.rmSync(harness, { force: true });
    }
  });

  it('runtime, effort and forge values fullsend would reject are refused up front, naming the allowed values; nothing runs', async () => {
    const fsMark = fullsendCalls().length;
    const cases: [object, RegExp][] = [
      [{ runtime: 'gpt' }, /option 'runtime' must be one of claude, pi, codex, dummy, dummy-playback \(got "gpt"\)/],
      [{ effort: 'huge' }, /option 'effort' must be one of low, medium, high, xhigh, max \(got "huge"\)/],
      [{ forge: 'bitbucket' }, /option 'forge' must be one of github, gitlab \(got "bitbucket"\)/],
      [{ model: '--keep-sandbox' }, /option 'model' "--keep-sandbox" is not a model name/],
    ];
    for (const [opts, message] of cases) {
      const err = await failure('fullsend.run', { agent: 'code', targetRepo: target, envFiles: [envFile], ...opts });
      assert.match(err.message, message);
    }
    assert.strictEqual(fullsendCalls().length, fsMark);
  });

  it('from the palette it asks for the agent first; dismissing the picker is a quiet cancellation, nothing runs', async () => {
    const mark = sim().calls().length;
    const fsMark = fullsendCalls().length;
    const settled = run('fullsend.run').then((v) => ({ v }), (err: unknown) => ({ err }));
    const deadline = Date.now() + 10000;
    let r: { v?: unknown; err?: unknown } | undefined;
    while (!r) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      r = await Promise.race([settled, new Promise<undefined>((res) => setTimeout(() => res(undefined), 100))]);
      if (Date.now() > deadline) throw new Error('fullsend.run did not settle');
    }
    assert.ok(r.err instanceof Error, 'rejects');
    assert.strictEqual(r.err.name, 'Canceled');
    const ours = callsSince(mark).filter((c) => c.noGraphics);
    assert.deepStrictEqual(ours.filter((c) => c.argv[0] === '--version' || ENSURE_ONLY.has(c.cmd ?? '') || WRITES.has(c.cmd ?? '')), [], 'no pre-flight, no Ensure');
    assert.strictEqual(fullsendCalls().length, fsMark, 'fullsend not started');
  });

  it('the log has the command line and environment names, never a value', async () => {
    const text = await fileContaining((await api()).logFile, 'run code --fullsend-dir');
    assert.match(text, /resolved: .*GH_TOKEN/);
    assert.match(text, /from env files: .*PUSH_TOKEN/);
    assert.match(text, /Run of code finished \(exit 0\) — sandbox fs-cod-[0-9a-f]{12} cleaned up/);
    for (const s of [...secretValues(), PUSH_SECRET]) assert.ok(!text.includes(s), 'a secret in the Fullsend log');
    for (const m of seenErrors) for (const s of [...secretValues(), PUSH_SECRET]) assert.ok(!m.includes(s), m);
  });
});
