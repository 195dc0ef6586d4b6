'use strict';
// The simulator without a process per call, for suites that make thousands of calls (the fault-injection
// matrix): the same parse → run → render → call-log path as the `openshell-sim` executable (cli.js
// `execute`), with stdout and stderr collected in memory. What a process gives for free is stood in for:
//   - a timeout or cancel: `signal` aborts the call; a call waiting in a `hang` rule ends as if by SIGTERM
//     (its call-log line has `"exit": null, "signal": "SIGTERM"`). A call doing real work finishes that
//     work first (it takes milliseconds), then reports the signal, like a process killed right after it;
//   - a fresh process: the styling mode is reset per call. The mode is process-wide, so calls of different
//     dialects must not run concurrently in one process (one suite speaks one dialect).
// Calls share this process's pid in the call log and take the state lock like processes do.
const ansi = require('./ansi');
const { execute } = require('./cli');
const { Killed } = require('./knobs');

/**
 * Runs one `openshell` invocation in this process. `env` is the child's whole environment (as with
 * `extendEnv: false`): the simulator reads its knobs, credential values and OPENSHELL_SIM_HOME from it.
 * Resolves to { stdout, stderr, exit, signal }: exit null and signal 'SIGTERM' when `signal` ended it.
 */
async function runInProcess(argv, { env, signal } = {}) {
  let stdout = '';
  let stderr = '';
  const io = { out: (s) => { stdout += s; }, err: (s) => { stderr += s; }, signal, finish: null };
  ansi.setMode('owo'); // a new process starts in the 0.0 mode; 0.1 sets its own
  if (signal && signal.aborted) {
    // killed before it started: a process would not even have logged
    return { stdout, stderr, exit: null, signal: 'SIGTERM' };
  }
  const r = await execute([...argv], { ...(env || {}) }, io);
  if (r.signal) return { stdout, stderr, exit: null, signal: r.signal };
  if (signal && signal.aborted) {
    // the work finished before the abort was noticed: the parent killed it anyway and saw no answer
    return { stdout, stderr, exit: null, signal: (signal.reason && signal.reason.signal) || 'SIGTERM' };
  }
  return { stdout, stderr, exit: r.exit, signal: null };
}

module.exports = { runInProcess, Killed };
