// The typed openshell API the rest of the extension uses: one method per operation, each a builder from
// commands.ts run through the one runner.
import * as c from './commands';
import type { CallOptions, OpenShellRunner } from './runner';
import type { DeleteOutcome, GatewayDto, GlobalSettingsDto, ProfileDto, ProviderDto, SandboxDto, StatusDto } from './types';

export class OpenShellClient {
  constructor(readonly runner: OpenShellRunner) {}

  version(o?: CallOptions): Promise<string> { return this.runner.run(c.version(), o); }
  status(o?: CallOptions): Promise<StatusDto> { return this.runner.run(c.status(), o); }

  gateways(o?: CallOptions): Promise<GatewayDto[]> { return this.runner.run(c.gatewayList(), o); }
  selectGateway(name: string, o?: CallOptions): Promise<void> { return this.runner.run(c.gatewaySelect(name), o); }

  providers(o?: CallOptions): Promise<ProviderDto[]> { return this.runner.run(c.providerList(), o); }
  provider(name: string, o?: CallOptions): Promise<c.ProviderDetails> { return this.runner.run(c.providerGet(name), o); }
  createProvider(spec: c.ProviderCreateSpec, o?: CallOptions): Promise<void> { return this.runner.run(c.providerCreate(spec), o); }
  updateProvider(spec: c.ProviderUpdateSpec, o?: CallOptions): Promise<void> { return this.runner.run(c.providerUpdate(spec), o); }
  deleteProviders(names: string[], o?: CallOptions): Promise<DeleteOutcome> { return this.runner.run(c.providerDelete(names), o); }

  profiles(o?: CallOptions): Promise<ProfileDto[]> { return this.runner.run(c.listProfiles(), o); }
  importProfile(file: string, o?: CallOptions): Promise<void> { return this.runner.run(c.profileImport(file), o); }
  updateProfile(id: string, file: string, o?: CallOptions): Promise<void> { return this.runner.run(c.profileUpdate(id, file), o); }
  exportProfile(id: string, o?: CallOptions): Promise<ProfileDto> { return this.runner.run(c.profileExport(id), o); }
  deleteProfile(id: string, o?: CallOptions): Promise<void> { return this.runner.run(c.profileDelete(id), o); }

  globalSettings(o?: CallOptions): Promise<GlobalSettingsDto> { return this.runner.run(c.settingsGet(), o); }
  setGlobalSetting(key: string, value: string, o?: CallOptions): Promise<void> { return this.runner.run(c.settingsSet(key, value), o); }

  sandboxes(o?: CallOptions): Promise<SandboxDto[]> { return this.runner.run(c.sandboxList(), o); }
  deleteSandboxes(names: string[], o?: CallOptions): Promise<DeleteOutcome> { return this.runner.run(c.sandboxDelete(names), o); }
}
