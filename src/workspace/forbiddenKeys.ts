// Credential and config keys no provider definition may declare (ARCHITECTURE §6 "Forbidden credential
// keys"): a credential key becomes an environment variable of the openshell child that also carries the
// secret, so a key like OPENSHELL_GATEWAY_ENDPOINT, LD_PRELOAD or HTTPS_PROXY could send a token elsewhere or
// load foreign code. The list is the ARCHITECTURE's plus every key fullsend itself refuses
// (fullsend-current.md §5.1, "Reserved credential keys"). Case-insensitive.

const PREFIXES = ['OPENSHELL_', 'RYNO_', 'LD_', 'DYLD_', 'NODE_', 'RUST_', 'SSL_', 'CURL_', 'GIT_', 'XDG_', 'CLICOLOR'];
const SUFFIXES = ['_PROXY'];
const EXACT = new Set([
  'NO_PROXY', 'BASH_ENV', 'ENV', 'HOSTALIASES', 'PATH', 'HOME', 'TMPDIR', 'NO_GRAPHICS', 'NO_COLOR', 'FORCE_COLOR',
  // fullsend's reservedCredentialKeys not covered above.
  'SHELL', 'PYTHONPATH', 'PROMPT_COMMAND', 'IFS', 'CDPATH', 'JAVA_TOOL_OPTIONS', 'RUBYOPT', 'PERL5OPT', 'PYTHONSTARTUP',
]);

/** Whether a definition may not declare `key` as a credential or config key. */
export function isForbiddenKey(key: string): boolean {
  const k = key.toUpperCase();
  return EXACT.has(k) || PREFIXES.some((p) => k.startsWith(p)) || SUFFIXES.some((s) => k.endsWith(s));
}

export function forbiddenKeyMessage(provider: string, keys: readonly string[]): string {
  return `provider "${provider}": ${keys.length === 1 ? 'key' : 'keys'} ${keys.join(', ')} would steer the openshell process that carries its secrets (loader, proxy, TLS or gateway settings), so ${keys.length === 1 ? 'it is' : 'they are'} refused; rename ${keys.length === 1 ? 'it' : 'them'}`;
}
