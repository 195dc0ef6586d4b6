// The unit suites, once per OpenShell dialect (ARCHITECTURE §6 "OpenShell versions"): the simulator at
// 0.0.116 and at 0.1.5 (OPENSHELL_SIM_DEFAULT_VERSION, read by test/support). The simulator's own suites
// pin their version per test, so they run in the first pass only. Each pass prints its closing line with
// the dialect named (`unit-openshell-0.1.5: N passed, N failed`), then one `unit:` total. Exit 0/1.
// UNIT_DIALECTS=0.1.5 runs one pass; extra arguments go to mocha (e.g. -g 'core/ensure').
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const DIALECTS = (process.env.UNIT_DIALECTS || '0.0.116,0.1.5').split(',').map((s) => s.trim()).filter(Boolean);

const total = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const [i, version] of DIALECTS.entries()) {
  const label = `unit-openshell-${version}`;
  const args = [MOCHA, '--config', '.mocharc.unit.json', '--reporter-option', `label=${label}`,
    ...(i > 0 ? ['--ignore', 'out/test/unit/openshell-sim*.test.js'] : []), ...process.argv.slice(2)];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, OPENSHELL_SIM_DEFAULT_VERSION: version }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 << 20 });
  process.stdout.write(r.stdout);
  const m = new RegExp(`^${label.replace(/\./g, '\\.')}: (\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?$`, 'm').exec(r.stdout);
  if (!m) { ok = false; console.log(`${label}: no closing line (exit ${r.status ?? r.signal})`); continue; }
  total.passed += +m[1]; total.failed += +m[2]; total.skipped += +(m[3] ?? 0);
  ok &&= r.status === 0;
}
console.log(`unit: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(ok && total.failed === 0 ? 0 : 1);
