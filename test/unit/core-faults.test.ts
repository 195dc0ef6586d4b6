// Fault injection (issue #11 "Prove it"): for Ensure (fresh, steady, rotation, type change), Delete and
// Recreate, and Reset, fail the n-th openshell call for every n the operation makes, with every kind of
// fault, and check what ARCHITECTURE §6 promises ("A failure stops the operation", "Reset", "Delete and
// recreate", "Ensure"):
//   - the operation ends (resolves, maybe with per-item errors, or rejects) within bounded time;
//   - nothing outside its scope changed on the simulated gateway (other providers, sandboxes, profiles,
//     settings, other gateways and the registrations are untouched);
//   - no declared credential was deleted without being recreated or reported with how to restore it (a
//     provider gone afterwards is named in an error or outcome that says Ensure restores it);
//   - the next clean Ensure restores the declaration (every declared provider, with the declared values);
//   - no openshell call started after the operation got the failure back that ended it, and none after the
//     operation ended (calls in flight are awaited);
//   - a GatewayLock taken around the operation is free afterwards.
// The simulator runs in this process (test/support/inProcessSim.ts), so the matrix takes seconds, not the
// ~100 ms per call a spawned simulator costs. Prints `faults: N injected, M lost` and asserts M = 0.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ensure, type EnsureInput } from '../../src/core/ensure';
import { GatewayLock } from '../../src/core/lock';
import { recreate } from '../../src/core/recreate';
import { reset } from '../../src/core/reset';
import type { EnsureResult, ResetResult } from '../../src/core/results';
import type { OperationContext } from '../../src/core/context';
import { normalizeProviderType } from '../../src/openshell/types';
import { CoreWorld, type ProviderYaml } from '../support/coreWorld';
import { IN_DIALECT, TEST_DIALECT } from '../support/dialect';
import { inProcessAdapterFor, tick, type InProcessAdapter, type RecordedCall } from '../support/inProcessSim';
import type { GatewayState } from '../support/simulator';

const V00 = TEST_DIALECT.name === '0.0';
const LONG_TIMEOUT_MS = 15_000;
/** The CLI timeout while a `hang` fault is armed: every in-process call answers in milliseconds. */
const HANG_TIMEOUT_MS = 200;
/** An operation that has not ended by then is a hang (its calls answer in milliseconds or time out). */
const BOUND_MS = 10_000;

/** The faults: a gRPC status the gateway answers, a CLI that never answers, output that cannot be read. */
const KINDS = [
  { label: 'Unavailable', fail: 'unavailable' },
  { label: 'Timeout (a hang past the timeout)', fail: 'hang' },
  { label: 'Timeout after the write (the call did its work, then hung)', fail: 'hang-after' },
  { label: 'AlreadyExists', fail: 'already-exists' },
  { label: 'NotFound', fail: 'not-found' },
  { label: 'FailedPrecondition', fail: 'failed-precondition' },
  { label: 'garbled stdout', fail: 'garbled' },
  { label: 'truncated stdout', fail: 'truncated' },
] as const;
type Kind = (typeof KINDS)[number];

const GH = 'ghp_faults_secret_5555eeee';
const GH2 = 'ghp_faults_rotated_6666ffff';
const ACME = 'acme_faults_secret_7777aaaa';
const ACME2 = 'acme_faults_rotated_8888bbbb';

// The smallest workspace that still exercises every branch: a stock-type provider, one of a declared custom
// profile (import), a placeholder credential, config, a second declared profile (a type to change to), and
// a run-scoped definition whose instances only Reset touches.
const GH_DEF: ProviderYaml = { name: 'gh', type: 'github', credentials: { GH_TOKEN: '${GH_TOKEN}', _NOOP_GH: '' } };
const ACME_DEF: ProviderYaml = { name: 'acme-api', type: 'acme', credentials: { ACME_TOKEN: '${ACME_TOKEN}' }, config: { ACME_SITE: 'https://acme.example.com' } };
const RUN_SCOPED_DEF: ProviderYaml = { name: 'openai-run', type: 'fullsend-openai', credentials: { OPENAI_API_KEY: '${ACME_TOKEN}' } };
const RUN_SCOPED_INSTANCE = 'openai-run-0123456789ab';
const PROFILES = ['acme', 'beta'];

