'use strict';
// clap-style help text (stdout, exit 0). The layout follows clap's; the wording is the simulator's own and
// approximate: nothing should depend on it beyond "help went to stdout with exit 0".
const { GLOBALS } = require('./spec');
const { displayOf, commandName } = require('./clap');

function optLine(o) {
  const short = o.short ? `-${o.short}, ` : '    ';
  const long = o.count ? `--${o.long}...` : displayOf(o);
  return [`${short}${long}`, o.about + (o.possible ? ` [possible values: ${o.possible.join(', ')}]` : '') + (o.env ? ` [env: ${o.env}=]` : '')];
}

function section(title, rows) {
  if (!rows.length) return '';
  const w = Math.max(...rows.map((r) => r[0].length));
  return `\n${title}:\n${rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`.trimEnd()).join('\n')}\n`;
}

function helpText(node, path, globals = GLOBALS) {
  let usage;
  if (node.subs) usage = `${commandName(path)} [OPTIONS] <COMMAND>`;
  else {
    const req = (node.opts || []).filter((o) => o.required).map(displayOf);
    const pos = (node.pos || []).map((p) => (p.required ? p.value : p.value.startsWith('[') ? p.value : `[${p.value}]`));
    usage = [commandName(path), '[OPTIONS]', ...req, ...pos].join(' ');
  }
  let out = `${node.about}\n\nUsage: ${usage}\n`;
  if (node.subs) {
    out += section('Commands', [...node.subs.map((s) => [s.name, s.about]), ['help', 'Print this message or the help of the given subcommand(s)']]);
  }
  out += section('Arguments', (node.pos || []).map((p) => [p.value, '']));
  const opts = [...(node.opts || []), ...globals].map(optLine);
  opts.push(['-h, --help', 'Print help'], ['-V, --version', 'Print version']);
  out += section('Options', opts);
  return out;
}

module.exports = { helpText };
