'use strict';
// miette 7.6 report rendering as the real CLI prints it into a pipe (§1.1 of openshell-cli.md):
//   fancy (default): "Error:   × " + message wrapped at 74 columns of text, "  │ " continuation lines,
//                    "  ├─▶ "/"  ╰─▶ " causes, then a blank line;
//   narratable (NO_GRAPHICS set and not "0"): unwrapped, "Diagnostic severity" and "Caused by:" lines.
const { CODES, GrpcError, UsageError } = require('./errors');

const TEXT_WIDTH = 74; // textwrap width 78 minus the 4-column "  × " indent

// textwrap 0.16 first-fit with break_words: words longer than the width are cut into width-sized
// pieces first, then words are packed greedily, one space between them.
function wrapLine(line, width = TEXT_WIDTH) {
  const words = [];
  for (const w of line.split(' ')) {
    const chars = [...w];
    if (chars.length <= width) words.push(w);
    else for (let i = 0; i < chars.length; i += width) words.push(chars.slice(i, i + width).join(''));
  }
  const out = [];
  let cur = null;
  for (const w of words) {
    if (cur === null) cur = w;
    else if ([...cur].length + 1 + [...w].length <= width) cur += ' ' + w;
    else { out.push(cur); cur = w; }
  }
  out.push(cur ?? '');
  return out;
}

/** Every line of a (possibly multi-line) message, wrapped. */
const wrap = (text, width = TEXT_WIDTH) => text.split('\n').flatMap((l) => wrapLine(l, width));

// Rust `{:?}` of a str: backslash escapes for \0 \t \r \n \\ \", \u{..} for other control characters.
function debugQuote(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c === 0) out += '\\0';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

// tonic 0.12 (≤ v0.0.60) printed the whole Status; the metadata dump varies in reality, here it is fixed.
const LEGACY_METADATA = 'MetadataMap { headers: {"content-type": "application/grpc"} }';

/** The Display text of a tonic::Status. */
function statusText(code, message, legacy) {
  return legacy
    ? `status: ${code}, message: ${debugQuote(message)}, details: [], metadata: ${LEGACY_METADATA}`
    : `code: '${CODES[code]}', message: ${debugQuote(message)}`;
}

function fancy(message, causes) {
  const lines = wrap(message);
  let out = `Error:   × ${lines[0]}\n`;
  for (const l of lines.slice(1)) out += `  │ ${l}\n`;
  causes.forEach((c, i) => {
    const last = i === causes.length - 1;
    // a cause wraps at 72 columns (6-column prefix); continuation indent follows miette's tree lines
    const [first, ...rest] = wrap(c, TEXT_WIDTH - 2);
    out += `  ${last ? '╰' : '├'}─▶ ${first}\n`;
    for (const l of rest) out += `${last ? '      ' : '  │   '}${l}\n`;
  });
  return out + '\n';
}

function narratable(message, causes) {
  let out = `Error: ${message}\n    Diagnostic severity: error\n`;
  for (const c of causes) out += `    Caused by: ${c}\n`;
  return out + '\n';
}

/**
 * The stderr bytes and exit code for a failure.
 * @param {Error} err @param {{noGraphics: boolean, legacy: boolean}} mode
 */
function renderError(err, mode) {
  if (err instanceof UsageError) return { stderr: err.text, exit: 2 };
  const message = err instanceof GrpcError ? statusText(err.code, err.statusMessage, mode.legacy) : err.message;
  const causes = err.causes || [];
  return { stderr: mode.noGraphics ? narratable(message, causes) : fancy(message, causes), exit: 1 };
}

/** NO_GRAPHICS set to anything but "0" selects miette's narratable handler. */
const isNoGraphics = (env) => env.NO_GRAPHICS !== undefined && env.NO_GRAPHICS !== '0';

module.exports = { wrap, debugQuote, statusText, renderError, isNoGraphics, TEXT_WIDTH };
