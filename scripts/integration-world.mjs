// The world an integration run starts in: the simulator as `openshell` with its state under the run's
// temp folder, and the settings/env the extension host gets. Shared by the in-host tests and the UI test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SIM_BIN = path.join(ROOT, 'test/support/openshell-sim');

export function prepareIntegrationWorld({ tmp, ws }) {
  const simHome = path.join(tmp, 'sim');
  fs.mkdirSync(simHome, { recursive: true });
  const env = {
    OPENSHELL_SIM_HOME: simHome,
    FULLSEND_TEST_WORKSPACE: ws,
    FULLSEND_TEST_TMP: tmp,
  };
  const settings = {
    'fullsend.openshellPath': SIM_BIN,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  return { env, settings, simHome };
}
