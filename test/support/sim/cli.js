'use strict';
// The simulator's main: parse argv like clap, run the handler, render failures like miette, and append the
// call log — in that order for every invocation, whatever happens in between.
const { ROOT } = require('./spec');
const clap = require('./clap');
const ansi = require('./ansi');
const knobs = require('./knobs');
const store = require('./state');
const calllog = require('./calllog');
const { Session } = require('./session');
const { CliError, UsageError } = require('./errors');
const { renderError, isNoGraphics } = require('./render');

/** Names of bare `--credential KEY`s whose env var is set to something non-blank. */
function envKeysSet(values, env) {
  const keys = [];
  for (const item of values.credential || []) {
    if (item.includes('=')) continue;
    const k = item.trim();
    if (env[k] !== undefined && env[k].trim() !== '' && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

/**
 * One invocation: parse, run, render a failure, append the call log. `io` is where its output goes (`out`,
 * `err`) and, in process (inprocess.js), `signal`: its abort stands in for the SIGTERM that ends a process.
 * Resolves to { exit, signal } (signal: the one that ended it, else null).
 */
async function execute(argv, env, io) {
  const started = Date.now();
  const home = store.simHome(env);
  const record = { ts: new Date(started).toISOString(), pid: process.pid, argv, cmd: null, exit: null, durationMs: 0, gateway: null, envKeysSet: [], noGraphics: isNoGraphics(env) };
  let session = null;
  const finish = (exit, extra = {}) => {
    Object.assign(record, { exit, durationMs: Date.now() - started, gateway: session && session.gw ? session.gw.name : null }, extra);
    calllog.append(home, record);
  };
  io.finish = finish; // for main's signal handlers

  let exit = 0;
  let legacy = false;
  try {
    const state = store.read(home);
    const k = knobs.load(env, state.knobs);
    legacy = k.legacyErrors;
    // the version knob picks the dialect: the 0.0 tree, or the 0.1 tree shaped by the 0.1 knobs
    const root = k.dialect === '0.1' ? require('./spec01').root01(k) : ROOT;
    const parsed = clap.parse(argv, root);
    if (parsed.kind === 'help') {
      io.out(require('./help').helpText(parsed.node, parsed.path, root.globals));
    } else if (parsed.kind === 'version') {
      io.out(`${['openshell', ...parsed.path].join('-')} ${k.version}\n`);
    } else {
      // 0.0 writes owo codes unconditionally; 0.1 styles only when colour resolves on (openshell-0.1.md §2.1)
      if (k.dialect === '0.1') {
        const choice = parsed.globals.color !== undefined ? parsed.globals.color : env.OPENSHELL_COLOR;
        ansi.setMode(ansi.colorEnabled(choice, env) ? 'merged' : 'plain');
      }
      const kind = parsed.path.join(' ');
      record.cmd = kind;
      record.envKeysSet = envKeysSet(parsed.values, env);
      session = new Session({ values: parsed.values, globals: parsed.globals, env, home, knobs: k, kind, io });
      if (parsed.node.unsimulated) throw new CliError(`the openshell simulator does not implement '${kind}'`);
      // count this call only if a rule could fire for it (the counters live in the state file); `*` rules
      // count every call, under '*'
      const named = k.fail.some((r) => r.kind === kind);
      const any = k.fail.some((r) => r.kind === '*');
      if (named || any) {
        const n = await store.transact(home, (s) => {
          const c = {};
          if (named) c[kind] = s.counters[kind] = (s.counters[kind] || 0) + 1;
          if (any) c['*'] = s.counters['*'] = (s.counters['*'] || 0) + 1;
          return c;
        });
        session.failRule = knobs.failureFor(k.fail, kind, n);
      }
      const [mod, fn] = parsed.node.run;
      await require(`./${mod}`)[fn](session);
      // a rule that fires once the work is done (knobs.AFTER_THE_WORK)
      if (session.after === 'hang-after') await knobs.hangForever(io.signal);
      else if (session.after) io.out(mangle(session.stdout, session.after));
    }
  } catch (e) {
    if (e instanceof knobs.Killed) {
      finish(null, { signal: e.signal });
      return { exit: null, signal: e.signal };
    }
    // a command that failed after a garbled/truncated rule fired still prints its (mangled) stdout first
    if (session && session.after && session.after !== 'hang-after') io.out(mangle(session.stdout, session.after));
    if (e instanceof CliError || e instanceof UsageError) {
      const r = renderError(e, { noGraphics: isNoGraphics(env), legacy });
      io.err(r.stderr);
      exit = r.exit;
    } else if (e instanceof knobs.SimError || /^openshell-sim:/.test(e && e.message)) {
      io.err(`openshell-sim: ${String(e.message).replace(/^openshell-sim: /, '')}\n`);
      exit = 70;
    } else {
      // like a Rust panic: something the simulator did not expect
      io.err(`openshell-sim panicked: ${e && e.stack ? e.stack : e}\n`);
      exit = 101;
    }
  }
  finish(exit);
  return { exit, signal: null };
}

/** What a `garbled` or `truncated` rule prints instead of the command's stdout. */
function mangle(stdout, how) {
  if (how === 'truncated') return stdout.slice(0, Math.floor(stdout.length / 2));
  return '\u0000\u001b[?1049h}{ garbled by OPENSHELL_SIM_FAIL \ufffd\ufffd "providers": [\n';
}

async function main(argv, env = process.env) {
  const io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), signal: undefined, finish: null };
  // A parent's timeout or cancel (SIGTERM/SIGINT) still gets a log line; then the signal is re-raised so the
  // parent sees a real signal death, not an exit code.
  for (const sig of ['SIGTERM', 'SIGINT']) {
    process.once(sig, () => {
      if (io.finish) io.finish(null, { signal: sig });
      process.kill(process.pid, sig);
    });
  }
  const { exit } = await execute(argv, env, io);
  process.exitCode = exit;
}

module.exports = { main, execute };
