// A provider definition (fullsend's ProviderDef): one YAML file with name, type, credentials and config,
// validated the way fullsend validates it, so the extension rejects what a run would reject.
import type { Diagnostics, Location } from './diagnostics';
import { forbiddenKeyMessage, isForbiddenKey } from './forbiddenKeys';
import { isSingleVarRef, isValidVarName } from './vars';
import type { YamlDoc } from './yamlFile';

/**
 * Where a definition came from: `<dir>/providers/*.yaml`, a harness path entry, a pinned URL, or fullsend's
 * binary (a bare built-in name the workspace does not define; builtins.ts).
 */
export type ProviderOrigin = 'providers-dir' | 'path' | 'url' | 'builtin';

/** harness.validProviderName, for files in providers/. */
export const LOCAL_IDENTIFIER = /^[a-zA-Z0-9_-]+$/;
/** resolve.validIdentifier, for path and URL entries. */
export const STRICT_IDENTIFIER = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;

export interface CredentialDef {
  key: string;
  /** The value as written in YAML: normally `${VAR}`, '' for the `_NOOP_*` placeholders. */
  template: string;
  at: Location;
}

export interface ConfigDef {
  key: string;
  template: string;
  at: Location;
}

export interface ProviderDef {
  name: string;
  /** An OpenShell provider-profile id. */
  type: string;
  credentials: CredentialDef[];
  config: ConfigDef[];
  /** Config values are env-expanded for local definitions only; URL-fetched ones are used as written. */
  expandsConfig: boolean;
  origin: ProviderOrigin;
  file: string;
  display: string;
  /** Where the definition starts (its first key). */
  at: Location;
  /** For URL entries: the URL without its fragment, and the pinned hash. */
  url?: string;
  sha256?: string;
  /** Why Ensure must not write this definition at all (a forbidden key); its keys never reach a child. */
  refused?: string;
}

export interface ParsedProvider {
  def?: ProviderDef;
  /** The name, when the file has a usable one even if the rest is invalid (so a harness naming it is not told it does not exist). */
  name?: string;
}

export function parseProviderDef(doc: YamlDoc, origin: ProviderOrigin, d: Diagnostics): ParsedProvider {
  const root = doc.root;
  const at = doc.at(root);
  if (!doc.isMap(root)) {
    d.error(at, 'a provider definition must be a mapping with name:, type: and credentials:');
    return {};
  }
  const ident = origin === 'providers-dir' ? LOCAL_IDENTIFIER : STRICT_IDENTIFIER;
  const allowed = origin === 'providers-dir' ? 'a-z, A-Z, 0-9, _, -' : 'a-z, A-Z, 0-9, _, - and starting with a letter or digit';
  const name = doc.str(doc.get(root, 'name'), 'name', d);
  if (!name) {
    d.error(at, 'provider has no name');
    return {};
  }
  const nameAt = doc.at(doc.get(root, 'name'));
  if (!ident.test(name)) {
    d.error(nameAt, `provider name "${name}" contains invalid characters (allowed: ${allowed})`);
    return {};
  }
  const type = doc.str(doc.get(root, 'type'), 'type', d);
  if (!type) {
    d.error(at, `provider "${name}" has no type`);
    return { name };
  }
  if (!ident.test(type)) {
    d.error(doc.at(doc.get(root, 'type')), `provider "${name}": type "${type}" contains invalid characters (allowed: ${allowed})`);
    return { name };
  }

  const credentials = doc.stringMap(doc.get(root, 'credentials'), 'credentials', d).map(({ key, value, at: kat }) => ({ key, template: value, at: kat }));
  const config = doc.stringMap(doc.get(root, 'config'), 'config', d).map(({ key, value, at: kat }) => ({ key, template: value, at: kat }));
  for (const c of [...credentials, ...config]) {
    // openshell reads a credential from the env var of the same name, and `--config K=V` splits on `=`.
    if (!isValidVarName(c.key)) d.warn(c.at, `provider "${name}": key "${c.key}" is not a valid environment variable name`);
  }
  // Refused for every origin: the provider stays declared (so Reset and the views still see it), but Ensure
  // fails it with this reason and nothing of it reaches a child's environment.
  const forbidden = [...credentials, ...config].filter((c) => isForbiddenKey(c.key));
  for (const c of forbidden) d.error(c.at, forbiddenKeyMessage(name, [c.key]), undefined, 'forbidden-key');
  // fullsend's WarnLiteralCredentials, without ever quoting the value: it may be a secret.
  const literal = credentials.filter((c) => c.template !== '' && !isSingleVarRef(c.template));
  if (literal.length > 0) {
    d.warn(
      literal[0].at,
      `provider "${name}": credential(s) ${literal.map((c) => c.key).sort().join(', ')} do not look like \${VAR} references; keep secrets out of YAML and reference an environment variable instead`,
    );
  }

  const def: ProviderDef = {
    name,
    type,
    credentials,
    config,
    expandsConfig: origin !== 'url',
    origin,
    file: doc.file,
    display: doc.display,
    at: nameAt,
  };
  if (forbidden.length) def.refused = forbiddenKeyMessage(name, forbidden.map((c) => c.key));
  return { def, name };
}

/** Same provider? Positions and origin do not matter; name, type, credentials and config do. */
export function sameDefinition(a: ProviderDef, b: ProviderDef): boolean {
  const kv = (list: { key: string; template: string }[]) => JSON.stringify(list.map((c) => [c.key, c.template]).sort());
  return a.name === b.name && a.type === b.type && kv(a.credentials) === kv(b.credentials) && kv(a.config) === kv(b.config) && a.expandsConfig === b.expandsConfig;
}
