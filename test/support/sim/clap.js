'use strict';
// A small clap 4.6 look-alike over the tree in spec.js: global flags anywhere, long/short/clustered/`=`
// forms, `--`, repeatable options, required args and groups, pairwise conflicts, possible values, and
// clap's error texts (stderr, exit 2). The first line of each error is exact; `Usage:` lines follow clap's
// rules for the required arguments and are approximate (the adapter must not key on them).
const { UsageError } = require('./errors');
const { GLOBALS } = require('./spec');

const TRY_HELP = "\n\nFor more information, try '--help'.\n";

const displayOf = (a) => (a.long ? (a.value ? `--${a.long} ${a.value}` : `--${a.long}`) : a.value);
const commandName = (path) => ['openshell', ...path].join(' ');

function usageLine(node, path) {
  if (node.subs) return `Usage: ${commandName(path)} <COMMAND>`;
  const grouped = new Set((node.groups || []).flatMap((g) => g.members));
  const required = (node.opts || []).filter((o) => o.required).map(displayOf);
  for (const g of node.groups || []) if (g.required) required.push(`<${g.members.map((m) => displayOf(argById(node, m))).join('|')}>`);
  const pos = (node.pos || []).filter((p) => !grouped.has(p.id)).map((p) => (p.required || p.value.startsWith('[') ? p.value : `[${p.value}]`));
  return `Usage: ${[commandName(path), ...(required.length ? required : ['[OPTIONS]']), ...pos].join(' ')}`;
}

const usageError = (first, node, path) => new UsageError(`error: ${first}\n\n${usageLine(node, path)}${TRY_HELP}`);
const bareError = (first) => new UsageError(`error: ${first}${TRY_HELP}`);
const possibleLine = (a) => (a.possible ? `\n  [possible values: ${a.possible.join(', ')}]` : '');

function argById(node, id, globals = GLOBALS) {
  return (node.opts || []).find((o) => o.id === id) || (node.pos || []).find((p) => p.id === id) || globals.find((g) => g.id === id);
}

const findSub = (node, tok) => node.subs.find((s) => s.name === tok || (s.aliases || []).includes(tok));

// Rust's integer FromStr error texts, for u32, u64 and i32.
const INT_MAX = { u32: 0xffffffff, u64: Number.MAX_SAFE_INTEGER, i32: 0x7fffffff };
function parseInteger(kind, text) {
  if (text === '') return { error: 'cannot parse integer from empty string' };
  const signed = kind.startsWith('i');
  if (!(signed ? /^[+-]?[0-9]+$/ : /^\+?[0-9]+$/).test(text)) return { error: 'invalid digit found in string' };
  const n = Number(text.replace(/^\+/, ''));
  if (n > INT_MAX[kind]) return { error: 'number too large to fit in target type' };
  if (signed && n < -INT_MAX[kind] - 1) return { error: 'number too small to fit in target type' };
  return { value: n };
}

/**
 * Parse argv against the tree.
 * @returns {{kind:'help'|'version', node, path: string[]} | {kind:'run', node, path: string[], values: object, globals: object}}
 * @throws {UsageError}
 */
