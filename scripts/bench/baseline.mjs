// The baseline: fullsend's provider logic (shared/reference/fullsend.md §2.2–§2.5, `fullsend run` steps 4,
// 5 and 7), reproduced call for call — flaws included — and spawned the way fullsend spawns openshell:
// argv only, no shell, the child env = this process's env + the secrets (as `--env-file` would have
// os.Setenv'd them) + `K=value` for each bare `--credential K`.
//
//   4. `settings set --key providers_v2_enabled --value true --global --yes`, every run;
//   5. each harness profile, one after the other: unless its hash cache hits,
//      `provider profile delete <id>` (errors ignored) then `provider profile import --file <path>`
//      (output containing "already exists" counts as success), then the cache is written;
//   7. every provider at once (goroutines, unbounded): `provider create --name n --type t
//      [--credential K]… [--credential K=]… [--config K=V]…` (keys sorted); on "provider already exists"
//      `provider update n` with the same credential/config args (so `K=` for `_NOOP_*` keys deletes them,
//      undeclared keys are never pruned, a changed type is silently kept); on "unsupported provider type or
//      profile" up to 3 attempts, 500 ms apart.
//
// Deliberately left out, so the baseline is if anything cheaper than real fullsend: `gateway list` (step 2b),
// step 6 (`ImportProfiles(<dir>/profiles)`, a second delete + `import --from` per id behind a per-directory
// cache) and the flock around each cache file.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { expandEnv } from './workspace.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** exec.Command(bin, argv…).CombinedOutput() */
function run(bin, argv, env) {
  return new Promise((resolve) => {
    const child = spawn(bin, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** buildProviderArgs / buildProviderUpdateArgs: sorted keys, bare key + child env when non-empty, `K=` when empty. */
function providerArgs(def, env) {
  const args = [];
  const extraEnv = {};
  for (const k of Object.keys(def.credentials ?? {}).sort()) {
    const expanded = expandEnv(String(def.credentials[k] ?? ''), env);
    if (expanded !== '') { args.push('--credential', k); extraEnv[k] = expanded; } else args.push('--credential', `${k}=`);
  }
  for (const k of Object.keys(def.config ?? {}).sort()) args.push('--config', `${k}=${expandEnv(String(def.config[k] ?? ''), env)}`);
  return { args, extraEnv };
}

/**
 * One `fullsend run`'s provider phase against the active gateway.
 * @param {{ bin: string, dir: string, baseEnv: Record<string,string>, secrets: Record<string,string>, tmpDir: string }} o
 *   tmpDir: fullsend's os.TempDir(), private to this baseline "installation" (holds its profile hash caches)
 * @returns {Promise<{ errors: string[], spawned: number }>}
 */
export async function fullsendEnsure({ bin, dir, baseEnv, secrets, tmpDir }) {
  const env = { ...baseEnv, ...secrets, TMPDIR: tmpDir };
  let spawned = 0;
  const openshell = (argv, extraEnv = {}) => { spawned++; return run(bin, argv, { ...env, ...extraEnv }); };
  const errors = [];

  // Load config → harness → providers (bare names, filtered by the harness) and profiles.
  const config = parse(fs.readFileSync(path.join(dir, 'config.yaml'), 'utf8'));
  const harness = parse(fs.readFileSync(path.join(dir, config.agents[0].source), 'utf8'));
  const declared = new Set(harness.providers);
  const providers = fs.readdirSync(path.join(dir, 'providers')).filter((f) => /\.ya?ml$/.test(f)).sort()
    .map((f) => parse(fs.readFileSync(path.join(dir, 'providers', f), 'utf8')))
    .filter((p) => declared.has(p.name));
  const profiles = (harness.openshell?.profiles ?? []).map((rel) => path.join(dir, rel));

  // 4. Enable providers v2, every run.
  if (providers.length || profiles.length) {
    const r = await openshell(['settings', 'set', '--key', 'providers_v2_enabled', '--value', 'true', '--global', '--yes']);
    if (r.code !== 0) return { errors: [`failed to enable providers_v2: ${r.output.trim()}`], spawned };
  }

  // 5. ImportProfile, sequentially, behind the per-profile hash cache.
  for (const file of profiles) {
    const data = fs.readFileSync(file);
    const id = parse(data.toString('utf8')).id;
    const cache = path.join(tmpDir, `fullsend-profile-${sha256(id).slice(0, 16)}.sha256`);
    const hash = sha256(data);
    if (fs.existsSync(cache) && fs.readFileSync(cache, 'utf8').trim() === hash) continue;
    await openshell(['provider', 'profile', 'delete', id]); // errors ignored
    const r = await openshell(['provider', 'profile', 'import', '--file', file]);
    if (r.code !== 0 && !r.output.includes('already exists')) return { errors: [`importing profile ${id}: ${r.output.trim()}`], spawned };
    fs.writeFileSync(cache, hash);
  }

  // 7. EnsureProvider for every provider at once.
  await Promise.all(providers.map(async (def) => {
    const { args, extraEnv } = providerArgs(def, env);
    for (let attempt = 1; ; attempt++) {
      const r = await openshell(['provider', 'create', '--name', def.name, '--type', def.type, ...args], extraEnv);
      if (r.code === 0) return;
      const out = r.output.toLowerCase();
      if (out.includes('provider already exists')) {
        const u = await openshell(['provider', 'update', def.name, ...args], extraEnv);
        if (u.code !== 0) errors.push(`ensuring provider "${def.name}": provider update "${def.name}" failed (output: ${u.output.trim()})`);
        return;
      }
      if (out.includes('unsupported provider type or profile') && attempt < 3) { await sleep(500); continue; }
      errors.push(`ensuring provider "${def.name}": ${attempt > 1 ? `retries exhausted after ${attempt} attempts: ` : ''}${r.output.trim()}`);
      return;
    }
  }));
  return { errors, spawned };
}
