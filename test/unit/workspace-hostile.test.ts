// Hostile workspaces (ARCHITECTURE §6 "Hostile files"): a repository can put anything where the extension
// expects a small YAML or env file — a symlink to a device or a FIFO, a sparse multi-GB file, an alias bomb,
// absurd nesting, ten thousand providers, paths out of the workspace, names made of shell syntax, bytes that
// are not UTF-8. Each one must end in a diagnostic (or a clear error), within bounded time and memory, and
// never take the extension host down. Every load runs against a 10 s timer and a peak-RSS budget; the suite
// ends with one line, `hostile: N inputs, C crashes, H hangs`, and fails unless C and H are 0.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as commands from '../../src/openshell/commands';
import type { Diagnostic } from '../../src/workspace/diagnostics';
import { loadWorkspace, loadWorkspaces, type Workspace } from '../../src/workspace/model';
import { resolveNeeds } from '../../src/workspace/resolve';

const TIME_LIMIT_MS = 10_000;
const RSS_LIMIT = 300 * 1024 * 1024;
const MiB = 1024 * 1024;
const POSIX = process.platform !== 'win32';

let inputs = 0;
let crashes = 0;
let hangs = 0;

/**
 * Runs one hostile load: a hang is no answer within the time limit, a crash is a throw (or a rejection) or a
 * peak RSS growth over the budget (reading /dev/zero whole would end in an out-of-memory kill of the host).
 */
async function bounded<T>(what: string, load: () => Promise<T>): Promise<T> {
  inputs++;
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
  const sampler = setInterval(sample, 5);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'hang'>((resolve) => { timer = setTimeout(() => resolve('hang'), TIME_LIMIT_MS); });
  const started = Date.now();
  try {
    const out = await Promise.race([load().then((value) => ({ value }), (error: unknown) => ({ error })), timeout]);
    sample();
    if (out === 'hang') {
      hangs++;
      assert.fail(`${what}: no answer within ${TIME_LIMIT_MS / 1000} s`);
    }
    if ('error' in out) {
      crashes++;
      assert.fail(`${what}: the load threw ${String(out.error)}`);
    }
    if (peak - rss0 > RSS_LIMIT) {
      crashes++;
      assert.fail(`${what}: RSS grew by ${Math.round((peak - rss0) / MiB)} MiB (budget ${RSS_LIMIT / MiB} MiB) in ${Date.now() - started} ms`);
    }
    return out.value;
  } finally {
    clearInterval(sampler);
    clearTimeout(timer);
  }
}

// --- building workspaces ---------------------------------------------------------------------------------

let scratch: string;
/** Paths handed to a reader that may be blocked on them (old code: a FIFO's open), released after each test. */
const fifos: string[] = [];

function freshDir(name: string): string {
  return fs.mkdtempSync(path.join(scratch, `${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}-`));
}

function write(root: string, rel: string, content: string | Buffer): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function symlink(root: string, rel: string, target: string): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.symlinkSync(target, file);
  return file;
}

function mkfifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
  fifos.push(file);
}

