'use strict';
// The JS API over the simulator, for unit/integration tests, the demo and the benchmark: a sandboxed
// simulator home + XDG config dir, gateway registration, seeding and reading back gateway state, runtime
// knobs, the call log, and spawn helpers. Everything goes through the same modules the CLI uses, under the
// same lock, so it is safe while simulator processes run.
const fs = require('fs');
const os = require('os');
const path = require('path');
const childProcess = require('child_process');
const store = require('./state');
const registry = require('./registry');
const calllog = require('./calllog');
const { normalizeKnown } = require('./types');
const { parseFail, load: knobsLoad, DEFAULT_VERSION } = require('./knobs');
const { dialectOf } = require('./dialect');
const { parseValue } = require('./settings');
const { dto } = require('./profiles');

const SIM_BIN = path.join(__dirname, '..', 'openshell-sim');
const KNOB_KEYS = ['latencyMs', 'gatewayDown', 'fail', 'legacyErrors', 'version', 'readiness', 'profileTable', 'credlessCreate', 'jsonOrder', 'sandboxDeletion'];
// inherited variables that would change what the simulator does; run() never passes the caller's
const INHERITED_DROP = /^(OPENSHELL_|NO_GRAPHICS$|XDG_CONFIG_HOME$)/;

const clone = (v) => JSON.parse(JSON.stringify(v));
const toMs = (t) => (t === undefined ? undefined : typeof t === 'number' ? t : Date.parse(t));

function createSim(options = {}) {
  const ownsRoot = !options.root;
  const root = options.root ? path.resolve(options.root) : fs.mkdtempSync(path.join(os.tmpdir(), 'openshell-sim-'));
  const home = path.join(root, 'sim');
  const configHome = path.join(root, 'config');
  const binDir = path.join(root, 'bin');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(configHome, { recursive: true });
  fs.mkdirSync(binDir, { recursive: true });
  // an `openshell` on PATH for tools that look it up by name (fullsend, the extension's PATH search)
  const link = path.join(binDir, 'openshell');
  if (!fs.existsSync(link)) fs.symlinkSync(SIM_BIN, link);

  const env = { OPENSHELL_SIM_HOME: home, XDG_CONFIG_HOME: configHome, ...(options.env || {}) };
  const fsEnv = { XDG_CONFIG_HOME: configHome, HOME: root }; // for the registry helpers
  const transact = (fn) => store.transactSync(home, fn);

  /** process.env minus anything that would steer the simulator, plus the sim's env and `extra`. */
  function spawnEnv(extra = {}) {
    const out = {};
    for (const [k, v] of Object.entries(process.env)) if (!INHERITED_DROP.test(k) && v !== undefined) out[k] = v;
    if (process.versions.electron) out.ELECTRON_RUN_AS_NODE = '1'; // process.execPath is Electron in a VS Code host
    const merged = { ...out, ...env, ...extra };
    for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k]; // undefined unsets
    return merged;
  }

  const runOptions = (o) => ({ env: spawnEnv({ ...(o.noGraphics ? { NO_GRAPHICS: '1' } : {}), ...(o.env || {}) }), cwd: o.cwd || root });

  const sim = {
    root, home, configHome, binDir, bin: SIM_BIN, env,
    spawnEnv,

    addGateway(name, o = {}) {
      const endpoint = o.endpoint || 'http://127.0.0.1:8080';
      const meta = {
        name: registry.checkName(name),
        gateway_endpoint: endpoint,
        is_remote: Boolean(o.remoteHost),
        gateway_port: 0,
        remote_host: o.remoteHost,
        auth_mode: o.authMode || (endpoint.startsWith('http://') ? 'plaintext' : 'mtls'),
      };
      registry.writeMetadata(fsEnv, meta);
      if (o.active === true || (o.active === undefined && !registry.readActive(fsEnv))) registry.writeActive(fsEnv, name);
      if (o.down !== undefined) sim.setDown(name, o.down);
      return meta;
    },
    removeGateway(name) {
      registry.removeUser(fsEnv, name);
      if (registry.readActive(fsEnv) === name) registry.clearActive(fsEnv);
    },
    selectGateway(name) {
      if (name === null) registry.clearActive(fsEnv);
      else registry.writeActive(fsEnv, registry.checkName(name));
    },
    activeGateway: () => registry.readActive(fsEnv),
    gateways: () => registry.list(fsEnv),

    setDown(name, down = true) {
      transact((s) => {
        const cur = s.knobs.gatewayDown;
        if (cur === true && !down) throw new Error('setDown: every gateway is down (gatewayDown: true); use setKnobs({gatewayDown: false})');
        if (cur === true) return;
        const names = new Set(Array.isArray(cur) ? cur : []);
        if (down) names.add(name);
        else names.delete(name);
        s.knobs.gatewayDown = [...names];
      });
    },

    seed(gateway, data = {}) {
      transact((s) => {
        const g = store.gatewayOf(s, gateway);
        for (const p of data.providers || []) upsert(g.providers, seedProvider(p), (a, b) => a.name === b.name && a.workspace === b.workspace);
        for (const p of data.profiles || []) upsert(g.profiles, seedProfile(p), (a, b) => a.id === b.id);
        (data.sandboxes || []).forEach((sb, i) => upsert(g.sandboxes, seedSandbox(sb, i), (a, b) => a.name === b.name && a.workspace === b.workspace));
        if (data.settings && Object.keys(data.settings).length) {
          const dialect = dialectOf(s.knobs.version ?? DEFAULT_VERSION); // settings keys differ per dialect
          for (const [k, v] of Object.entries(data.settings)) {
            if (v === null || v === undefined) delete g.settings.values[k];
            else store.put(g.settings.values, k, parseValue(k, String(v), dialect));
          }
          g.settings.revision += 1;
        }
      });
    },
    state(gateway) {
      return clone(store.gatewayOf(store.read(home), gateway));
    },
    clear(gateway) {
      transact((s) => {
        if (gateway === undefined) s.gateways = {};
        else delete s.gateways[gateway];
      });
    },

    setKnobs(knobs) {
      if (knobs.fail) parseFail(knobs.fail); // reject a bad spec here, not in every later call
      transact((s) => {
        for (const k of KNOB_KEYS) {
          if (!(k in knobs)) continue;
          if (knobs[k] === null || knobs[k] === undefined) delete s.knobs[k];
          else s.knobs[k] = knobs[k];
        }
        if ('fail' in knobs) s.counters = {};
        knobsLoad({}, s.knobs); // reject a bad enum value here (nothing is written), not in every later call
      });
    },
    knobs: () => ({ ...store.read(home).knobs }),
    resetCounters() {
      transact((s) => { s.counters = {}; });
    },

    calls(filter = {}) {
      return calllog.read(home).filter((c) => filter.cmd === undefined || c.cmd === filter.cmd);
    },
    clearCalls: () => calllog.clear(home),

    run(argv, o = {}) {
      const t0 = Date.now();
      const r = childProcess.spawnSync(process.execPath, [SIM_BIN, ...argv], { ...runOptions(o), input: o.input, encoding: 'utf8', timeout: o.timeoutMs });
      if (r.error && r.error.code !== 'ETIMEDOUT') throw r.error;
      return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal, durationMs: Date.now() - t0 };
    },
    runAsync(argv, o = {}) {
      return new Promise((resolve, reject) => {
        const t0 = Date.now();
        const child = childProcess.spawn(process.execPath, [SIM_BIN, ...argv], { ...runOptions(o), stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
        child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
        const timer = o.timeoutMs ? setTimeout(() => child.kill('SIGTERM'), o.timeoutMs) : null;
        child.on('error', reject);
        child.on('close', (status, signal) => {
          if (timer) clearTimeout(timer);
          resolve({ stdout, stderr, status, signal, durationMs: Date.now() - t0 });
        });
      });
    },

    dispose() {
      if (ownsRoot) fs.rmSync(root, { recursive: true, force: true });
    },
  };
  if (options.knobs) sim.setKnobs(options.knobs);
  // No version given: OPENSHELL_SIM_DEFAULT_VERSION (so a whole suite can run once per dialect), written to
  // the state file because spawnEnv drops inherited OPENSHELL_* variables. A root that already has a version
  // knob keeps it.
  const suiteDefault = process.env.OPENSHELL_SIM_DEFAULT_VERSION;
  if (suiteDefault && !(options.knobs && options.knobs.version) && store.read(home).knobs.version === undefined) sim.setKnobs({ version: suiteDefault });
  return sim;
}

