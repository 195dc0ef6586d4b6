// `npm run bench`: measures the budgets of ARCHITECTURE §8 that the extension can be held to, prints
// one table and writes it as JSON to bench-results/bench.json. Exit 1 when a budget is missed.
// Timing belongs here, not in tests: these machines are noisy, so each timing is a median of runs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSuiteInHost, ROOT } from './in-host.mjs';

const KB = 1024;
const rows = [];
const add = (what, value, budget, unit, pass) => rows.push({ what, value, budget, unit, pass });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Sizes of what ships.
const bundle = fs.statSync(path.join(ROOT, 'dist/extension.js')).size;
add('bundle dist/extension.js (minified)', +(bundle / KB).toFixed(1), 300, 'KB', bundle <= 300 * KB);
const vsix = fs.statSync(path.join(ROOT, 'fullsend-vscode.vsix')).size;
add('.vsix', +(vsix / KB).toFixed(1), 500, 'KB', vsix <= 500 * KB);

// activate() in a real extension host, one fresh host per sample.
const samples = [];
const runs = Number(process.env.BENCH_ACTIVATION_RUNS || 5);
for (let i = 0; i < runs; i++) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'activation.json');
  const r = await runSuiteInHost({ name: 'plain-folder', fixture: path.join(ROOT, 'test/fixtures/plain-folder'), suite: 'bench',
    env: { FULLSEND_BENCH_OUT: out }, say: () => {} });
  if (!r.ok || !fs.existsSync(out)) throw new Error('activation probe failed in the test host');
  samples.push(JSON.parse(fs.readFileSync(out, 'utf8')).activateMs);
}
const act = median(samples);
add(`activate() in the test host (median of ${runs})`, +act.toFixed(1), 50, 'ms', act <= 50);

const pad = (s, n) => String(s).padEnd(n);
console.log(`\n${pad('what', 46)} ${pad('measured', 10)} ${pad('budget', 10)} verdict`);
for (const r of rows) console.log(`${pad(r.what, 46)} ${pad(`${r.value} ${r.unit}`, 10)} ${pad(`≤ ${r.budget} ${r.unit}`, 10)} ${r.pass ? 'ok' : 'OVER'}`);
const result = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, rows, activationSamplesMs: samples };
fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench-results', 'bench.json'), JSON.stringify(result, null, 2) + '\n');
console.log('\nwritten to bench-results/bench.json');
process.exit(rows.every((r) => r.pass) ? 0 : 1);
