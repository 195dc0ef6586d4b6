'use strict';
// $OPENSHELL_SIM_HOME/calls.jsonl: one JSON line per invocation, appended in a single write (O_APPEND keeps
// concurrent lines whole). It records argv verbatim — that is how tests prove no secret reached argv — and
// only the *names* of environment variables, never a value.
const fs = require('fs');
const path = require('path');

const CALL_LOG = 'calls.jsonl';

function append(home, record) {
  try {
    fs.mkdirSync(home, { recursive: true });
    fs.appendFileSync(path.join(home, CALL_LOG), JSON.stringify(record) + '\n');
  } catch { /* the log must never change the command's outcome */ }
}

function read(home) {
  let text = '';
  try { text = fs.readFileSync(path.join(home, CALL_LOG), 'utf8'); } catch { return []; }
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

const clear = (home) => fs.rmSync(path.join(home, CALL_LOG), { force: true });

module.exports = { append, read, clear, CALL_LOG };
