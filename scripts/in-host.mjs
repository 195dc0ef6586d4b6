// Runs one in-host mocha suite (out/test/integration/*.<suite>.itest.js) in a fresh real VS Code host
// opened on a copy of a fixture workspace. Used by the integration runner and by the benchmark.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer, launchChromium, forwardConsole, copyFixture } from './code-server-host.mjs';
import { prepareIntegrationWorld } from './integration-world.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TESTS = path.join(ROOT, 'out/test/integration/index.js');
const SUMMARY = /^itest: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;

/**
 * `trusted: false` opens the workspace with workspace trust ON and the folder untrusted (Restricted Mode).
 * `workspaceFile`: a `.code-workspace` inside the fixture to open (multi-root) instead of the folder.
 * @returns {Promise<{ok: boolean, passed: number, failed: number, skipped: number}>}
 */
export async function runSuiteInHost({ name, fixture, suite, env: extraEnv = {}, say = console.log, trusted = true, workspaceFile }) {
  if (!fs.existsSync(TESTS) || !fs.existsSync(path.join(ROOT, 'dist/extension.js'))) {
    throw new Error('run `npm run build && npm run compile-tests` first');
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-test-'));
  const ws = copyFixture(fixture, path.join(tmp, name));
  const { env, settings } = prepareIntegrationWorld({ tmp, ws });
  Object.assign(env, { FULLSEND_ITEST_SUITE: suite }, extraEnv);
  // Untrusted: trust stays on and no startup dialog is shown, so the folder stays in Restricted Mode.
  if (!trusted) Object.assign(settings, { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' });
  const wsFile = workspaceFile ? path.join(ws, workspaceFile) : undefined;
  const result = { ok: false, passed: 0, failed: 0, skipped: 0 };
  // The suite's own `itest:` summary is folded into the caller's total.
  const intercept = (line) => {
    const m = SUMMARY.exec(line);
    if (!m) return false;
    result.passed += +m[1]; result.failed += +m[2]; result.skipped += +(m[3] ?? 0);
    return true;
  };

  if (process.env.VSCODE_TEST_HOST === 'electron') {
    try {
      const { runTests } = await import('@vscode/test-electron');
      await runTests({
        extensionDevelopmentPath: ROOT, extensionTestsPath: TESTS,
        vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined, version: process.env.VSCODE_VERSION || 'stable',
        extensionTestsEnv: env,
        launchArgs: [wsFile ?? ws, '--disable-extensions', '--disable-gpu', ...(trusted ? ['--disable-workspace-trust'] : []), `--user-data-dir=${path.join(tmp, 'ud')}`],
      });
      return { ...result, ok: true };
    } catch (err) {
      say(`electron host failed: ${err?.message ?? err}`);
      return { ...result, failed: result.failed || 1 };
    }
  }

  const cs = await startCodeServer({ tmp, workspace: ws, env, settings, workspaceTrust: !trusted, workspaceFile: wsFile });
  say(`${name}: code-server up on ${cs.base}`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    const drained = forwardConsole(page, { intercept });
    const payload = [['extensionDevelopmentPath', cs.remote(ROOT)], ['extensionTestsPath', cs.remote(TESTS)],
      ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
    await page.goto(cs.openUrl(`&payload=${encodeURIComponent(JSON.stringify(payload))}`));
    say(`${name}: workbench loading; waiting for the ${suite} suite`);
    const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 300000);
    let timer;
    const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); })]);
    clearTimeout(timer); // a pending timer would keep the caller's process alive for the whole timeout
    if (code === 'timeout') await page.screenshot({ path: path.join(tmp, 'timeout.png') }).catch(() => {});
    await drained();
    result.ok = code === 0;
    if (code === 'timeout') { result.failed += 1; say(`${name}: timed out after ${timeoutMs} ms`); }
    else say(`${name}: extension host exited with ${code}`);
  } finally {
    await browser.close();
    cs.stop();
  }
  if (result.ok) fs.rmSync(tmp, { recursive: true, force: true });
  else say(`${name}: server log, workspace and screenshots kept in ${tmp}`);
  return result;
}
