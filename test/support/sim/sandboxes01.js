'use strict';
// `sandbox list` and `sandbox delete` in the 0.1 dialect (openshell-0.1.md §5.10): the paged list with the
// {"sandboxes":[…],"next_page_token":…} envelope and the 0.1 element, and typed deletion outcomes —
// "✓ Deleted sandbox" (COMPLETED), "✓ Sandbox <n> deletion accepted; cleanup is pending" (ACCEPTED, the
// sandboxDeletion knob: the sandbox stays, in phase Deleting) and "✓ Sandbox <n> already deleted"
// (ALREADY_ABSENT) — in the multi-name loop of deletes.js.
const { check, green, red, yellow, dim } = require('./ansi');
const { page, envelope, printNext } = require('./paging');
const { deleteEach } = require('./deletes');
const { table, selectorFilter, byCreatedThenName, created } = require('./sandboxes');

const ws = (s) => s.workspace || 'default';

/** The 0.1 sandbox element, insertion order (§5.10). */
function sandboxJson(s) {
  return {
    id: s.id,
    name: s.name,
    workspace: ws(s),
    labels: s.labels || {},
    annotations: s.annotations || {},
    resource_version: s.resource_version || 1,
    created_at: created(s.created_at),
    phase: s.phase || 'Ready',
    current_policy_version: s.current_policy_version || 0,
    exit_code: null,
    conditions: [],
    endpoint_statuses: [],
    configuration_admission: null,
    provisioning: null,
    created_from_workload_template: null,
  };
}

// §5.10 table colours (only with colour on): Ready/Completed green, Error red, Provisioning yellow, Deleting dimmed
const PAINT = { Ready: green, Completed: green, Error: red, Provisioning: yellow, Deleting: dim };
const paint = (phase) => (PAINT[phase] ? PAINT[phase](phase) : phase);

async function list(ctx) {
  const v = ctx.values;
  ctx.resolve();
  const matches = selectorFilter(v.selector);
  await ctx.connect();
  const matching = ctx.read().sandboxes.filter((s) => (v.allWorkspaces || ws(s) === ctx.workspace) && matches(s)).sort(byCreatedThenName);
  const { items: sbs, next } = page(matching, v, { list: 'sandboxes', workspace: v.allWorkspaces ? '*' : ctx.workspace, selector: v.selector || '' });
  if (v.ids) return ctx.out(sbs.map((s) => `${s.id}\n`).join(''));
  if (v.names) return ctx.out(sbs.map((s) => `${v.allWorkspaces ? `${ws(s)}/` : ''}${s.name}\n`).join(''));
  if (v.output === 'json') return ctx.out(ctx.json(envelope('sandboxes', sbs.map(sandboxJson), next)));
  if (v.output === 'yaml') return ctx.out(ctx.yaml(envelope('sandboxes', sbs.map(sandboxJson), next)));
  if (sbs.length === 0) return ctx.out('No sandboxes found.\n');
  printNext(ctx, next);
  return ctx.out(table(sbs, paint));
}

async function remove(ctx) {
  ctx.resolve();
  await ctx.connect(undefined, { deferInjected: true });
  let names = ctx.values.names || [];
  if (ctx.values.all) {
    // --all pages with page_size 1000; the simulator's lists fit in one page
    names = ctx.read().sandboxes.filter((s) => ws(s) === ctx.workspace).sort(byCreatedThenName).map((s) => s.name);
    if (names.length === 0) return ctx.out('No sandboxes to delete.\n');
  }
  const accepted = ctx.knobs.sandboxDeletion === 'accepted';
  return deleteEach(ctx, 'sandbox', names, (name) => ctx.mutate((g) => {
    const i = g.sandboxes.findIndex((s) => s.name === name && ws(s) === ctx.workspace);
    if (i < 0) return `${check()} Sandbox ${name} already deleted\n`;
    if (accepted) {
      g.sandboxes[i].phase = 'Deleting';
      return `${check()} Sandbox ${name} deletion accepted; cleanup is pending\n`;
    }
    g.sandboxes.splice(i, 1);
    return `${check()} Deleted sandbox ${name}\n`;
  }));
}

module.exports = { list, remove, sandboxJson };
