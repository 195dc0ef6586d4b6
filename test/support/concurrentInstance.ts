// One "extension instance" in its own process, for the concurrency proof (core-concurrency.test.ts): its own
// adapter, its own fingerprint records (kept in a JSON file between its runs, as an extension keeps them in
// its state), the real process table for runs in progress. Run as a script:
//   node out/test/support/concurrentInstance.js '<json config>'
// and prints one JSON line per operation: {op, providers?: [name, action, error?][], sandboxesDeleted?, kept?}.
import * as fs from 'fs';
import { ensure } from '../../src/core/ensure';
import { FingerprintBook, MemoryRecords, MemoryVault } from '../../src/core/fingerprints';
import { reset } from '../../src/core/reset';
import { RunsInProgress } from '../../src/core/runsInProgress';
import { findFullsendRuns } from '../../src/fullsend/processTable';
import { resolveGateway } from '../../src/openshell/activeGateway';
import { loadWorkspace } from '../../src/workspace/model';
import { resolveNeeds } from '../../src/workspace/resolve';
import { adapterFor } from './adapter';
import { sim as simApi } from './simulator';

interface Config { simRoot: string; dir: string; ops: ('ensure' | 'reset')[]; env: Record<string, string>; state: string }

async function main(config: Config): Promise<void> {
  const sim = simApi.createSim({ root: config.simRoot });
  const adapter = adapterFor(sim);
  const records = new MemoryRecords();
  const vault = new MemoryVault();
  if (fs.existsSync(config.state)) {
    const saved = JSON.parse(fs.readFileSync(config.state, 'utf8')) as { records: [string, unknown][]; vault: [string, string][] };
    for (const [k, v] of saved.records) records.data.set(k, v);
    for (const [k, v] of saved.vault) vault.data.set(k, v);
  }
  const book = await FingerprintBook.open(vault, records);
  const gateway = (await resolveGateway({ env: sim.spawnEnv() }))!;
  const log = { trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const ctx = { client: adapter.client, gateway, book, log };
  const ws = await loadWorkspace({ folder: config.dir, dir: config.dir, kind: 'agents-repo' });
  const { values } = await resolveNeeds(ws, { env: config.env, baseDir: config.dir });
  const runs = new RunsInProgress({ processes: () => findFullsendRuns() });
  for (const op of config.ops) {
    if (op === 'ensure') {
      const r = await ensure(ctx, { providers: ws.providers, profiles: ws.profiles, values, settings: { onTypeChange: 'recreate', pruneKeys: true } });
      console.log(JSON.stringify({ op, providers: r.providers.map((p) => [p.name, p.action, p.error]) }));
    } else {
      const r = await reset(ctx, { providers: ws.providers, profiles: ws.profiles, tmpDir: config.simRoot, inUse: () => runs.anywhere(gateway.key, gateway.name) });
      console.log(JSON.stringify({ op, sandboxesDeleted: r.sandboxesDeleted, providersDeleted: r.providersDeleted, kept: r.kept }));
    }
  }
  fs.writeFileSync(config.state, JSON.stringify({ records: [...records.data], vault: [...vault.data] }));
}

main(JSON.parse(process.argv[2]) as Config).catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
