// `npm run demo`: a browser workbench (code-server) with the packaged extension installed, the demo
// fullsend workspace (test/fixtures/agents-repo) and the openshell simulator as `openshell`, seeded with
// a registered gateway, a few providers and a leaked fs-* sandbox. Prints the URL; Ctrl-C stops it all.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer, copyFixture, freePort } from './code-server-host.mjs';
import { prepareIntegrationWorld, DEMO_GATEWAY } from './integration-world.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VSIX = path.join(ROOT, 'fullsend-vscode.vsix');
if (!fs.existsSync(VSIX)) { console.error('run `npm run package` first (npm run demo does)'); process.exit(1); }

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fullsend-demo-'));
const ws = copyFixture(path.join(ROOT, 'test/fixtures/agents-repo'), path.join(tmp, 'acme-agents'));
const { env, settings, sim } = prepareIntegrationWorld({ tmp, ws });

const wanted = Number(process.env.DEMO_PORT || 8080);
const port = (await portIsFree(wanted)) ? wanted : await freePort();
const cs = await startCodeServer({ vsix: [VSIX], tmp, workspace: ws, env, settings, port });

const cleanup = () => {
  cs.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { console.log('\nstopping the demo…'); cleanup(); process.exit(0); });
cs.server.once('exit', (code) => { console.error(`code-server exited (${code}); log: ${cs.logFile}`); process.exit(1); });

console.log(`
Fullsend demo is running.

  Open:      ${cs.folderUrl()}
  Workspace: ${ws}   (a copy of test/fixtures/agents-repo)
  Gateway:   '${DEMO_GATEWAY}' simulated by test/support/openshell-sim (state in ${sim.home})
             try it in a terminal:  OPENSHELL_SIM_HOME=${sim.home} XDG_CONFIG_HOME=${sim.configHome} ${sim.bin} provider list

Click the Fullsend icon in the activity bar. Press Ctrl-C here to stop.
`);

function portIsFree(p) {
  return new Promise((resolve) => {
    import('node:net').then(({ createServer }) => {
      const srv = createServer().once('error', () => resolve(false)).listen(p, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
  });
}
