// The Fullsend: Run loop: the run's Ensure, then fullsend's own provider step during the run (create →
// AlreadyExists → update of the same values, baseline.mjs), then the next run's Ensure. Measured: that next
// Ensure, with fullsend's rewrite adopted as a Fullsend: Run does (core/adoptRunWrites; its one read is
// counted with it) and without adoption — what every run would otherwise cost. fullsend's own column is its
// provider step itself, which runs in every run either way. In the dialect given (the simulator at its
// version, fullsend of that era). Our side is one installation throughout, like one extension session: its
// runner reads `--version` once, before anything is measured; a `--version` read is counted on neither side.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fullsendEnsure } from './baseline.mjs';
import { newInstallation, oursAdopt, oursEnsure, ROOT } from './ours.mjs';
import { checkState, makeWorkspace, VERSIONS } from './workspace.mjs';

const require = createRequire(import.meta.url);
const { createSim } = require(path.join(ROOT, 'test/support/sim/index.js'));
const GATEWAY = 'bench';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once({ n, adopt, latencyMs, writes, dialect, isVersionRead }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-loop-'));
  try {
    const ws = makeWorkspace(path.join(root, 'ws'), n, { dialect });
    const sim = createSim({ root: path.join(root, 'sim'), knobs: { version: VERSIONS[dialect] } });
    sim.addGateway(GATEWAY, { active: true });
    const tmpDir = path.join(root, 'tmp');
    fs.mkdirSync(tmpDir);
    const inst = await newInstallation({ sim }); // one runner, one `--version` read, for the whole loop
    if (inst.dialect !== dialect) throw new Error(`our runner took the simulator at ${VERSIONS[dialect]} for ${inst.dialect}`);
    const ensureRun = () => oursEnsure({ inst, dir: ws.dir, secrets: ws.env });
    const fullsendStep = () => fullsendEnsure({ bin: sim.bin, dir: ws.dir, baseEnv: sim.spawnEnv(), secrets: ws.env, tmpDir, dialect });
    // Run 1 (not measured): its Ensure, then fullsend's step, twice over so fullsend's profile caches are warm.
    await ensureRun();
    await fullsendStep();
    const first = await ensureRun();
    sim.setKnobs({ latencyMs });
    sim.clearCalls();
    const fs0 = performance.now();
    const step = await fullsendStep();
    const fullsendMs = performance.now() - fs0;
    const fullsendCalls = sim.calls().filter((c) => !isVersionRead(c)).length;
    if (step.errors.length) throw new Error(`fullsend's step failed: ${step.errors.join('; ')}`);
    // Run 2: the adoption (during run 1, measured with the next Ensure) and the next run's Ensure.
    sim.clearCalls();
    const t0 = performance.now();
    const adoption = adopt ? await oursAdopt({ inst, recorded: first.recorded, written: [...first.recorded.keys()] }) : { spawned: 0 };
    const next = await ensureRun();
    const ms = performance.now() - t0;
    const logged = sim.calls();
    // The call log is the count; what we spawned must agree with it (both with any `--version` read).
    if (adoption.spawned + next.spawned !== logged.length) throw new Error(`run → run: the simulator logged ${logged.length} calls but ${adoption.spawned + next.spawned} were spawned`);
    const calls = logged.filter((c) => !isVersionRead(c));
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
export async function benchRunLoop({ n = 10, reps = 3, latencyMs = 100, writes, dialect = '0.0', isVersionRead = () => false }) {
  const result = {};
  for (const adopt of [true, false]) {
    const samples = [];
    for (let i = 0; i < reps; i++) samples.push(await once({ n, adopt, latencyMs, writes, dialect, isVersionRead }));
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
  return { rows, json: { dialect, simulatorVersion: VERSIONS[dialect], n, reps, latencyMsPerCall: latencyMs, ...result } };
}
