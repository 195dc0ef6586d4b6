// Pure builders: each openshell operation as argv + child env + a parser for its stdout. Nothing here
// spawns; the runner does. Credential values never enter argv: a non-empty value travels as a bare
// `--credential KEY` with KEY=value in the child's environment (openshell-cli.md §3.3, §10.5).
import { stripAnsi } from './ansi';
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
}

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

// Provider names and keys are free-form (openshell enforces no character set), so one starting with `-`
// must not be read as a flag: attach flag values with `=`, and put positionals last behind `--`.
const flag = (name: string, value: string): string[] => (value.startsWith('-') ? [`${name}=${value}`] : [name, value]);
const positionals = (values: string[]): string[] => (values.some((v) => v.startsWith('-')) ? ['--', ...values] : values);
const nothing = (): void => undefined;

/** A page size well above any realistic workspace, so one call lists everything (the CLI default is 100). */
export const LIST_LIMIT = 1000;

export const version = (): Command<string> => ({
  kind: 'version', args: ['--version'], network: false,
  // `openshell 0.0.111` → `0.0.111`; fullsend's idiom: last field, leading `v` stripped.
  parse: (out) => stripAnsi(out).trim().split(/\s+/).pop()!.replace(/^v/, ''),
});

export const status = (): Command<StatusDto> => ({ kind: 'status', args: ['status', '-o', 'json'], network: true, parse: json });

export const gatewayList = (): Command<GatewayDto[]> => ({ kind: 'gateway list', args: ['gateway', 'list', '-o', 'json'], network: false, parse: json });

export const gatewaySelect = (name: string): Command<void> => ({ kind: 'gateway select', args: ['gateway', 'select', name], network: false, parse: nothing });

export const providerList = (): Command<ProviderDto[]> => ({
  kind: 'provider list', args: ['provider', 'list', '-o', 'json', '--limit', String(LIST_LIMIT)], network: true, parse: json,
});

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

export function providerCreate(spec: ProviderCreateSpec): Command<void> {
  const keys = Object.keys(spec.credentials).sort();
  if (keys.length === 0) {
    throw new Error(`provider "${spec.name}" declares no credentials; OpenShell needs at least one (a placeholder such as _NOOP_X: "" will do)`);
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

/** `✓ Deleted <what> <n>` / `! <What> <n> not found`, one line per name, exit 0 either way. */
function parseDeletes(what: 'provider' | 'sandbox', names: string[]) {
  return (out: string): DeleteOutcome => {
    const lines = stripAnsi(out).split('\n');
    const outcome: DeleteOutcome = { deleted: [], notFound: [] };
    const What = what[0].toUpperCase() + what.slice(1);
    for (const n of names) {
      if (lines.includes(`✓ Deleted ${what} ${n}`)) outcome.deleted.push(n);
      else if (lines.includes(`! ${What} ${n} not found`)) outcome.notFound.push(n);
    }
    return outcome;
  };
}

export function providerDelete(names: string[]): Command<DeleteOutcome> {
  if (names.length === 0) throw new Error('provider delete needs at least one name');
  return { kind: 'provider delete', args: ['provider', 'delete', ...positionals(names)], network: true, parse: parseDeletes('provider', names) };
}

export const listProfiles = (): Command<ProfileDto[]> => ({
  kind: 'provider list-profiles', args: ['provider', 'list-profiles', '-o', 'json'], network: true, parse: json,
});

export const profileImport = (file: string): Command<void> => ({
  kind: 'provider profile import', args: ['provider', 'profile', 'import', '--file', file], network: true, parse: nothing,
});

export const profileUpdate = (id: string, file: string): Command<void> => ({
  kind: 'provider profile update', args: ['provider', 'profile', 'update', id, '--file', file], network: true, parse: nothing,
});

export const profileExport = (id: string): Command<ProfileDto> => ({
  kind: 'provider profile export', args: ['provider', 'profile', 'export', id, '-o', 'json'], network: true, parse: json,
});

export const profileDelete = (id: string): Command<void> => ({
  kind: 'provider profile delete', args: ['provider', 'profile', 'delete', id], network: true, parse: nothing,
});

export const settingsGet = (): Command<GlobalSettingsDto> => ({
  kind: 'settings get', args: ['settings', 'get', '--global', '--json'], network: true, parse: json,
});

export const settingsSet = (key: string, value: string): Command<void> => ({
  // --yes: without it a non-TTY run fails before connecting (§4.8).
  kind: 'settings set', args: ['settings', 'set', '--global', '--key', key, '--value', value, '--yes'], network: true, parse: nothing,
});

export const sandboxList = (): Command<SandboxDto[]> => ({
  kind: 'sandbox list', args: ['sandbox', 'list', '-o', 'json', '--limit', String(LIST_LIMIT)], network: true, parse: json,
});

export function sandboxDelete(names: string[]): Command<DeleteOutcome> {
  if (names.length === 0) throw new Error('sandbox delete needs at least one name');
  return { kind: 'sandbox delete', args: ['sandbox', 'delete', ...positionals(names)], network: true, parse: parseDeletes('sandbox', names) };
}