function upsert(list, item, same) {
  const i = list.findIndex((x) => same(x, item));
  if (i >= 0) list[i] = item;
  else list.push(item);
}

// Seeds accept the conveniences a test wants (aliases, key lists) and store what the CLI would.
function seedProvider(p) {
  const credentials = {};
  if (Array.isArray(p.credentials)) for (const k of p.credentials) store.put(credentials, k, `seeded-${k}`);
  else for (const [k, v] of Object.entries(p.credentials || {})) store.put(credentials, k, String(v));
  return {
    id: p.id || require('crypto').randomUUID(),
    name: p.name,
    type: normalizeKnown(p.type) || p.type,
    workspace: p.workspace || 'default',
    credentials,
    config: { ...(p.config || {}) },
    credential_expires_at_ms: { ...(p.credential_expires_at_ms || {}) },
    labels: { ...(p.labels || {}) },
    created_at: toMs(p.created_at) || 0,
    resource_version: p.resource_version ?? 1,
  };
}

function seedProfile(p) {
  return { ...dto({ ...p, source: 'custom' }), resource_version: p.resource_version ?? 1 };
}

function seedSandbox(s, i) {
  return {
    id: s.id || require('crypto').randomUUID(),
    name: s.name,
    workspace: s.workspace || 'default',
    phase: s.phase || 'Ready',
    created_at: toMs(s.created_at) ?? Date.now() + i, // keeps seeding order for equal timestamps
    providers: [...(s.providers || [])],
    labels: { ...(s.labels || {}) },
    annotations: { ...(s.annotations || {}) },
    current_policy_version: s.current_policy_version || 0,
    resource_version: s.resource_version || 1,
  };
}

module.exports = { createSim, dialectOf, SIM_BIN, DEFAULT_VERSION };
