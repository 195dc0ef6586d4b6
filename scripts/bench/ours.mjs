// Our Ensure, exactly as the extension runs it minus VS Code: the workspace model, value resolution, the
// active gateway from the CLI's files, the real adapter (runner + client) and core/ensure, all from the
// compiled sources in out/src (`npm run compile-tests`).
//
// One installation = one fingerprint book and one runner, kept across the runs of a scenario, as the extension
// keeps one runner per session: the runner reads the CLI's `--version` (its dialect) once, when the
// installation is made, so that read is neither part of a measured run nor repeated by one.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const out = (rel) => {
  const file = path.join(ROOT, 'out/src', rel);
  if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run compile-tests\` first`);
  return require(file);
};

const { ensure } = out('core/ensure.js');
const { adoptRunWrites } = out('core/adoptRunWrites.js');
const { FingerprintBook, MemoryVault, MemoryRecords } = out('core/fingerprints.js');
const { OpenShellRunner } = out('openshell/runner.js');
const { OpenShellClient } = out('openshell/client.js');
const { Redactor } = out('openshell/redact.js');
const { resolveGateway } = out('openshell/activeGateway.js');
const { detectFullsendDir } = out('workspace/discover.js');
const { loadWorkspace } = out('workspace/model.js');
const { resolveNeeds } = out('workspace/resolve.js');

/**
 * A fresh installation against `sim`: its own fingerprint key and records, and one runner whose dialect
 * (`--version`) is read here, once. Kept across the runs of one scenario.
 * @returns {Promise<{ sim: object, book: object, runner: object, client: object, log: string[], dialect: string }>}
 */
export async function newInstallation({ sim }) {
  const book = await FingerprintBook.open(new MemoryVault(), new MemoryRecords());
  const log = [];
  const at = (level) => (m) => { log.push(`${level}: ${m}`); };
  const adapterLog = { trace() {}, debug() {}, info: at('info'), warn: at('warn'), error: at('error') };
  const runner = new OpenShellRunner({
    locate: async () => ({ path: sim.bin, via: 'setting' }),
    gateway: () => undefined,
    timeoutMs: () => 30000,
    log: adapterLog,
    redactor: new Redactor(),
    baseEnv: sim.spawnEnv(),
  });
  const dialect = (await runner.dialect()).name;
  return { sim, book, runner, client: new OpenShellClient(runner), adapterLog, log, dialect };
}

/** The extension's operation context around the simulator, minus VS Code. */
async function operationContext(inst) {
  const gateway = await resolveGateway({ env: inst.sim.spawnEnv() });
  if (!gateway) throw new Error('no active gateway in the simulator');
  return { client: inst.client, gateway, book: inst.book, log: inst.adapterLog };
}

/**
 * One Ensure of every declared provider, from reading the workspace to recording fingerprints.
 * @param {{ inst: object, dir: string, secrets: Record<string, string> }} o inst: from newInstallation
 * @returns {Promise<{ result: object, errors: string[], spawned: number, log: string[], recorded: Map<string, object> }>}
 *   spawned: the processes this run spawned; recorded: the fingerprint records Ensure left, by provider (what a
 *   Fullsend: Run keeps for adoption)
 */
export async function oursEnsure({ inst, dir, secrets }) {
  const { runner, log, book } = inst;
  const before = runner.calls;
  const ctx = await operationContext(inst);
  const fd = await detectFullsendDir(dir);
  if (!fd) throw new Error(`${dir} is not a fullsend dir`);
  const ws = await loadWorkspace(fd);
  const diags = ws.diagnostics.filter((d) => d.severity === 'error');
  if (diags.length) throw new Error(`benchmark workspace has errors: ${JSON.stringify(diags)}`);
  const { values } = await resolveNeeds(ws, { env: secrets, baseDir: dir });
  const result = await ensure(ctx, {
    providers: ws.providers, profiles: ws.profiles, values,
    settings: { onTypeChange: 'recreate', pruneKeys: true },
  });
  const errors = result.providers.filter((p) => p.error).map((p) => `${p.name}: ${p.error}`);
  const recorded = new Map(result.providers.filter((p) => !p.error).map((p) => [p.name, structuredClone(book.provider(ctx.gateway.key, p.name))]));
  return { result, errors, spawned: runner.calls - before, log, recorded };
}

/** What a Fullsend: Run does once fullsend reports its providers ready (core/adoptRunWrites). */
export async function oursAdopt({ inst, recorded, written }) {
  const before = inst.runner.calls;
  const r = await adoptRunWrites(await operationContext(inst), { expected: recorded, written });
  return { ...r, spawned: inst.runner.calls - before };
}