/** Whatever a reader blocked on a FIFO is waiting for: a writer that opens and closes at once (EOF). */
function releaseFifos(): void {
  for (const f of fifos.splice(0)) {
    try {
      fs.closeSync(fs.openSync(f, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is reading it, which is the point.
    }
  }
}

type Target = 'dev-zero' | 'dev-urandom' | 'fifo' | 'sparse-3GiB';
const TARGETS: Target[] = ['dev-zero', 'dev-urandom', 'fifo', 'sparse-3GiB'];

/** Puts the hostile thing at `rel`: a symlink to a device or to a FIFO in the workspace, or a sparse 3 GiB file. */
function place(root: string, rel: string, target: Target): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  switch (target) {
    case 'dev-zero':
      fs.symlinkSync('/dev/zero', file);
      break;
    case 'dev-urandom':
      fs.symlinkSync('/dev/urandom', file);
      break;
    case 'fifo': {
      const fifo = path.join(root, 'pipes', `${path.basename(rel)}.fifo`);
      mkfifo(fifo);
      fs.symlinkSync(fifo, file);
      break;
    }
    case 'sparse-3GiB':
      fs.writeFileSync(file, 'name: big\n');
      fs.truncateSync(file, 3 * 1024 * MiB); // sparse: costs no disk
      break;
  }
}

const PROVIDER = (name: string) => `name: ${name}\ntype: generic\ncredentials:\n  TOKEN: "\${${name.toUpperCase().replace(/-/g, '_')}_TOKEN}"\n`;

function agentsRepo(root: string, harness: string): void {
  write(root, 'harness/a.yaml', harness);
}

const codeOf = (d: Diagnostic) => (d as Diagnostic & { code?: string }).code;
const show = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.severity} ${d.message}${codeOf(d) ? ` [${codeOf(d)}]` : ''}`).join('\n  ');

interface Want {
  file: string;
  line?: number;
  message: RegExp;
  code?: string;
  severity?: Diagnostic['severity'];
}

function expectDiagnostic(ds: readonly Diagnostic[], want: Want): Diagnostic {
  const hit = ds.find((d) => d.file === want.file && (want.line === undefined || d.line === want.line) && want.message.test(d.message));
  assert.ok(hit, `expected a diagnostic on ${want.file}${want.line ? `:${want.line}` : ''} matching ${want.message}; got:\n  ${show(ds)}`);
  if (want.code) assert.strictEqual(codeOf(hit), want.code, `code of "${hit.message}"`);
  assert.strictEqual(hit.severity, want.severity ?? 'error', `severity of "${hit.message}"`);
  return hit;
}

async function loadOne(what: string, folder: string): Promise<Workspace> {
  const all = await bounded(what, () => loadWorkspaces([folder]));
  assert.strictEqual(all.length, 1, `${what}: ${folder} is found as one fullsend dir`);
  return all[0];
}

/** Records every path the workspace code opens or reads whole, to prove what it left alone. */
function spyOpens(): { opened: string[]; restore(): void } {
  const opened: string[] = [];
  const p = fs.promises;
  const realOpen = p.open;
  const realReadFile = p.readFile;
  p.open = (async (...args: Parameters<typeof realOpen>) => { opened.push(String(args[0])); return realOpen(...args); }) as typeof realOpen;
  p.readFile = (async (...args: Parameters<typeof realReadFile>) => { opened.push(String(args[0])); return realReadFile(...args); }) as typeof realReadFile;
  return { opened, restore: () => { p.open = realOpen; p.readFile = realReadFile; } };
}

const NOT_A_FILE = /not a regular file/;
const TOO_LARGE = /exceeds maximum size \(1048576 bytes\)/;
const refusal = (t: Target) => (t === 'sparse-3GiB' ? { message: TOO_LARGE, code: 'file-too-large' } : { message: NOT_A_FILE, code: 'not-a-file' });
const SHA = 'ab'.repeat(32);

(POSIX ? describe : describe.skip)('workspace: hostile workspaces', function () {
  this.timeout(TIME_LIMIT_MS + 10_000);

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-hostile-'));
  });
  afterEach(releaseFifos);
  after(() => {
    releaseFifos();
    fs.rmSync(scratch, { recursive: true, force: true });
    console.log(`hostile: ${inputs} inputs, ${crashes} crashes, ${hangs} hangs`);
    assert.strictEqual(crashes, 0, 'crashes');
    assert.strictEqual(hangs, 0, 'hangs');
  });

  // --- devices, FIFOs and sparse files in every place the model reads ---------------------------------------

  for (const target of TARGETS) {
    describe(`${target} as`, () => {
      it('.fullsend/config.yaml (per-repo install)', async () => {
        const root = freshDir(`config-${target}`);
        place(root, '.fullsend/config.yaml', target);
        write(root, '.fullsend/harness/a.yaml', `agent: agents/a.md\nrole: a\nproviders: [github]\n`);
        const ws = await loadOne(`config.yaml → ${target}`, root);
        assert.strictEqual(ws.kind, 'per-repo');
        expectDiagnostic(ws.diagnostics, { file: path.join(root, '.fullsend/config.yaml'), line: 1, ...refusal(target) });
        assert.deepStrictEqual(ws.agents.map((a) => a.name), ['a'], 'the rest of the workspace still loads');
      });

      it('a harness (read by discovery and by the model)', async () => {
        const root = freshDir(`harness-${target}`);
        place(root, 'harness/a.yaml', target);
        write(root, 'harness/ok.yaml', `agent: agents/ok.md\nrole: ok\n`);
        const ws = await loadOne(`harness → ${target}`, root);
        expectDiagnostic(ws.diagnostics, { file: path.join(root, 'harness/a.yaml'), line: 1, ...refusal(target) });
        assert.ok(ws.agents.some((a) => a.name === 'ok'));
      });

      it('a providers/*.yaml', async () => {
        const root = freshDir(`provider-${target}`);
        agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [ok, evil]\n`);
        write(root, 'providers/ok.yaml', PROVIDER('ok'));
        place(root, 'providers/evil.yaml', target);
        const ws = await loadOne(`providers/evil.yaml → ${target}`, root);
        expectDiagnostic(ws.diagnostics, { file: path.join(root, 'providers/evil.yaml'), line: 1, ...refusal(target) });
        // The provider that needs it gets its own error.
        expectDiagnostic(ws.diagnostics, { file: path.join(root, 'harness/a.yaml'), line: 3, message: /provider "evil" does not exist .*providers\/evil\.yaml could not be read/ });
        assert.deepStrictEqual(ws.providers.map((p) => p.name), ['ok']);
      });

      it('a profile', async () => {
        const root = freshDir(`profile-${target}`);
        agentsRepo(root, `agent: agents/a.md\nrole: a\nopenshell:\n  profiles: [profiles/p.yaml]\n`);
        place(root, 'profiles/p.yaml', target);
        const ws = await loadOne(`profiles/p.yaml → ${target}`, root);
        expectDiagnostic(ws.diagnostics, { file: path.join(root, 'profiles/p.yaml'), line: 1, ...refusal(target) });
        assert.deepStrictEqual(ws.profiles, []);
      });

      it('a host_files src with expand: true', async () => {
        const root = freshDir(`host-expand-${target}`);
        agentsRepo(root, `agent: agents/a.md\nrole: a\nhost_files:\n  - {src: env/host.env, dest: /sandbox/host.env, expand: true}\n`);
        place(root, 'env/host.env', target);
        const ws = await loadOne(`host file (expand) → ${target}`, root);
        expectDiagnostic(ws.diagnostics, { file: path.join(root, 'harness/a.yaml'), line: 4, message: new RegExp(`host_files\\[0\\]\\.src: env/host\\.env .*${refusal(target).message.source}`), code: refusal(target).code });
      });

      it('a host_files src with expand: false (never read: fullsend does not expand it)', async () => {
        const root = freshDir(`host-raw-${target}`);
        agentsRepo(root, `agent: agents/a.md\nrole: a\nhost_files:\n  - {src: env/raw.bin, dest: /sandbox/raw.bin}\n`);
        place(root, 'env/raw.bin', target);
        const spy = spyOpens();
        let ws: Workspace;
        try {
          ws = await loadOne(`host file (no expand) → ${target}`, root);
        } finally {
          spy.restore();
        }
        const host = path.join(root, 'env/raw.bin');
        assert.ok(!spy.opened.some((f) => f === host || f.startsWith('/dev/') || f.endsWith('.fifo')), `opened: ${spy.opened.join(', ')}`);
        assert.ok(!ws.diagnostics.some((d) => /host_files/.test(d.message)), show(ws.diagnostics));
      });

      it('an env file', async () => {
        const root = freshDir(`env-${target}`);
        place(root, 'env/x.env', target);
        const file = path.join(root, 'env/x.env');
        const { report } = await bounded(`env file → ${target}`, () => resolveNeeds({ vars: [], providers: [] }, { envFiles: [file], baseDir: root }));
        assert.deepStrictEqual(report.envFiles.map((f) => f.found), [false]);
        expectDiagnostic(report.diagnostics, { file, line: 1, ...refusal(target) });
      });

      it("a cached URL entry's content", async () => {
        const root = freshDir(`cache-${target}`);
        agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders:\n  - https://example.com/p.yaml#sha256=${SHA}\n`);
        place(root, `.fullsend-cache/resources/sha256/${SHA}/content`, target);
        const ws = await loadOne(`cached content → ${target}`, root);
        assert.deepStrictEqual(ws.skipped.map((s) => [s.kind, s.url]), [['provider', 'https://example.com/p.yaml']]);
        assert.match(ws.skipped[0].reason, target === 'sparse-3GiB' ? TOO_LARGE : NOT_A_FILE);
        expectDiagnostic(ws.diagnostics, { file: path.join(root, 'harness/a.yaml'), line: 4, message: /skipped/, severity: 'warning' });
      });
    });
  }

  describe('other files that are not files', () => {
    it('a symlink loop as a provider file', async () => {
      const root = freshDir('loop');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [evil]\n`);
      symlink(root, 'providers/evil.yaml', 'loop.yaml');
      symlink(root, 'providers/loop.yaml', 'evil.yaml');
      const ws = await loadOne('symlink loop', root);
      expectDiagnostic(ws.diagnostics, { file: path.join(root, 'providers/evil.yaml'), line: 1, message: /symlink loop|ELOOP/ });
    });

    it('a directory named like a provider file', async () => {
      const root = freshDir('dir');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [evil]\n`);
      fs.mkdirSync(path.join(root, 'providers/evil.yaml'), { recursive: true });
      const ws = await loadOne('directory', root);
      expectDiagnostic(ws.diagnostics, { file: path.join(root, 'providers/evil.yaml'), line: 1, message: /directory/ });
    });

    it('a sparse 200 MiB provider file (is refused by its size, not read)', async () => {
      const root = freshDir('sparse-200');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [big]\n`);
      const file = write(root, 'providers/big.yaml', PROVIDER('big'));
      fs.truncateSync(file, 200 * MiB);
      const ws = await loadOne('sparse 200 MiB', root);
      expectDiagnostic(ws.diagnostics, { file, line: 1, message: TOO_LARGE, code: 'file-too-large' });
    });

    it('a provider file of 1 MiB + 1 byte is refused; one of exactly 1 MiB is read', async () => {
      const root = freshDir('cap');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [over, at]\n`);
      const pad = (s: string, n: number) => s + '#'.repeat(n - Buffer.byteLength(s));
      const over = write(root, 'providers/over.yaml', pad(PROVIDER('over'), MiB + 1));
      write(root, 'providers/at.yaml', pad(PROVIDER('at'), MiB));
      const ws = await loadOne('1 MiB cap', root);
      expectDiagnostic(ws.diagnostics, { file: over, line: 1, message: TOO_LARGE, code: 'file-too-large' });
      assert.deepStrictEqual(ws.providers.map((p) => p.name), ['at']);
    });
  });

  // --- YAML that costs more to parse than it weighs ---------------------------------------------------------

  describe('YAML bombs', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      laughs.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const BILLION_LAUGHS = laughs.join('\n') + '\n';

    for (const where of ['providers/evil.yaml', 'harness/a.yaml', 'config.yaml'] as const) {
      it(`an alias bomb ("billion laughs") as ${where}`, async () => {
        const root = freshDir(`bomb-${where}`);
        if (where !== 'harness/a.yaml') agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [evil]\n`);
        else write(root, 'harness/ok.yaml', `agent: agents/ok.md\nrole: ok\n`);
        const file = write(root, where, where === 'config.yaml' ? `version: "1"\nagents: []\n${BILLION_LAUGHS}` : `name: evil\ntype: generic\n${BILLION_LAUGHS}`);
        const ws = await loadOne(`alias bomb in ${where}`, root);
        expectDiagnostic(ws.diagnostics, { file, message: /alias/i, code: 'yaml-syntax' });
      });
    }

    const N = 10_000;
    const deep: Record<string, string> = {
      'flow sequences': `name: deep\ntype: generic\nx: ${'['.repeat(N)}${']'.repeat(N)}\n`,
      'flow mappings': `name: deep\ntype: generic\nx: ${'{a: '.repeat(N)}1${'}'.repeat(N)}\n`,
      'compact block sequences': `name: deep\ntype: generic\nx:\n  ${'- '.repeat(N)}1\n`,
    };
    for (const [shape, text] of Object.entries(deep)) {
      it(`${N}-level nesting of ${shape}`, async () => {
        const root = freshDir(`deep-${shape}`);
        agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [deep]\n`);
        const file = write(root, 'providers/deep.yaml', text);
        const ws = await loadOne(`deep ${shape}`, root);
        const hits = ws.diagnostics.filter((d) => d.file === file);
        expectDiagnostic(hits, { file, message: /invalid YAML: .*(nest|deep)/i, code: 'yaml-syntax' });
        assert.strictEqual(hits.length, 1, `one diagnostic, not one per level:\n  ${show(hits)}`);
      });
    }

    it('a mapping with 80 000 keys under 1 MiB (duplicate-key checks must stay linear)', async () => {
      const root = freshDir('keys');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [keys]\n`);
      const keys = Array.from({ length: 80_000 }, (_, i) => `k${i}: 1`).join('\n');
      const file = write(root, 'providers/keys.yaml', `name: keys\ntype: generic\nconfig:\n  dup: 1\n  dup: 2\nx:\n${keys.replace(/^/gm, '  ')}\n`);
      assert.ok(fs.statSync(file).size <= MiB);
      const ws = await loadOne('80 000 keys', root);
      // The one duplicate key is still found (fullsend's decoder refuses it too).
      expectDiagnostic(ws.diagnostics, { file, line: 5, message: /invalid YAML: .*already defined at line 4/, code: 'yaml-syntax' });
    });

    it('260 000 YAML documents in one file', async () => {
      const root = freshDir('docs');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [docs]\n`);
      const file = write(root, 'providers/docs.yaml', `${PROVIDER('docs')}${'---\n'.repeat(260_000)}`);
      const ws = await loadOne('260 000 documents', root);
      expectDiagnostic(ws.diagnostics, { file, message: /only the first YAML document/, severity: 'warning' });
      assert.deepStrictEqual(ws.providers.map((p) => p.name), ['docs']);
    });
  });

  describe('10 000 providers', () => {
    it('loads a providers/ directory of 10 000 files in bounded time', async () => {
      const root = freshDir('many');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [p00000, p05000, p09999]\n`);
      fs.mkdirSync(path.join(root, 'providers'));
      for (let i = 0; i < 10_000; i++) {
        const name = `p${String(i).padStart(5, '0')}`;
        fs.writeFileSync(path.join(root, 'providers', `${name}.yaml`), PROVIDER(name));
      }
      const ws = await loadOne('10 000 providers', root);
      assert.deepStrictEqual(ws.providers.map((p) => p.name), ['p00000', 'p05000', 'p09999']);
      assert.deepStrictEqual(ws.diagnostics.filter((d) => d.severity !== 'info'), []);
    });
  });

  // --- paths out of the workspace ---------------------------------------------------------------------------

  describe('paths escaping the workspace', () => {
    let outside: string;
    before(() => {
      outside = freshDir('outside');
      write(outside, 'p.yaml', PROVIDER('stolen'));
      write(outside, 'h.yaml', `agent: agents/x.md\nrole: x\nproviders: [github]\n`);
      write(outside, 'profile.yaml', 'id: stolen\n');
      write(outside, 'config.yaml', 'version: "1"\nagents: []\n');
      write(outside, 'secrets.env', 'HOST_VAR=${SECRET_FROM_OUTSIDE}\n');
    });
    const OUTSIDE = /outside the workspace folder/;

    it('a provider path with ../ (resolveInside)', async () => {
      const root = freshDir('dotdot');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [../../outside/p.yaml]\n`);
      const ws = await loadOne('../ provider path', root);
      expectDiagnostic(ws.diagnostics, { file: path.join(root, 'harness/a.yaml'), line: 3, message: /resolves outside the fullsend directory/ });
      assert.deepStrictEqual(ws.providers, []);
    });

    it('an absolute provider path outside the workspace', async () => {
      const root = freshDir('absolute');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [${path.join(outside, 'p.yaml')}]\n`);
      const ws = await loadOne('absolute provider path', root);
      expectDiagnostic(ws.diagnostics, { file: path.join(outside, 'p.yaml'), line: 1, message: OUTSIDE, code: 'not-a-file' });
      assert.deepStrictEqual(ws.providers, []);
    });

    for (const [what, rel, target, harness] of [
      ['providers/*.yaml', 'providers/stolen.yaml', 'p.yaml', `agent: agents/a.md\nrole: a\nproviders: [stolen]\n`],
      ['a harness', 'harness/x.yaml', 'h.yaml', undefined],
      ['a profile', 'profiles/p.yaml', 'profile.yaml', `agent: agents/a.md\nrole: a\nopenshell:\n  profiles: [profiles/p.yaml]\n`],
      ['.fullsend/config.yaml', '.fullsend/config.yaml', 'config.yaml', undefined],
    ] as const) {
      it(`${what} that is a symlink out of the workspace`, async () => {
        const root = freshDir(`escape-${what}`);
        if (rel.startsWith('.fullsend/')) write(root, '.fullsend/harness/a.yaml', `agent: agents/a.md\nrole: a\n`);
        else if (harness) agentsRepo(root, harness);
        else write(root, 'harness/ok.yaml', `agent: agents/ok.md\nrole: ok\n`);
        const link = symlink(root, rel, path.join(outside, target));
        const ws = await loadOne(`${what} → outside`, root);
        expectDiagnostic(ws.diagnostics, { file: link, line: 1, message: OUTSIDE, code: 'not-a-file' });
        assert.ok(!ws.providers.some((p) => p.name === 'stolen') && !ws.profiles.some((p) => p.id === 'stolen'));
      });
    }

    it('the providers/ folder itself a symlink out of the workspace', async () => {
      const root = freshDir('escape-dir');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [stolen]\n`);
      fs.symlinkSync(outside, path.join(root, 'providers'));
      const ws = await loadOne('providers/ → outside', root);
      expectDiagnostic(ws.diagnostics, { file: path.join(root, 'providers/p.yaml'), line: 1, message: OUTSIDE, code: 'not-a-file' });
      expectDiagnostic(ws.diagnostics, { file: path.join(root, 'harness/a.yaml'), line: 3, message: /provider "stolen" does not exist/ });
      assert.deepStrictEqual(ws.providers, []);
    });

    it('a host_files src (expand: true) that is a symlink out of the workspace, and one given as an absolute path', async () => {
      const root = freshDir('escape-host');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nhost_files:\n  - {src: env/host.env, dest: /a, expand: true}\n  - {src: ${path.join(outside, 'secrets.env')}, dest: /b, expand: true}\n`);
      symlink(root, 'env/host.env', path.join(outside, 'secrets.env'));
      const ws = await loadOne('host file → outside', root);
      const harness = path.join(root, 'harness/a.yaml');
      expectDiagnostic(ws.diagnostics, { file: harness, line: 4, message: OUTSIDE, code: 'not-a-file', severity: 'warning' });
      expectDiagnostic(ws.diagnostics, { file: harness, line: 5, message: OUTSIDE, code: 'not-a-file', severity: 'warning' });
      assert.ok(!ws.vars.some((v) => v.name === 'SECRET_FROM_OUTSIDE'), 'nothing was read from outside');
    });

    it("a cached URL entry's content that is a symlink out of the fullsend dir", async () => {
      const root = freshDir('escape-cache');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders:\n  - https://example.com/p.yaml#sha256=${SHA}\n`);
      symlink(root, `.fullsend-cache/resources/sha256/${SHA}/content`, path.join(outside, 'p.yaml'));
      const ws = await loadOne('cache → outside', root);
      assert.strictEqual(ws.skipped.length, 1);
      assert.match(ws.skipped[0].reason, /outside the fullsend directory/);
    });

    it('an env file the user named outside the workspace is read (a setting names it)', async () => {
      const file = path.join(outside, 'user.env');
      fs.writeFileSync(file, 'USER_VAR=1\n');
      const { report } = await bounded('user-named env file', () => resolveNeeds({ vars: [], providers: [] }, { envFiles: [file], baseDir: freshDir('user-env') }));
      assert.deepStrictEqual(report.envFiles.map((f) => [f.found, f.names]), [[true, ['USER_VAR']]]);
    });
  });

  // --- names made of shell syntax and flags -----------------------------------------------------------------

  describe('names with shell and flag characters', () => {
    for (const name of ['$(rm -rf ~)', 'a;b', '`id`', 'a b']) {
      it(`provider name ${JSON.stringify(name)} is refused`, async () => {
        const root = freshDir('names');
        agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [${JSON.stringify(name)}]\n`);
        const file = write(root, 'providers/x.yaml', `name: ${JSON.stringify(name)}\ntype: generic\ncredentials:\n  T: "\${T}"\n`);
        const ws = await loadOne(`provider name ${name}`, root);
        expectDiagnostic(ws.diagnostics, { file, line: 1, message: /contains invalid characters/ });
        assert.deepStrictEqual(ws.providers, [], 'no provider with such a name reaches Ensure');
      });
    }

    for (const name of ['--help', '-g']) {
      it(`provider name ${JSON.stringify(name)} (valid for fullsend) stays a name: never a flag in openshell's argv`, async () => {
        const root = freshDir('flags');
        agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [${JSON.stringify(name)}]\n`);
        write(root, 'providers/x.yaml', `name: ${JSON.stringify(name)}\ntype: generic\ncredentials:\n  T: "\${T}"\n`);
        const ws = await loadOne(`provider name ${name}`, root);
        assert.deepStrictEqual(ws.providers.map((p) => p.name), [name]);
        // What Ensure would send: the name behind `--` as a positional, or attached to its flag with `=`.
        assert.deepStrictEqual(commands.providerUpdate({ name, setConfig: { A: '1' } }).args.slice(-2), ['--', name]);
        assert.deepStrictEqual(commands.providerGet(name).args.slice(-2), ['--', name]);
      });
    }
  });

  // --- bytes that are not UTF-8 -----------------------------------------------------------------------------

  describe('invalid UTF-8', () => {
    const bad = (before: string, after: string) => Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(after)]);

    it('in a provider file', async () => {
      const root = freshDir('utf8-provider');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nproviders: [bin]\n`);
      const file = write(root, 'providers/bin.yaml', bad('name: bin\ntype: generic\ncredentials:\n  T: "', '"\n'));
      const ws = await loadOne('invalid UTF-8 provider', root);
      expectDiagnostic(ws.diagnostics, { file, line: 4, message: /not valid UTF-8/, code: 'yaml-syntax' });
      assert.deepStrictEqual(ws.providers, []);
    });

    it('in config.yaml', async () => {
      const root = freshDir('utf8-config');
      write(root, '.fullsend/harness/a.yaml', `agent: agents/a.md\nrole: a\n`);
      const file = write(root, '.fullsend/config.yaml', bad('version: "1"\nforge: ', '\n'));
      const ws = await loadOne('invalid UTF-8 config', root);
      expectDiagnostic(ws.diagnostics, { file, line: 2, message: /not valid UTF-8/, code: 'yaml-syntax' });
    });

    it('in an env file', async () => {
      const root = freshDir('utf8-env');
      const file = write(root, 'x.env', bad('A=1\nB=', '\n'));
      const { report } = await bounded('invalid UTF-8 env file', () => resolveNeeds({ vars: [], providers: [] }, { envFiles: [file], baseDir: root }));
      expectDiagnostic(report.diagnostics, { file, line: 2, message: /not valid UTF-8/ });
      assert.deepStrictEqual(report.envFiles.map((f) => f.found), [false]);
    });

    it('in a host_files src with expand: true', async () => {
      const root = freshDir('utf8-host');
      agentsRepo(root, `agent: agents/a.md\nrole: a\nhost_files:\n  - {src: env/h.env, dest: /a, expand: true}\n`);
      write(root, 'env/h.env', bad('X=${OK_VAR}\nY=', '${AFTER}\n'));
      const ws = await loadOne('invalid UTF-8 host file', root);
      expectDiagnostic(ws.diagnostics, { file: path.join(root, 'harness/a.yaml'), line: 4, message: /not valid UTF-8/ });
    });
  });

  describe('the model directly (loadWorkspace)', () => {
    it('refuses a device config.yaml without discovery in front of it', async () => {
      const root = freshDir('direct');
      place(root, 'config.yaml', 'dev-zero');
      write(root, 'harness/a.yaml', `agent: agents/a.md\nrole: a\n`);
      const ws = await bounded('loadWorkspace config.yaml → /dev/zero', () => loadWorkspace({ folder: root, dir: root, kind: 'agents-repo' }));
      expectDiagnostic(ws.diagnostics, { file: path.join(root, 'config.yaml'), line: 1, message: NOT_A_FILE, code: 'not-a-file' });
    });
  });
});
