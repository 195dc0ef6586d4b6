// Runs out/test/integration/index.js inside a REAL VS Code extension host with a fixture fullsend
// workspace. Default host: code-server (works offline); VSCODE_TEST_HOST=electron uses
// @vscode/test-electron for machines that can download VS Code. Exit code 0/1.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer, launchChromium, forwardConsole, copyFixture } from './code-server-host.mjs';
import { prepareIntegrationWorld } from './integration-world.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TESTS = path.join(ROOT, 'out/test/integration/index.js');
const t0 = Date.now();
const say = (m) => console.log(`[vscode-test ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

if (!fs.existsSync(TESTS) || !fs.existsSync(path.join(ROOT, 'dist/extension.js'))) {
  console.error('run `npm run build && npm run compile-tests` first');
  process.exit(1);
}

// Each world is one workspace opened in a fresh host; `suite` picks the *.<suite>.itest.js files.
const WORLDS = process.env.TEST_WORKSPACE
  ? [{ name: 'custom', fixture: process.env.TEST_WORKSPACE, suite: 'main' }]
  : [
      { name: 'acme-agents', fixture: path.join(ROOT, 'test/fixtures/agents-repo'), suite: 'main' },
      // Negative control: without the markers the extension must stay inactive.
      { name: 'plain-folder', fixture: path.join(ROOT, 'test/fixtures/plain-folder'), suite: 'plain' },
    ];

const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const world of WORLDS) ok = (await runWorld(world)) && ok;
console.log(`integration: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);

async function runWorld({ name, fixture, suite }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-test-'));
  const ws = copyFixture(fixture, path.join(tmp, name));
  const { env, settings } = prepareIntegrationWorld({ tmp, ws });
  env.FULLSEND_ITEST_SUITE = suite;
  say(`${name}: ${suite} suite`);
  // The suite's own summary line is folded into the one total printed at the end.
  const onSummary = (line) => {
    const m = /^itest: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/.exec(line);
    if (!m) return false;
    totals.passed += +m[1]; totals.failed += +m[2]; totals.skipped += +(m[3] ?? 0);
    return true;
  };

  if (process.env.VSCODE_TEST_HOST === 'electron') {
    try {
      const { runTests } = await import('@vscode/test-electron');
      await runTests({
        extensionDevelopmentPath: ROOT, extensionTestsPath: TESTS,
        vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined, version: process.env.VSCODE_VERSION || 'stable',
        extensionTestsEnv: env,
        launchArgs: [ws, '--disable-extensions', '--disable-gpu', '--disable-workspace-trust', `--user-data-dir=${path.join(tmp, 'ud')}`],
      });
      return true;
    } catch (err) {
      console.error(`electron host failed: ${err?.message ?? err}`);
      totals.failed += 1;
      return false;
    }
  }

  const cs = await startCodeServer({ tmp, workspace: ws, env, settings });
  say(`code-server up on ${cs.base}`);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
  const drained = forwardConsole(page, { intercept: onSummary });
  const payload = [['extensionDevelopmentPath', cs.remote(ROOT)], ['extensionTestsPath', cs.remote(TESTS)],
    ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  await page.goto(cs.folderUrl(`&payload=${encodeURIComponent(JSON.stringify(payload))}`));
  say('workbench loading; waiting for the extension host to run the tests');
  const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 300000);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
  if (code === 'timeout') await page.screenshot({ path: path.join(tmp, 'timeout.png') }).catch(() => {});
  await drained();
  await browser.close();
  cs.stop();
  if (code === 0) {
    say(`${name}: extension host exited with 0`);
    fs.rmSync(tmp, { recursive: true, force: true });
    return true;
  }
  say(code === 'timeout' ? `${name}: timed out after ${timeoutMs} ms` : `${name}: extension host exited with ${code}`);
  console.log(`${name}: logs and screenshots kept in ${tmp}`);
  if (code === 'timeout') totals.failed += 1;
  return false;
}
