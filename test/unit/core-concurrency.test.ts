// Concurrency proof (#11 "Prove it"): two extension instances in separate processes ensure and reset one
// gateway at the same time while a terminal `fullsend run` (the stand-in) is live. No lost write (the final
// Ensure leaves exactly the declaration), no deleted live sandbox, no false `unchanged` (an instance whose
// records outlived the other's Reset still writes what is missing).
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CoreWorld } from '../support/coreWorld';
import { FIXTURES, FULLSEND_SIM_BIN } from '../support/paths';

const GH = 'ghp_concurrency_secret_8181';
const INSTANCE = path.join(__dirname, '..', 'support', 'concurrentInstance.js');

function instance(config: object): Promise<{ code: number | null; lines: { op: string; [k: string]: unknown }[]; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [INSTANCE, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => { out += d; });
    c.stderr.on('data', (d) => { err += d; });
    c.on('close', (code) => resolve({ code, lines: out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)), stderr: err }));
  });
}

describe('core: two instances and a terminal run on one gateway', function () {
  this.timeout(120000);
  let w: CoreWorld;
  beforeEach(() => { w = new CoreWorld(); });
  afterEach(() => w.dispose());

  it('no lost write, no deleted live sandbox, no false unchanged', async () => {
    w.env = { GH_TOKEN: GH };
    w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }, { name: 'gl', type: 'gitlab', credentials: { GL: '${GH_TOKEN}' } }], []);
    w.sim.seed('local', { sandboxes: [{ name: 'fs-tri-aaaaaaaaaaaa', created_at: Date.now() - 3 * 3_600_000 }] });
    // The terminal run: the stand-in against the same simulator, its agent busy long enough to outlive both instances.
    fs.mkdirSync(path.join(w.sim.root, 'tmp'), { recursive: true });
    const run = spawn(process.execPath, [FULLSEND_SIM_BIN, 'run', 'code', '--fullsend-dir', path.join(FIXTURES, 'agents-repo'), '--target-repo', w.sim.root, '--forge', 'github', '--output-dir', path.join(w.sim.root, 'out')], {
      env: { ...w.sim.spawnEnv(), PATH: `${w.sim.binDir}${path.delimiter}${process.env.PATH}`, TMPDIR: path.join(w.sim.root, 'tmp'), GH_TOKEN: 'ghp_terminal_run_9292', FULLSEND_SIM_AGENT_MS: '60000' },
      stdio: 'ignore',
    });
    try {
      let live: string | undefined;
      for (let i = 0; i < 400 && !live; i++) {
        live = w.sim.state('local').sandboxes.find((s) => s.name.startsWith('fs-cod-'))?.name;
        if (!live) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(live, 'the terminal run created its sandbox');

      const base = { simRoot: w.sim.root, dir: w.dir, env: { GH_TOKEN: GH } };
      const a = { ...base, state: path.join(w.sim.root, 'instance-a.json') };
      const b = { ...base, state: path.join(w.sim.root, 'instance-b.json') };
      const [ra, rb] = await Promise.all([
        instance({ ...a, ops: ['ensure', 'ensure', 'ensure', 'ensure'] }),
        instance({ ...b, ops: ['ensure', 'reset', 'ensure', 'reset'] }),
      ]);
      assert.strictEqual(ra.code, 0, ra.stderr);
      assert.strictEqual(rb.code, 0, rb.stderr);
      // The live run's sandbox survived both Resets; the old leaked one did not.
      const names = w.sim.state('local').sandboxes.map((s) => s.name);
      assert.ok(names.includes(live), `the live sandbox ${live} was deleted`);
      assert.ok(!names.includes('fs-tri-aaaaaaaaaaaa'));
      for (const r of rb.lines.filter((l) => l.op === 'reset')) {
        assert.ok((r.kept as { name: string }[]).some((k) => k.name === live), JSON.stringify(r));
      }
      // Per-provider failures (a race lost to the other instance) are reported, never silent; they do not
      // count as lost: the next Ensure must restore the declaration.
      // No false unchanged: instance A's records outlived B's Resets; its next Ensure still writes what is gone.
      const present = new Set(w.sim.state('local').providers.map((p) => p.name));
      const again = await instance({ ...a, ops: ['ensure', 'ensure'] });
      assert.strictEqual(again.code, 0, again.stderr);
      for (const [n, action] of again.lines[0].providers as [string, string][]) {
        if (!present.has(n)) assert.strictEqual(action, 'create', `${n} was gone, and A said ${action}`);
      }
      const final = again.lines[1].providers as [string, string, string?][];
      assert.deepStrictEqual(final.map(([n, action, error]) => [n, action, error ?? null]), [['gh', 'unchanged', null], ['gl', 'unchanged', null]]);
      assert.strictEqual(w.provider('gh')?.credentials.GH_TOKEN, GH, 'no lost write');
      assert.strictEqual(w.provider('gl')?.credentials.GL, GH, 'no lost write');
    } finally {
      run.kill('SIGINT');
      await new Promise((r) => run.on('close', r));
    }
  });
});
