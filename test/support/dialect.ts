// The OpenShell dialect this test run speaks: the unit and integration suites run once per dialect, with
// OPENSHELL_SIM_DEFAULT_VERSION naming the simulator's version (scripts/run-unit-tests.mjs). Unset: 0.0.
import { dialectOf, parseVersion, type Dialect } from '../../src/openshell/dialect';

export const TEST_OPENSHELL_VERSION = process.env.OPENSHELL_SIM_DEFAULT_VERSION || '0.0.111';
export const TEST_DIALECT: Dialect = dialectOf(parseVersion(`openshell ${TEST_OPENSHELL_VERSION}`)!);
/** `describe` titles carry the dialect, so a failure says which one it was in. */
export const IN_DIALECT = `[openshell ${TEST_DIALECT.name}]`;
/** What Ensure reads in steady state: providers, profiles, and (0.0 only) the global settings. */
export const ENSURE_READS = TEST_DIALECT.name === '0.0' ? 3 : 2;
