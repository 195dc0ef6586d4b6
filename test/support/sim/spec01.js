'use strict';
// The 0.1 command tree (openshell-0.1.md §4): the 0.0 tree of spec.js with the 0.1 changes applied —
// global --color, --page-size/--page-token instead of --limit/--offset, provider update --wait/--timeout/-o
// (readiness knob), an optional credential source on provider create (credlessCreate knob), multi-id
// profile delete, and the top-level `profile` group whose commands `provider profile …` and
// `provider list-profiles` alias. Handlers for commands that changed a lot live in *01.js modules.
const { ROOT, GLOBALS } = require('./spec');

const output = (about = 'Output format') => ({ id: 'output', long: 'output', short: 'o', value: '<OUTPUT>', possible: ['table', 'yaml', 'json'], about });
const globalFlag = { id: 'global', long: 'global', about: 'Operate on platform scope (empty workspace)' };
const color = { id: 'color', long: 'color', value: '<WHEN>', possible: ['auto', 'always', 'never'], env: 'OPENSHELL_COLOR', about: 'When to use colour [default: auto]' };
// §4: `--page-size <i32>` (default 100), `--page-token <TOKEN>` (default empty)
const paging = [
  { id: 'pageSize', long: 'page-size', value: '<PAGE_SIZE>', parse: 'i32', about: 'Page size [default: 100]' },
  { id: 'pageToken', long: 'page-token', value: '<PAGE_TOKEN>', about: 'Page token from a previous page' },
];
const file = { id: 'file', long: 'file', short: 'f', value: '<FILE>', about: 'Profile file' };
const from = { id: 'from', long: 'from', value: '<FROM>', about: 'Directory of *.yaml|*.yml|*.json profiles' };
const url = { id: 'url', long: 'url', value: '<URL>', about: 'http(s) URL of a profile' };
const sourceGroup = { id: 'source', members: ['file', 'from', 'url'], required: true };

/** `profile …` (§4, §5.6–5.8); `provider profile` is the same enum. */
const profileSubs = () => [
  { name: 'list', about: 'List profiles', run: ['profiles01', 'list'], opts: [{ id: 'type', long: 'type', value: '<TYPE>', possible: ['provider'], about: 'Profile type' }, output(), globalFlag] },
  { name: 'describe', about: 'Describe a profile', run: ['profiles01', 'describe'], pos: [{ id: 'id', value: '<ID>', required: true }], opts: [output(), globalFlag] },
  { name: 'export', about: 'Export a profile', run: ['profiles', 'exportProfile'], pos: [{ id: 'id', value: '<ID>', required: true }], opts: [output(), globalFlag] },
  { name: 'import', about: 'Import profiles (create only)', run: ['profiles', 'importProfiles'], opts: [file, from, url, globalFlag], groups: [sourceGroup] },
  { name: 'update', about: 'Update a profile (compare-and-swap on resource_version)', run: ['profiles', 'updateProfile'], pos: [{ id: 'id', value: '<ID>', required: true }], opts: [{ ...file, required: true }, globalFlag] },
  { name: 'lint', about: 'Validate profiles', run: ['profiles', 'lint'], opts: [file, from, url, globalFlag], groups: [sourceGroup] },
  { name: 'delete', about: 'Delete profiles', run: ['profiles01', 'remove'], pos: [{ id: 'ids', value: '<ID>...', required: true, multiple: true }], opts: [globalFlag] },
];

const sub = (node, name) => node.subs.find((s) => s.name === name);

/** The 0.1 tree for the given knobs (a fresh copy: callers may not share it). */
function root01(knobs) {
  const root = structuredClone(ROOT);
  root.globals = [...GLOBALS, color];

  const provider = sub(root, 'provider');
  const list = sub(provider, 'list');
  list.run = ['providers01', 'list'];
  list.opts = [...paging, ...list.opts.filter((o) => o.id !== 'limit' && o.id !== 'offset')];

  const create = sub(provider, 'create');
  create.run = ['providers01', 'create'];
  create.opts.splice(create.opts.findIndex((o) => o.id === 'fromGcloudAdc') + 1, 0, { id: 'fromOidcToken', long: 'from-oidc-token', about: 'Use an OIDC token' });
  create.groups = [{ id: 'cred_source', members: ['fromExisting', 'credential', 'fromGcloudAdc', 'fromOidcToken', 'runtimeCredentials'], required: !knobs.credlessCreate }];

  const update = sub(provider, 'update');
  update.run = ['providers01', 'update'];
  if (knobs.readiness) {
    // §5.4: --timeout is a u64 in 1..=3600, default 30
    update.opts.push(
      { id: 'wait', long: 'wait', about: 'Wait until every attached sandbox installed the change' },
      { id: 'timeout', long: 'timeout', value: '<TIMEOUT>', parse: 'u64', range: [1, 3600], about: 'Wait timeout in seconds [default: 30]' },
      output('Output format [default: table]'),
    );
  }
  sub(provider, 'delete').run = ['providers01', 'remove'];
  sub(provider, 'get').run = ['providers', 'get'];

  const profile = { name: 'profile', about: 'Manage profiles', subs: profileSubs() };
  provider.subs[provider.subs.findIndex((s) => s.name === 'profile')] = { ...profile, about: 'Manage provider profiles (alias of `profile`)', subs: profileSubs() };
  const listProfiles = sub(provider, 'list-profiles');
  listProfiles.run = ['profiles01', 'list'];
  listProfiles.about = 'Alias for `profile list --type provider`';
  root.subs.splice(root.subs.findIndex((s) => s.name === 'settings'), 0, profile);

  const sandbox = sub(root, 'sandbox');
  const sbList = sub(sandbox, 'list');
  sbList.run = ['sandboxes01', 'list'];
  sbList.opts = [...paging, ...sbList.opts.filter((o) => o.id !== 'limit' && o.id !== 'offset')];
  sub(sandbox, 'delete').run = ['sandboxes01', 'remove'];
  return root;
}

module.exports = { root01 };
