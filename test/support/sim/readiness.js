'use strict';
// The provider readiness report that `provider update` prints in the 0.1 dialect (openshell-0.1.md §5.4,
// #3391): one target per attached sandbox, in gateway order. Without --wait every target is
// `persisted (waiting_for_supervisor)`; with --wait a Ready sandbox installs the change at once
// (`ready (unspecified)`, Wait: complete) and any other sandbox never does, so the wait runs to its
// deadline (Wait: timed_out) and the command fails after printing. The mutation/receipt id formats and the
// reason label of a completed status are not in the reference (§11); these are stand-ins.
const { CliError } = require('./errors');
const { sleep } = require('./knobs');

const WAIT_INCOMPLETE = 'provider readiness wait did not complete for every selected sandbox; inspect the reported outcomes';

/** RFC 3339 with nanosecond precision, as prost-types Timestamp prints it. */
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');

/**
 * The statuses for a persisted mutation.
 * @param {{mutationId: string, provider: object, sandboxes: object[], persistedMs: number}} m
 * @param {{wait: boolean, timeoutSecs: number}} o
 */
async function evaluate(m, o) {
  const installs = (sb) => (sb.phase || 'Ready') === 'Ready';
  if (o.wait && m.sandboxes.some((sb) => !installs(sb))) await sleep(o.timeoutSecs * 1000);
  const now = Date.now();
  return m.sandboxes.map((sb, i) => {
    const ready = o.wait && installs(sb);
    return {
      receipt: {
        receipt_id: `${m.mutationId}-r${i + 1}`,
        mutation_id: m.mutationId,
        provider_name: m.provider.name,
        workspace: m.provider.workspace || 'default',
        kind: 'update',
        desired: {
          sandbox_id: sb.id,
          sandbox_name: sb.name,
          attachment_epoch: 1,
          provider_id: m.provider.id,
          provider_resource_version: String(m.provider.resource_version || 0),
          provider_env_revision: String(m.provider.resource_version || 0),
          config_revision: String(sb.current_policy_version || 0),
          policy_hash: '',
        },
        persisted_time: rfc3339(m.persistedMs),
      },
      state: ready ? 'ready' : 'persisted',
      reason: ready ? 'unspecified' : 'waiting_for_supervisor',
      observed: ready ? { credentials: true, policy: true, future_process_environment: true } : null,
      network_instance_id: '',
      observed_time: ready ? rfc3339(now) : null,
      evaluated_time: o.wait ? rfc3339(now) : null,
      wait_outcome: !o.wait ? 'not_requested' : ready ? 'complete' : 'timed_out',
    };
  });
}

function table(mutationId, statuses, wait) {
  if (statuses.length === 0) return `Provider mutation ${mutationId} persisted; no attached sandboxes were selected.\n`;
  return statuses.map((s) => {
    let out = `${s.receipt.desired.sandbox_name} / ${s.receipt.provider_name}: ${s.state} (${s.reason})\n` +
      `  Receipt: ${s.receipt.receipt_id || 'current state'}\n` +
      `  Persisted: ${s.receipt.persisted_time || '-'}\n`;
    if (s.observed) out += `  Installed: credentials=${s.observed.credentials}, policy=${s.observed.policy}, future process environment=${s.observed.future_process_environment}\n`;
    if (wait) out += `  Wait: ${s.wait_outcome}\n`;
    return out;
  }).join('');
}

/** Print the report in the -o format; with --wait, fail when any target did not complete. */
async function report(ctx, mutation, { wait, timeoutSecs, output }) {
  const statuses = await evaluate(mutation, { wait, timeoutSecs });
  const body = { mutation_id: mutation.mutationId, targets: statuses };
  if (output === 'json') ctx.out(ctx.json(body));
  else if (output === 'yaml') ctx.out(ctx.yaml(body));
  else ctx.out(table(mutation.mutationId, statuses, wait));
  if (wait && statuses.some((s) => s.wait_outcome !== 'complete')) throw new CliError(WAIT_INCOMPLETE);
}

module.exports = { report, rfc3339, WAIT_INCOMPLETE };