/** What an operation may change on the active gateway; everything else must stay byte for byte. */
interface Scope {
  providers: (name: string) => boolean;
  sandboxes: (name: string) => boolean;
  profiles: (id: string) => boolean;
  /** Global setting keys it may write (Ensure: providers_v2_enabled, 0.0 only). */
  settings: readonly string[];
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Scenario {
  name: string;
  /** Brings the world to the state the operation starts from (run once; each injection restores it). */
  setup(w: FaultWorld): Promise<void>;
  /** The operation, on a fresh context of the world. */
  run(w: FaultWorld, ctx: OperationContext): Promise<unknown>;
  scope: Scope;
  /**
   * The operation is asked to delete the declared providers (Reset): gone afterwards is its job, and a result
   * that resolves must list them in providersDeleted.
   */
  deletes?: boolean;
}

/** A CoreWorld on the in-process simulator, with snapshots to start every injection from the same state. */
class FaultWorld extends CoreWorld {
  timeoutMs = LONG_TIMEOUT_MS;
  readonly inproc: InProcessAdapter;
  private snap?: { state: string; records: Map<string, unknown>; env: Record<string, string | undefined>; tmp: string[] };

  constructor() {
    super();
    this.inproc = inProcessAdapterFor(this.sim, { timeoutMs: () => this.timeoutMs });
    this.adapter = this.inproc;
    // Outside every operation's scope: a foreign provider (with a key added by hand) held by a non-fs-*
    // sandbox, a custom profile nobody declares, and a second gateway holding the same names.
    const foreign = {
      providers: [{ name: 'my-openai', type: 'openai', credentials: { OPENAI_API_KEY: 'sk-foreign-9999', HAND_ADDED: 'by-hand' } }],
      profiles: [{ id: 'foreign-prof', display_name: 'Foreign', category: 'other' as const }],
      sandboxes: [{ name: 'dev-box', providers: ['my-openai'] }],
    };
    this.sim.seed(this.gateway, foreign);
    this.sim.addGateway('other', { endpoint: 'http://127.0.0.1:9090', active: false });
    this.sim.seed('other', {
      providers: [{ name: 'gh', type: 'github', credentials: { GH_TOKEN: 'other-gateway-token', _NOOP_GH: '' } }, ...foreign.providers],
      profiles: [{ id: 'acme', display_name: 'Other acme', category: 'other' }, ...foreign.profiles],
      sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['gh'] }, ...foreign.sandboxes],
      ...(V00 ? { settings: { providers_v2_enabled: false } } : {}),
    });
  }

  /** fullsend's profile caches and a file next to them that is not one. */
  writeCaches(): void {
    for (const f of ['fullsend-profile-0123456789abcdef.sha256', 'fullsend-profile-0123456789abcdef.lock', 'unrelated.sha256']) fs.writeFileSync(path.join(this.tmpDir, f), 'x');
  }

  /** The workspace as read at the snapshot: it does not change between injections, so it is read once. */
  private frozen?: EnsureInput;

  override async input(overrides: Partial<EnsureInput> = {}): Promise<EnsureInput> {
    return { ...(this.frozen ?? await super.input()), ...overrides };
  }

  async snapshot(): Promise<void> {
    this.frozen = await super.input();
    this.snap = {
      state: fs.readFileSync(path.join(this.sim.home, 'state.json'), 'utf8'),
      records: structuredClone(this.records.data),
      env: { ...this.env },
      tmp: fs.readdirSync(this.tmpDir),
    };
  }

  restore(): void {
    const s = this.snap!;
    fs.writeFileSync(path.join(this.sim.home, 'state.json'), s.state);
    this.records.data.clear();
    for (const [k, v] of structuredClone(s.records)) this.records.data.set(k, v);
    this.env = { ...s.env };
    for (const f of fs.readdirSync(this.tmpDir)) fs.rmSync(path.join(this.tmpDir, f), { force: true });
    for (const f of s.tmp) fs.writeFileSync(path.join(this.tmpDir, f), 'x');
    this.sim.clearCalls();
    this.inproc.calls.length = 0;
    this.timeoutMs = LONG_TIMEOUT_MS;
  }
}

