// Synthetic agents-repo workspaces for the Ensure benchmark, generated under a temp dir (never committed).
// One harness declares providers p01…pNN, each with its own profile fullsend-pNN. Like fullsend's stock
// providers, every third one is policy-only (`_NOOP_PNN: ""`); every fifth also carries a config value.
// For the 0.1 dialect the profile files are written the way `profile export` prints them (minus
// resource_version): fullsend's ImportProfileVerified compares the gateway's export with the file as maps, and
// a file without the fields the export adds (`credentials: []`, `inference_capable`, `source`, `scope`) would
// fail every run on a warm gateway (fullsend-current.md §4.3), leaving no baseline to compare with.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const nn = (i) => String(i).padStart(2, '0');

/** The provider whose secret is rotated and whose type is changed (it has a real credential for any N). */
export const TARGET = 'p01';

/** The simulator version per dialect the benchmark measures. */
export const VERSIONS = { '0.0': '0.0.116', '0.1': '0.1.5' };

/**
 * Writes the workspace and returns its declaration (what the gateway must hold afterwards) and the
 * environment that supplies its secrets.
 * @param {{ extraProfiles?: string[], dialect?: '0.0' | '0.1' }} opts extraProfiles: more profile ids, declared in
 *   the harness too; dialect: the CLI dialect the workspace is ensured against (default 0.0)
 */
export function makeWorkspace(dir, n, { extraProfiles = [], dialect = '0.0' } = {}) {
  const w = (rel, text) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  const providers = [];
  const env = {};
  for (let i = 1; i <= n; i++) {
    const name = `p${nn(i)}`;
    const p = { name, type: `fullsend-${name}`, credentials: {}, config: {} };
    if (i % 3 === 0) {
      p.credentials[`_NOOP_${name.toUpperCase()}`] = '';
    } else {
      p.credentials[`TOKEN_${nn(i)}`] = `\${TOKEN_${nn(i)}}`;
      env[`TOKEN_${nn(i)}`] = `secret-${nn(i)}-v1-${'x'.repeat(24)}`;
    }
    if (i % 5 === 0) p.config[`BASE_URL_${nn(i)}`] = `https://${name}.example.invalid/api`;
    providers.push(p);
    writeProvider(dir, p);
  }
  const profiles = [...providers.map((p) => p.type), ...extraProfiles];
  for (const id of profiles) {
    w(`profiles/${id}.yaml`, [
      '---',
      `id: ${id}`,
      `display_name: Bench ${id}`,
      `description: Network policy for the benchmark's ${id}`,
      'category: other',
      ...(dialect === '0.1' ? ['credentials: []'] : []),
      'endpoints:',
      `  - {host: ${id}.example.invalid, port: 443, protocol: rest, access: read-only, enforcement: enforce}`,
      'binaries: ["**/curl"]',
      ...(dialect === '0.1' ? ['inference_capable: false', 'source: custom', 'scope: default'] : []),
      '',
    ].join('\n'));
  }
  w('config.yaml', 'version: "1"\nagents:\n  - source: harness/bench.yaml\n');
  w('agents/bench.md', '# bench\n');
  w('harness/bench.yaml', [
    'agent: agents/bench.md',
    'role: bench',
    `providers: [${providers.map((p) => p.name).join(', ')}]`,
    'openshell:',
    `  profiles: [${profiles.map((id) => `profiles/${id}.yaml`).join(', ')}]`,
    '',
  ].join('\n'));
  return { dir, declaration: { providers, profiles }, env, dialect };
}

export function writeProvider(dir, p) {
  const lines = ['---', `name: ${p.name}`, `type: ${p.type}`, 'credentials:'];
  for (const [k, v] of Object.entries(p.credentials)) lines.push(`  ${k}: "${v}"`);
  if (Object.keys(p.config).length) {
    lines.push('config:');
    for (const [k, v] of Object.entries(p.config)) lines.push(`  ${k}: "${v}"`);
  }
  fs.mkdirSync(path.join(dir, 'providers'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'providers', `${p.name}.yaml`), lines.join('\n') + '\n');
}

/** Changes one provider's `type:` in its YAML (and in the declaration). */
export function changeType(ws, name, type) {
  const p = ws.declaration.providers.find((x) => x.name === name);
  p.type = type;
  writeProvider(ws.dir, p);
}

/** os.ExpandEnv: `${VAR}` and `$VAR`, unset → "". */
export function expandEnv(text, env) {
  return text.replace(/\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a, b) => env[a ?? b] ?? '');
}

/**
 * Does the gateway hold exactly what the workspace declares? Types, credential key sets and values (the
 * simulator's state file keeps them), config, the declared profiles and (0.0 only: 0.1 has no such setting)
 * providers_v2_enabled.
 * @returns {string[]} problems, empty when it matches
 */
export function checkState(state, ws, env) {
  const problems = [];
  if (ws.dialect !== '0.1' && state.settings.values.providers_v2_enabled !== true) problems.push('providers_v2_enabled is not true');
  for (const id of ws.declaration.profiles) if (!state.profiles.some((p) => p.id === id)) problems.push(`profile ${id} missing`);
  for (const p of ws.declaration.providers) {
    const s = state.providers.find((x) => x.name === p.name);
    if (!s) { problems.push(`${p.name} missing`); continue; }
    if (s.type !== p.type) problems.push(`${p.name} has type ${s.type}, declared ${p.type}`);
    for (const [what, declared, stored] of [['credential', p.credentials, s.credentials], ['config', p.config, s.config]]) {
      for (const [k, template] of Object.entries(declared)) {
        if (!(k in stored)) problems.push(`${p.name} lost ${what} ${k}`);
        else if (stored[k] !== expandEnv(template, env)) problems.push(`${p.name} ${what} ${k} holds a stale value`);
      }
      for (const k of Object.keys(stored)) if (!(k in declared)) problems.push(`${p.name} keeps undeclared ${what} ${k}`);
    }
  }
  return problems;
}

/** "p01 has type …; p03 lost credential _NOOP_P03 (+16 more)" */
export function summarizeProblems(problems, max = 2) {
  if (!problems.length) return 'ok';
  const more = problems.length - max;
  return problems.slice(0, max).join('; ') + (more > 0 ? ` (+${more} more)` : '');
}
