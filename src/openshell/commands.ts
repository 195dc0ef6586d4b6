// Pure builders: each openshell operation as argv + child env + a parser for its stdout, per dialect
// where the two differ (dialect.ts). Nothing here spawns; the runner does. Credential values never enter
// argv: a non-empty value travels as a bare `--credential KEY` with KEY=value in the child's environment
// (openshell-cli.md §3.3, §10.5). Profile commands use the `provider profile …` spellings, which both
// dialects accept (openshell-0.1.md §10.2).
import { stripAnsi } from './ansi';
import { parseDeleteLines, recoverDeleteFailure, type DeletedKind } from './deleteOutcomes';
import type { Dialect } from './dialect';
import { parseIdArray, parsePage, providerItem, sandboxItem, type Page } from './listing';
import type { ParsedFailure } from './parseFailure';
import type {
  DeleteOutcome, GatewayDto, GlobalSettingsDto, ProfileDto, ProviderDto, SandboxDto, StatusDto,
} from './types';

export interface Command<T> {
  /** e.g. `provider create`, for logs and call accounting. */
  kind: string;
  args: string[];
  /** Extra child env (credential values). Registered with the redactor by the runner. */
  env?: Record<string, string>;
  /** Talks to the gateway, so it takes `-g <gateway>` (local-only commands don't). */
  network: boolean;
  parse(stdout: string): T;
  /**
   * A non-zero exit that still has a result (a multi-name delete that failed for some names): the value to
   * return instead of throwing, or undefined to throw as usual.
   */
  recover?(stdout: string, failure: ParsedFailure, stderr: string, redact: (text: string) => string): T | undefined;
}

const json = <T>(stdout: string): T => {
  try { return JSON.parse(stdout) as T; } catch { throw new Error(stdout.trim() ? 'the JSON is malformed or cut short' : 'it printed nothing'); }
};
const object = <T>(stdout: string): T => {
  const v = json<unknown>(stdout);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected a JSON object');
  return v as T;
};

// Provider names and keys are free-form (openshell enforces no character set), so one starting with `-`
// must not be read as a flag: attach flag values with `=`, and put positionals last behind `--`.
const flag = (name: string, value: string): string[] => (value.startsWith('-') ? [`${name}=${value}`] : [name, value]);
const positionals = (values: string[]): string[] => (values.some((v) => v.startsWith('-')) ? ['--', ...values] : values);
const nothing = (): void => undefined;

/** The largest page both dialects serve (0.1 caps `--page-size` at 1000): one call lists any realistic gateway. */
export const LIST_LIMIT = 1000;

export const version = (): Command<string> => ({
  kind: 'version', args: ['--version'], network: false,
  // `openshell 0.0.111` → `0.0.111`; fullsend's idiom: last field, leading `v` stripped.
  parse: (out) => stripAnsi(out).trim().split(/\s+/).pop()!.replace(/^v/, ''),
});

export const status = (): Command<StatusDto> => ({ kind: 'status', args: ['status', '-o', 'json'], network: true, parse: object });

export const gatewayList = (): Command<GatewayDto[]> => ({
  kind: 'gateway list', args: ['gateway', 'list', '-o', 'json'], network: false,
  parse: (out) => { const v = json<unknown>(out); if (!Array.isArray(v)) throw new Error('expected a JSON list'); return v as GatewayDto[]; },
});

export const gatewaySelect = (name: string): Command<void> => ({ kind: 'gateway select', args: ['gateway', 'select', name], network: false, parse: nothing });

/**
 * One page of a list. 0.0: `--limit/--offset` and a bare array (the token is the next offset, when a page
 * came back full); 0.1: `--page-size/--page-token` and an envelope (openshell-0.1.md §5.1, §10.4).
 */
function listPage<T>(d: Dialect, noun: 'provider' | 'sandbox', key: string, token: string, item: (r: Record<string, unknown>) => T | undefined): Command<Page<T>> {
  const paging = d.name === '0.0'
    ? ['--limit', String(LIST_LIMIT), ...(token ? ['--offset', token] : [])]
    : ['--page-size', String(LIST_LIMIT), ...(token ? ['--page-token', token] : [])];
  return {
    kind: `${noun} list`, args: [noun, 'list', '-o', 'json', ...paging], network: true,
    parse: (out) => {
      const page = parsePage(out, key, item);
      if (d.name === '0.0') page.next = page.items.length >= LIST_LIMIT ? String(Number(token || 0) + page.items.length) : '';
      return page;
    },
  };
}