const declaredNames = new Set([GH_DEF.name, ACME_DEF.name, RUN_SCOPED_DEF.name]);
const ensureScope: Scope = {
  providers: (n) => declaredNames.has(n),
  sandboxes: () => false,
  profiles: (id) => PROFILES.includes(id) || id === 'gamma',
  settings: V00 ? ['providers_v2_enabled'] : [],
};

async function ensured(w: FaultWorld): Promise<void> {
  const r = await ensure(await w.context(), await w.input());
  const errors = r.providers.filter((p) => p.error);
  assert.deepStrictEqual(errors, [], 'setup Ensure');
}

const SCENARIOS: Scenario[] = [
  {
    name: 'Ensure, fresh gateway (one provider at a time, so a stop is visible)',
    async setup(w) {
      w.env = { GH_TOKEN: GH, ACME_TOKEN: ACME };
      w.declare([GH_DEF, ACME_DEF, RUN_SCOPED_DEF], PROFILES);
    },
    run: async (w, ctx) => ensure(ctx, await w.input({ concurrency: 1 })),
    scope: ensureScope,
  },
  {
    name: 'Ensure, steady state',
    async setup(w) {
      w.env = { GH_TOKEN: GH, ACME_TOKEN: ACME };
      w.declare([GH_DEF, ACME_DEF, RUN_SCOPED_DEF], PROFILES);
      await ensured(w);
    },
    run: async (w, ctx) => ensure(ctx, await w.input()),
    scope: ensureScope,
  },
  {
    name: 'Ensure, rotated secrets',
    async setup(w) {
      w.env = { GH_TOKEN: GH, ACME_TOKEN: ACME };
      w.declare([GH_DEF, ACME_DEF, RUN_SCOPED_DEF], PROFILES);
      await ensured(w);
      w.env = { GH_TOKEN: GH2, ACME_TOKEN: ACME2 };
    },
    run: async (w, ctx) => ensure(ctx, await w.input()),
    scope: ensureScope,
  },
  {
    name: 'Ensure, a type change (delete and create again)',
    async setup(w) {
      w.env = { GH_TOKEN: GH, ACME_TOKEN: ACME };
      w.declare([GH_DEF, ACME_DEF, RUN_SCOPED_DEF], PROFILES);
      await ensured(w);
      w.declare([GH_DEF, { ...ACME_DEF, type: 'beta' }, RUN_SCOPED_DEF], PROFILES);
    },
    run: async (w, ctx) => ensure(ctx, await w.input()),
    scope: ensureScope,
  },
  {
    name: 'Delete and Recreate, held by an approved fs-* sandbox',
    async setup(w) {
      w.env = { GH_TOKEN: GH, ACME_TOKEN: ACME };
      w.declare([GH_DEF, ACME_DEF, RUN_SCOPED_DEF], PROFILES);
      await ensured(w);
      w.sim.seed(w.gateway, { sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['gh'] }, { name: 'fs-cod-abcdef012345', providers: ['acme-api'] }] });
    },
    run: async (w, ctx) => {
      const input = await w.input();
      return recreate(ctx, { provider: input.providers.find((p) => p.name === 'gh')!, profiles: input.profiles, values: input.values, approvedSandboxes: ['fs-tri-0123456789ab'] });
    },
    scope: { providers: (n) => n === 'gh', sandboxes: (n) => n === 'fs-tri-0123456789ab', profiles: () => false, settings: [] },
  },
  {
    name: 'Delete and Recreate, to a type whose profile it imports first',
    async setup(w) {
      w.env = { GH_TOKEN: GH, ACME_TOKEN: ACME };
      w.declare([GH_DEF, ACME_DEF, RUN_SCOPED_DEF], PROFILES);
      await ensured(w);
      w.declare([GH_DEF, { ...ACME_DEF, type: 'gamma' }, RUN_SCOPED_DEF], [...PROFILES, 'gamma']);
    },
    run: async (w, ctx) => {
      const input = await w.input();
      return recreate(ctx, { provider: input.providers.find((p) => p.name === 'acme-api')!, profiles: input.profiles, values: input.values });
    },
    scope: { providers: (n) => n === 'acme-api', sandboxes: () => false, profiles: (id) => id === 'gamma', settings: [] },
  },
  {
    name: 'Reset',
    setup: resetSetup,
    run: async (w, ctx) => {
      const input = await w.input();
      return reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir });
    },
    scope: resetScope(false),
    deletes: true,
  },
  {
    name: 'Reset with reensure',
    setup: resetSetup,
    run: async (w, ctx) => {
      const input = await w.input();
      return reset(ctx, { providers: input.providers, profiles: input.profiles, tmpDir: w.tmpDir, reensure: input });
    },
    scope: resetScope(true),
    // A Reset that stops before its reensure (or whose reensure fails for a provider) names what it deleted
    // and says Ensure restores it: checked like any other operation.
    deletes: false,
  },
];

