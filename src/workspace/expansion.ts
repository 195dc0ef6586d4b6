// Which `${VAR}`s fullsend refuses to expand, and which it sets itself, so that the extension neither sends
// nor demands what fullsend would not use (reference/fullsend-current.md §5.2 and §5.3).
//
// - Denied (`DenyExpansionKeys`, called at start-up with the OIDC and run credentials below): fullsend's
//   lookup reports these as unset wherever it expands `${…}`. In a provider credential or config they
//   silently become "" — a create sends an empty value, an update *deletes* the key — so the extension makes
//   them an error for the provider. In `env.runner`, `env.sandbox`, `runner_env` and a non-optional
//   `host_files[].src` the run fails even when the variable is set; an optional host file is skipped.
// - Credential-only (`CredentialOnlyExpansionKeys`): expanded in provider credentials, refused (→ "") in
//   provider config.
// - Supplied by fullsend: set by `fullsend run` for its host-side expansion, so never demanded from the user.
import type { VarUsageKind } from './usages';

/** fullsend-current.md §5.2: the arguments of `DenyExpansionKeys`. Exact, case-sensitive names. */
export const DENIED_EXPANSION_KEYS: ReadonlySet<string> = new Set([
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'FULLSEND_GCP_OIDC_URL',
  'FULLSEND_GCP_OIDC_AUTH_FILE',
  'FULLSEND_GCP_PROJECT_ID',
  'FULLSEND_GCP_WIF_PROVIDER',
  'FULLSEND_OPENAI_AUDIENCE',
  'FULLSEND_OPENAI_IDENTITY_PROVIDER_ID',
  'FULLSEND_OPENAI_SERVICE_ACCOUNT_ID',
  'OPENAI_API_KEY',
  'FULLSEND_OPENAI_API_KEY',
  'FULLSEND_TRIGGER_TOKEN',
  'FULLSEND_WEBHOOK_SECRET',
]);

/** fullsend-current.md §5.2: the arguments of `CredentialOnlyExpansionKeys` (refused in provider config). */
export const CREDENTIAL_ONLY_EXPANSION_KEYS: ReadonlySet<string> = new Set(['GH_WORKFLOW_TOKEN']);

/**
 * fullsend-current.md §5.3, "Variables fullsend supplies itself", the ones a local run always has: `from`
 * says where the value comes from. (GH_TOKEN and the push/review tokens only exist with a mint URL, and
 * GOOGLE_APPLICATION_CREDENTIALS only under GITHUB_ACTIONS=true, so they are not listed: a local run needs
 * them from the user.)
 */
export const FULLSEND_SUPPLIED_VARS: readonly { name: string; from: string }[] = [
  { name: 'FULLSEND_DIR', from: 'the fullsend dir (always)' },
  { name: 'TARGET_REPO_DIR', from: '--target-repo' },
  { name: 'REPO_FULL_NAME', from: '--status-repo' },
  { name: 'ISSUE_NUMBER', from: '--status-number' },
];

const SUPPLIED = new Map(FULLSEND_SUPPLIED_VARS.map((v) => [v.name, v]));

/** Where fullsend sets `name` itself, or undefined when the user has to. */
export function suppliedByFullsend(name: string): { name: string; from: string } | undefined {
  return SUPPLIED.get(name);
}

/** Usages fullsend expands on the host for the run itself (not provider definitions). */
export function isHostSide(kind: VarUsageKind): boolean {
  return kind !== 'credential' && kind !== 'config';
}

/** Why fullsend refuses to expand `name` in a usage of this kind; undefined when it expands it normally. */
export type Refusal = 'denied' | 'credential-only';

/**
 * Whether fullsend refuses `${name}` at this site (fullsend-current.md §5.3). The contents of an
 * `expand: true` host file are not one of the sites §5.3 lists, so they are expanded normally.
 */
export function refusal(name: string, kind: VarUsageKind): Refusal | undefined {
  if (kind === 'host_files.content') return undefined;
  if (DENIED_EXPANSION_KEYS.has(name)) return 'denied';
  if (kind === 'config' && CREDENTIAL_ONLY_EXPANSION_KEYS.has(name)) return 'credential-only';
  return undefined;
}

/** One sentence on why `${name}` is refused, for messages (names only). */
export function refusalText(name: string, r: Refusal): string {
  return r === 'denied'
    ? `fullsend never expands \${${name}} (it is on fullsend's deny list of OIDC and run credentials)`
    : `fullsend expands \${${name}} in provider credentials only, never in provider config`;
}
