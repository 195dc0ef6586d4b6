// Turns a failed openshell run (exit code + stderr) into a typed failure. Accepts both miette renderings
// (the fancy default and NO_GRAPHICS' narratable one) and every gRPC status text: tonic ≥ 0.14
// (`code: '<description>', message: "…"`), the legacy ≤ v0.0.60 form (`status: X, message: "…"`), and
// 0.1's `<prefix> (<description>)` that drops the server's message (openshell-0.1.md §2.4, §10.5). Kinds
// come from codes and structure; free text decides only for the CLI's own fixed messages.
import { stripAnsi } from './ansi';
import type { OpenShellErrorKind } from './errors';

export interface ParsedFailure {
  kind: OpenShellErrorKind;
  /** The report's message, unwrapped (fancy-mode wrapping joined back with spaces). */
  message: string;
  /** The cause chain (`Caused by:` / `├─▶` lines). */
  causes: string[];
  /** Diagnostic lines printed before the error (e.g. provider profile import). */
  diagnostics: string[];
  grpcCode?: string;
  grpcMessage?: string;
}

/** tonic 0.14 `Code::description()` → code name (openshell-cli.md §1.1). */
const CODE_BY_DESCRIPTION: Record<string, string> = {
  'The operation completed successfully': 'Ok',
  'The operation was cancelled': 'Cancelled',
  'Unknown error': 'Unknown',
  'Client specified an invalid argument': 'InvalidArgument',
  'Deadline expired before operation could complete': 'DeadlineExceeded',
  'Some requested entity was not found': 'NotFound',
  'Some entity that we attempted to create already exists': 'AlreadyExists',
  'The caller does not have permission to execute the specified operation': 'PermissionDenied',
  'Some resource has been exhausted': 'ResourceExhausted',
  "The system is not in a state required for the operation's execution": 'FailedPrecondition',
  'The operation was aborted': 'Aborted',
  'Operation was attempted past the valid range': 'OutOfRange',
  'Operation is not implemented or not supported': 'Unimplemented',
  'Internal error': 'Internal',
  'The service is currently unavailable': 'Unavailable',
  'Unrecoverable data loss or corruption': 'DataLoss',
  'The request does not have valid authentication credentials': 'Unauthenticated',
};

const KIND_BY_CODE: Record<string, OpenShellErrorKind> = {
  AlreadyExists: 'AlreadyExists',
  NotFound: 'NotFound',
  Aborted: 'Aborted',
  FailedPrecondition: 'FailedPrecondition',
  InvalidArgument: 'InvalidArgument',
  Unavailable: 'Unavailable',
};

// The description may itself contain `'` ("…the operation's execution"), so match up to `', message: "`.
const MODERN_STATUS = /code: '(.*?)', message: "((?:[^"\\]|\\.)*)"/;
const LEGACY_STATUS = /status: (\w+), message: "((?:[^"\\]|\\.)*)"/;
// 0.1: `provider update failed (The service is currently unavailable)` — the description closes the message.
const TRAILING_DESCRIPTION = /\(([^()]+)\)$/;
// 0.1 multi-name deletes: `! Failed to delete provider a: <status>` lines, then `failed to delete 1 provider: a`.
const PER_NAME_FAILURE = /^! Failed to delete [a-z ]+? \S+: (.*)$/;