async function resetSetup(w: FaultWorld): Promise<void> {
  w.env = { GH_TOKEN: GH, ACME_TOKEN: ACME };
  w.declare([GH_DEF, ACME_DEF, RUN_SCOPED_DEF], PROFILES);
  await ensured(w);
  // A foreign sandbox holds a declared provider too: Reset keeps it (and its profile), with the reason.
  w.sim.seed(w.gateway, {
    providers: [{ name: RUN_SCOPED_INSTANCE, type: 'openai', credentials: { OPENAI_API_KEY: 'sk-run-1' } }],
    sandboxes: [{ name: 'fs-tri-0123456789ab', providers: ['gh'] }, { name: 'fs-cod-abcdef012345', providers: [RUN_SCOPED_INSTANCE] },
      { name: 'dev-box', providers: ['my-openai', 'acme-api'] }],
  });
  w.writeCaches();
}

function resetScope(reensure: boolean): Scope {
  return {
    providers: (n) => declaredNames.has(n) || n === RUN_SCOPED_INSTANCE,
    sandboxes: (n) => /^fs-[a-z0-9]{3}-[0-9a-f]{12}$/.test(n),
    profiles: (id) => PROFILES.includes(id),
    settings: reensure && V00 ? ['providers_v2_enabled'] : [], // its reensure may switch providers v2 on
  };
}

// ---------------------------------------------------------------------------------------------------------

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const sleep = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));

/** The part of a gateway's store an operation with this scope must not change. */
function outside(st: GatewayState, scope: Scope) {
  return {
    providers: st.providers.filter((p) => !scope.providers(p.name)),
    sandboxes: st.sandboxes.filter((s) => !scope.sandboxes(s.name)),
    profiles: st.profiles.filter((p) => !scope.profiles(p.id)),
    settings: Object.fromEntries(Object.entries(st.settings.values).filter(([k]) => !scope.settings.includes(k))),
  };
}