function parse(argv, root) {
  const globalArgs = root.globals || GLOBALS; // the 0.1 tree adds --color (spec01.js)
  let node = root;
  const path = [];
  const values = {};
  const globals = {};
  const order = []; // argument ids in the order first seen: clap reports conflicts in this order
  const positionals = [];
  let dashDash = false;

  const lookup = (pred) => (node.opts || []).find(pred) || globalArgs.find(pred);

  function store(arg, value) {
    const target = globalArgs.includes(arg) ? globals : values;
    const seen = Object.prototype.hasOwnProperty.call(target, arg.id);
    if (!seen) order.push(arg.id);
    if (arg.count) { target[arg.id] = (target[arg.id] || 0) + 1; return; }
    if (seen && !arg.multiple) throw usageError(`the argument '${displayOf(arg)}' cannot be used multiple times`, node, path);
    if (value !== undefined) {
      if (arg.possible && !arg.possible.includes(value)) {
        throw bareError(`invalid value '${value}' for '${displayOf(arg)}'${possibleLine(arg)}`);
      }
      if (arg.parse) {
        const r = parseInteger(arg.parse, value);
        if (r.error) throw bareError(`invalid value '${value}' for '${displayOf(arg)}': ${r.error}`);
        // clap's value_parser!(u64).range(a..=b) (openshell-0.1.md §6: `0 is not in 1..=3600`)
        if (arg.range && (r.value < arg.range[0] || r.value > arg.range[1])) {
          throw bareError(`invalid value '${value}' for '${displayOf(arg)}': ${r.value} is not in ${arg.range[0]}..=${arg.range[1]}`);
        }
        value = r.value;
      }
    }
    const v = value === undefined ? true : value;
    if (arg.multiple) (target[arg.id] = target[arg.id] || []).push(v);
    else target[arg.id] = v;
  }

  const missingValue = (arg) => bareError(`a value is required for '${displayOf(arg)}' but none was supplied${possibleLine(arg)}`);
  // clap does not take a flag-looking token as an option's value
  const looksLikeFlag = (t) => t !== undefined && t.length > 1 && t.startsWith('-');

  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (node.unsimulated) { positionals.push(tok); continue; }
    if (dashDash) { positionals.push(tok); continue; }
    if (tok === '--') { dashDash = true; continue; }

    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      const name = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
      if (name === 'help') return { kind: 'help', node, path };
      if (name === 'version') return { kind: 'version', node, path };
      const arg = lookup((o) => o.long === name);
      if (!arg) throw usageError(`unexpected argument '--${name}' found`, node, path);
      if (!arg.value) {
        if (eq >= 0) throw bareError(`unexpected value '${tok.slice(eq + 1)}' for '${displayOf(arg)}' found; no more were expected`);
        store(arg);
      } else if (eq >= 0) {
        store(arg, tok.slice(eq + 1));
      } else {
        if (i + 1 >= argv.length || looksLikeFlag(argv[i + 1])) throw missingValue(arg);
        store(arg, argv[++i]);
      }
      continue;
    }

    if (tok.startsWith('-') && tok.length > 1) {
      const chars = [...tok.slice(1)];
      for (let j = 0; j < chars.length; j++) {
        const c = chars[j];
        if (c === 'h') return { kind: 'help', node, path };
        if (c === 'V') return { kind: 'version', node, path };
        const arg = lookup((o) => o.short === c);
        if (!arg) throw usageError(`unexpected argument '-${c}' found`, node, path);
        if (!arg.value) { store(arg); continue; }
        let rest = chars.slice(j + 1).join('');
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest !== '') store(arg, rest);
        else if (i + 1 >= argv.length || looksLikeFlag(argv[i + 1])) throw missingValue(arg);
        else store(arg, argv[++i]);
        break;
      }
      continue;
    }

    if (node.subs) {
      if (tok === 'help') return helpPath(node, path, argv.slice(i + 1));
      const sub = findSub(node, tok);
      if (!sub) throw usageError(`unrecognized subcommand '${tok}'`, node, path);
      node = sub;
      path.push(sub.name);
      continue;
    }
    positionals.push(tok);
  }

  if (node.subs) return { kind: 'help', node, path }; // a group with no leaf prints its help, exit 0
  if (node.unsimulated) return { kind: 'run', node, path, values: { args: positionals }, globals };

  // positionals, in declaration order; a multiple one takes the rest
  let k = 0;
  for (const p of node.pos || []) {
    if (k >= positionals.length) break;
    if (p.multiple) { values[p.id] = positionals.slice(k); k = positionals.length; } else values[p.id] = positionals[k++];
    order.push(p.id);
  }
  if (k < positionals.length) throw usageError(`unexpected argument '${positionals[k]}' found`, node, path);

  validate(node, path, values, order, globalArgs);
  return { kind: 'run', node, path, values, globals };
}

// `openshell [group] help <path…>` prints the help of that path.
function helpPath(node, path, rest) {
  const p = [...path];
  for (const tok of rest) {
    if (!node.subs) break;
    const sub = findSub(node, tok);
    if (!sub) throw usageError(`unrecognized subcommand '${tok}'`, node, p);
    node = sub;
    p.push(sub.name);
  }
  return { kind: 'help', node, path: p };
}

function validate(node, path, values, order, globals) {
  const present = (id) => Object.prototype.hasOwnProperty.call(values, id);
  // conflicts first: clap reports them before missing arguments
  const conflictsOf = (id) => {
    const set = new Set((argById(node, id, globals) || {}).conflicts || []);
    for (const o of node.opts || []) if ((o.conflicts || []).includes(id)) set.add(o.id);
    for (const g of node.groups || []) if (g.members.includes(id)) for (const m of g.members) if (m !== id) set.add(m);
    return [...set];
  };
  for (const id of order) {
    if (!present(id)) continue;
    const others = conflictsOf(id).filter(present).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    if (others.length === 0) continue;
    const shown = others.map((o) => `'${displayOf(argById(node, o, globals))}'`);
    const tail = shown.length === 1 ? ` ${shown[0]}` : `:\n  ${shown.join('\n  ')}`;
    throw usageError(`the argument '${displayOf(argById(node, id, globals))}' cannot be used with${tail}`, node, path);
  }

  const missing = [];
  for (const o of node.opts || []) if (o.required && !present(o.id)) missing.push(displayOf(o));
  for (const g of node.groups || []) {
    if (g.required && !g.members.some(present)) {
      missing.push(g.members.length === 1 ? displayOf(argById(node, g.members[0])) : `<${g.members.map((m) => displayOf(argById(node, m))).join('|')}>`);
    }
  }
  for (const p of node.pos || []) if (p.required && !present(p.id)) missing.push(p.value);
  if (missing.length) {
    throw usageError(`the following required arguments were not provided:\n  ${missing.join('\n  ')}`, node, path);
  }
}

module.exports = { parse, displayOf, commandName, usageLine };
