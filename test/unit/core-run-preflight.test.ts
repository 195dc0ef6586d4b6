// Run pre-flight (core/runPreflight.ts) against the simulator: one message per unset variable, the gateway's
// reachability and the version pin.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PIN_FILE, runPreflight } from '../../src/core/runPreflight';
import { resolveNeeds } from '../../src/workspace/resolve';
import { CoreWorld } from '../support/coreWorld';
import { TEST_DIALECT } from '../support/dialect';

describe('core/runPreflight', function () {
  this.timeout(30000);
  let w: CoreWorld;
  beforeEach(() => {
    w = new CoreWorld();
    w.declare([
      { name: 'github-code', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}' } },
      { name: 'jira', type: 'jira', credentials: { JIRA_API_TOKEN: '${JIRA_API_TOKEN}', JIRA_EMAIL: '${JIRA_EMAIL}' } },
    ]);
  });
  afterEach(() => w.dispose());
  const preflight = async () => {
    const ws = await w.workspace();
    const { report } = await resolveNeeds(ws, { env: w.env, baseDir: ws.folder });
    return runPreflight(await w.context(), { folder: ws.folder, report });
  };

  it('all set and the gateway up: no error, the version read, 2 calls', async () => {
    w.env = { GH_TOKEN: 'ghp_preflight_1111', JIRA_API_TOKEN: 'jira_preflight_2222', JIRA_EMAIL: 'me@example.com' };
    const p = await preflight();
    assert.deepStrictEqual([p.errors, p.warnings, p.cliCalls], [[], [], 2]);
    assert.match(p.openshellVersion!, /^\d+\.\d+\.\d+/);
  });

  it('an unset variable is one error that says where it is needed — not once more per usage', async () => {
    w.env = { JIRA_API_TOKEN: 'jira_preflight_2222', JIRA_EMAIL: '' };
    const p = await preflight();
    assert.deepStrictEqual(p.errors.map((e) => e.replace(/ \(needed by .*/, '')), ['${GH_TOKEN} is not set', '${JIRA_EMAIL} is empty']);
    assert.match(p.errors[0], /needed by .*github-code/);
    for (const v of ['GH_TOKEN', 'JIRA_EMAIL']) assert.strictEqual(p.errors.join('\n').split(`\${${v}}`).length, 2, `\${${v}} named once`);
  });

  it('an env file that overrides a different secret-store value: a warning naming the file and line, never a value', async () => {
    w.env = { JIRA_API_TOKEN: 'jira_preflight_2222', JIRA_EMAIL: 'me@example.com' };
    const envFile = path.join(w.dir, 'dev.env');
    fs.writeFileSync(envFile, '# local\nGH_TOKEN=ghp_preflight_file_3333\nJIRA_EMAIL=me@example.com\n');
    const stored: Record<string, string> = { GH_TOKEN: 'ghp_preflight_store_4444', JIRA_EMAIL: 'me@example.com' };
    const ws = await w.workspace();
    const { report } = await resolveNeeds(ws, { env: w.env, envFiles: [envFile], secrets: { get: async (n) => stored[n] }, baseDir: ws.folder });
    const p = await runPreflight(await w.context(), { folder: ws.folder, report });
    assert.deepStrictEqual(p.errors, []);
    assert.strictEqual(p.warnings.length, 1, 'the same value in both is no conflict');
    assert.match(p.warnings[0], /^\$\{GH_TOKEN\} is set in dev\.env:2 and, with a different value, in the secret store: the env file's value is used/);
    for (const v of ['ghp_preflight_file_3333', 'ghp_preflight_store_4444']) assert.ok(!p.warnings[0].includes(v));
  });

  it('a gateway that is down and a pin that differs: an error and a warning', async () => {
    w.env = { GH_TOKEN: 'ghp_preflight_1111', JIRA_API_TOKEN: 'jira_preflight_2222', JIRA_EMAIL: 'me@example.com' };
    fs.mkdirSync(path.join(w.dir, path.dirname(PIN_FILE)), { recursive: true });
    fs.writeFileSync(path.join(w.dir, PIN_FILE), 'OPENSHELL_VERSION=0.0.1\n');
    w.sim.setDown('local');
    const p = await preflight();
    assert.strictEqual(p.errors.length, 1);
    assert.match(p.errors[0], /^The OpenShell gateway 'local' is not reachable .*Start the openshell-gateway service/);
    assert.strictEqual(p.pinnedVersion, '0.0.1');
    assert.match(p.warnings[0], /pins 0\.0\.1/);
  });

  it('a pin file that is /dev/zero or a FIFO is no pin: the pre-flight neither hangs nor reads it whole', async function () {
    if (process.platform === 'win32') this.skip();
    w.env = { GH_TOKEN: 'ghp_preflight_1111', JIRA_API_TOKEN: 'jira_preflight_2222', JIRA_EMAIL: 'me@example.com' };
    fs.mkdirSync(path.join(w.dir, path.dirname(PIN_FILE)), { recursive: true });
    fs.rmSync(path.join(w.dir, PIN_FILE), { force: true });
    fs.symlinkSync('/dev/zero', path.join(w.dir, PIN_FILE));
    const p = await preflight(); // read whole, /dev/zero would never end (mocha's timeout would fail it)
    assert.strictEqual(p.pinnedVersion, undefined);
  });

  // One pin across 0.0 ↔ 0.1 from this run's dialect, one inside it (but not the installed version).
  const V00 = TEST_DIALECT.name === '0.0';
  for (const [pin, crosses] of [[V00 ? '0.1.3' : '0.0.116', true], [V00 ? '0.0.83' : '0.1.3', false]] as const) {
    it(`a pin of ${pin}: ${crosses ? 'a loud warning across 0.0 ↔ 0.1' : 'a plain mismatch warning'}`, async () => {
      w.env = { GH_TOKEN: 'ghp_preflight_1111', JIRA_API_TOKEN: 'jira_preflight_2222', JIRA_EMAIL: 'me@example.com' };
      fs.mkdirSync(path.join(w.dir, path.dirname(PIN_FILE)), { recursive: true });
      fs.writeFileSync(path.join(w.dir, PIN_FILE), `#!/usr/bin/env bash\nOPENSHELL_VERSION=${pin}\nOPENSHELL_SHA=e1f3c82caa3ed3b65de22889ae7ef32a774878ef\n`);
      const p = await preflight();
      assert.strictEqual(p.pinnedVersion, pin);
      assert.strictEqual(p.warnings.length, 1);
      if (crosses) assert.match(p.warnings[0], new RegExp(`pins ${pin.replace(/\./g, '\\.')} .*different sides of 0\\.0 ↔ 0\\.1\\. A 0\\.1 gateway cannot read 0\\.0 state`));
      else assert.match(p.warnings[0], /Runs may behave differently from CI/);
    });
  }
});
