// The shapes openshell prints (-o json), as of v0.0.111 (openshell-cli.md §4). Optional where the CLI
// omits empty fields.

export interface ProviderDto {
  id: string;
  name: string;
  /** Normalized type id (`gh` is stored as `github`). */
  type: string;
  workspace: string;
  credential_keys: string[];
  config_keys?: string[];
  resource_version?: number;
  created_at?: number;
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
  /** `builtin` for the profiles shipped with OpenShell; anything else was imported. */
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

/** A sandbox's `created_at` (epoch ms, or a date string) as epoch ms; undefined when absent or unreadable. */
export function createdAtMs(created: string | number | undefined): number | undefined {
  const t = typeof created === 'number' ? created : created ? Date.parse(created) : NaN;
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

/** Result of `provider delete` / `sandbox delete`: exit 0 covers both outcomes, so each name is checked. */
export interface DeleteOutcome {
  deleted: string[];
  notFound: string[];
}

/** Aliases the CLI normalizes without asking the gateway (openshell-providers/src/lib.rs). */
const TYPE_ALIASES: Record<string, string> = {
  vertex: 'google-vertex-ai', 'vertex-ai': 'google-vertex-ai', 'google-vertex': 'google-vertex-ai',
  'gcp-vertex': 'google-vertex-ai', 'google-vertex-ai': 'google-vertex-ai',
  claude: 'claude-code', 'claude-code': 'claude-code', claude_code: 'claude-code',
  gcp: 'google-cloud', 'google-cloud': 'google-cloud',
  glab: 'gitlab', gitlab: 'gitlab',
  gh: 'github', github: 'github',
};

/** Types accepted without a profile on the gateway (after normalization). */
export const PROFILELESS_TYPES = new Set([
  'openai', 'anthropic', 'nvidia', 'deepinfra', 'aws-bedrock', 'codex', 'copilot', 'opencode', 'generic', 'outlook',
  'google-vertex-ai', 'claude-code', 'google-cloud', 'gitlab', 'github',
]);

/** The type id the gateway will store and list for a `--type` value. */
export function normalizeProviderType(type: string): string {
  const lower = type.toLowerCase();
  return TYPE_ALIASES[lower] ?? (PROFILELESS_TYPES.has(lower) ? lower : type);
}
