'use strict';
// Terminal styling exactly as the real CLI emits it, in one of three process-wide modes set once per
// invocation (like the CLI's own colour init):
//   'owo'    – 0.0 dialect: owo-colors codes written unconditionally (even into pipes, NO_COLOR has no
//              effect), nested for combined styles: bold(green(x)) = "\x1b[1m\x1b[32mx\x1b[39m\x1b[0m";
//   'plain'  – 0.1 dialect with colour off (every pipe, by default): no escape codes at all;
//   'merged' – 0.1 dialect with colour on: one SGR sequence per span, foreground first, always reset with
//              "\x1b[0m": green+bold = "\x1b[32;1mx\x1b[0m" (openshell-0.1.md §2.1).
// Padding happens *inside* the escape codes (`{:<10}` of a styled value), so callers pad before styling.

let mode = 'owo';

/** Set the styling mode for this process: 'owo' | 'plain' | 'merged'. */
function setMode(m) { mode = m; }
const getMode = () => mode;

/**
 * 0.1 colour resolution (§2.1), highest first: --color always|never (or OPENSHELL_COLOR); NO_COLOR
 * non-empty → off; FORCE_COLOR non-empty → on; else on only when stdout and stderr are terminals and TERM
 * is set and not "dumb". Styling needs both streams enabled; one answer serves both here.
 */
function colorEnabled(choice, env, streams = process) {
  if (choice === 'always') return true;
  if (choice === 'never') return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR) return true;
  const term = env.TERM;
  return Boolean(streams.stdout.isTTY && streams.stderr.isTTY && term && term !== 'dumb');
}

const SPAN = /^\x1b\[([0-9;]+)m([^\x1b]*)\x1b\[0m$/; // eslint-disable-line no-control-regex

function styler(sgr, owoClose) {
  const isFg = sgr >= 30 && sgr <= 37;
  return (s) => {
    if (mode === 'plain') return s;
    if (mode === 'owo') return `\x1b[${sgr}m${s}\x1b[${owoClose}m`;
    const m = SPAN.exec(s);
    if (!m) return `\x1b[${sgr}m${s}\x1b[0m`;
    const codes = m[1].split(';').map(Number);
    const merged = isFg ? [sgr, ...codes.filter((c) => c < 30 || c > 37)] : [...codes, sgr];
    return `\x1b[${merged.join(';')}m${m[2]}\x1b[0m`;
  };
}

const bold = styler(1, 0);
const dim = styler(2, 0);
const green = styler(32, 39);
const yellow = styler(33, 39);
const red = styler(31, 39);
const cyan = styler(36, 39);

// Rust pads by chars (Unicode scalar values), not UTF-16 units.
const charLen = (s) => [...s].length;
const padEnd = (s, w) => s + ' '.repeat(Math.max(0, w - charLen(s)));

module.exports = {
  setMode, getMode, colorEnabled,
  bold, dim, green, yellow, red, cyan, charLen, padEnd,
  check: () => bold(green('✓')), // "✓".green().bold()
  bang: () => yellow('!'),
  failBang: () => bold(red('!')), // per-name delete failures (0.1, §5.5)
  warn: () => yellow('⚠'), // approximate: the reference does not show the ⚠ styling
};
