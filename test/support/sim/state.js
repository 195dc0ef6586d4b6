'use strict';
// The simulated gateways' databases: one JSON file, $OPENSHELL_SIM_HOME/state.json, shared by every
// simulator process. The extension runs several `provider update`s in parallel, so each read-modify-write
// holds an exclusive lock (a directory: mkdir is atomic everywhere) and the file is replaced by rename, which
// also lets read-only commands read it without the lock and never see half a file.
const fs = require('fs');
const path = require('path');

const STATE_FILE = 'state.json';
const LOCK_DIR = 'state.lock';
const STALE_MS = 10000; // a critical section takes milliseconds; an older lock was left by a killed process
const WAIT_MS = 20000;

/** $OPENSHELL_SIM_HOME, or ~/.openshell-sim. */
function simHome(env) {
  return env.OPENSHELL_SIM_HOME || path.join(env.HOME || require('os').homedir(), '.openshell-sim');
}

const emptyState = () => ({ version: 1, knobs: {}, counters: {}, gateways: {} });

const emptyGateway = () => ({ providers: [], profiles: [], settings: { values: {}, revision: 0 }, sandboxes: [] });

/** The store for one gateway name, created on first use. */
function gatewayOf(state, name) {
  if (!Object.prototype.hasOwnProperty.call(state.gateways, name)) put(state.gateways, name, emptyGateway());
  return state.gateways[name];
}

/** Read without the lock (writers rename a complete file into place). */
function read(home) {
  let text;
  try {
    text = fs.readFileSync(path.join(home, STATE_FILE), 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return emptyState();
    throw e;
  }
  return Object.assign(emptyState(), JSON.parse(text));
}

function write(home, state) {
  const file = path.join(home, STATE_FILE);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// One attempt. A lock whose owner is dead (and which has existed for DEAD_OWNER_MS — locks are held for
// milliseconds), or which is older than STALE_MS, is broken by renaming it away first, so that two processes
// breaking the same stale lock cannot both delete a fresh one. The lock is stat'ed before and after the owner
// check: if it changed in between, its owner released it and someone else holds a new, live lock.
const DEAD_OWNER_MS = 1000;

function tryLock(home) {
  const dir = path.join(home, LOCK_DIR);
  try {
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'owner'), String(process.pid));
    return true;
  } catch (e) {
    if (e.code === 'ENOENT') {
      fs.mkdirSync(home, { recursive: true });
      return false;
    }
    if (e.code !== 'EEXIST') throw e;
  }
  try {
    const before = fs.statSync(dir);
    let owner = NaN;
    try { owner = Number(fs.readFileSync(path.join(dir, 'owner'), 'utf8')); } catch { /* being created */ }
    const age = Date.now() - before.mtimeMs;
    const abandoned = age > STALE_MS || (age > DEAD_OWNER_MS && owner > 0 && !alive(owner));
    const after = fs.statSync(dir);
    if (abandoned && after.ino === before.ino && after.mtimeMs === before.mtimeMs) {
      const gone = `${dir}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
      fs.renameSync(dir, gone);
      fs.rmSync(gone, { recursive: true, force: true });
    }
  } catch { /* released or broken meanwhile: just retry */ }
  return false;
}

const unlock = (home) => fs.rmSync(path.join(home, LOCK_DIR), { recursive: true, force: true });

const lockTimeout = (home) => new Error(`openshell-sim: timed out waiting for the state lock ${path.join(home, LOCK_DIR)}`);
const backoff = () => 2 + Math.floor(Math.random() * 8);

/**
 * Locked read-modify-write from a simulator process. `fn(state)` mutates the state and returns a value;
 * if it throws, nothing is written. Waiting is asynchronous so a signal can still end the process.
 */
async function transact(home, fn) {
  const deadline = Date.now() + WAIT_MS;
  while (!tryLock(home)) {
    if (Date.now() > deadline) throw lockTimeout(home);
    await new Promise((r) => setTimeout(r, backoff()));
  }
  return readModifyWrite(home, fn);
}

/** The same for the in-process JS API (tests call it synchronously). */
function transactSync(home, fn) {
  const deadline = Date.now() + WAIT_MS;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (!tryLock(home)) {
    if (Date.now() > deadline) throw lockTimeout(home);
    Atomics.wait(cell, 0, 0, backoff());
  }
  return readModifyWrite(home, fn);
}

/** With the lock held: read, let `fn` mutate, write (nothing is written if `fn` throws), release. */
function readModifyWrite(home, fn) {
  try {
    const state = read(home);
    const result = fn(state);
    write(home, state);
    return result;
  } finally {
    unlock(home);
  }
}

// Keys come from users (provider names, credential keys): assign as own data properties so that even
// "__proto__" is stored verbatim.
function put(obj, key, value) {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

module.exports = { simHome, read, transact, transactSync, gatewayOf, emptyGateway, put, STATE_FILE };
