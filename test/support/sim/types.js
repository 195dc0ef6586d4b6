'use strict';
// Provider types and the 13 built-in profiles (§7 of openshell-cli.md).
// Exact from the reference: the normalization table, which ids are built in, their categories, endpoint
// counts, inference flags and credential env vars. Invented (plausible stand-ins; nothing should depend on
// them): display names, descriptions, endpoint hosts, credential entry names and auth styles.

// openshell-providers/src/lib.rs normalize_provider_type + inference.rs aliases; case-insensitive.
const ALIASES = {
  vertex: 'google-vertex-ai', 'vertex-ai': 'google-vertex-ai', 'google-vertex': 'google-vertex-ai', 'gcp-vertex': 'google-vertex-ai', 'google-vertex-ai': 'google-vertex-ai',
  claude: 'claude-code', 'claude-code': 'claude-code', claude_code: 'claude-code',
  gcp: 'google-cloud', 'google-cloud': 'google-cloud',
  glab: 'gitlab', gitlab: 'gitlab',
  gh: 'github', github: 'github',
};
const IDENTITY = ['openai', 'anthropic', 'nvidia', 'deepinfra', 'aws-bedrock', 'codex', 'copilot', 'opencode', 'generic', 'outlook'];

/** The normalized id for a type the CLI knows without asking the gateway, else null. */
function normalizeKnown(type) {
  const t = type.trim().toLowerCase();
  if (Object.prototype.hasOwnProperty.call(ALIASES, t)) return ALIASES[t];
  return IDENTITY.includes(t) ? t : null;
}

const CATEGORIES = ['other', 'inference', 'agent', 'source_control', 'messaging', 'data', 'knowledge']; // enum order 1..7

const AWS_KEYS = [
  { name: 'access_key_id', env_vars: ['AWS_ACCESS_KEY_ID'], required: true, auth_style: 'header' },
  { name: 'secret_access_key', env_vars: ['AWS_SECRET_ACCESS_KEY'], required: true, auth_style: 'header' },
  { name: 'session_token', env_vars: ['AWS_SESSION_TOKEN'], required: false, auth_style: 'header' },
];
const bearer = (name, env_vars) => ({ name, env_vars, required: true, auth_style: 'bearer', header_name: 'authorization' });
const endpoints = (...hosts) => hosts.map((host) => ({ host, port: 443, protocol: 'rest', access: 'read-write', enforcement: 'enforce' }));

function profile(id, display_name, category, hosts, inference_capable, credentials, description) {
  const p = { id, display_name, description, category, credentials, endpoints: endpoints(...hosts), binaries: [], inference_capable };
  if (credentials.length) p.discovery = { credentials: credentials.map((c) => c.name) };
  p.source = 'builtin';
  return p;
}

