'use strict';
// The command tree the simulator parses: the relevant subset of crates/openshell-cli/src/main.rs
// (§3 of openshell-cli.md). Each leaf names its handler as [module, function]; modules are required only
// when their command runs. Commands that exist in the real CLI but are not simulated are `unsimulated`
// leaves: they parse anything and fail loudly, so a test never mistakes them for a real result.
// `about` strings feed the help text, which is approximate (only its exit code and stream are exact).

const output = (about = 'Output format') => ({ id: 'output', long: 'output', short: 'o', value: '<OUTPUT>', possible: ['table', 'yaml', 'json'], about });
const globalFlag = { id: 'global', long: 'global', about: 'Operate on gateway-global scope' };
const limit = { id: 'limit', long: 'limit', value: '<LIMIT>', parse: 'u32', about: 'Maximum number of results [default: 100]' };
const offset = { id: 'offset', long: 'offset', value: '<OFFSET>', parse: 'u32', about: 'Number of results to skip [default: 0]' };
const allWorkspaces = { id: 'allWorkspaces', long: 'all-workspaces', about: 'List across all workspaces' };
const unsimulated = (name, about, extra = {}) => ({ name, about, unsimulated: true, ...extra });

/** Global flags: accepted before or after any subcommand (`global = true`). -h/-V are built into the parser. */
const GLOBALS = [
  { id: 'gateway', long: 'gateway', short: 'g', value: '<NAME>', env: 'OPENSHELL_GATEWAY', about: 'Gateway name' },
  { id: 'gatewayEndpoint', long: 'gateway-endpoint', value: '<URL>', env: 'OPENSHELL_GATEWAY_ENDPOINT', about: 'Gateway endpoint URL (bypasses registration lookup)' },
  { id: 'gatewayInsecure', long: 'gateway-insecure', about: 'Skip TLS verification' },
  { id: 'workspace', long: 'workspace', value: '<WORKSPACE>', env: 'OPENSHELL_WORKSPACE', about: 'Workspace [default: default]' },
  { id: 'verbose', long: 'verbose', short: 'v', count: true, about: 'Increase verbosity (repeatable)' },
];

const credentialOpt = { id: 'credential', long: 'credential', value: '<KEY[=VALUE]>', multiple: true, about: 'Credential KEY=VALUE, or KEY to read the value from the local environment' };
const configOpt = { id: 'config', long: 'config', value: '<KEY=VALUE>', multiple: true, about: 'Config entry KEY=VALUE' };

