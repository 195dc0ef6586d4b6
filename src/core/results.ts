// The result objects of the public contract (ARCHITECTURE §4). Commands return these as they are.

export type Action = 'create' | 'update' | 'recreate' | 'unchanged' | 'skipped';

export interface ProviderOutcome {
  name: string;
  type: string;
  action: Action;
  /** Why this action (e.g. "type changed: github → fullsend-github", "GH_TOKEN rotated"). */
  reason?: string;
  /** Set when the provider failed; the gateway's copy was left as it was unless the text says otherwise. */
  error?: string;
}

export interface EnsureResult {
  /** The gateway name operated on. */
  gateway: string;
  /** One per declared provider, in declaration order. */
  providers: ProviderOutcome[];
  profilesImported: string[];
  profilesUpdated: string[];
  /** openshell processes spawned by this operation. */
  cliCalls: number;
  dryRun: boolean;
}

export interface ResetResult {
  gateway: string;
  sandboxesDeleted: string[];
  providersDeleted: string[];
  profilesDeleted: string[];
  /** fullsend's $TMPDIR profile cache/lock files removed. */
  cachesRemoved: string[];
  /** What reset refused to touch, and why. */
  kept: { name: string; reason: string }[];
  /** When reensure was requested. */
  ensure?: EnsureResult;
  cliCalls: number;
  dryRun: boolean;
}

export interface DeleteResult {
  deleted: string[];
  notFound: string[];
  /** Names that could not be deleted, and why (0.1 goes on after a failure; 0.0 stops, so later names read "not attempted"). */
  failed?: { name: string; error: string }[];
}
