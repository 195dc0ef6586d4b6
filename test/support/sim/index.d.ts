// Types for the openshell simulator's JS API (index.js). Load it from compiled tests through
// test/support/simulator.ts, which resolves the JS from the project root.

/** Runtime knobs kept in the state file; an env var of the same meaning wins (see README.md). */
export interface Knobs {
  /** Sleep once per networked command, when it connects, ms (OPENSHELL_SIM_LATENCY_MS). */
  latencyMs?: number;
  /** true = every gateway down; or the names of the down gateways (OPENSHELL_SIM_GATEWAY_DOWN). */
  gatewayDown?: boolean | string[];
  /**
   * "<command words>|*[#N|#N+|#*]=<error>[:message],…", e.g. "provider create#2=unavailable", "*#3=garbled"
   * (OPENSHELL_SIM_FAIL). Besides gRPC statuses, `transport` and `hang`: `hang-after`, `garbled`, `truncated`
   * (the command does its work, then never answers / prints garbage / prints half its stdout).
   */
  fail?: string;
  /** tonic 0.12 (≤ v0.0.60) `status: X, message: "…"` errors (OPENSHELL_SIM_LEGACY_ERRORS). */
  legacyErrors?: boolean;
  /**
   * `openshell --version` and the server version in `status` (OPENSHELL_SIM_VERSION), default "0.0.111" (or
   * OPENSHELL_SIM_DEFAULT_VERSION at createSim). Selects the dialect: >= 0.1 (incl. "0.1.0-pre.N",
   * "0.1.6-dev.N+g<sha>") speaks OpenShell 0.1.x (openshell-0.1.md §9), anything else 0.0.x.
   */
  version?: string;
  /** 0.1: `provider update` prints the readiness report and takes --wait/--timeout/-o (OPENSHELL_SIM_READINESS), default true. */
  readiness?: boolean;
  /** 0.1: `profile list` table, "flat" (default, #3258) or "grouped" (older 0.1 builds) (OPENSHELL_SIM_PROFILE_TABLE). */
  profileTable?: 'flat' | 'grouped';
  /** 0.1: `provider create` accepts no credential source (#3304) (OPENSHELL_SIM_CREDLESS_CREATE), default true. */
  credlessCreate?: boolean;
  /** 0.1: JSON key order of json!-built objects, "insertion" (default) or "sorted" (OPENSHELL_SIM_JSON_ORDER). */
  jsonOrder?: 'insertion' | 'sorted';
  /** 0.1: `sandbox delete` outcome, "completed" (default) or "accepted" (the sandbox stays, phase Deleting) (OPENSHELL_SIM_SANDBOX_DELETION). */
  sandboxDeletion?: 'completed' | 'accepted';
}

/** A knob value of null removes it from the state file. */
export type KnobPatch = { [K in keyof Knobs]?: Knobs[K] | null };

export interface SimOptions {
  /** Directory for everything (created if missing). Default: a fresh temp dir, removed by dispose(). */
  root?: string;
  /** Knobs written to the state file at creation (same as setKnobs). */
  knobs?: Knobs;
  /** Extra variables baked into `sim.env` for every spawn. */
  env?: Record<string, string>;
}

export interface GatewayOptions {
  /** Default "http://127.0.0.1:8080". */
  endpoint?: string;
  /** Make it the active gateway. Default: only if no gateway is active yet. */
  active?: boolean;
  /** Mark it down (or up) via the gatewayDown knob. */
  down?: boolean;
  /** Default "plaintext" for http://, else "mtls". */
  authMode?: 'plaintext' | 'mtls' | 'cloudflare_jwt' | 'oidc';
  remoteHost?: string;
}

/** metadata.json as written in $XDG_CONFIG_HOME/openshell/gateways/<name>/. */
export interface GatewayMetadata {
  name: string;
  gateway_endpoint: string;
  is_remote: boolean;
  gateway_port: number;
  remote_host?: string;
  resolved_host?: string;
  auth_mode?: string;
  [field: string]: unknown;
}

