// Typed access to the openshell simulator's JS API from compiled tests (out/test/**), where a relative
// require of the plain-JS library would not resolve.
import * as path from 'path';
import type * as Api from './sim/index';
import { ROOT } from './paths';

export const sim: typeof Api = require(path.join(ROOT, 'test/support/sim/index.js'));
export type { Sim, Seed, CallRecord, RunResult, Knobs, GatewayState } from './sim/index';

/**
 * The simulator's calls minus the adapter's `--version` reads: those are made once per executable to pick
 * the dialect and are not counted in an operation's `cliCalls` (src/openshell/runner.ts).
 */
export function operationCalls(s: Api.Sim): Api.CallRecord[] {
  return s.calls().filter((c) => !(c.argv.length === 1 && c.argv[0] === '--version'));
}
