// Runs anywhere are protected (ARCHITECTURE §6, #11 defect 1): another window's run through the shared
// registry, a terminal `fullsend run` through the process table — each keeps its sandbox from Reset.
import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensure } from '../../src/core/ensure';
import { reset } from '../../src/core/reset';
import { RunRegistry } from '../../src/core/runRegistry';
import { RunsInProgress } from '../../src/core/runsInProgress';
import { findFullsendRuns, runAgentOf } from '../../src/fullsend/processTable';
import { CoreWorld } from '../support/coreWorld';

describe('core: runs anywhere are protected', function () {
  this.timeout(30000);
  let tmp: string;
  const children: ChildProcess[] = [];
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runs-anywhere-')); });
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** A process whose command line reads `node …/fullsend run <agent>`, like the real one or the stand-in. */
  const fakeFullsend = (agent: string, env: Record<string, string> = {}): ChildProcess => {
    const script = path.join(tmp, 'fullsend');
    fs.writeFileSync(script, 'setInterval(() => {}, 1000);\n');
    const c = spawn(process.execPath, [script, 'run', agent, '--target-repo', tmp], { env: { ...process.env, ...env }, stdio: 'ignore' });
    children.push(c);
    return c;
  };

  it('reads fullsend run from a command line: the program or the script a runtime runs', () => {
    assert.strictEqual(runAgentOf(['/usr/local/bin/fullsend', 'run', 'code', '--target-repo', 'x']), 'code');
    assert.strictEqual(runAgentOf(['node', '/t/support/fullsend-sim', 'run', 'triage']), 'triage');
    assert.strictEqual(runAgentOf(['fullsend', 'run', '--help']), undefined);
    assert.strictEqual(runAgentOf(['fullsend', 'agent', 'list']), false);
    assert.strictEqual(runAgentOf(['bash', '-c', 'fullsend run code']), false);
  });

  it('finds a terminal fullsend run in the process table, with its agent, start and gateway', async function () {
    if (process.platform !== 'linux') this.skip();
    const c = fakeFullsend('review', { OPENSHELL_GATEWAY: 'gw-terminal' });
    const before = Date.now();
    let found: Awaited<ReturnType<typeof findFullsendRuns>>[number] | undefined;
    for (let i = 0; i < 50 && !found; i++) {
      found = (await findFullsendRuns()).find((p) => p.pid === c.pid);
      if (!found) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(found, 'the process was found');
    assert.deepStrictEqual([found.agent, found.gateway, found.environmentRead], ['review', 'gw-terminal', true]);
    assert.ok(Math.abs(found.startedAt - before) < 5000, `started ${found.startedAt - before} ms from now`);
  });

  it('shares runs between windows through the registry; a dead window’s run is dropped unless its fullsend lives', async () => {
    const dir = path.join(tmp, 'registry');
    const otherWindow = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(otherWindow);
    const theirs = new RunRegistry(dir, otherWindow.pid!);
    const mine = new RunRegistry(dir);
    await theirs.write({ id: 'a', gatewayKey: 'local', agent: 'code', providers: ['github-code'], startedAt: Date.now(), sandbox: 'fs-cod-0123456789ab' });
    await new RunRegistry(dir, 999_999_999).write({ id: 'b', gatewayKey: 'local', agent: 'gone', providers: [], startedAt: Date.now() });
    await mine.write({ id: 'c', gatewayKey: 'local', agent: 'self', providers: [], startedAt: Date.now() });
    assert.deepStrictEqual((await mine.others()).map((r) => r.agent), ['code']);
    const runs = new RunsInProgress({ registry: mine });
    const inUse = await runs.anywhere('local', 'local');
    assert.strictEqual(inUse.sandbox({ name: 'fs-cod-0123456789ab' }), 'in use by the run of code in another window');
    assert.strictEqual(inUse.provider('github-code'), 'in use by the run of code in another window');
    assert.strictEqual(inUse.sandbox({ name: 'fs-tri-aaaaaaaaaaaa', created_at: Date.now() - 3_600_000 }), undefined);
    // Another gateway's run protects nothing here.
    assert.strictEqual((await runs.anywhere('elsewhere', 'elsewhere')).sandbox({ name: 'fs-cod-0123456789ab' }), undefined);
  });

  it('Reset keeps the sandbox (and its run-scoped provider) of a terminal run, and deletes the older leaked one', async () => {
    const w = new CoreWorld();
    try {
      w.env = { GH_TOKEN: 'ghp_anywhere_0000' };
      w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }, { name: 'openai', type: 'fullsend-openai', credentials: {} }], []);
      await ensure(await w.context(), await w.input());
      const started = Date.now();
      w.sim.seed('local', {
        providers: [{ name: 'openai-0123456789ab', type: 'fullsend-openai', credentials: ['OPENAI_API_KEY'] }],
        sandboxes: [
          { name: 'fs-cod-0123456789ab', created_at: started + 2000, providers: ['openai-0123456789ab'] },
          { name: 'fs-tri-aaaaaaaaaaaa', created_at: started - 3 * 3_600_000 },
        ],
      });
      // What the process table would show: a terminal `fullsend run code` started just now, gateway unreadable.
      const runs = new RunsInProgress({ processes: async () => [{ pid: 4242, startedAt: started, agent: 'code', environmentRead: false }] });
      const ctx = await w.context();
      const input = await w.input();
      const r = await reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, inUse: () => runs.anywhere(ctx.gateway.key, ctx.gateway.name) });
      assert.deepStrictEqual(r.sandboxesDeleted, ['fs-tri-aaaaaaaaaaaa']);
      assert.deepStrictEqual(r.kept.map((k) => k.name), ['fs-cod-0123456789ab', 'openai-0123456789ab']);
      assert.match(r.kept[0].reason, /may belong to a fullsend run of code in progress on this machine \(pid 4242/);
      assert.ok(w.sim.state('local').sandboxes.some((s) => s.name === 'fs-cod-0123456789ab'));
      assert.ok(w.provider('openai-0123456789ab'));
    } finally {
      w.dispose();
    }
  });

  it('an interactive Reset deletes exactly what its confirmation showed, nothing that appeared meanwhile', async () => {
    const w = new CoreWorld();
    try {
      w.env = { GH_TOKEN: 'ghp_anywhere_1111' };
      w.declare([{ name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } }], []);
      await ensure(await w.context(), await w.input());
      w.sim.seed('local', { sandboxes: [{ name: 'fs-tri-aaaaaaaaaaaa', created_at: Date.now() - 3_600_000 }] });
      const ctx = await w.context();
      const input = await w.input();
      const base = { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir };
      const shown = await reset(ctx, { ...base, dryRun: true });
      assert.deepStrictEqual(shown.sandboxesDeleted, ['fs-tri-aaaaaaaaaaaa']);
      // While the modal is open, a run starts elsewhere and creates its sandbox.
      w.sim.seed('local', { sandboxes: [{ name: 'fs-cod-bbbbbbbbbbbb' }] });
      const r = await reset(ctx, { ...base, only: shown });
      assert.deepStrictEqual(r.sandboxesDeleted, ['fs-tri-aaaaaaaaaaaa']);
      assert.deepStrictEqual(r.kept, [{ name: 'fs-cod-bbbbbbbbbbbb', reason: 'appeared after the confirmation, which did not show it' }]);
      assert.ok(w.sim.state('local').sandboxes.some((s) => s.name === 'fs-cod-bbbbbbbbbbbb'));
    } finally {
      w.dispose();
    }
  });
});