const provider = {
  name: 'provider',
  about: 'Manage providers',
  subs: [
    {
      name: 'create',
      about: 'Create a provider',
      run: ['providers', 'create'],
      opts: [
        { id: 'name', long: 'name', value: '<NAME>', required: true, about: 'Provider name' },
        { id: 'type', long: 'type', value: '<PROVIDER_TYPE>', required: true, about: 'Provider type or profile id' },
        { id: 'fromExisting', long: 'from-existing', about: 'Discover credentials from the local environment' },
        credentialOpt,
        { id: 'fromGcloudAdc', long: 'from-gcloud-adc', about: 'Use gcloud application-default credentials' },
        { id: 'runtimeCredentials', long: 'runtime-credentials', about: 'Resolve profile credentials at runtime' },
        configOpt,
        { id: 'globalProfile', long: 'global-profile', about: 'Resolve the type against global profiles' },
      ],
      groups: [{ id: 'cred_source', members: ['fromExisting', 'credential', 'fromGcloudAdc', 'runtimeCredentials'], required: true }],
    },
    { name: 'get', about: 'Show a provider', run: ['providers', 'get'], pos: [{ id: 'name', value: '<NAME>', required: true }] },
    {
      name: 'list',
      about: 'List providers',
      run: ['providers', 'list'],
      opts: [limit, offset, { id: 'names', long: 'names', conflicts: ['output'], about: 'Print names only' }, output(), allWorkspaces],
    },
    {
      name: 'update',
      about: 'Update a provider (merge)',
      run: ['providers', 'update'],
      pos: [{ id: 'name', value: '<NAME>', required: true }],
      opts: [
        { id: 'fromExisting', long: 'from-existing', conflicts: ['credential'], about: 'Merge credentials discovered from the local environment' },
        credentialOpt,
        configOpt,
        { id: 'credentialExpiresAt', long: 'credential-expires-at', value: '<KEY=TIMESTAMP>', multiple: true, about: 'Credential expiry KEY=TIMESTAMP (0 clears)' },
      ],
    },
    { name: 'delete', about: 'Delete providers', run: ['providers', 'remove'], pos: [{ id: 'names', value: '<NAME>...', required: true, multiple: true }] },
    { name: 'list-profiles', about: 'List provider profiles', run: ['profiles', 'list'], opts: [output(), globalFlag] },
    {
      name: 'profile',
      about: 'Manage provider profiles',
      subs: [
        { name: 'export', about: 'Export a provider profile', run: ['profiles', 'exportProfile'], pos: [{ id: 'id', value: '<ID>', required: true }], opts: [output(), globalFlag] },
        {
          name: 'import',
          about: 'Import provider profiles (create only)',
          run: ['profiles', 'importProfiles'],
          opts: [{ id: 'file', long: 'file', short: 'f', value: '<PATH>', about: 'Profile file' }, { id: 'from', long: 'from', value: '<DIR>', about: 'Directory of *.yaml|*.yml|*.json profiles' }, globalFlag],
          groups: [{ id: 'source', members: ['file', 'from'], required: true }],
        },
        {
          name: 'update',
          about: 'Update a custom provider profile',
          run: ['profiles', 'updateProfile'],
          pos: [{ id: 'id', value: '<ID>', required: true }],
          opts: [{ id: 'file', long: 'file', short: 'f', value: '<PATH>', required: true, about: 'Profile file (with resource_version)' }, globalFlag],
        },
        {
          name: 'lint',
          about: 'Validate provider profiles',
          run: ['profiles', 'lint'],
          opts: [{ id: 'file', long: 'file', short: 'f', value: '<PATH>', about: 'Profile file' }, { id: 'from', long: 'from', value: '<DIR>', about: 'Directory of profiles' }, globalFlag],
          groups: [{ id: 'source', members: ['file', 'from'], required: true }],
        },
        { name: 'delete', about: 'Delete a custom provider profile', run: ['profiles', 'remove'], pos: [{ id: 'id', value: '<ID>', required: true }], opts: [globalFlag] },
      ],
    },
    unsimulated('refresh', 'Manage credential refresh'),
  ],
};

const gateway = {
  name: 'gateway',
  aliases: ['gw'],
  about: 'Manage gateway registrations',
  subs: [
    {
      name: 'add',
      about: 'Register a gateway and make it active',
      run: ['gateway', 'add'],
      local: true,
      pos: [{ id: 'endpoint', value: '<ENDPOINT>', required: true }],
      opts: [
        { id: 'name', long: 'name', value: '<NAME>', about: 'Gateway name [default: openshell for loopback, else the host]' },
        { id: 'local', long: 'local', conflicts: ['remote'], about: 'The gateway runs on this machine' },
        { id: 'remote', long: 'remote', value: '<USER@HOST>', about: 'The gateway runs on a remote host' },
        { id: 'oidcIssuer', long: 'oidc-issuer', value: '<URL>', about: 'OIDC issuer' },
        { id: 'oidcClientId', long: 'oidc-client-id', value: '<ID>', about: 'OIDC client id [default: openshell-cli]' },
        { id: 'oidcAudience', long: 'oidc-audience', value: '<AUDIENCE>', about: 'OIDC audience' },
        { id: 'oidcScopes', long: 'oidc-scopes', value: '<SCOPES>', about: 'OIDC scopes' },
      ],
    },
    { name: 'remove', about: 'Remove a gateway registration', run: ['gateway', 'remove'], local: true, pos: [{ id: 'name', value: '[NAME]' }] },
    { name: 'select', about: 'Select the active gateway', run: ['gateway', 'select'], local: true, pos: [{ id: 'name', value: '[NAME]' }] },
    { name: 'list', about: 'List registered gateways (local files only)', run: ['gateway', 'list'], local: true, opts: [output()] },
    unsimulated('info', 'Show gateway information'),
    unsimulated('login', 'Log in to an edge or OIDC gateway'),
    unsimulated('logout', 'Log out of an edge or OIDC gateway'),
  ],
};

