// A fullsend workspace written to disk plus a real OperationContext around an openshell simulator, for
// the core tests: declare providers/profiles, set secret values, run ensure/reset/recreate, inspect the
// simulated gateway.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { OperationContext } from '../../src/core/context';
import type { EnsureInput } from '../../src/core/ensure';
import { FingerprintBook, MemoryRecords, MemoryVault } from '../../src/core/fingerprints';
import { resolveGateway } from '../../src/openshell/activeGateway';
import { detectFullsendDir } from '../../src/workspace/discover';
import { loadWorkspace, type Workspace } from '../../src/workspace/model';
import { resolveNeeds } from '../../src/workspace/resolve';
import { adapterFor, type AdapterUnderTest } from './adapter';
import { TEST_DIALECT } from './dialect';
import { operationCalls, sim as simApi, type Sim } from './simulator';

/** The stock types the core tests use, as a 0.1 gateway holds them after `profile import --from ./providers`. */
export const STOCK_PROFILES_01 = ['github', 'gitlab', 'generic', 'openai'].map((id) => ({ id, display_name: id, category: 'other' as const, source: 'user' }));

export interface ProviderYaml { name: string; type: string; credentials?: Record<string, string>; config?: Record<string, string> }

export class CoreWorld {
  readonly sim: Sim = simApi.createSim();
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-ws-'));
  readonly tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-tmp-'));
  readonly records = new MemoryRecords();
  readonly vault = new MemoryVault();
  /** The environment secrets resolve from. */
  env: Record<string, string | undefined> = {};
  adapter!: AdapterUnderTest;

  constructor(readonly gateway = 'local') {
    this.sim.addGateway(gateway, { active: true });
    // 0.1 has no built-in profiles: a 0.1 user imports the stock ones (openshell-0.1.md §7, the upgrade path).
    if (TEST_DIALECT.name === '0.1') this.sim.seed(gateway, { profiles: STOCK_PROFILES_01 });
  }

  /** Writes config.yaml, one harness declaring every provider and profile, providers/*.yaml, profiles/*.yaml. */
  declare(providers: ProviderYaml[], profiles: string[] = []): this {
    fs.rmSync(this.dir, { recursive: true, force: true });
    for (const d of ['harness', 'providers', 'profiles']) fs.mkdirSync(path.join(this.dir, d), { recursive: true });
    fs.writeFileSync(path.join(this.dir, 'config.yaml'), 'version: "1"\nagents:\n  - source: harness/t.yaml\n');
    fs.writeFileSync(path.join(this.dir, 'harness/t.yaml'),
      `agent: agents/t.md\nrole: t\nproviders: [${providers.map((p) => p.name).join(', ')}]\nopenshell:\n  profiles: [${profiles.map((id) => `profiles/${id}.yaml`).join(', ')}]\n`);
    for (const p of providers) {
      const map = (m?: Record<string, string>) => Object.entries(m ?? {}).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`).join('');
      fs.writeFileSync(path.join(this.dir, 'providers', `${p.name}.yaml`),
        `name: ${p.name}\ntype: ${p.type}\ncredentials:\n${map(p.credentials) || '  {}\n'}${p.config ? `config:\n${map(p.config)}` : ''}`);
    }
    for (const id of profiles) this.profile(id);
    return this;
  }

  /** (Re)writes a declared profile file; `displayName` lets a test change its content. */
  profile(id: string, displayName = id): void {
    fs.writeFileSync(path.join(this.dir, 'profiles', `${id}.yaml`),
      `id: ${id}\ndisplay_name: ${displayName}\ncategory: other\nendpoints:\n  - {host: ${id}.example.com, port: 443, protocol: rest, access: read-only, enforcement: enforce}\n`);
  }

  async workspace(): Promise<Workspace> {
    const fd = await detectFullsendDir(this.dir);
    if (!fd) throw new Error('not a fullsend dir');
    const ws = await loadWorkspace(fd);
    const errors = ws.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new Error(errors.map((d) => d.message).join('\n'));
    return ws;
  }

  async context(extra: Partial<OperationContext> = {}): Promise<OperationContext> {
    // One adapter per world, as the extension has one runner: its dialect is read once, not per operation.
    this.adapter ??= adapterFor(this.sim);
    const gateway = (await resolveGateway({ env: this.sim.spawnEnv() }))!;
    const book = await FingerprintBook.open(this.vault, this.records);
    const log = { trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    return { client: this.adapter.client, gateway, book, log, ...extra };
  }

  async input(overrides: Partial<EnsureInput> = {}): Promise<EnsureInput> {
    const ws = await this.workspace();
    const { values } = await resolveNeeds(ws, { env: this.env, baseDir: ws.folder });
    for (const n of values.names()) this.adapter?.redactor.add(values.get(n));
    return { providers: ws.providers, profiles: ws.profiles, values, settings: { onTypeChange: 'recreate', pruneKeys: true }, ...overrides };
  }

  provider(name: string) {
    return this.sim.state(this.gateway).providers.find((p) => p.name === name);
  }

  /** Commands (e.g. `provider create`) the simulator ran since the last clearCalls(). */
  cmds(): string[] {
    return operationCalls(this.sim).map((c) => c.cmd ?? '?');
  }

  dispose(): void {
    this.sim.dispose();
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }
}
