// The shapes openshell prints (-o json) in both dialects (openshell-cli.md §4, openshell-0.1.md §5), as
// listing.ts reads them. Optional where the CLI omits empty fields.
import type { DialectName } from './dialect';
import type { OpenShellErrorKind } from './errors';

export interface ProviderDto {
  id: string;
  name: string;
  /** Normalized type id (`gh` is stored as `github`). */
  type: string;
  workspace: string;
  credential_keys: string[];
  config_keys?: string[];
  resource_version?: number;
  /** 0.0: epoch ms (normally absent); 0.1: `YYYY-MM-DD HH:MM:SS` UTC. */
  created_at?: number | string;
  /** Key → epoch ms when the credential expires (only keys that have an expiry). */
  credential_expires_at_ms?: Record<string, number>;
  labels?: Record<string, string>;
}

export interface ProfileDto {
  id: string;
  resource_version?: number;
  display_name?: string;
  description?: string;
  category?: string;
  credentials?: unknown[];
  endpoints?: unknown[];
  binaries?: string[];
  inference_capable?: boolean;
  discovery?: unknown;
  /** 0.0: `builtin` for the profiles shipped with OpenShell; 0.1 has none (import-only). */
  source?: string;
  scope?: string;
}

export interface GatewayDto {
  name: string;
  endpoint: string;
  active: boolean;
  auth: string;
  is_remote?: boolean;
  remote_host?: string | null;
  resolved_host?: string | null;
  source: string;
  type: string;
}

export interface StatusDto {
  status: 'connected' | 'connected_http' | 'error' | 'disconnected' | 'not_configured' | string;
  gateway?: string;
  server?: string;
  version?: string;
  authentication?: Record<string, string>;
  error?: string;
}

export interface GlobalSettingsDto {
  scope: 'global';
  /** Values are strings; unset keys read `<unset>`. */
  settings: Record<string, string>;
  settings_revision: number;
}

export interface SandboxDto {
  id: string;
  name: string;
  phase: string;
  created_at?: string | number;
  workspace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resource_version?: number;
  current_policy_version?: number;
}

/** A `created_at` (epoch ms, an ISO date, or 0.1's `YYYY-MM-DD HH:MM:SS` in UTC) as epoch ms; undefined when absent or unreadable. */
export function createdAtMs(created: string | number | undefined): number | undefined {
  const utc = typeof created === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(created) ? `${created.replace(' ', 'T')}Z` : created;
  const t = typeof utc === 'number' ? utc : utc ? Date.parse(utc) : NaN;
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

/** One name a delete could not delete: why, and whether the CLI tried it at all (0.0 stops at the first failure). */
export interface DeleteFailure {
  name: string;
  kind: OpenShellErrorKind;
  /** The gateway's message for this name, or the CLI's (redacted). */
  error: string;
  attempted: boolean;
}

/** Result of a multi-name delete, per name (deleteOutcomes.ts). */
export interface DeleteOutcome {
  deleted: string[];
  notFound: string[];
  failed: DeleteFailure[];
  /** 0.1 sandboxes whose deletion was accepted but not finished (also in `deleted`). */
  pending?: string[];
}


/** 0.0.x: aliases the CLI normalizes without asking the gateway (openshell-providers/src/lib.rs). */
const TYPE_ALIASES: Record<string, string> = {
  vertex: 'google-vertex-ai', 'vertex-ai': 'google-vertex-ai', 'google-vertex': 'google-vertex-ai',
  'gcp-vertex': 'google-vertex-ai', 'google-vertex-ai': 'google-vertex-ai',
  claude: 'claude-code', 'claude-code': 'claude-code', claude_code: 'claude-code',
  gcp: 'google-cloud', 'google-cloud': 'google-cloud',
  glab: 'gitlab', gitlab: 'gitlab',
  gh: 'github', github: 'github',
};

/** 0.0.x: types accepted without an imported profile (after normalization). 0.1 has none: profiles are import-only. */
const PROFILELESS_TYPES_00 = new Set([
  'openai', 'anthropic', 'nvidia', 'deepinfra', 'aws-bedrock', 'codex', 'copilot', 'opencode', 'generic', 'outlook',
  'google-vertex-ai', 'claude-code', 'google-cloud', 'gitlab', 'github',
]);

/**
 * The type id the gateway will store and list for a `--type` value. 0.0 normalizes aliases (`gh` → `github`);
 * 0.1 removed them (openshell-0.1.md §7): the type must name an imported profile exactly.
 */
export function normalizeProviderType(type: string, dialect: DialectName): string {
  if (dialect !== '0.0') return type;
  const lower = type.toLowerCase();
  return TYPE_ALIASES[lower] ?? (PROFILELESS_TYPES_00.has(lower) ? lower : type);
}

/** Whether `type` (normalized) needs an imported profile on the gateway before a provider of it can be created. */
export function needsProfile(type: string, dialect: DialectName): boolean {
  return dialect !== '0.0' || !PROFILELESS_TYPES_00.has(type);
}
