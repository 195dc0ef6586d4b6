// The baseline: fullsend's provider logic, reproduced call for call — flaws included — and spawned the way
// fullsend spawns openshell: argv only, no shell, the child env = this process's env + the secrets (as
// `--env-file` would have os.Setenv'd them) + `K=value` for each bare `--credential K`. One version per
// dialect, chosen by `dialect`:
//
// 0.0 — fullsend as it was against OpenShell 0.0.x (shared/reference/fullsend.md §2.2–§2.5, `fullsend run`
// steps 4, 5 and 7):
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
// 0.1 — fullsend as it is today against OpenShell 0.1.x (shared/reference/fullsend-current.md §4.2, §5.1, §8):
//   4. the same `settings set`, every run; its `unknown setting key 'providers_v2_enabled'` failure counts as
//      success (EnableProvidersV2);
//   5. each listed profile, one after the other, ImportProfileVerified: forget the hash cache (rm
//      $TMPDIR/fullsend-profile-<h>.sha256), `provider profile delete <id>` (errors ignored; 0.1 refuses it
//      while a provider references the profile), `provider profile import --file <path>`; on "already exists"
//      `provider profile export <id>` (stdout only) compared with the file as maps, both ways, ignoring
//      top-level resource_version (equal = success, else the #7973 failure); then `provider list-profiles -o
//      json` must list the id (else forget, import again, list again, then fail);
//   7. providers as in 0.0, with today's transient errors: "unsupported provider type or profile",
//      `provider profile '…' (was) not found` and `provider was modified concurrently`, 3 attempts 500 ms apart.
//
// Deliberately left out, so the baseline is if anything cheaper than real fullsend: `gateway list` (step 2b),
// in 0.0 step 6 (`ImportProfiles(<dir>/profiles)`, a second delete + `import --from` per id behind a
// per-directory cache), in 0.1 the embedded reserved profiles (the benchmark declares none), and the flock
// around each cache file.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { expandEnv } from './workspace.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** exec.Command(bin, argv…).CombinedOutput(); `stdout` alone too (what .Output() would return). */
function run(bin, argv, env) {
  return new Promise((resolve) => {
    const child = spawn(bin, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    const out = [];
    child.stdout.on('data', (c) => { chunks.push(c); out.push(c); });
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (err) => resolve({ code: -1, output: String(err), stdout: '' }));
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8'), stdout: Buffer.concat(out).toString('utf8') }));
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

const cachePath = (tmpDir, id) => path.join(tmpDir, `fullsend-profile-${sha256(id).slice(0, 16)}.sha256`);

/** reflect.DeepEqual over what yaml.Unmarshal gives (maps compared key by key, both ways). */
function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}
const withoutResourceVersion = (m) => { const { resource_version: _, ...rest } = m ?? {}; return rest; };

/** ProfileExists' parse: a JSON array with `id` fields, else the first column of the table. */
function listedIds(output) {
  try {
    const arr = JSON.parse(output);
    if (Array.isArray(arr)) return arr.map((p) => p?.id);
  } catch { /* the table */ }
  return output.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
}

/** Profile import, per dialect (step 5). @returns {Promise<string | undefined>} an error, or undefined */
async function importProfiles01({ openshell, profiles, tmpDir }) {
  // ImportProfile: cache check (a miss right after the forget, unless a concurrent run wrote it), delete, import,
  // and on "already exists" the export comparison.
  const importProfile = async (id, file, data) => {
    const cache = cachePath(tmpDir, id);
    const hash = sha256(data);
    if (fs.existsSync(cache) && fs.readFileSync(cache, 'utf8').trim() === hash) return undefined;
    await openshell(['provider', 'profile', 'delete', id]); // errors ignored
    const r = await openshell(['provider', 'profile', 'import', '--file', file]);
    if (r.code === 0) { fs.writeFileSync(cache, hash); return undefined; }
    if (!r.output.includes('already exists')) return `profile import "${file}" failed: openshell: exit status ${r.code}\noutput: ${r.output.trim()}`;
    const e = await openshell(['provider', 'profile', 'export', id]);
    let exported;
    try {
      if (e.code !== 0) throw new Error(`exit status ${e.code}`);
      exported = parse(e.stdout);
    } catch (err) {
      return `profile import "${file}" reported "already exists", and the gateway's current content could not be verified: ${err.message}`;
    }
    if (deepEqual(withoutResourceVersion(parse(data.toString('utf8'))), withoutResourceVersion(exported))) { fs.writeFileSync(cache, hash); return undefined; }
    return `profile import "${file}" failed: openshell reported the profile "${id}" already exists, but its content on the gateway does not match "${file}"; ` +
      'the preceding delete was likely blocked because a provider still references the profile — remove that provider (or delete the profile manually) and retry';
  };
  const listed = async (id) => {
    const r = await openshell(['provider', 'list-profiles', '-o', 'json']);
    if (r.code !== 0) throw new Error(`listing provider profiles: exit status ${r.code} (output: ${r.output.trim()})`);
    return listedIds(r.stdout).includes(id);
  };
  for (const file of profiles) {
    const data = fs.readFileSync(file);
    const id = parse(data.toString('utf8')).id;
    try {
      for (let attempt = 1; ; attempt++) {
        fs.rmSync(cachePath(tmpDir, id), { force: true }); // ForgetProfileCache
        const err = await importProfile(id, file, data);
        if (err) return `importing profile "${id}": ${err}`;
        if (await listed(id)) break;
        if (attempt === 2) return `importing profile "${id}": provider profile "${id}" is not on the gateway after import`;
      }
    } catch (err) { return `importing profile "${id}": ${err.message}`; }
  }
  return undefined;
}

async function importProfiles00({ openshell, profiles, tmpDir }) {
  for (const file of profiles) {
    const data = fs.readFileSync(file);
    const id = parse(data.toString('utf8')).id;
    const cache = cachePath(tmpDir, id);
    const hash = sha256(data);
    if (fs.existsSync(cache) && fs.readFileSync(cache, 'utf8').trim() === hash) continue;
    await openshell(['provider', 'profile', 'delete', id]); // errors ignored
    const r = await openshell(['provider', 'profile', 'import', '--file', file]);
    if (r.code !== 0 && !r.output.includes('already exists')) return `importing profile ${id}: ${r.output.trim()}`;
    fs.writeFileSync(cache, hash);
  }
  return undefined;
}

/** Create errors fullsend retries (3 attempts, 500 ms apart), on the lower-cased output. */
const TRANSIENT = {
  '0.0': [/unsupported provider type or profile/],
  '0.1': [/unsupported provider type or profile/, /provider\W+profile\W+'[^']+'(?:\W+was)?\W+not\W+found/, /provider was modified\W+concurrently/],
};

/**
 * One `fullsend run`'s provider phase against the active gateway.
 * @param {{ bin: string, dir: string, baseEnv: Record<string,string>, secrets: Record<string,string>, tmpDir: string, dialect?: '0.0' | '0.1' }} o
 *   tmpDir: fullsend's os.TempDir(), private to this baseline "installation" (holds its profile hash caches);
 *   dialect: the CLI's, which picks the fullsend of that era (default 0.0)
 * @returns {Promise<{ errors: string[], spawned: number }>}
 */
export async function fullsendEnsure({ bin, dir, baseEnv, secrets, tmpDir, dialect = '0.0' }) {
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

  // 4. Enable providers v2, every run (0.1: the unknown key counts as success).
  if (providers.length || profiles.length) {
    const r = await openshell(['settings', 'set', '--key', 'providers_v2_enabled', '--value', 'true', '--global', '--yes']);
    const removed = dialect === '0.1' && r.output.includes('unknown setting key') && r.output.includes('providers_v2_enabled');
    if (r.code !== 0 && !removed) return { errors: [`failed to enable providers_v2: ${r.output.trim()}`], spawned };
  }

  // 5. Profiles, sequentially.
  const failed = await (dialect === '0.1' ? importProfiles01 : importProfiles00)({ openshell, profiles, tmpDir });
  if (failed) return { errors: [failed], spawned };

  // 7. EnsureProvider for every provider at once.
  const transient = TRANSIENT[dialect];
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
      if (transient.some((re) => re.test(out)) && attempt < 3) { await sleep(500); continue; }
      errors.push(`ensuring provider "${def.name}": ${attempt > 1 ? `retries exhausted after ${attempt} attempts: ` : ''}${r.output.trim()}`);
      return;
    }
  }));
  return { errors, spawned };
}
