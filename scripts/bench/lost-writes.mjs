// Writes the simulator acknowledged (exit 0) but whose effect is not in its state afterwards.
//
// Why: the simulator's state lock (test/support/sim/state.js tryLock) can be broken while it is held. A
// waiter reads the owner pid of the current lock, the owner releases and exits, a third process takes a new
// lock, and the waiter, finding the old owner dead, renames the *new* lock away; two read-modify-writes then
// overlap and one is lost. Many short-lived parallel writers on a loaded machine (fullsend's unbounded
// goroutines at N = 50) hit it. A lost write would be charged to whichever side ran, so a run that shows
// one is repeated instead of being counted.
//
// Within one run of either side no two acknowledged writes touch the same key (fullsend: a create that
// succeeds is never followed by an update; ours: delete comes before create), so each acknowledged write
// must still be visible at the end.
import * as path from 'node:path';
import { expandEnv } from './workspace.mjs';

const VALUE_FLAGS = new Set(['--name', '--type', '--credential', '--config', '--file', '-f', '--from', '--key', '--value', '-o', '--output', '-g', '--gateway']);

/** argv after the command words → { flags: {name: [values]}, positionals } */
function parseArgs(argv, words) {
  const flags = {};
  const positionals = [];
  const add = (k, v) => (flags[k] ??= []).push(v);
  for (let i = words; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('-') && a.length > 1) {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) add(a.slice(0, eq), a.slice(eq + 1));
      else if (VALUE_FLAGS.has(a)) add(a, argv[++i]);
      else add(a, true);
    } else positionals.push(a);
  }
  return { flags, positionals };
}

/** @returns {string[]} one line per acknowledged write that is missing from `state` */
export function lostWrites(calls, state, ws) {
  const lost = [];
  const declared = new Map(ws.declaration.providers.map((p) => [p.name, p]));
  const checkProvider = (c, name, { type, create }) => {
    const { flags } = parseArgs(c.argv, 2);
    const p = state.providers.find((x) => x.name === name);
    if (!p) { lost.push(`${c.cmd} ${name}: provider absent`); return; }
    if (type !== undefined && p.type !== type) lost.push(`${c.cmd} ${name}: type ${p.type}, sent ${type}`);
    for (const item of flags['--credential'] ?? []) {
      const eq = item.indexOf('=');
      if (eq >= 0) {
        const k = item.slice(0, eq);
        if (create ? p.credentials[k] !== '' : k in p.credentials) lost.push(`${c.cmd} ${name}: credential ${k} ${create ? 'not stored empty' : 'not deleted'}`);
      } else {
        const template = declared.get(name)?.credentials[item];
        if (!(item in p.credentials)) lost.push(`${c.cmd} ${name}: credential ${item} absent`);
        else if (template !== undefined && p.credentials[item] !== expandEnv(template, ws.env)) lost.push(`${c.cmd} ${name}: credential ${item} not the value sent`);
      }
    }
    for (const item of flags['--config'] ?? []) {
      const eq = item.indexOf('=');
      const k = item.slice(0, eq);
      const v = item.slice(eq + 1);
      if ((v === '' && !create) ? k in p.config : p.config[k] !== v) lost.push(`${c.cmd} ${name}: config ${k} not as sent`);
    }
  };
  for (const c of calls) {
    if (c.exit !== 0) continue;
    if (c.cmd === 'provider create') {
      const { flags } = parseArgs(c.argv, 2);
      checkProvider(c, flags['--name'][0], { type: flags['--type'][0], create: true });
    } else if (c.cmd === 'provider update') {
      const { positionals } = parseArgs(c.argv, 2);
      checkProvider(c, positionals[0], { create: false });
    } else if (c.cmd === 'provider profile import') {
      const { flags } = parseArgs(c.argv, 3);
      for (const f of flags['--file'] ?? flags['-f'] ?? []) {
        const id = path.basename(f).replace(/\.ya?ml$/, '');
        if (!state.profiles.some((p) => p.id === id)) lost.push(`${c.cmd} ${id}: profile absent`);
      }
    } else if (c.cmd === 'settings set') {
      const { flags } = parseArgs(c.argv, 2);
      const key = flags['--key']?.[0];
      if (key && String(state.settings.values[key]) !== flags['--value']?.[0]) lost.push(`${c.cmd} ${key}: not set`);
    }
  }
  return lost;
}
