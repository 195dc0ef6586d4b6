// Run-scoped providers (fullsend-current.md §3): for a `fullsend-openai` definition `<name>`, each run creates
// `<name>-<12hex>`, where the suffix is its sandbox's (`fs-<slug>-<12hex>`), and deletes it after the
// sandbox. A run that was killed leaves both behind; once the sandbox is gone, the provider is garbage.
import type { ProviderDto, SandboxDto } from '../openshell/types';
import { isRunScopedType, runScopedInstancePattern } from '../workspace/builtins';
import type { ProviderDef } from '../workspace/providerDefs';

export interface RunScopedInstance {
  /** The provider on the gateway, e.g. `openai-3f9c2a7b1d0e`. */
  name: string;
  /** The declared definition it was made from. */
  definition: string;
  /** The 12 hex digits it shares with its sandbox. */
  suffix: string;
  /** The sandbox it belongs to, when that sandbox is still listed. */
  sandbox?: string;
}

/**
 * Every run-scoped provider on the gateway, whatever workspace made it: type `fullsend-openai` and a 12-hex
 * suffix (fullsend creates them with `--type fullsend-openai`). For the Sandboxes view, which lists what
 * runs left behind without reading any workspace.
 */
export function runScopedOnGateway(providers: readonly Pick<ProviderDto, 'name' | 'type'>[], sandboxes: readonly Pick<SandboxDto, 'name'>[]): RunScopedInstance[] {
  return providers.filter((p) => isRunScopedType(p.type) && /^.+-[0-9a-f]{12}$/.test(p.name)).map((p) => withSandbox(p.name, p.name.slice(0, -13), sandboxes));
}

function withSandbox(name: string, definition: string, sandboxes: readonly Pick<SandboxDto, 'name'>[]): RunScopedInstance {
  const suffix = name.slice(-12);
  const instance: RunScopedInstance = { name, definition, suffix };
  const sandbox = sandboxes.find((s) => s.name.endsWith(`-${suffix}`));
  if (sandbox) instance.sandbox = sandbox.name;
  return instance;
}

/** The listed providers that are instances of the workspace's run-scoped definitions. */
export function runScopedInstances(declared: readonly ProviderDef[], providers: readonly Pick<ProviderDto, 'name'>[], sandboxes: readonly Pick<SandboxDto, 'name'>[]): RunScopedInstance[] {
  const defs = declared.filter((d) => isRunScopedType(d.type));
  const out: RunScopedInstance[] = [];
  for (const p of providers) {
    const def = defs.find((d) => runScopedInstancePattern(d.name).test(p.name));
    if (def) out.push(withSandbox(p.name, def.name, sandboxes));
  }
  return out;
}