export const providerListPage = (d: Dialect, token = ''): Command<Page<ProviderDto>> => listPage(d, 'provider', 'providers', token, providerItem);

export interface ProviderDetails { id: string; name: string; type: string; resourceVersion?: number; credentialKeys: string[]; configKeys: string[] }

export const providerGet = (name: string): Command<ProviderDetails> => ({
  kind: 'provider get', args: ['provider', 'get', ...positionals([name])], network: true,
  parse: (out) => {
    // `provider get` has no JSON form (§4.2): `  Label: value` lines.
    const field = (label: string) => new RegExp(`^\\s*${label}:\\s?(.*)$`, 'm').exec(stripAnsi(out))?.[1]?.trim() ?? '';
    const keys = (s: string) => (s === '<none>' || !s ? [] : s.split(', '));
    const rv = field('Resource version');
    return {
      id: field('Id'), name: field('Name'), type: field('Type'),
      resourceVersion: rv ? Number(rv) : undefined,
      credentialKeys: keys(field('Credential keys')), configKeys: keys(field('Config keys')),
    };
  },
});

export interface ProviderCreateSpec {
  name: string;
  type: string;
  /** KEY → value. An empty value is sent as `KEY=`: only for declared-empty placeholders (`_NOOP_*`). */
  credentials: Record<string, string>;
  config?: Record<string, string>;
}

export function providerCreate(d: Dialect, spec: ProviderCreateSpec): Command<void> {
  const keys = Object.keys(spec.credentials).sort();
  // 0.1 creates credential-less providers where the profile allows it, and says so when it does not
  // (openshell-0.1.md §5.3); 0.0 needs at least one `--credential`.
  if (keys.length === 0 && d.name === '0.0') {
    throw new Error(`provider "${spec.name}" declares no credentials; OpenShell ${d.version} needs at least one (a placeholder such as _NOOP_X: "" will do)`);
  }
  const env: Record<string, string> = {};
  const args = ['provider', 'create', ...flag('--name', spec.name), ...flag('--type', spec.type)];
  for (const k of keys) {
    const v = spec.credentials[k];
    if (v === '') args.push(...flag('--credential', `${k}=`));
    else { args.push(...flag('--credential', k)); env[k] = v; }
  }
  for (const k of Object.keys(spec.config ?? {}).sort()) args.push(...flag('--config', `${k}=${spec.config![k]}`));
  return { kind: 'provider create', args, env, network: true, parse: nothing };
}

export interface ProviderUpdateSpec {
  name: string;
  /** KEY → non-empty value (merged by the server). */
  setCredentials?: Record<string, string>;
  /** Keys to delete (`KEY=`: an empty value deletes in the server's merge). */
  removeCredentials?: string[];
  setConfig?: Record<string, string>;
  removeConfig?: string[];
}

export function providerUpdate(spec: ProviderUpdateSpec): Command<void> {
  const env: Record<string, string> = {};
  const args = ['provider', 'update'];
  for (const k of Object.keys(spec.setCredentials ?? {}).sort()) {
    const v = spec.setCredentials![k];
    // An empty value here would DELETE the key on the gateway — the silent bug this extension exists to avoid.
    if (!v) throw new Error(`refusing to send an empty value for credential ${k} of provider "${spec.name}" (it would delete the key)`);
    args.push(...flag('--credential', k));
    env[k] = v;
  }
  for (const k of [...(spec.removeCredentials ?? [])].sort()) args.push(...flag('--credential', `${k}=`));
  for (const k of Object.keys(spec.setConfig ?? {}).sort()) {
    if (spec.setConfig![k] === '') throw new Error(`refusing to send an empty value for config ${k} of provider "${spec.name}" (it would delete the key)`);
    args.push(...flag('--config', `${k}=${spec.setConfig![k]}`));
  }
  for (const k of [...(spec.removeConfig ?? [])].sort()) args.push(...flag('--config', `${k}=`));
  args.push(...positionals([spec.name]));
  return { kind: 'provider update', args, env, network: true, parse: nothing };
}

