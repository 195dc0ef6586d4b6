// parseFailure against the exact renderings in openshell-cli.md §1.1/§9 (both miette layouts, both
// gRPC text forms), written out literally rather than produced by the simulator.
import * as assert from 'assert';
import { parseFailure } from '../../src/openshell/parseFailure';

const ALREADY_FANCY = `Error:   × code: 'Some entity that we attempted to create already exists', message:\n  │ "provider already exists"\n\n`;
const ALREADY_NARRATABLE = `Error: code: 'Some entity that we attempted to create already exists', message: "provider already exists"\n    Diagnostic severity: error\n\n`;
const ALREADY_LEGACY = `Error:   × status: AlreadyExists, message: "provider already exists", details: [],\n  │ metadata: MetadataMap { headers: {"content-type": "application/grpc"} }\n\n`;
const ALREADY_LEGACY_NARRATABLE = `Error: status: AlreadyExists, message: "provider already exists", details: [], metadata: MetadataMap { headers: {} }\n    Diagnostic severity: error\n\n`;
const NOT_FOUND = `Error:   × code: 'Some requested entity was not found', message: "provider not found"\n\n`;
const PROFILE_NOT_FOUND = `Error:   × code: 'Some requested entity was not found', message: "provider profile\n  │ not found"\n\n`;
const TRANSPORT_FANCY = `Error:   × transport error\n  ├─▶ tcp connect error\n  ├─▶ tcp connect error\n  ╰─▶ Connection refused (os error 111)\n\n`;
const TRANSPORT_NARRATABLE = `Error: transport error\n    Diagnostic severity: error\n    Caused by: tcp connect error\n    Caused by: tcp connect error\n    Caused by: Connection refused (os error 111)\n\n`;
const STATUS_DOWN = `Error:   × client error (Connect)\n  ├─▶ tcp connect error\n  ╰─▶ Connection refused (os error 111)\n\n`;
const NO_GATEWAY_FANCY = `Error:   × No active gateway.\n  │ Set one with: openshell gateway select <name>\n  │ Or register one with: openshell gateway add <endpoint>\n\n`;
const NO_GATEWAY_NARRATABLE = `Error: No active gateway.\nSet one with: openshell gateway select <name>\nOr register one with: openshell gateway add <endpoint>\n    Diagnostic severity: error\n\n`;
const UNKNOWN_GATEWAY = `Error: Unknown gateway 'x'.\nRegister it first: openshell gateway add <endpoint> --name x\nOr list available gateways: openshell gateway select\n    Diagnostic severity: error\n\n`;
const ATTACHED = `Error: code: 'The system is not in a state required for the operation's execution', message: "provider 'gh' is attached to sandbox(es): fs-tri-0123456789ab"\n    Diagnostic severity: error\n\n`;
const INVALID = `Error: code: 'Client specified an invalid argument', message: "provider.credentials must not be empty"\n    Diagnostic severity: error\n\n`;
const UNAVAILABLE_CODE = `Error: code: 'The service is currently unavailable', message: "shutting down"\n    Diagnostic severity: error\n\n`;
const ABORTED = `Error: code: 'The operation was aborted', message: "resource_version mismatch"\n    Diagnostic severity: error\n\n`;
const UNSUPPORTED = `Error:   × unsupported provider type or profile: jira\n\n`;
const IMPORT_FAILED = `\x1b[1m\x1b[31mProvider profile diagnostics:\x1b[39m\x1b[0m\n  \x1b[31merror\x1b[39m p.yaml profile=jira field=id custom provider profile 'jira' already exists\nError: provider profile import failed\n    Diagnostic severity: error\n\n`;
const USAGE = `error: the following required arguments were not provided:\n  --type <PROVIDER_TYPE>\n\nUsage: openshell provider create --name <NAME> --type <PROVIDER_TYPE>\n\nFor more information, try '--help'.\n`;

