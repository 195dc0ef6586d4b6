// `fullsend run` as a child process, against test/support/fullsend-sim and the openshell simulator.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runArgs } from '../../src/fullsend/args';
import { FullsendProcess } from '../../src/fullsend/process';
import { parseLine, RunFacts } from '../../src/fullsend/steps';
import { FIXTURES, FULLSEND_SIM_BIN } from '../support/paths';
import { sim as simApi, type Sim } from '../support/simulator';

describe('fullsend/process with the fullsend simulator', function () {
  this.timeout(30000);
  let sim: Sim;
  beforeEach(() => { sim = simApi.createSim(); sim.addGateway('openshell', { active: true }); });
  afterEach(() => sim.dispose());

  const start = async (env: Record<string, string> = {}, graceMs = 10_000) => {
    // fullsend's profile hash caches live in $TMPDIR and know nothing about the gateway: one per fresh simulator.
    const tmp = path.join(sim.root, 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const facts = new RunFacts();
    const lines: string[] = [];
    const proc = await FullsendProcess.start({
      file: FULLSEND_SIM_BIN,
      args: runArgs({ agent: 'code', fullsendDir: path.join(FIXTURES, 'agents-repo'), targetRepo: sim.root, outputDir: path.join(sim.root, 'out') }),
      env: { ...sim.spawnEnv(), PATH: `${sim.binDir}${path.delimiter}${process.env.PATH}`, TMPDIR: tmp, GH_TOKEN: 'ghp_proc_secret_5555', ...env },
      onLine: (l) => { lines.push(l); for (const e of parseLine(l)) facts.add(e); },
      graceMs,
    });
    return { proc, facts, lines };
  };
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

  it('a missing executable is reported, not thrown', async () => {
    const proc = await FullsendProcess.start({ file: path.join(sim.root, 'no-fullsend'), args: ['run'], env: {}, onLine: () => {} });
    const exit = await proc.exited;
    assert.strictEqual(exit.spawnError, 'ENOENT');
  });
});
