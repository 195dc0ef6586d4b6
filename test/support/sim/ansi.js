'use strict';
// owo-colors styling exactly as the real CLI emits it: codes are written unconditionally (even into pipes,
// NO_COLOR has no effect), and padding happens *inside* the escape codes (`{:<10}` of a styled value).

const bold = (s) => `\x1b[1m${s}\x1b[0m`;
const dim = (s) => `\x1b[2m${s}\x1b[0m`;
const green = (s) => `\x1b[32m${s}\x1b[39m`;
const yellow = (s) => `\x1b[33m${s}\x1b[39m`;
const red = (s) => `\x1b[31m${s}\x1b[39m`;
const cyan = (s) => `\x1b[36m${s}\x1b[39m`;

// Rust pads by chars (Unicode scalar values), not UTF-16 units.
const charLen = (s) => [...s].length;
const padEnd = (s, w) => s + ' '.repeat(Math.max(0, w - charLen(s)));

module.exports = {
  bold, dim, green, yellow, red, cyan, charLen, padEnd,
  CHECK: bold(green('✓')), // "✓".green().bold()
  BANG: yellow('!'),
  WARN: yellow('⚠'), // approximate: the reference does not show the ⚠ styling
};