export interface GatewayRegistration {
  name: string;
  meta: GatewayMetadata;
  source: 'user' | 'system';
}

export interface ProviderSeed {
  name: string;
  /**
   * Normalized like the 0.0 CLI does (gh → github, claude → claude-code, …), in both dialects. In 0.1 the
   * type names the provider's profile; seed that profile too (a missing one is allowed, as after an upgrade).
   */
  type: string;
  /** Values, or just key names (stored with placeholder values). */
  credentials?: Record<string, string> | string[];
  config?: Record<string, string>;
  workspace?: string;
  id?: string;
  resource_version?: number;
  /** Epoch ms or an ISO date; 0.0 CLI-created providers have 0 (no created_at in JSON), 0.1 ones the creation time. */
  created_at?: number | string;
  labels?: Record<string, string>;
  credential_expires_at_ms?: Record<string, number>;
}

export interface ProfileCredential {
  name: string;
  env_vars?: string[];
  /** Absent = optional. In 0.1 a profile whose required credentials all declare `refresh`/`token_grant` allows credential-less providers. */
  required?: boolean;
  auth_style?: string;
  header_name?: string;
  [field: string]: unknown;
}

export interface ProfileSeed {
  id: string;
  display_name: string;
  description?: string;
  category?: 'other' | 'inference' | 'agent' | 'source_control' | 'messaging' | 'data' | 'knowledge';
  credentials?: ProfileCredential[];
  endpoints?: Record<string, unknown>[];
  binaries?: string[];
  inference_capable?: boolean;
  discovery?: { credentials?: string[]; [field: string]: unknown };
  annotations?: Record<string, string>;
  /** "global", a workspace name, or absent (visible from every workspace). */
  scope?: string;
  resource_version?: number;
}

export interface SandboxSeed {
  name: string;
  /** Names of providers attached to it (they block provider delete and profile delete). */
  providers?: string[];
  /** Default "Ready". In 0.1, `provider update --wait` completes for Ready sandboxes only; others time out. */
  phase?: 'Provisioning' | 'Ready' | 'Error' | 'Deleting' | 'Stopping' | 'Stopped' | 'Starting' | 'Unknown' | 'Unspecified';
  workspace?: string;
  id?: string;
  /** Epoch ms or an ISO date; default: now. */
  created_at?: number | string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  current_policy_version?: number;
  resource_version?: number;
}

/** Global settings by key (validated like `settings set` in the sim's dialect); null/undefined unsets. */
export type SettingsSeed = Partial<Record<'providers_v2_enabled' | 'ocsf_json_enabled' | 'ocsf_schema_version' | 'agent_policy_proposals_enabled' | 'proposal_approval_mode', string | boolean | null>>;

export interface Seed {
  providers?: ProviderSeed[];
  profiles?: ProfileSeed[];
  sandboxes?: SandboxSeed[];
  settings?: SettingsSeed;
}

/** A stored provider: the gateway DB record, credential values included (never printed by the CLI). */
export interface StoredProvider {
  id: string;
  name: string;
  type: string;
  workspace: string;
  credentials: Record<string, string>;
  config: Record<string, string>;
  credential_expires_at_ms: Record<string, number>;
  labels: Record<string, string>;
  created_at: number;
  resource_version: number;
}

export interface StoredProfile extends ProfileSeed {
  description: string;
  category: NonNullable<ProfileSeed['category']>;
  credentials: ProfileCredential[];
  endpoints: Record<string, unknown>[];
  binaries: string[];
  inference_capable: boolean;
  source: 'custom';
  resource_version: number;
}

export interface StoredSandbox {
  id: string;
  name: string;
  workspace: string;
  phase: string;
  created_at: number;
  providers: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  current_policy_version: number;
  resource_version: number;
}

export interface GatewayState {
  providers: StoredProvider[];
  profiles: StoredProfile[];
  settings: { values: Record<string, string | boolean>; revision: number };
  sandboxes: StoredSandbox[];
  /** 0.1: provider mutations so far (behind `provider update`'s mutation_id); absent until the first. */
  mutations?: number;
}