/** A multi-name delete whose outcome is read per name, also when it exits non-zero (deleteOutcomes.ts). */
function deleteCommand(d: Dialect, what: DeletedKind, kind: string, args: string[], names: readonly string[]): Command<DeleteOutcome> {
  if (names.length === 0) throw new Error(`${kind} needs at least one name`);
  return {
    kind, args: [...args, ...positionals([...names])], network: true,
    parse: (out) => {
      const r = parseDeleteLines(what, names, out);
      // Exit 0 prints one line per name. Output cut short or garbled leaves some unaccounted for: whether
      // they are gone is unknown, so the call fails (the runner says the output was unreadable) rather
      // than report them neither deleted nor kept (ARCHITECTURE §6 "A failure stops the operation";
      // Reset must name every provider it deleted).
      const told = new Set([...r.deleted, ...r.notFound, ...r.failed.map((f) => f.name)]);
      const silent = names.filter((n) => !told.has(n));
      if (silent.length) throw new Error(`it names no outcome for ${silent.join(', ')}, which may or may not be deleted now`);
      return r;
    },
    recover: (out, failure, stderr, redact) => recoverDeleteFailure(d.name, what, names, out, failure, stderr, redact),
  };
}

export const providerDelete = (d: Dialect, names: readonly string[]): Command<DeleteOutcome> =>
  deleteCommand(d, 'provider', 'provider delete', ['provider', 'delete'], names);

/** The whole catalog as a plain array in both dialects (0.1's CLI pages it itself, openshell-0.1.md §5.6). */
export const listProfiles = (): Command<ProfileDto[]> => ({
  kind: 'provider list-profiles', args: ['provider', 'list-profiles', '-o', 'json'], network: true, parse: (out) => parseIdArray<ProfileDto>(out),
});

export const profileImport = (file: string): Command<void> => ({
  kind: 'provider profile import', args: ['provider', 'profile', 'import', '--file', file], network: true, parse: nothing,
});

export const profileUpdate = (id: string, file: string): Command<void> => ({
  kind: 'provider profile update', args: ['provider', 'profile', 'update', id, '--file', file], network: true, parse: nothing,
});

export const profileExport = (id: string): Command<ProfileDto> => ({
  kind: 'provider profile export', args: ['provider', 'profile', 'export', id, '-o', 'json'], network: true, parse: object,
});

/** 0.1 prints `! Provider profile <id> not found` (exit 0); 0.0 fails with NotFound, reported the same way. */
export function profileDelete(d: Dialect, id: string): Command<DeleteOutcome> {
  const cmd = deleteCommand(d, 'provider profile', 'provider profile delete', ['provider', 'profile', 'delete'], [id]);
  return {
    ...cmd,
    recover: (out, failure, stderr, redact) => (failure.grpcCode === 'NotFound' && d.name === '0.0'
      ? { deleted: [], notFound: [id], failed: [] } : cmd.recover!(out, failure, stderr, redact)),
  };
}

export const settingsGet = (): Command<GlobalSettingsDto> => ({
  kind: 'settings get', args: ['settings', 'get', '--global', '--json'], network: true,
  parse: (out) => {
    const v = object<GlobalSettingsDto>(out);
    if (typeof v.settings !== 'object' || v.settings === null) throw new Error('it has no "settings" object');
    return v;
  },
});

export const settingsSet = (key: string, value: string): Command<void> => ({
  // --yes: without it a non-TTY run fails before connecting (§4.8).
  kind: 'settings set', args: ['settings', 'set', '--global', '--key', key, '--value', value, '--yes'], network: true, parse: nothing,
});

export const sandboxListPage = (d: Dialect, token = ''): Command<Page<SandboxDto>> => listPage(d, 'sandbox', 'sandboxes', token, sandboxItem);

export const sandboxDelete = (d: Dialect, names: readonly string[]): Command<DeleteOutcome> =>
  deleteCommand(d, 'sandbox', 'sandbox delete', ['sandbox', 'delete'], names);

/** The probe for a CLI whose `--version` is unreadable: 0.0 rejects `--page-size` with a usage error (exit 2). */
export const dialectProbe = (): Command<void> => ({
  kind: 'dialect probe', args: ['provider', 'list', '-o', 'json', '--page-size', '1'], network: false, parse: nothing,
});
