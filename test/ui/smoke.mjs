// UI test of the packaged .vsix: Chromium drives the real workbench the way a person would.
// Each step is a check; the run ends with `ui: N passed, N failed[, N skipped]`. Screenshots go to
// test-output/ui/ (kept), and on failure the server log's folder is kept too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer, launchChromium, forwardConsole, copyFixture } from '../../scripts/code-server-host.mjs';
import { prepareIntegrationWorld } from '../../scripts/integration-world.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VSIX = path.join(ROOT, 'fullsend-vscode.vsix');
const OUT = path.join(ROOT, 'test-output', 'ui');
fs.mkdirSync(OUT, { recursive: true });
if (!fs.existsSync(VSIX)) { console.error('run `npm run package` first'); process.exit(1); }

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-ui-'));
const ws = copyFixture(path.join(ROOT, 'test/fixtures/agents-repo'), path.join(tmp, 'acme-agents'));
const { env, settings } = prepareIntegrationWorld({ tmp, ws });
const cs = await startCodeServer({ vsix: [VSIX], tmp, workspace: ws, env, settings });
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const drained = forwardConsole(page);
const shot = (name) => page.screenshot({ path: path.join(OUT, `${name}.png`) });

const steps = [
  ['the workbench opens the fixture workspace', async () => {
    await page.goto(cs.folderUrl());
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view, .activitybar').first().waitFor({ timeout: 60000 });
  }],
  ['the Fullsend container is in the activity bar', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Fullsend"]').waitFor({ timeout: 60000 });
  }],
  ['opening it shows the Providers, Secrets and Sandboxes views', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Fullsend"]').click();
    const headers = page.locator('.sidebar .pane-header h3.title');
    await headers.filter({ hasText: /^Providers$/ }).waitFor({ timeout: 30000 });
    const titles = (await headers.allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(titles.filter((t) => ['Providers', 'Secrets', 'Sandboxes'].includes(t)), ['Providers', 'Secrets', 'Sandboxes']);
  }],
  ['the Providers view lists the fullsend dir', async () => {
    const row = page.getByRole('treeitem', { name: /acme-agents/ });
    await row.waitFor({ timeout: 30000 });
    assert.match(await row.innerText(), /acme-agents\s*agents repo/);
    await shot('providers-view');
  }],
  ['"Fullsend: Show Logs" from the command palette opens the Fullsend log', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill('>Fullsend: Show Logs');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Fullsend: Show Logs' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.panel .monaco-editor .view-lines', { hasText: 'fullsend dir(s)' }).waitFor({ timeout: 30000 });
    await shot('logs');
  }],
];

let passed = 0, failed = 0, skipped = 0;
for (const [name, fn] of steps) {
  if (failed) { skipped++; console.log(`  - ${name} (skipped)`); continue; }
  const t = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ✔ ${name} (${Date.now() - t}ms)`);
  } catch (err) {
    failed++;
    console.log(`  ✘ ${name}\n    ${String(err?.message ?? err).split('\n').join('\n    ')}`);
    await shot('failure').catch(() => {});
  }
}
await drained();
await browser.close();
cs.stop();
if (failed) console.log(`ui: server log and workspace kept in ${tmp}; screenshots in ${OUT}`);
else fs.rmSync(tmp, { recursive: true, force: true });
console.log(`ui: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
