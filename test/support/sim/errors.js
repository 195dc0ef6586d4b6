'use strict';
// The three ways the real CLI fails, as values the dispatcher renders once:
//   CliError   – a miette report (exit 1): a message plus an optional cause chain;
//   GrpcError  – a tonic::Status from the server, shown through miette (exit 1); its text depends on the
//                tonic version (modern 0.14 vs legacy 0.12), so it is formatted at render time;
//   UsageError – a clap usage error (exit 2), already fully formatted.

// tonic 0.14 `Code::description()` (tonic/src/status.rs).
const CODES = {
  Ok: 'The operation completed successfully',
  Cancelled: 'The operation was cancelled',
  Unknown: 'Unknown error',
  InvalidArgument: 'Client specified an invalid argument',
  DeadlineExceeded: 'Deadline expired before operation could complete',
  NotFound: 'Some requested entity was not found',
  AlreadyExists: 'Some entity that we attempted to create already exists',
  PermissionDenied: 'The caller does not have permission to execute the specified operation',
  ResourceExhausted: 'Some resource has been exhausted',
  FailedPrecondition: "The system is not in a state required for the operation's execution",
  Aborted: 'The operation was aborted',
  OutOfRange: 'Operation was attempted past the valid range',
  Unimplemented: 'Operation is not implemented or not supported',
  Internal: 'Internal error',
  Unavailable: 'The service is currently unavailable',
  DataLoss: 'Unrecoverable data loss or corruption',
  Unauthenticated: 'The request does not have valid authentication credentials',
};

class CliError extends Error {
  /** @param {string} message @param {string[]} [causes] */
  constructor(message, causes = []) {
    super(message);
    this.causes = causes;
  }
}

class GrpcError extends CliError {
  /** @param {keyof CODES} code @param {string} statusMessage */
  constructor(code, statusMessage) {
    super(`${code}: ${statusMessage}`);
    this.code = code;
    this.statusMessage = statusMessage;
  }
}

class UsageError extends Error {
  /** @param {string} text full stderr text, ending "\n" */
  constructor(text) {
    super(text);
    this.text = text;
  }
}

// What a refused TCP connect looks like (Linux errno 111) for RPC commands and for `status`.
const transportError = () => new CliError('transport error', ['tcp connect error', 'tcp connect error', 'Connection refused (os error 111)']);
const statusConnectError = () => new CliError('client error (Connect)', ['tcp connect error', 'Connection refused (os error 111)']);

module.exports = { CODES, CliError, GrpcError, UsageError, transportError, statusConnectError };
