'use strict';
// What a command handler gets: its parsed arguments plus the three steps every networked command takes in
// the real CLI's order — resolve the gateway (local files, no latency), connect (latency, "gateway down",
// injected failures), then read or mutate that gateway's store.
const registry = require('./registry');
const store = require('./state');
const { transportError } = require('./errors');
const { sleep, hangForever, failureError, AFTER_THE_WORK } = require('./knobs');
const { jsonIn, yaml } = require('./output');

/** Where a call's output goes: the process's streams, or an in-process caller's buffers (inprocess.js). */
const PROCESS_IO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), signal: undefined };

class Session {
  constructor({ values, globals, env, home, knobs, kind, io = PROCESS_IO }) {
    this.values = values;
    this.globals = globals;
    this.env = env;
    this.home = home;
    this.knobs = knobs;
    this.kind = kind;
    this.gw = null; // {name, endpoint, meta} once resolved
    this.failRule = null; // an OPENSHELL_SIM_FAIL rule that fires for this call
    this.deferred = null; // its error, when the command renders it at its own RPCs (connect deferInjected)
    this.after = null; // a fired rule that misbehaves once the work is done: 'hang-after' | 'garbled' | 'truncated'
    this.io = io;
    this.stdout = ''; // held back while `after` will rewrite it (cli.js prints it at the end)
    this.v01 = knobs.dialect === '0.1'; // openshell-0.1.md
    this.workspace = globals.workspace !== undefined ? globals.workspace : env.OPENSHELL_WORKSPACE || 'default';
  }

  out(s) {
    if (this.after === 'garbled' || this.after === 'truncated') this.stdout += s;
    else this.io.out(s);
  }
  err(s) { this.io.err(s); }

  /** resolve_gateway; throws the CLI's "No active gateway." / "Unknown gateway" errors. */
  resolve() {
    this.gw = registry.resolve(this.globals, this.env);
    return this.gw;
  }

  /**
   * The eager Endpoint::connect: latency, then a refused connection if the gateway is down, then an injected
   * failure. With `deferInjected` a gRPC-status failure is kept for the command's own RPCs (rpcFailure), so
   * that 0.1 commands can render it in their own forms; `transport` and `hang` still fire here.
   */
  async connect(downError = transportError, { deferInjected = false } = {}) {
    if (this.knobs.latencyMs > 0) await sleep(this.knobs.latencyMs);
    if (this.knobs.isDown(this.gw.name)) throw downError();
    if (deferInjected && this.failRule && !['transport', 'hang'].includes(this.failRule.error) && !AFTER_THE_WORK.has(this.failRule.error)) {
      this.deferred = failureError(this.failRule);
      this.failRule = null;
      return;
    }
    await this.injected();
  }

  /** The deferred injected failure: every RPC of this call fails with it (null if none). */
  rpcFailure() {
    return this.deferred || null;
  }

  /** JSON in the dialect's key order (0.1: the jsonOrder knob; callers build 0.0 objects pre-sorted). */
  json(value) { return jsonIn(this.v01 ? this.knobs.jsonOrder : 'insertion', value); }
  yaml(value) { return yaml(value); }

  /** Fire an OPENSHELL_SIM_FAIL rule selected for this call (local commands call this directly). */
  async injected() {
    const rule = this.failRule;
    if (!rule) return;
    this.failRule = null;
    if (AFTER_THE_WORK.has(rule.error)) { this.after = rule.error; return; } // the command goes on; cli.js misbehaves at its end
    if (rule.error === 'hang') await hangForever(this.io.signal);
    throw failureError(rule);
  }

  /** A snapshot of this gateway's store (read without the lock; writers rename whole files). */
  read() {
    return store.gatewayOf(store.read(this.home), this.gw.name);
  }

  /** Locked read-modify-write of this gateway's store: fn(gatewayStore, wholeState) → result. */
  mutate(fn) {
    return store.transact(this.home, (s) => fn(store.gatewayOf(s, this.gw.name), s));
  }
}

module.exports = { Session };
