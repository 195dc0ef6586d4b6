// The world a host run starts in: the openshell simulator as `openshell`, with a registered gateway
// seeded like a developer's after a few fullsend runs, and the settings/env the extension host gets.
// Shared by the in-host tests, the UI test and the demo.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createSim, dialectOf } = createRequire(import.meta.url)(path.join(ROOT, 'test/support/sim/index.js'));

/**
 * The OpenShell version the simulated gateway speaks: 0.1.x, what fullsend pins today. The integration runner
 * sets OPENSHELL_SIM_DEFAULT_VERSION per dialect pass; `OPENSHELL_SIM_DEFAULT_VERSION=0.0.116 npm run demo`
 * shows the 0.0 dialect.
 */
export const worldOpenShellVersion = () => process.env.OPENSHELL_SIM_DEFAULT_VERSION || '0.1.5';

export const DEMO_GATEWAY = 'openshell';

/**
 * The `${VAR}`s the agents-repo fixture's providers need, supplied through the extension host's environment
 * (the last secret source). Fake values that tests search for, to prove none reaches argv, a log or a message.
 */
export const WORLD_SECRETS = {
  GH_TOKEN: 'ghp_itest_secret_value_0001',
  JIRA_API_TOKEN: 'jira_itest_secret_value_0002',
};

/** A gateway after some runs of the agents-repo fixture: some providers current, one stale, one foreign, a leaked sandbox. */
export function seedDemoGateway(sim) {
  sim.addGateway(DEMO_GATEWAY, { endpoint: 'http://127.0.0.1:17670', active: true });
  const profile = (id, display_name, category, host) => ({ id, display_name, category, description: `Network policy for fullsend's ${id.replace(/^fullsend-/, '')} provider`,
    endpoints: [{ host, port: 443, protocol: 'rest', access: 'read-only', enforcement: 'enforce' }], binaries: ['**/curl', '**/node'] });
  sim.seed(DEMO_GATEWAY, {
    // 0.0 only: 0.1 removed the switch (profiles are always authoritative).
    ...(dialectOf(sim.knobs().version) === '0.0' ? { settings: { providers_v2_enabled: true } } : {}),
    profiles: [
      profile('fullsend-vertex-ai', 'Fullsend vertex-ai', 'inference', 'aiplatform.googleapis.com'),
      profile('fullsend-github-ro', 'Fullsend github-ro', 'source_control', 'api.github.com'),
      profile('fullsend-github-code', 'Fullsend github-code', 'source_control', 'api.github.com'),
    ],
    providers: [
      { name: 'vertex-ai', type: 'fullsend-vertex-ai', credentials: { _NOOP_VERTEX_AI: '' } },
      { name: 'github-ro', type: 'fullsend-github-ro', credentials: { _NOOP_GITHUB_RO: '' } },
      { name: 'github-code', type: 'fullsend-github-code', credentials: ['GH_TOKEN', 'OLD_PUSH_TOKEN'] },
      { name: 'my-openai', type: 'openai', credentials: ['OPENAI_API_KEY'], config: { OPENAI_BASE_URL: 'https://llm.example.invalid/v1' } },
    ],
    sandboxes: [
      { name: 'fs-tri-3f9a0c51d2e7', providers: ['vertex-ai', 'github-ro'], phase: 'Ready', created_at: Date.now() - 26 * 3600e3 },
    ],
  });
}

export function prepareIntegrationWorld({ tmp, ws, seed = true }) {
  const version = worldOpenShellVersion();
  const sim = createSim({ root: path.join(tmp, 'sim'), knobs: { version } });
  if (seed) seedDemoGateway(sim);
  fs.mkdirSync(sim.home, { recursive: true });
  // The host's temp dir inside the world, so Reset's removal of fullsend's $TMPDIR profile caches never
  // touches the machine's own /tmp.
  const tmpDir = path.join(tmp, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const env = {
    ...sim.env,
    ...WORLD_SECRETS,
    TMPDIR: tmpDir,
    FULLSEND_TEST_WORKSPACE: ws,
    FULLSEND_TEST_TMP: tmp,
    // for the in-host suites' expectations (test/support/dialect.ts); the simulator itself reads its state file
    OPENSHELL_SIM_DEFAULT_VERSION: version,
  };
  const settings = {
    'fullsend.openshellPath': sim.bin,
    // The fullsend stand-in: it ensures providers and creates/cleans up its sandbox against the same simulator.
    'fullsend.fullsendPath': path.join(ROOT, 'test/support/fullsend-sim'),
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  return { env, settings, sim };
}
