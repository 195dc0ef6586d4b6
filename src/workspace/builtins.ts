// What fullsend ships in its binary (fullsend-current.md §2.2, §3): eight provider definitions a harness may
// name bare without a `providers/<name>.yaml`, each with the reserved profile id `fullsend-<name>` that every
// run imports itself; and the run-scoped `fullsend-openai` type, whose providers exist only for one run.
import type { Location } from './diagnostics';
import type { CredentialDef, ProviderDef } from './providerDefs';

/** builtinProviderNames (RUN @937e9fd4). */
export const BUILTIN_PROVIDER_NAMES: readonly string[] = [
  'vertex-ai', 'github', 'github-ro', 'github-artifacts', 'gitleaks', 'package-registries', 'atlassian-cloud', 'openai',
];

/** The type of run-scoped providers: `<name>-<12hex>` per sandbox, created and deleted by `fullsend run`. */
export const RUN_SCOPED_TYPE = 'fullsend-openai';

/**
 * The embedded definitions' credential keys are not in any file a workspace has. fullsend's own comment says
 * `github` and `github-ro` reference `${GH_TOKEN}`; the others are assumed to need no secret (§2.2).
 */
const BUILTIN_CREDENTIALS: Readonly<Record<string, readonly string[]>> = { github: ['GH_TOKEN'], 'github-ro': ['GH_TOKEN'] };

export function isBuiltinProviderName(name: string): boolean {
  return BUILTIN_PROVIDER_NAMES.includes(name);
}

/** `fullsend-<name>` for each built-in: fullsend imports its embedded body on every run. */
export function isReservedProfileId(id: string): boolean {
  return id.startsWith('fullsend-') && isBuiltinProviderName(id.slice('fullsend-'.length));
}

/**
 * What `fullsend run` reads for a run-scoped provider's credential (resolveOpenAICredential, §3): the WIF trio,
 * else a static OPENAI_API_KEY from its own environment. `${…}` in the definition are ignored, so these reach
 * fullsend only through the environment Run gives it.
 */
export const RUN_SCOPED_CREDENTIAL_VARS: readonly string[] = [
  'OPENAI_API_KEY', 'FULLSEND_OPENAI_AUDIENCE', 'FULLSEND_OPENAI_IDENTITY_PROVIDER_ID', 'FULLSEND_OPENAI_SERVICE_ACCOUNT_ID',
];

export function isRunScopedType(type: string): boolean {
  return type.toLowerCase() === RUN_SCOPED_TYPE;
}

/** `^<name>-[0-9a-f]{12}$`: a run-scoped instance of the definition `name` (runScopedProviderName). */
export function runScopedInstancePattern(name: string): RegExp {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{12}$`);
}

/** The definition fullsend uses for a bare built-in name that the workspace does not define (appendEmbeddedProviderDefs). */
export function builtinProviderDef(name: string, declaredAt: Location): ProviderDef {
  const at: Location = { ...declaredAt, display: declaredAt.display };
  const credentials: CredentialDef[] = (BUILTIN_CREDENTIALS[name] ?? []).map((key) => ({ key, template: `\${${key}}`, at }));
  return {
    name,
    type: `fullsend-${name}`,
    credentials,
    config: [],
    expandsConfig: true,
    origin: 'builtin',
    file: declaredAt.file,
    display: `fullsend's built-in ${name}`,
    at,
  };
}
