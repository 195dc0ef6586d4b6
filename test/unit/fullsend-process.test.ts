// `fullsend run` as a child process, against test/support/fullsend-sim and the openshell simulator.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runArgs, type RunOptions } from '../../src/fullsend/args';
import { openshellDir } from '../../src/fullsend/openshellDir';
import { FullsendProcess } from '../../src/fullsend/process';
import { parseLine, RunFacts } from '../../src/fullsend/steps';
import { FIXTURES, FULLSEND_SIM_BIN } from '../support/paths';
import { sim as simApi, type Sim } from '../support/simulator';

describe('fullsend/process with the fullsend simulator', function () {
  this.timeout(30000);
  let sim: Sim;
  beforeEach(() => { sim = simApi.createSim(); sim.addGateway('openshell', { active: true }); });
  afterEach(() => sim.dispose());

  const tmpDir = () => path.join(sim.root, 'tmp');
  const start = async (env: Record<string, string> = {}, graceMs = 10_000, opts: Partial<RunOptions> = {}) => {
    // fullsend's profile hash caches live in $TMPDIR and know nothing about the gateway: one per fresh simulator.
    fs.mkdirSync(tmpDir(), { recursive: true });
    const agent = opts.agent ?? 'code';
    const facts = new RunFacts({ agent });
    const lines: string[] = [];
    const proc = await FullsendProcess.start({
      file: FULLSEND_SIM_BIN,
      args: runArgs({ agent, fullsendDir: opts.fullsendDir ?? path.join(FIXTURES, 'agents-repo'), targetRepo: sim.root, forge: 'github', outputDir: path.join(sim.root, 'out'), ...opts }),
      env: { ...sim.spawnEnv(), PATH: `${sim.binDir}${path.delimiter}${process.env.PATH}`, TMPDIR: tmpDir(), GH_TOKEN: 'ghp_proc_secret_5555', ...env },
      onLine: (l) => { lines.push(l); for (const e of parseLine(l)) facts.add(e); },
      graceMs,
    });
    return { proc, facts, lines };
  };
  /** A copy of the agents-repo fixture with one more agent, `openai-review`, whose harness declares the built-in `openai`. */
  const openaiWorkspace = () => {
    const dir = path.join(sim.root, 'agents');
    fs.cpSync(path.join(FIXTURES, 'agents-repo'), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'harness', 'openai-review.yaml'), 'agent: agents/review.md\npolicy: policies/base.yaml\nrole: review\nopenshell:\n  profiles: [profiles/fullsend-vertex-ai.yaml]\nproviders: [vertex-ai, openai]\n');
    fs.appendFileSync(path.join(dir, 'config.yaml'), '  - source: harness/openai-review.yaml\n');
    return dir;
  };
  const OPENAI_KEY = 'sk-proc-openai-secret-7777';
  const calls = () => fs.readFileSync(path.join(sim.root, 'fullsend', 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const until = async (what: () => boolean) => { for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 50)); };

  it('streams lines and reports the sandbox, run dir and exit code', async () => {
    const { proc, facts } = await start();
    const exit = await proc.exited;
    assert.deepStrictEqual([exit.exitCode, exit.stoppedWith], [0, undefined]);
    assert.match(facts.sandboxName!, /^fs-cod-[0-9a-f]{12}$/);
    assert.strictEqual(facts.runDir, path.join(sim.root, 'out', facts.sandboxName!));
    assert.strictEqual(facts.agentExitCode, 0);
    assert.ok(fs.existsSync(path.join(facts.runDir!, 'metrics.json')));
    assert.deepStrictEqual(sim.state('openshell').sandboxes, [], 'the sandbox was cleaned up');
    const [call] = calls();
    assert.ok(call.envNames.includes('GH_TOKEN'));
    assert.ok(!JSON.stringify(call).includes('ghp_proc_secret_5555'));
  });

  it('stop() sends SIGINT; fullsend cleans its sandbox up and exits', async () => {
    const { proc, facts } = await start({ FULLSEND_SIM_AGENT_MS: '20000' });
    await until(() => !!facts.sandboxName && sim.state('openshell').sandboxes.length === 1);
    proc.stop();
    proc.stop(); // idempotent
    const exit = await proc.exited;
    assert.deepStrictEqual([exit.stoppedWith, exit.exitCode], ['SIGINT', 1]);
    assert.strictEqual(facts.cancelled, true);
    assert.deepStrictEqual(calls()[0].signals, ['SIGINT']);
    assert.deepStrictEqual(sim.state('openshell').sandboxes, []);
  });

  it('a run that ignores SIGINT gets SIGTERM after the grace period — never SIGKILL', async () => {
    const { proc, facts } = await start({ FULLSEND_SIM_AGENT_MS: '20000', FULLSEND_SIM_IGNORE_SIGINT: '1' }, 500);
    await until(() => !!facts.sandboxName);
    proc.stop();
    const exit = await proc.exited;
    assert.strictEqual(exit.stoppedWith, 'SIGTERM');
    assert.deepStrictEqual(calls()[0].signals, ['SIGINT', 'SIGTERM']);
    assert.strictEqual(exit.exitCode, 1, 'it exited by itself after cleanup, not by a kill');
    assert.deepStrictEqual(sim.state('openshell').sandboxes, []);
  });

  it('--runtime codex with the built-in openai provider: a run-scoped instance named after the sandbox, created, attached, deleted', async () => {
    const { proc, facts, lines } = await start({ OPENAI_API_KEY: OPENAI_KEY }, 10_000, { agent: 'openai-review', fullsendDir: openaiWorkspace(), runtime: 'codex', model: 'gpt-5', effort: 'high' });
    const exit = await proc.exited;
    assert.strictEqual(exit.exitCode, 0, lines.join('\n'));
    assert.match(facts.sandboxName!, /^fs-ope-[0-9a-f]{12}$/);
    const inst = `openai-${facts.sandboxName!.slice(-12)}`;
    assert.deepStrictEqual(facts.runScopedProviders, [inst]);
    assert.deepStrictEqual([...facts.runScoped], [[inst, 'deleted']]);
    assert.deepStrictEqual(facts.providersReady, ['vertex-ai']);
    assert.strictEqual(facts.sandbox, 'cleaned-up');
    for (const kv of ['    Model: gpt-5 (from --model)', '    Effort: high (from --effort)', '    Runtime: codex (from --runtime)', '    Forge: github (from --forge)']) assert.ok(lines.includes(kv), kv);
    // today's order: run-scoped before the shared providers, all before the sandbox; teardown after Results
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    const order = ['Profile imported: fullsend-vertex-ai', 'using the definition shipped with fullsend', 'Provider profile ready: fullsend-openai', `Ensuring run-scoped provider: ${inst}`,
      `Provider ready: ${inst} (static`, 'Ensuring provider: vertex-ai', 'Creating sandbox:', "Waiting 11.9s for the sandbox's first policy poll", '→ Results', 'Sandbox deleted', `Run-scoped provider deleted: ${inst}`];
    assert.deepStrictEqual(order.map(at), [...order.map(at)].sort((a, b) => a - b), order.map((o) => `${at(o)} ${o}`).join('\n'));
    assert.ok(order.every((o) => at(o) >= 0));

    const osCalls = sim.calls().map((c) => c.argv);
    const create = osCalls.find((a) => a[0] === 'provider' && a[1] === 'create' && a[3] === inst)!;
    assert.deepStrictEqual(create, ['provider', 'create', '--name', inst, '--type', 'fullsend-openai', '--credential', 'OPENAI_API_KEY=']);
    const update = sim.calls().find((c) => c.argv[1] === 'update' && c.argv[2] === inst)!;
    assert.deepStrictEqual(update.argv.slice(0, 6), ['provider', 'update', inst, '--credential', 'OPENAI_API_KEY', '--credential-expires-at']);
    assert.match(update.argv[6], /^OPENAI_API_KEY=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepStrictEqual(update.envKeysSet, ['OPENAI_API_KEY'], 'the value came through the child environment');
    assert.ok(!JSON.stringify(sim.calls()).includes(OPENAI_KEY), 'never on argv');
    assert.deepStrictEqual(osCalls.filter((a) => a[1] === 'delete' && (a[0] === 'sandbox' || a[2] === inst)).map((a) => a.slice(0, 2)), [['sandbox', 'delete'], ['provider', 'delete']]);
    assert.ok(!sim.state('openshell').providers.some((x) => x.name === inst));
    assert.ok(!fs.existsSync(path.join(tmpDir(), facts.sandboxName!)), 'the download dir was removed');
    const [call] = calls();
    assert.deepStrictEqual(call.runScopedProviders, [inst]);
    assert.ok(!JSON.stringify(calls()).includes(OPENAI_KEY));
  });

  it('a runtime and model that do not need OpenAI: the openai provider is skipped, nothing run-scoped', async () => {
    const { proc, facts, lines } = await start({ OPENAI_API_KEY: OPENAI_KEY }, 10_000, { agent: 'openai-review', fullsendDir: openaiWorkspace(), runtime: 'claude', model: 'opus' });
    assert.strictEqual((await proc.exited).exitCode, 0);
    assert.ok(lines.includes('    Provider "openai" declared by the harness but not needed by runtime claude with model opus; skipped'), lines.join('\n'));
    assert.deepStrictEqual(facts.runScopedProviders, []);
    assert.ok(!sim.calls().some((c) => c.argv.includes('fullsend-openai')));
  });

  it('--keep-sandbox: the sandbox stays and the run-scoped provider is expired in place', async () => {
    const { proc, facts } = await start({ OPENAI_API_KEY: OPENAI_KEY }, 10_000, { agent: 'openai-review', fullsendDir: openaiWorkspace(), runtime: 'codex', keepSandbox: true });
    assert.strictEqual((await proc.exited).exitCode, 0);
    const inst = facts.runScopedProviders[0];
    assert.deepStrictEqual([facts.sandbox, facts.runScoped.get(inst)], ['kept', 'expired']);
    const st = sim.state('openshell');
    assert.deepStrictEqual(st.sandboxes.map((b) => [b.name, b.providers]), [[facts.sandboxName, ['vertex-ai', inst]]]);
    const expiry = st.providers.find((x) => x.name === inst)!.credential_expires_at_ms!.OPENAI_API_KEY;
    assert.ok(expiry <= Date.now() + 1000, 'expired now, not in an hour');
    assert.ok(fs.existsSync(path.join(tmpDir(), facts.sandboxName!)), 'the download dir is kept');
  });

  it('FULLSEND_SIM_KILL=agent: a SIGKILLed run leaves its sandbox, run-scoped provider and download dir behind', async () => {
    const { proc, facts } = await start({ OPENAI_API_KEY: OPENAI_KEY, FULLSEND_SIM_KILL: 'agent' }, 10_000, { agent: 'openai-review', fullsendDir: openaiWorkspace(), runtime: 'codex' });
    const exit = await proc.exited;
    assert.strictEqual(exit.signal, 'SIGKILL');
    const inst = facts.runScopedProviders[0];
    assert.deepStrictEqual([facts.sandbox, facts.runScopedLeft], ['unknown', [inst]]);
    const st = sim.state('openshell');
    assert.deepStrictEqual(st.sandboxes.map((b) => b.name), [facts.sandboxName]);
    assert.ok(st.providers.some((x) => x.name === inst));
    assert.ok(fs.existsSync(path.join(tmpDir(), facts.sandboxName!)));
    assert.deepStrictEqual([calls()[0].exit, calls()[0].signal, calls()[0].sandbox], [null, 'SIGKILL', facts.sandboxName]);
  });

  it('fullsend\'s own texts for an invalid --forge and --effort (values the extension never passes)', async () => {
    const bad = async (extra: string[], env: Record<string, string> = {}) => {
      const lines: string[] = [];
      const p = await FullsendProcess.start({
        file: FULLSEND_SIM_BIN, args: ['run', 'code', '--fullsend-dir', path.join(FIXTURES, 'agents-repo'), '--target-repo', sim.root, ...extra],
        env: { ...sim.spawnEnv(), PATH: `${sim.binDir}${path.delimiter}${process.env.PATH}`, ...env }, onLine: (l) => lines.push(l),
      });
      return { exit: await p.exited, lines };
    };
    let r = await bad(['--forge', 'bitbucket']);
    assert.strictEqual(r.exit.exitCode, 1);
    assert.ok(r.lines.includes('  ✗ Invalid --forge flag'));
    assert.ok(r.lines.includes('Error: --forge: "bitbucket" is not a valid forge platform (valid: github, gitlab)'), r.lines.join('\n'));
    r = await bad(['--effort=huge']);
    assert.ok(r.lines.includes('Error: --effort: invalid effort "huge": must be one of low, medium, high, xhigh, max'), r.lines.join('\n'));
    r = await bad([], { FULLSEND_EFFORT: 'extreme' });
    assert.ok(r.lines.includes('Error: FULLSEND_EFFORT: invalid effort "extreme": must be one of low, medium, high, xhigh, max'), r.lines.join('\n'));
  });

  it('a missing executable is reported, not thrown', async () => {
    const proc = await FullsendProcess.start({ file: path.join(sim.root, 'no-fullsend'), args: ['run'], env: {}, onLine: () => {} });
    const exit = await proc.exited;
    assert.strictEqual(exit.spawnError, 'ENOENT');
  });
});

describe('fullsend/openshellDir', () => {
  it('is a private folder holding only an openshell symlink, so nothing else in openshell’s own folder shadows the user’s PATH', async function () {
    if (process.platform === 'win32') this.skip();
    
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oshdir-'));
    try {
      const bin = path.join(tmp, 'usr-local-bin');
      fs.mkdirSync(bin);
      for (const f of ['openshell', 'git', 'gh']) fs.writeFileSync(path.join(bin, f), '#!/bin/sh\n', { mode: 0o755 });
      const dir = await openshellDir(path.join(bin, 'openshell'), path.join(tmp, 'storage'), () => {});
      assert.notStrictEqual(dir, bin);
      assert.deepStrictEqual(fs.readdirSync(dir), ['openshell']);
      assert.strictEqual(fs.readlinkSync(path.join(dir, 'openshell')), path.join(bin, 'openshell'));
      // Another executable (a renamed binary) gets its own folder; the same one is reused.
      assert.strictEqual(await openshellDir(path.join(bin, 'openshell'), path.join(tmp, 'storage'), () => {}), dir);
      assert.notStrictEqual(await openshellDir(path.join(bin, 'git'), path.join(tmp, 'storage'), () => {}), dir);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