/** One line of calls.jsonl. */
export interface CallRecord {
  ts: string;
  pid: number;
  argv: string[];
  /** Command words ("provider create"), null when argv did not parse to a command (help, version, usage error). */
  cmd: string | null;
  /** null when the process was ended by a signal. */
  exit: number | null;
  signal?: 'SIGTERM' | 'SIGINT';
  durationMs: number;
  /** The gateway the command resolved (or targeted), null if none. */
  gateway: string | null;
  /** Names of bare `--credential KEY`s whose env var was non-empty. Never values. */
  envKeysSet: string[];
  noGraphics: boolean;
}

export interface RunOptions {
  /** Extra env for this call (on top of the sim's env and the caller's env minus OPENSHELL_*, NO_GRAPHICS, XDG_CONFIG_HOME); undefined unsets. */
  env?: Record<string, string | undefined>;
  /** Adds NO_GRAPHICS=1. */
  noGraphics?: boolean;
  cwd?: string;
  input?: string;
  /** Kill with SIGTERM after this long. */
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
}

export interface Sim {
  /** The directory holding everything below. */
  readonly root: string;
  /** OPENSHELL_SIM_HOME: state.json, calls.jsonl, the lock. */
  readonly home: string;
  /** XDG_CONFIG_HOME: openshell/active_gateway, openshell/gateways/<n>/metadata.json. */
  readonly configHome: string;
  /** A directory with an `openshell` symlink to the simulator, to put on PATH. */
  readonly binDir: string;
  /** The simulator executable. */
  readonly bin: string;
  /** The variables every spawn of the simulator needs: OPENSHELL_SIM_HOME, XDG_CONFIG_HOME (+ options.env). */
  readonly env: Readonly<Record<string, string>>;
  /** process.env without OPENSHELL_*, NO_GRAPHICS, XDG_CONFIG_HOME, plus `env` and `extra` (undefined unsets). */
  spawnEnv(extra?: Record<string, string | undefined>): Record<string, string>;

  addGateway(name: string, options?: GatewayOptions): GatewayMetadata;
  removeGateway(name: string): void;
  /** Write active_gateway (null removes it). */
  selectGateway(name: string | null): void;
  activeGateway(): string | null;
  gateways(): GatewayRegistration[];
  setDown(name: string, down?: boolean): void;

  /** Upsert providers/profiles/sandboxes (by name or id) and settings into a gateway's store. */
  seed(gateway: string, data: Seed): void;
  /** A copy of a gateway's store, credential values included. */
  state(gateway: string): GatewayState;
  /** Forget one gateway's store, or every gateway's. */
  clear(gateway?: string): void;

  /** Change knobs in the state file (running hosts pick them up on their next call). Changing `fail` resets counters. */
  setKnobs(knobs: KnobPatch): void;
  knobs(): Knobs;
  resetCounters(): void;

  calls(filter?: { cmd?: string }): CallRecord[];
  clearCalls(): void;

  run(argv: string[], options?: RunOptions): RunResult;
  runAsync(argv: string[], options?: RunOptions): Promise<RunResult>;

  /** Remove the root if createSim created it. */
  dispose(): void;
}

/**
 * A simulator home. Without a `version` knob it uses $OPENSHELL_SIM_DEFAULT_VERSION when set (written to the
 * state file, so spawned simulators see it), else "0.0.111"; a root that already has a version keeps it.
 */
export declare function createSim(options?: SimOptions): Sim;
/** The CLI dialect a version speaks: "0.1" for major.minor >= 0.1, else "0.0" (openshell-0.1.md §10.1). */
export declare function dialectOf(version: string): '0.0' | '0.1';
/** Absolute path of test/support/openshell-sim. */
export declare const SIM_BIN: string;
/** The default simulated version, "0.0.111". */
export declare const DEFAULT_VERSION: string;
