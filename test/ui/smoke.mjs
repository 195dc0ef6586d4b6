// UI test of the packaged .vsix: Chromium drives the real workbench the way a person would.
// Each step is a check; the run ends with `ui: N passed, N failed[, N skipped]`. Screenshots go to
// test-output/ui/ (kept), and on failure the server log's folder is kept too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer, launchChromium, forwardConsole, copyFixture } from '../../scripts/code-server-host.mjs';
import { prepareIntegrationWorld, DEMO_GATEWAY, WORLD_SECRETS } from '../../scripts/integration-world.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VSIX = path.join(ROOT, 'fullsend-vscode.vsix');
const OUT = path.join(ROOT, 'test-output', 'ui');
fs.mkdirSync(OUT, { recursive: true });
if (!fs.existsSync(VSIX)) { console.error('run `npm run package` first'); process.exit(1); }

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-ui-'));
const ws = copyFixture(path.join(ROOT, 'test/fixtures/agents-repo'), path.join(tmp, 'acme-agents'));
const { env, settings, sim } = prepareIntegrationWorld({ tmp, ws });
// The code agent's runner_env needs PUSH_TOKEN: an env file the Run pickers offer (and preselect) via the setting.
fs.writeFileSync(path.join(ws, 'code.env'), 'PUSH_TOKEN=ui_push_secret_value_0003\n');
settings['fullsend.run.envFiles'] = ['code.env'];
const cs = await startCodeServer({ vsix: [VSIX], tmp, workspace: ws, env, settings });
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const drained = forwardConsole(page);
const shot = (name) => page.screenshot({ path: path.join(OUT, `${name}.png`) });

const tree = (view) => page.locator(`.pane:has(.pane-header[aria-label^="${view}"]) .monaco-list-row[role="treeitem"]`);
const row = (view, name) => tree(view).filter({ hasText: name }).first();
const palette = async (query, label) => {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(`>${query}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
};
const quickPick = async (title) => {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 60000 });
};
// Toasts auto-hide, so messages are read from the notification center.
const notification = async (text) => {
  await palette('Notifications: Show Notifications', 'Show Notifications');
  await page.locator('.notifications-center .notification-list-item-message', { hasText: text }).first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Escape');
};
const until = async (what, probe, timeoutMs = 120000) => {
  for (const end = Date.now() + timeoutMs; !probe();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};
const fullsendRuns = () => {
  const f = path.join(sim.root, 'fullsend', 'calls.jsonl');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
};
const simState = () => sim.state(DEMO_GATEWAY);

const steps = [
  ['the workbench opens the fixture workspace', async () => {
    await page.goto(cs.folderUrl());
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
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
  ['the Providers view shows the gateway and the provider rows the simulator holds', async () => {
    await row('Providers', DEMO_GATEWAY).waitFor({ timeout: 60000 });
    for (const p of simState().providers) await row('Providers', p.name).waitFor({ timeout: 30000 });
    assert.match(await row('Providers', 'my-openai').innerText(), /not declared/i);
    assert.match(await row('Providers', 'github-code').innerText(), /fullsend-github-code/);
    await shot('providers-view');
  }],
  ['the Sandboxes view lists the leaked fs-* sandbox', async () => {
    await row('Sandboxes', 'fs-tri-3f9a0c51d2e7').waitFor({ timeout: 30000 });
  }],
  ['the Secrets view lists the workspace\'s ${VAR}s, names only', async () => {
    await row('Secrets', 'GH_TOKEN').waitFor({ timeout: 30000 });
    const text = (await tree('Secrets').allInnerTexts()).join('\n');
    for (const v of Object.values(WORLD_SECRETS)) assert.ok(!text.includes(v), 'a secret value is shown in the Secrets view');
  }],
  ['"Fullsend: Run" from the command palette runs the picked agent to the end', async () => {
    await palette('Fullsend: Run', 'Fullsend: Run');
    await quickPick('agent');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /^\S*\s*code\b/ }).first().click();
    await quickPick('target repo');
    await page.keyboard.press('Enter');
    await quickPick('env files');
    await page.keyboard.press('Enter');
    // runtime, model and effort have no setting here, so Run asks once more; Enter keeps fullsend's defaults.
    await quickPick('runtime');
    await page.keyboard.press('Enter');
    await until('the run to end', () => fullsendRuns().length === 1);
    await shot('run');
    await notification(/Run of code finished \(exit 0\)/);
    const runs = fullsendRuns();
    assert.equal(runs.length, 1);
    assert.deepEqual(runs[0].argv.slice(0, 2), ['run', 'code']);
    assert.equal(runs[0].exit, 0);
    assert.deepEqual(simState().sandboxes.map((x) => x.name), ['fs-tri-3f9a0c51d2e7'], 'the run cleaned up its own sandbox');
  }],
  ['the status-bar reset button asks in a modal, and "Reset" resets the workspace\'s gateway state', async () => {
    await page.locator('.statusbar-item a[aria-label*="Reset"], .statusbar-item[id$="reset"] a, .statusbar-item:has(.codicon-debug-restart) a').first().click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30000 });
    assert.match(await dialog.innerText(), new RegExp(DEMO_GATEWAY));
    await shot('reset-modal');
    await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
    await until('the reset', () => simState().providers.length === 1);
    await notification(/Reset/);
    const left = simState();
    assert.deepEqual(left.providers.map((x) => x.name), ['my-openai'], 'only the foreign provider survives');
    assert.deepEqual(left.sandboxes, []);
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
