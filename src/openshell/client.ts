// The typed openshell API the rest of the extension uses: one method per operation, each a builder from
// commands.ts for the executable's dialect, run through the one runner. Lists read every page.
import * as c from './commands';
import type { Dialect } from './dialect';
import { isOpenShellError, OpenShellError } from './errors';
import { readAllPages } from './listing';
import type { CallOptions, OpenShellRunner } from './runner';
import type { DeleteOutcome, GatewayDto, GlobalSettingsDto, ProfileDto, ProviderDto, SandboxDto, StatusDto } from './types';

export class OpenShellClient {
  constructor(readonly runner: OpenShellRunner) {}

  /** The executable's dialect (read once per executable; not an operation's call). */
  dialect(o?: CallOptions): Promise<Dialect> { return this.runner.dialect(o); }

  version(o?: CallOptions): Promise<string> { return this.runner.run(c.version(), o); }
  status(o?: CallOptions): Promise<StatusDto> { return this.runner.run(c.status(), o); }

  gateways(o?: CallOptions): Promise<GatewayDto[]> { return this.runner.run(c.gatewayList(), o); }
  selectGateway(name: string, o?: CallOptions): Promise<void> { return this.runner.run(c.gatewaySelect(name), o); }

  async providers(o?: CallOptions): Promise<ProviderDto[]> {
    const d = await this.dialect(o);
    return readAllPages('the provider list', (token) => this.runner.run(c.providerListPage(d, token), o));
  }
  provider(name: string, o?: CallOptions): Promise<c.ProviderDetails> { return this.runner.run(c.providerGet(name), o); }
  async createProvider(spec: c.ProviderCreateSpec, o?: CallOptions): Promise<void> {
    const d = await this.dialect(o);
    try {
      await this.runner.run(c.providerCreate(d, spec), o);
    } catch (err) {
      // Credential-less create came within 0.1.x (openshell-0.1.md §4, issue #3304): an older 0.1 build's clap
      // still demands a source. Say what to declare instead of relaying the usage text.
      if (isOpenShellError(err, 'Usage') && !Object.keys(spec.credentials).length && /required arguments were not provided/.test(err.message)) {
        throw new OpenShellError('Usage', `provider "${spec.name}" declares no credentials, and openshell ${d.version} cannot create a provider without one ` +
          '(credential-less create came in a later 0.1 release). Declare a placeholder such as _NOOP_X: "" under its credentials, or upgrade openshell.', err.details);
      }
      throw err;
    }
  }
  updateProvider(spec: c.ProviderUpdateSpec, o?: CallOptions): Promise<void> { return this.runner.run(c.providerUpdate(spec), o); }
  /** Per name: deleted, not found, or failed (with why, and whether it was attempted). Throws only for failures of the whole call. */
  async deleteProviders(names: readonly string[], o?: CallOptions): Promise<DeleteOutcome> { return this.runner.run(c.providerDelete(await this.dialect(o), names), o); }

  profiles(o?: CallOptions): Promise<ProfileDto[]> { return this.runner.run(c.listProfiles(), o); }
  importProfile(file: string, o?: CallOptions): Promise<void> { return this.runner.run(c.profileImport(file), o); }
  updateProfile(id: string, file: string, o?: CallOptions): Promise<void> { return this.runner.run(c.profileUpdate(id, file), o); }
  exportProfile(id: string, o?: CallOptions): Promise<ProfileDto> { return this.runner.run(c.profileExport(id), o); }
  async deleteProfile(id: string, o?: CallOptions): Promise<DeleteOutcome> { return this.runner.run(c.profileDelete(await this.dialect(o), id), o); }

  globalSettings(o?: CallOptions): Promise<GlobalSettingsDto> { return this.runner.run(c.settingsGet(), o); }
  setGlobalSetting(key: string, value: string, o?: CallOptions): Promise<void> { return this.runner.run(c.settingsSet(key, value), o); }

  async sandboxes(o?: CallOptions): Promise<SandboxDto[]> {
    const d = await this.dialect(o);
    return readAllPages('the sandbox list', (token) => this.runner.run(c.sandboxListPage(d, token), o));
  }
  async deleteSandboxes(names: readonly string[], o?: CallOptions): Promise<DeleteOutcome> { return this.runner.run(c.sandboxDelete(await this.dialect(o), names), o); }
}
