// Benchmark probe (run by `npm run bench`, not by `npm test`): the wall time of the extension's real
// activation — loading dist/extension.js and running activate() — in a real extension host. The host
// is opened on a plain folder so the extension is still inactive when this runs.
// FULLSEND_BENCH_PROFILE=<file>: also record a CPU profile of the activation (open it in Chrome DevTools).
import * as assert from 'assert';
import * as fs from 'fs';
import * as inspector from 'inspector';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

/**
 * The host activates its built-in extensions as it starts; measuring while they load would time their
 * work too (they share the extension host's thread). Wait until the set of active extensions has not
 * changed for a second.
 */
async function hostSettled(): Promise<void> {
  const active = () => vscode.extensions.all.filter((e) => e.isActive).length;
  for (let last = -1, stable = 0; stable < 10;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = active();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}

describe('activation benchmark', () => {
  it('measures activate()', async () => {
    const ext = vscode.extensions.getExtension('fullsend.fullsend-vscode')!;
    assert.strictEqual(ext.isActive, false, 'the extension must still be inactive for a clean measurement');
    await hostSettled();
    const profileOut = process.env.FULLSEND_BENCH_PROFILE;
    const session = profileOut ? new inspector.Session() : undefined;
    if (session) {
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 50 });
      await post(session, 'Profiler.start');
    }
    const t0 = performance.now();
    await ext.activate();
    const activateMs = performance.now() - t0;
    if (session) {
      const { profile } = await post<{ profile: object }>(session, 'Profiler.stop');
      fs.writeFileSync(profileOut!, JSON.stringify(profile));
      session.disconnect();
    }
    fs.writeFileSync(process.env.FULLSEND_BENCH_OUT!, JSON.stringify({ activateMs }));
  });
});