/** Everything an operation on the active gateway must leave alone, to compare before and after. */
function untouchable(w: FaultWorld, scope: Scope) {
  return {
    local: outside(w.sim.state(w.gateway), scope),
    other: w.sim.state('other'),
    registrations: w.sim.gateways(),
    active: w.sim.activeGateway(),
    unrelatedTmp: fs.readdirSync(w.tmpDir).filter((f) => !/^fullsend-profiles?-[0-9a-f]+\.(sha256|lock)$/.test(f)).sort(),
  };
}

/** A call that handed a failure back: it threw, exited non-zero, timed out, or named a failed item. */
function failed(c: RecordedCall): boolean {
  const v = c.value as { failed?: unknown[] } | undefined;
  return c.error !== undefined || (c.exit !== undefined && c.exit !== 0) || !!c.timedOut || (!!v && Array.isArray(v.failed) && v.failed.length > 0);
}

/** Declared providers Ensure writes (not run-scoped), with the values the declaration resolves to now. */
async function declaration(w: FaultWorld) {
  const input = await w.input();
  return input.providers.filter((d) => d.name !== RUN_SCOPED_DEF.name).map((def) => {
    const creds = input.values.providerCredentials(def);
    return {
      name: def.name,
      type: normalizeProviderType(def.type, TEST_DIALECT.name),
      credentials: { ...Object.fromEntries(creds.emptyKeys.map((k) => [k, ''])), ...creds.env },
      config: input.values.providerConfig(def).config,
    };
  });
}

/** Whether a text names provider `name` and says Ensure restores it. */
const tellsEnsureRestores = (text: string | undefined, name: string) =>
  !!text && new RegExp(`(^|[^\\w-])"?${name}"?([^\\w-]|$)`).test(text) && /Ensure/.test(text);

interface Tally { injected: number; notFired: number; lost: string[]; byScenario: Map<string, { n: number; runs: number; lost: number; ms: number }> }

describe(`core: fault injection ${IN_DIALECT}`, function () {
  this.timeout(600_000);
  const tally: Tally = { injected: 0, notFired: 0, lost: [], byScenario: new Map() };
  const started = Date.now();

  // One line in the suite's output; the details when something was lost or FAULTS_VERBOSE is set, and the
  // whole list in the file FAULTS_REPORT names.
  after(() => {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (tally.lost.length || process.env.FAULTS_VERBOSE) {
      for (const [name, s] of tally.byScenario) console.log(`  ${name}: N=${s.n}, ${s.runs} injections, ${s.lost} lost, ${(s.ms / 1000).toFixed(1)} s`);
      for (const l of tally.lost.slice(0, 20)) console.log(`  LOST ${l}`);
      if (tally.lost.length > 20) console.log(`  … ${tally.lost.length - 20} more`);
      console.log(`  (openshell ${TEST_DIALECT.version}, ${secs} s${tally.notFired ? `, ${tally.notFired} faults never fired` : ''})`);
    }
    if (process.env.FAULTS_REPORT) fs.writeFileSync(process.env.FAULTS_REPORT, tally.lost.join('\n') + '\n');
    console.log(`faults: ${tally.injected} injected, ${tally.lost.length} lost`);
  });

  // FAULTS_ONLY=<text>: only the scenarios whose name contains it (when chasing one finding)
  for (const sc of SCENARIOS.filter((x) => !process.env.FAULTS_ONLY || x.name.includes(process.env.FAULTS_ONLY))) {
    it(sc.name, async () => {
      const w = new FaultWorld();
      try {
        await sc.setup(w);
        // the dialect's --version read happens once per adapter; do it outside every measured operation
        await w.adapter.client.dialect();
        await w.snapshot();

        // N: the calls one clean run makes
        w.restore();
        const clean = await runOnce(w, sc, undefined, 0);
        assert.deepStrictEqual(clean.problems, [], `the clean run of "${sc.name}" must pass every check`);
        const N = clean.calls;
        assert.ok(N > 0 && w.inproc.inProcessCalls() > 0, 'the simulator runs in process (the module hook was registered too late?)');
        const stats = { n: N, runs: 0, lost: 0, ms: 0 };
        const t0 = Date.now();
        tally.byScenario.set(sc.name, stats);

        for (let n = 1; n <= N; n++) {
          for (const kind of KINDS) {
            w.restore();
            const r = await runOnce(w, sc, kind, n);
            stats.runs++;
            if (!r.fired) { tally.notFired++; r.problems.push(`the fault never fired (the run made ${r.calls} calls)`); }
            else tally.injected++;
            if (r.problems.length) {
              stats.lost++;
              tally.lost.push(`${sc.name} — call ${n} (${r.failedKind ?? '?'}) ${kind.label}: ${r.problems.join('; ')}`);
            }
          }
        }
        stats.ms = Date.now() - t0;
      } finally {
        w.dispose();
      }
    });
  }

  it('lost nothing', () => {
    assert.deepStrictEqual(tally.lost, []);
  });
});

