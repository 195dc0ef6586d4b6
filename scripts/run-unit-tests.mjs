// The unit suites, once per OpenShell dialect (ARCHITECTURE §6 "OpenShell versions"): the simulator at
// 0.0.116 and at 0.1.5 (OPENSHELL_SIM_DEFAULT_VERSION, read by test/support). The simulator's own suites
// pin their version per test, so they run in the first pass only; the workspace-model suites never touch
// openshell, so they run in the last pass only (which balances the two). The passes are independent (each
// simulator lives in its own temp dir) and mostly wait on spawned processes, so they run side by side,
// one per core; their output is printed pass by pass. Each pass ends with its closing line, dialect named
// (`unit-openshell-0.1.5: N passed, N failed`), then one `unit:` total. Exit 0/1.
// UNIT_DIALECTS=0.1.5 runs one pass; extra arguments go to mocha (e.g. -g 'core/ensure').
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const DIALECTS = (process.env.UNIT_DIALECTS || '0.0.116,0.1.5').split(',').map((s) => s.trim()).filter(Boolean);

const SIMULATOR_OWN = ['out/test/unit/openshell-sim*.test.js'];
const DIALECT_FREE = ['out/test/unit/workspace-*.test.js', 'out/test/unit/discover.test.js'];
const ignore = (globs) => globs.flatMap((g) => ['--ignore', g]);

function pass(version, first, last) {
  const label = `unit-openshell-${version}`;
  const args = [MOCHA, '--config', '.mocharc.unit.json', '--reporter-option', `label=${label}`,
    ...(first ? [] : ignore(SIMULATOR_OWN)), ...(last ? [] : ignore(DIALECT_FREE)), ...process.argv.slice(2)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, OPENSHELL_SIM_DEFAULT_VERSION: version }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    child.on('close', (code, signal) => resolve({ label, code, signal, text: Buffer.concat(out).toString('utf8') }));
  });
}

const results = await Promise.all(DIALECTS.map((v, i) => pass(v, i === 0, i === DIALECTS.length - 1)));
const total = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const r of results) {
  process.stdout.write(r.text);
  const m = new RegExp(`^${r.label.replace(/\./g, '\\.')}: (\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?$`, 'm').exec(r.text);
  if (!m) { ok = false; console.log(`${r.label}: no closing line (exit ${r.code ?? r.signal})`); continue; }
  total.passed += +m[1]; total.failed += +m[2]; total.skipped += +(m[3] ?? 0);
  ok &&= r.code === 0;
}
console.log(`unit: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(ok && total.failed === 0 ? 0 : 1);
