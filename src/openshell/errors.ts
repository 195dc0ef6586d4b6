// Typed failures of openshell calls. Callers branch on `kind`; `message` is already user-readable and
// redacted, so the vscode layers can show it as is.

export type OpenShellErrorKind =
  | 'AlreadyExists' | 'NotFound' | 'FailedPrecondition' | 'InvalidArgument' | 'Unavailable' | 'Aborted'
  /** 0.1: a provider type names no imported profile (its remedy is a profile import, openshell-0.1.md §10.5). */
  | 'ProfileMissing'
  | 'NoGateway' | 'UnknownGateway' | 'NotInstalled' | 'Timeout' | 'Cancelled' | 'Usage' | 'Unknown';

export interface OpenShellErrorDetails {
  /** The gRPC code name (`AlreadyExists`, `Aborted`, …) when the CLI relayed a server status. */
  grpcCode?: string;
  /** The server's message inside the status, unquoted. */
  grpcMessage?: string;
  exitCode?: number;
  /** The command as run (argv carries names only, never credential values), for the log. */
  command?: string;
  /** stderr with ANSI stripped and secrets redacted. */
  stderr?: string;
  /** stdout of a failed call, redacted (e.g. the names `provider delete` handled before it failed). */
  stdout?: string;
}

export class OpenShellError extends Error {
  override readonly name = 'OpenShellError';
  constructor(readonly kind: OpenShellErrorKind, message: string, readonly details: OpenShellErrorDetails = {}) {
    super(message);
  }
}

export function isOpenShellError(err: unknown, ...kinds: OpenShellErrorKind[]): err is OpenShellError {
  return err instanceof OpenShellError && (kinds.length === 0 || kinds.includes(err.kind));
}
