// Typed access to the openshell simulator's JS API from compiled tests (out/test/**), where a relative
// require of the plain-JS library would not resolve.
import * as path from 'path';
import type * as Api from './sim/index';
import { ROOT } from './paths';

export const sim: typeof Api = require(path.join(ROOT, 'test/support/sim/index.js'));
export type { Sim, Seed, CallRecord, RunResult, Knobs, GatewayState } from './sim/index';