interface RunReport { calls: number; fired: boolean; failedKind?: string; problems: string[] }

/** One run of the operation with the n-th call failing (none when `kind` is undefined), then every check. */
async function runOnce(w: FaultWorld, sc: Scenario, kind: Kind | undefined, n: number): Promise<RunReport> {
  const problems: string[] = [];
  const before = untouchable(w, sc.scope);
  const declaredBefore = w.sim.state(w.gateway).providers.filter((p) => declaredNames.has(p.name) && p.name !== RUN_SCOPED_DEF.name);
  const declared = await declaration(w);

  if (kind) {
    w.sim.setKnobs({ fail: `*#${n}=${kind.fail}` });
    if (kind.fail === 'hang' || kind.fail === 'hang-after') w.timeoutMs = HANG_TIMEOUT_MS;
  }
  const abort = new AbortController();
  const ctx = await w.context({ signal: abort.signal });
  const lock = new GatewayLock();
  const calls = w.inproc.calls;
  calls.length = 0;

  // The operation, under the gateway lock, within bounded time.
  const op: Promise<Outcome> = lock.run(ctx.gateway.key, () => sc.run(w, ctx)).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
  let outcome = await Promise.race([op, sleep(BOUND_MS)]);
  if (outcome === 'timeout') {
    problems.push(`did not end within ${BOUND_MS} ms`);
    abort.abort();
    outcome = await Promise.race([op, sleep(BOUND_MS)]);
    if (outcome === 'timeout') throw new Error(`${sc.name}: call ${n} ${kind?.label}: the operation hangs even after cancel`);
  }
  const ended = tick();
  // a moment for anything the operation left running to show itself (in-process calls take milliseconds)
  await new Promise((r) => setTimeout(r, 2));
  await new Promise((r) => setImmediate(r));
  if (lock.busy(ctx.gateway.key)) problems.push('the gateway lock is still held');
  const next = await Promise.race([lock.run(ctx.gateway.key, async () => 'free'), sleep(1000)]);
  if (next !== 'free') problems.push('the gateway lock does not admit the next operation');

  const opCalls = calls.filter((c) => c.kind !== 'version');
  const simCalls = w.sim.calls().filter((c) => !(c.argv.length === 1 && c.argv[0] === '--version'));
  const fired = kind ? simCalls.length >= n : true;
  // the simulator counts calls as they start (the call log is written as they end)
  const failedKind = kind ? [...opCalls].filter((c) => c.spawned !== undefined).sort((x, y) => x.spawned! - y.spawned!)[n - 1]?.kind : undefined;
  w.sim.setKnobs({ fail: null });
  w.timeoutMs = LONG_TIMEOUT_MS;

  // No call started after the operation ended, and every call was awaited before it ended.
  for (const c of opCalls) {
    if (c.asked > ended) problems.push(`${c.kind} was started after the operation ended`);
    else if (c.returned === undefined || c.returned > ended) problems.push(`${c.kind} was still running when the operation ended`);
  }
  // No call started after the operation got back the failure that ended it.
  if (!outcome.ok) {
    const fatal = opCalls.filter((c) => failed(c) && c.returned !== undefined && c.returned < ended).sort((a, b) => b.returned! - a.returned!)[0];
    if (fatal) {
      for (const c of opCalls) {
        if (c.asked > fatal.returned!) problems.push(`${c.kind} started after ${fatal.kind} had failed and the operation then failed`);
      }
    }
  }

  // Nothing outside the operation's scope changed.
  const afterOp = untouchable(w, sc.scope);
  for (const k of Object.keys(before) as (keyof typeof before)[]) {
    try { assert.deepStrictEqual(afterOp[k], before[k]); } catch { problems.push(`${k} outside the operation's scope changed: ${JSON.stringify(before[k])} → ${JSON.stringify(afterOp[k])}`); }
  }

  // No declared credential deleted without being recreated or reported with how to restore it.
  const now = new Map(w.sim.state(w.gateway).providers.map((p) => [p.name, p]));
  const message = outcome.ok ? undefined : errorText(outcome.error);
  for (const p of declaredBefore) {
    const d = declared.find((x) => x.name === p.name);
    const after = now.get(p.name);
    const lostKeys = d ? Object.keys(d.credentials).filter((k) => k in p.credentials && !(after && k in after.credentials)) : [];
    if (after && !lostKeys.length) continue;
    const what = after ? `${p.name} lost ${lostKeys.join(', ')}` : `${p.name} was deleted`;
    if (sc.deletes) {
      // Reset deleting a declared provider is its job; a result must say it did.
      const r = outcome.ok ? (outcome.value as ResetResult) : undefined;
      if (r && !after && !r.providersDeleted.includes(p.name)) problems.push(`${what} but Reset's result does not list it in providersDeleted`);
      continue;
    }
    if (!outcome.ok) {
      if (!tellsEnsureRestores(message, p.name)) problems.push(`${what} and the error does not say that Ensure restores it: ${message}`);
      continue;
    }
    const value = outcome.value as EnsureResult | ResetResult;
    const ensureResult = 'providers' in value ? value : value.ensure; // Ensure and Recreate: an EnsureResult; Reset: its reensure's
    const item = ensureResult?.providers.find((x) => x.name === p.name);
    if (!item?.error || !/Ensure/.test(item.error)) problems.push(`${what} and the outcome does not say that Ensure restores it: ${JSON.stringify(item)}`);
  }

  // The next clean Ensure restores the declaration.
  try {
    const again = await ensure(await w.context(), await w.input());
    const errors = again.providers.filter((p) => p.error).map((p) => `${p.name}: ${p.error}`);
    if (errors.length) problems.push(`the next Ensure failed: ${errors.join('; ')}`);
    const st = w.sim.state(w.gateway);
    for (const d of declared) {
      const p = st.providers.find((x) => x.name === d.name);
      if (!p) { problems.push(`the next Ensure did not restore ${d.name}`); continue; }
      if (p.type !== d.type) problems.push(`${d.name} has type ${p.type}, declared ${d.type}`);
      for (const [k, v] of Object.entries(d.credentials)) if (p.credentials[k] !== v) problems.push(`the next Ensure left ${d.name}.${k} ${k in p.credentials ? 'stale' : 'missing'}`);
      for (const [k, v] of Object.entries(d.config)) if (p.config[k] !== v) problems.push(`the next Ensure left config ${d.name}.${k} ${k in p.config ? 'stale' : 'missing'}`);
    }
    const input = await w.input();
    for (const prof of input.profiles) if (!st.profiles.some((x) => x.id === prof.id)) problems.push(`the next Ensure did not import profile ${prof.id}`);
  } catch (err) {
    problems.push(`the next Ensure rejected: ${errorText(err)}`);
  }

  return { calls: opCalls.length, fired, failedKind, problems };
}
