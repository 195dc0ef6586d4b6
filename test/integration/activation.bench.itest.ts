// Benchmark probe (run by `npm run bench`, not by `npm test`): the wall time of the extension's real
// activation — loading dist/extension.js and running activate() — in a real extension host. The host
// is opened on a plain folder so the extension is still inactive when this runs.
import * as assert from 'assert';
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';

describe('activation benchmark', () => {
  it('measures activate()', async () => {
    const ext = vscode.extensions.getExtension('fullsend.fullsend-vscode')!;
    assert.strictEqual(ext.isActive, false, 'the extension must still be inactive for a clean measurement');
    const t0 = performance.now();
    await ext.activate();
    const activateMs = performance.now() - t0;
    fs.writeFileSync(process.env.FULLSEND_BENCH_OUT!, JSON.stringify({ activateMs }));
  });
});
