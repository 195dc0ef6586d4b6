// The Fullsend: Run loop: the run's Ensure, then fullsend's own provider step during the run (create →
// AlreadyExists → update of the same values, baseline.mjs), then the next run's Ensure. Measured: that next
// Ensure, with fullsend's rewrite adopted as a Fullsend: Run does (core/adoptRunWrites; its one read is
// counted with it) and without adoption — what every run would otherwise cost. fullsend's own column is its
// provider step itself, which runs in every run either way.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fullsendEnsure } from './baseline.mjs';
import { newBook, oursAdopt, oursEnsure, ROOT } from './ours.mjs';
import { checkState, makeWorkspace } from './workspace.mjs';

const require = createRequire(import.meta.url);
const { createSim } = require(path.join(ROOT, 'test/support/sim/index.js'));
const GATEWAY = 'bench';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once({ n, adopt, latencyMs, writes }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-loop-'));
  try {
    const ws = makeWorkspace(path.join(root, 'ws'), n);
    const sim = createSim({ root: path.join(root, 'sim') });
    sim.addGateway(GATEWAY, { active: true });
    const tmpDir = path.join(root, 'tmp');
    fs.mkdirSync(tmpDir);
    const book = await newBook();
    const ensureRun = () => oursEnsure({ sim, dir: ws.dir, secrets: ws.env, book });
    const fullsendStep = () => fullsendEnsure({ bin: sim.bin, dir: ws.dir, baseEnv: sim.spawnEnv(), secrets: ws.env, tmpDir });
    // Run 1 (not measured): its Ensure, then fullsend's step, twice over so fullsend's profile caches are warm.
    await ensureRun();
    await fullsendStep();
    const first = await ensureRun();
    sim.setKnobs({ latencyMs });
    sim.clearCalls();
    const fs0 = performance.now();
    const step = await fullsendStep();
    const fullsendMs = performance.now() - fs0;
    const fullsendCalls = sim.calls().length;
    if (step.errors.length) throw new Error(`fullsend's step failed: ${step.errors.join('; ')}`);
    // Run 2: the adoption (during run 1, measured with the next Ensure) and the next run's Ensure.
    sim.clearCalls();
    const t0 = performance.now();
    if (adopt) await oursAdopt({ sim, book, recorded: first.recorded, written: [...first.recorded.keys()] });
    const next = await ensureRun();
    const ms = performance.now() - t0;
    const calls = sim.calls();
    // fullsend's update sends placeholders as `K=`, which deletes them, and an update cannot put an empty
    // credential back: after any fullsend run the `_NOOP_*` keys are gone, adopted or not (fullsend.md §2.3).
    const problems = checkState(sim.state(GATEWAY), ws, ws.env).filter((p) => !/ lost credential _NOOP_/.test(p));
    return {
      calls: calls.length, writes: calls.filter((c) => writes.has(c.cmd)).length, ms, fullsendCalls, fullsendMs,
      correct: !next.errors.length && !problems.length, problems: [...next.errors, ...problems],
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** @returns {Promise<{ rows: object[], json: object }>} table rows in ensure.mjs's shape (no budget: §8 has none for this) */
export async function benchRunLoop({ n = 10, reps = 3, latencyMs = 100, writes }) {
  const result = {};
  for (const adopt of [true, false]) {
    const samples = [];
    for (let i = 0; i < reps; i++) samples.push(await once({ n, adopt, latencyMs, writes }));
    result[adopt ? 'adopted' : 'notAdopted'] = {
      calls: median(samples.map((s) => s.calls)), writes: median(samples.map((s) => s.writes)), wallMs: Math.round(median(samples.map((s) => s.ms))),
      fullsendCalls: median(samples.map((s) => s.fullsendCalls)), fullsendMs: Math.round(median(samples.map((s) => s.fullsendMs))),
      correct: samples.every((s) => s.correct), problems: samples.flatMap((s) => s.problems),
    };
  }
  const { adopted: a, notAdopted: b } = result;
  const label = `run → run N=${n}: next run's Ensure`;
  const rows = [
    { what: `${label} (+ adoption's read): calls (writes)`, ours: `${a.calls} (${a.writes})`, fullsend: `${a.fullsendCalls} (its step)`, ratio: `${(a.calls / a.fullsendCalls).toFixed(2)}` },
    { what: `${label} (+ adoption's read): wall ms (median of ${reps})`, ours: `${a.wallMs}`, fullsend: `${a.fullsendMs}`, ratio: `${(a.wallMs / a.fullsendMs).toFixed(2)}` },
    { what: `${label} without adoption: calls (writes)`, ours: `${b.calls} (${b.writes})`, fullsend: '', ratio: '' },
    { what: `${label}: gateway = declaration`, ours: a.correct && b.correct ? 'yes' : 'no', fullsend: '', ratio: '', budget: 'ours: yes', pass: a.correct && b.correct },
  ];
  return { rows, json: { n, reps, latencyMsPerCall: latencyMs, ...result } };
}