describe('openshell/parseFailure', () => {
  const cases: [string, number, string, string, string | undefined, string | undefined][] = [
    ['AlreadyExists, fancy', 1, ALREADY_FANCY, 'AlreadyExists', 'AlreadyExists', 'provider already exists'],
    ['AlreadyExists, NO_GRAPHICS', 1, ALREADY_NARRATABLE, 'AlreadyExists', 'AlreadyExists', 'provider already exists'],
    ['AlreadyExists, legacy tonic form', 1, ALREADY_LEGACY, 'AlreadyExists', 'AlreadyExists', 'provider already exists'],
    ['AlreadyExists, legacy form + NO_GRAPHICS', 1, ALREADY_LEGACY_NARRATABLE, 'AlreadyExists', 'AlreadyExists', 'provider already exists'],
    ['NotFound', 1, NOT_FOUND, 'NotFound', 'NotFound', 'provider not found'],
    ['NotFound wrapped across lines', 1, PROFILE_NOT_FOUND, 'NotFound', 'NotFound', 'provider profile not found'],
    ['transport error, fancy', 1, TRANSPORT_FANCY, 'Unavailable', undefined, undefined],
    ['transport error, NO_GRAPHICS', 1, TRANSPORT_NARRATABLE, 'Unavailable', undefined, undefined],
    ['status against a closed port', 1, STATUS_DOWN, 'Unavailable', undefined, undefined],
    ['Unavailable status code', 1, UNAVAILABLE_CODE, 'Unavailable', 'Unavailable', 'shutting down'],
    ['no active gateway, fancy', 1, NO_GATEWAY_FANCY, 'NoGateway', undefined, undefined],
    ['no active gateway, NO_GRAPHICS', 1, NO_GATEWAY_NARRATABLE, 'NoGateway', undefined, undefined],
    ['unknown gateway', 1, UNKNOWN_GATEWAY, 'UnknownGateway', undefined, undefined],
    ['FailedPrecondition', 1, ATTACHED, 'FailedPrecondition', 'FailedPrecondition', "provider 'gh' is attached to sandbox(es): fs-tri-0123456789ab"],
    ['InvalidArgument', 1, INVALID, 'InvalidArgument', 'InvalidArgument', 'provider.credentials must not be empty'],
    ['Aborted (a stale resource_version) is its own kind', 1, ABORTED, 'Aborted', 'Aborted', 'resource_version mismatch'],
    // 0.1 forms (openshell-0.1.md §2.4, §6): the server's message is dropped, the description closes the line.
    ['0.1 update of a missing provider', 1, 'Error: provider update lookup failed (Some requested entity was not found)\n    Diagnostic severity: error\n', 'NotFound', 'NotFound', undefined],
    ['0.1 update rejected by the gateway', 1, 'Error: provider update failed (The service is currently unavailable)\n    Diagnostic severity: error\n', 'Unavailable', 'Unavailable', undefined],
    ['0.1 missing profile', 1, "Error: provider profile 'gh' not found; import a matching profile before using this provider type\n    Diagnostic severity: error\n", 'ProfileMissing', undefined, undefined],
    ['0.1 multi-name delete: the code comes from the per-name line', 1,
      "! Failed to delete provider a: code: 'The system is not in a state required for the operation's execution', message: \"provider 'a' is attached to sandbox(es): s1\"\nError: failed to delete 1 provider: a\n    Diagnostic severity: error\n",
      'FailedPrecondition', 'FailedPrecondition', "provider 'a' is attached to sandbox(es): s1"],
    ['0.1 unknown setting key', 1, "Error: unknown setting key 'providers_v2_enabled'. Allowed keys: ocsf_json_enabled, ocsf_schema_version, agent_policy_proposals_enabled, proposal_approval_mode\n    Diagnostic severity: error\n", 'Unknown', undefined, undefined],
    ['0.1 fancy rendering of a dropped-message status', 1, 'Error:   × provider update failed (Some requested entity was not found)\n', 'NotFound', 'NotFound', undefined],
    ['local validation', 1, UNSUPPORTED, 'Unknown', undefined, undefined],
    ['clap usage error', 2, USAGE, 'Usage', undefined, undefined],
  ];
  for (const [name, exit, stderr, kind, code, msg] of cases) {
    it(name, () => {
      const p = parseFailure(exit, stderr);
      assert.strictEqual(p.kind, kind);
      assert.strictEqual(p.grpcCode, code);
      assert.strictEqual(p.grpcMessage, msg);
    });
  }

  it('keeps the message and cause chain', () => {
    assert.deepStrictEqual(parseFailure(1, TRANSPORT_NARRATABLE).causes, ['tcp connect error', 'tcp connect error', 'Connection refused (os error 111)']);
    assert.deepStrictEqual(parseFailure(1, TRANSPORT_FANCY).causes, ['tcp connect error', 'tcp connect error', 'Connection refused (os error 111)']);
    assert.strictEqual(parseFailure(1, NO_GATEWAY_NARRATABLE).message, 'No active gateway.\nSet one with: openshell gateway select <name>\nOr register one with: openshell gateway add <endpoint>');
    assert.strictEqual(parseFailure(1, UNSUPPORTED).message, 'unsupported provider type or profile: jira');
    assert.strictEqual(parseFailure(2, USAGE).message, 'the following required arguments were not provided:');
  });

  it('collects profile diagnostics printed before the error, ANSI stripped', () => {
    const p = parseFailure(1, IMPORT_FAILED);
    assert.strictEqual(p.message, 'provider profile import failed');
    assert.deepStrictEqual(p.diagnostics, ["error p.yaml profile=jira field=id custom provider profile 'jira' already exists"]);
  });

  it('unquotes escaped quotes in the status message', () => {
    const p = parseFailure(1, `Error: code: 'Internal error', message: "bad \\"x\\" here"\n    Diagnostic severity: error\n\n`);
    assert.strictEqual(p.grpcCode, 'Internal');
    assert.strictEqual(p.grpcMessage, 'bad "x" here');
  });
});