const BUILTIN_PROFILES = [
  profile('aws', 'AWS', 'other', [], false, AWS_KEYS, 'Amazon Web Services credentials'),
  profile('aws-s3', 'AWS S3', 'other', ['s3.amazonaws.com', '*.s3.amazonaws.com', 's3.*.amazonaws.com', '*.s3.*.amazonaws.com', 's3-*.amazonaws.com', '*.s3-*.amazonaws.com'], false, AWS_KEYS, 'Amazon S3 object storage'),
  profile('google-cloud', 'Google Cloud', 'other', [], false, [
    bearer('sa_access_token', ['GCP_SA_ACCESS_TOKEN']), { ...bearer('adc_access_token', ['GCP_ADC_ACCESS_TOKEN']), required: false },
  ], 'Google Cloud access tokens'),
  profile('aws-bedrock', 'AWS Bedrock', 'inference', [], true, [
    ...AWS_KEYS, { name: 'region', env_vars: ['AWS_REGION', 'AWS_DEFAULT_REGION'], required: false, auth_style: 'header' },
  ], 'Amazon Bedrock inference'),
  profile('deepinfra', 'DeepInfra', 'inference', ['api.deepinfra.com'], true, [bearer('api_key', ['DEEPINFRA_API_KEY'])], 'DeepInfra inference API'),
  profile('google-vertex-ai', 'Google Vertex AI', 'inference', ['aiplatform.googleapis.com', '*-aiplatform.googleapis.com', 'oauth2.googleapis.com', 'www.googleapis.com'], true, [
    { name: 'service_account_key', env_vars: ['GOOGLE_SERVICE_ACCOUNT_KEY'], required: false, auth_style: 'bearer', header_name: 'authorization' },
    { ...bearer('access_token', ['GOOGLE_VERTEX_AI_TOKEN', 'GOOGLE_VERTEX_AI_SERVICE_ACCOUNT_TOKEN', 'VERTEX_AI_TOKEN', 'VERTEX_AI_SERVICE_ACCOUNT_TOKEN']), required: false },
  ], 'Google Vertex AI inference'),
  profile('nvidia', 'NVIDIA', 'inference', ['integrate.api.nvidia.com'], true, [bearer('api_key', ['NVIDIA_API_KEY'])], 'NVIDIA API catalog'),
  profile('claude-code', 'Claude Code', 'agent', ['api.anthropic.com', 'statsig.anthropic.com', 'sentry.io'], true, [
    { name: 'api_key', env_vars: ['ANTHROPIC_API_KEY', 'CLAUDE_API_KEY'], required: true, auth_style: 'header', header_name: 'x-api-key' },
  ], 'Anthropic Claude Code agent'),
  profile('codex', 'Codex', 'agent', ['api.openai.com', 'chatgpt.com', 'auth.openai.com', 'ab.chatgpt.com'], true,
    ['ACCESS_TOKEN', 'REFRESH_TOKEN', 'ACCOUNT_ID', 'ID_TOKEN'].map((k) => ({ ...bearer(k.toLowerCase(), [`CODEX_AUTH_${k}`]), required: k === 'ACCESS_TOKEN' })), 'OpenAI Codex agent'),
  profile('copilot', 'GitHub Copilot', 'agent', ['api.githubcopilot.com', 'api.individual.githubcopilot.com', 'api.business.githubcopilot.com', 'api.enterprise.githubcopilot.com', 'copilot-proxy.githubusercontent.com', 'api.github.com', 'github.com'], false,
    [bearer('token', ['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN'])], 'GitHub Copilot agent'),
  profile('cursor', 'Cursor', 'agent', ['api.cursor.sh', 'api2.cursor.sh', 'api3.cursor.sh', 'repo42.cursor.sh', 'cursor.com'], false, [], 'Cursor agent'),
  profile('github', 'GitHub', 'source_control', ['api.github.com', 'github.com', 'raw.githubusercontent.com'], false, [bearer('token', ['GITHUB_TOKEN', 'GH_TOKEN'])], 'GitHub REST and git access'),
  profile('pypi', 'PyPI', 'data', ['pypi.org', 'files.pythonhosted.org', 'upload.pypi.org', 'test.pypi.org', 'test-files.pythonhosted.org', 'pypi.python.org'], false, [], 'Python Package Index'),
];
const BUILTIN_IDS = new Set(BUILTIN_PROFILES.map((p) => p.id));

// The legacy (providers v1) --from-existing registry: env vars read per normalized type.
const LEGACY_DISCOVERY = {
  github: ['GITHUB_TOKEN', 'GH_TOKEN'],
  gitlab: ['GITLAB_TOKEN', 'GLAB_TOKEN'],
  openai: ['OPENAI_API_KEY'],
  anthropic: ['ANTHROPIC_API_KEY'],
  opencode: ['OPENCODE_API_KEY'],
};
function legacyDiscoveryVars(type) {
  if (LEGACY_DISCOVERY[type]) return LEGACY_DISCOVERY[type];
  const p = BUILTIN_PROFILES.find((b) => b.id === type);
  return p ? p.credentials.flatMap((c) => c.env_vars) : [];
}

module.exports = { normalizeKnown, BUILTIN_PROFILES, BUILTIN_IDS, CATEGORIES, legacyDiscoveryVars };