const settingsScope = [{ id: 'sandbox', value: '[SANDBOX]' }];
const settings = {
  name: 'settings',
  about: 'Manage gateway and sandbox settings',
  subs: [
    { name: 'get', about: 'Show settings', run: ['settings', 'get'], pos: settingsScope, opts: [globalFlag, { id: 'json', long: 'json', about: 'JSON output' }] },
    {
      name: 'set',
      about: 'Set a setting',
      run: ['settings', 'set'],
      pos: settingsScope,
      opts: [
        { id: 'key', long: 'key', value: '<KEY>', required: true, about: 'Setting key' },
        { id: 'value', long: 'value', value: '<VALUE>', required: true, about: 'Setting value' },
        globalFlag,
        { id: 'yes', long: 'yes', about: 'Skip the confirmation' },
      ],
    },
    {
      name: 'delete',
      about: 'Delete a setting',
      run: ['settings', 'remove'],
      pos: settingsScope,
      opts: [{ id: 'key', long: 'key', value: '<KEY>', required: true, about: 'Setting key' }, globalFlag, { id: 'yes', long: 'yes', about: 'Skip the confirmation' }],
    },
  ],
};

const sandbox = {
  name: 'sandbox',
  aliases: ['sb'],
  about: 'Manage sandboxes',
  subs: [
    {
      name: 'list',
      about: 'List sandboxes',
      run: ['sandboxes', 'list'],
      opts: [
        limit, offset,
        { id: 'ids', long: 'ids', conflicts: ['names', 'output'], about: 'Print ids only' },
        { id: 'names', long: 'names', conflicts: ['output'], about: 'Print names only' },
        { id: 'selector', long: 'selector', value: '<SELECTOR>', about: 'Label selector k=v,…' },
        output(), allWorkspaces,
      ],
    },
    {
      name: 'delete',
      about: 'Delete sandboxes',
      run: ['sandboxes', 'remove'],
      pos: [{ id: 'names', value: '<NAME>...', multiple: true }],
      opts: [{ id: 'all', long: 'all', conflicts: ['names'], about: 'Delete every sandbox' }],
      groups: [{ id: 'target', members: ['names', 'all'], required: true }],
    },
    unsimulated('create', 'Create a sandbox'),
    unsimulated('get', 'Show a sandbox'),
    unsimulated('connect', 'Connect to a sandbox'),
    unsimulated('exec', 'Run a command in a sandbox'),
    unsimulated('provider', 'Manage providers attached to a sandbox'),
  ],
};

const ROOT = {
  name: 'openshell',
  about: 'OpenShell: run agents in policy-enforced sandboxes',
  subs: [
    { name: 'status', about: 'Show gateway status (live health check)', run: ['status', 'status'], opts: [output()] },
    gateway,
    provider,
    settings,
    sandbox,
    unsimulated('whoami', 'Show the authenticated identity'),
    unsimulated('inference', 'Manage inference routing'),
    unsimulated('policy', 'Manage sandbox policies'),
    unsimulated('logs', 'Show sandbox logs'),
    unsimulated('forward', 'Manage port forwards'),
    unsimulated('service', 'Manage services'),
    unsimulated('workspace', 'Manage workspaces', { aliases: ['ws'] }),
    unsimulated('term', 'Open the terminal UI'),
    unsimulated('completions', 'Generate shell completions'),
  ],
};

module.exports = { ROOT, GLOBALS };
