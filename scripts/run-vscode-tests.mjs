// Runs the in-host integration suites in REAL VS Code extension hosts, one fresh host per workspace.
// Default host: code-server (works offline); VSCODE_TEST_HOST=electron uses @vscode/test-electron on
// machines that can download VS Code. Prints one `integration: N passed, N failed` line; exit 0/1.
import * as path from 'node:path';
import { runSuiteInHost, ROOT } from './in-host.mjs';

const t0 = Date.now();
const say = (m) => console.log(`[vscode-test ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

const WORLDS = process.env.TEST_WORKSPACE
  ? [{ name: path.basename(process.env.TEST_WORKSPACE), fixture: process.env.TEST_WORKSPACE, suite: 'main' }]
  : [
      { name: 'acme-agents', fixture: path.join(ROOT, 'test/fixtures/agents-repo'), suite: 'main' },
      // Workspace trust on and the folder untrusted: welcome views, no process started until trust is granted.
      { name: 'untrusted-agents', fixture: path.join(ROOT, 'test/fixtures/agents-repo'), suite: 'untrusted', trusted: false },
      // Two fullsend dirs (a per-repo install and an agents repo) and a plain folder: the views group by dir.
      { name: 'multi-root', fixture: path.join(ROOT, 'test/fixtures/multi-root'), suite: 'multiroot', workspaceFile: 'multi-root.code-workspace' },
      // Negative control: without the markers the extension must stay inactive.
      { name: 'plain-folder', fixture: path.join(ROOT, 'test/fixtures/plain-folder'), suite: 'plain' },
    ];

// ITEST_WORLDS=name,name runs only those worlds (e.g. ITEST_WORLDS=untrusted-agents while working on it).
const only = process.env.ITEST_WORLDS?.split(',').map((s) => s.trim()).filter(Boolean);
if (only?.length) WORLDS.splice(0, WORLDS.length, ...WORLDS.filter((w) => only.includes(w.name)));

const total = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const world of WORLDS) {
  const r = await runSuiteInHost({ ...world, say }).catch((err) => {
    say(`${world.name}: ${err.message}`);
    return { ok: false, passed: 0, failed: 1, skipped: 0 };
  });
  ok &&= r.ok;
  total.passed += r.passed; total.failed += r.failed; total.skipped += r.skipped;
}
console.log(`integration: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(ok && total.failed === 0 ? 0 : 1);
