'use strict';
// The 0.1 multi-name delete loop (openshell-0.1.md §5.5), shared by `provider delete`, `profile delete`
// and `sandbox delete`: one RPC per name in argv order; an RPC error prints
// "! Failed to delete <kind> <name>: <Status Display>" on stderr and the loop continues; at the end any
// failure becomes "failed to delete <N> <kind>[s]: a, b" (exit 1). The plural is always "<kind>s", hence
// the literal "sandboxs".
const { CliError, GrpcError } = require('./errors');
const { statusText } = require('./render');
const { failBang } = require('./ansi');

/**
 * @param {import('./session').Session} ctx
 * @param {string} kind "provider" | "provider profile" | "sandbox"
 * @param {string[]} names
 * @param {(name: string) => Promise<string>} attempt the stdout line for a name, or throws a GrpcError
 */
async function deleteEach(ctx, kind, names, attempt) {
  const failed = [];
  for (const name of names) {
    try {
      const injected = ctx.rpcFailure(); // an OPENSHELL_SIM_FAIL rule fails every RPC of its call
      if (injected) throw injected;
      ctx.out(await attempt(name));
    } catch (e) {
      if (!(e instanceof GrpcError)) throw e;
      ctx.err(`${failBang()} Failed to delete ${kind} ${name}: ${statusText(e.code, e.statusMessage, ctx.knobs.legacyErrors)}\n`);
      failed.push(name);
    }
  }
  if (failed.length) throw new CliError(`failed to delete ${failed.length} ${kind}${failed.length === 1 ? '' : 's'}: ${failed.join(', ')}`);
}

module.exports = { deleteEach };