export function parseFailure(exitCode: number | undefined, rawStderr: string): ParsedFailure {
  const stderr = stripAnsi(rawStderr);
  if (exitCode === 2 && stderr.startsWith('error: ')) {
    return { kind: 'Usage', message: stderr.split('\n')[0].slice('error: '.length), causes: [], diagnostics: [] };
  }
  const { message, causes, diagnostics } = unwrapReport(stderr);
  const parsed: ParsedFailure = { kind: 'Unknown', message, causes, diagnostics };

  // A multi-name delete's summary carries no code: the first per-name line does.
  const perName = /^failed to delete \d+ /.test(message) ? diagnostics.map((l) => PER_NAME_FAILURE.exec(l)?.[1]).find(Boolean) : undefined;
  const statusText = perName ?? message;
  const modern = MODERN_STATUS.exec(statusText);
  const legacy = modern ? undefined : LEGACY_STATUS.exec(statusText);
  const trailing = modern || legacy ? undefined : TRAILING_DESCRIPTION.exec(statusText);
  if (modern) {
    parsed.grpcCode = CODE_BY_DESCRIPTION[modern[1]] ?? modern[1];
    parsed.grpcMessage = unquote(modern[2]);
  } else if (legacy) {
    parsed.grpcCode = legacy[1];
    parsed.grpcMessage = unquote(legacy[2]);
  } else if (trailing && CODE_BY_DESCRIPTION[trailing[1]]) {
    parsed.grpcCode = CODE_BY_DESCRIPTION[trailing[1]];
  }
  if (/^provider profile '[^']*' not found; import a matching profile/.test(message)) parsed.kind = 'ProfileMissing';
  else if (parsed.grpcCode && KIND_BY_CODE[parsed.grpcCode]) parsed.kind = KIND_BY_CODE[parsed.grpcCode];
  else if (/^No active gateway\./.test(message)) parsed.kind = 'NoGateway';
  else if (/^(Unknown gateway '|No gateway metadata found for ')/.test(message)) parsed.kind = 'UnknownGateway';
  else if (isTransportFailure(message, causes)) parsed.kind = 'Unavailable';
  return parsed;
}

/** A registered gateway that is not listening: `transport error` / `client error (Connect)` + tcp causes. */
function isTransportFailure(message: string, causes: string[]): boolean {
  if (/^(transport error|client error \(Connect\))/.test(message)) return true;
  return causes.some((c) => /tcp connect error|Connection refused|os error 111|os error 61/.test(c));
}

/** Undoes miette's layout. Both renderings start with `Error: `; anything before that is diagnostics. */
function unwrapReport(stderr: string): { message: string; causes: string[]; diagnostics: string[] } {
  const start = stderr.search(/^Error: /m);
  if (start < 0) return { message: stderr.trim(), causes: [], diagnostics: [] };
  const diagnostics = stderr.slice(0, start).split('\n').map((l) => l.trim()).filter((l) => l && !/^Provider profile diagnostics:$/.test(l));
  const report = stderr.slice(start);

  if (report.startsWith('Error:   × ')) {
    // Fancy: `  │ ` continues the message (wrapped or an embedded newline), `├─▶`/`╰─▶` are causes.
    const lines = report.split('\n');
    const messageLines = [lines[0].slice('Error:   × '.length)];
    const causes: string[] = [];
    for (const line of lines.slice(1)) {
      const cause = /^\s*[├╰]─▶ (.*)$/.exec(line);
      if (cause) causes.push(cause[1]);
      else if (line.startsWith('  │ ')) {
        if (causes.length) causes[causes.length - 1] += ` ${line.slice(4)}`;
        else messageLines.push(line.slice(4));
      }
    }
    return { message: messageLines.join(' '), causes, diagnostics };
  }

  // Narratable (NO_GRAPHICS): message lines until the severity line, then `Caused by:` lines.
  const body = report.slice('Error: '.length);
  const severity = body.indexOf('\n    Diagnostic severity:');
  const message = (severity >= 0 ? body.slice(0, severity) : body).trimEnd();
  const causes = [...body.matchAll(/^ {4}Caused by: (.*)$/gm)].map((m) => m[1]);
  return { message, causes, diagnostics };
}

/** The status message is Rust Debug-quoted; undo the common escapes. */
function unquote(s: string): string {
  return s.replace(/\\(["\\nt'])/g, (_, c: string) => ({ n: '\n', t: '\t' })[c] ?? c);
}
