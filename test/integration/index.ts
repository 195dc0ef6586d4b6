// Entry point the extension host loads (same contract as @vscode/test-electron). Runs the
// *.<suite>.itest.js files beside it, where FULLSEND_ITEST_SUITE names the suite for the workspace the
// host was opened on. The `itest:` summary line is folded into one `integration:` total by the runner.
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');
import SummarySpec = require('../summary-reporter');

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, reporter: SummarySpec as unknown as string, reporterOptions: { label: 'itest' } });
  const suffix = `.${process.env.FULLSEND_ITEST_SUITE || 'main'}.itest.js`;
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith(suffix)) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => mocha.run((failures) => (failures ? reject(new Error(`${failures} tests failed.`)) : resolve())));
}
