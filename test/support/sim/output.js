'use strict';
// Machine-readable output: serde_json::to_string_pretty (2-space indent) + "\n", and serde_yml-like YAML.
// Callers build objects with keys in the order serde would emit them (sorted for json! objects, struct
// order for DTOs); JSON.stringify keeps insertion order.

const json = (value) => JSON.stringify(value, null, 2) + '\n';

// serde_yml (libyaml emitter) puts "- " items at the parent key's indentation, prefers plain scalars and
// single quotes, and never folds long lines. The yaml package is required here only, lazily: it is the
// slowest module to load and almost no call needs it.
function yaml(value) {
  const YAML = require('yaml');
  return YAML.stringify(value, { indentSeq: false, lineWidth: 0, singleQuote: true, aliasDuplicateObjects: false });
}

/** Sort an object's keys (serde_json without preserve_order). */
function sortKeys(obj) {
  const out = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k];
  return out;
}

/** Every object's keys sorted, at any depth (serde_json's BTreeMap without preserve_order). */
function sortDeep(value) {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const k of Object.keys(value).sort()) out[k] = sortDeep(value[k]);
  return out;
}

/** 0.1 JSON (openshell-0.1.md §5): insertion order by default, or sorted (the `jsonOrder` knob). */
const jsonIn = (order, value) => json(order === 'sorted' ? sortDeep(value) : value);

module.exports = { json, jsonIn, yaml, sortKeys, sortDeep };
