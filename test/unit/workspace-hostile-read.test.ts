// The safe reader and the bounded YAML parser on their own: what workspace-hostile.test.ts proves end to end,
// pinned down at the edges (the cap, races, zero-sized special files, the YAML limits, legitimate YAML that must
// still load).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Diagnostics } from '../../src/workspace/diagnostics';
import { MAX_FILE_BYTES, safeReadFile } from '../../src/workspace/safeRead';
import { MAX_YAML_DEPTH, loadYamlFile, parseYaml, readYamlObject, workspaceFolderOf } from '../../src/workspace/yamlFile';

const POSIX = process.platform !== 'win32';

describe('workspace/safeRead', () => {
  let dir: string;
  beforeEach(() => { dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'saferead-'))); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file as UTF-8 and keeps a byte-order mark (fullsend does not skip it either)', async () => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, '\uFEFFa: é\n');
    const read = await safeReadFile(file, { root: dir });
    assert.ok(read.ok);
    assert.strictEqual(read.text, '\uFEFFa: é\n');
    assert.strictEqual(read.realPath, file);
  });

  it('accepts exactly the cap and refuses one byte more, by size, without opening the file', async () => {
    const at = path.join(dir, 'at');
    const over = path.join(dir, 'over');
    fs.writeFileSync(at, Buffer.alloc(MAX_FILE_BYTES, 0x41));
    fs.writeFileSync(over, Buffer.alloc(MAX_FILE_BYTES + 1, 0x41));
    assert.strictEqual((await safeReadFile(at)).ok, true);
    const opened: string[] = [];
    const realOpen = fs.promises.open;
    fs.promises.open = (async (...args: Parameters<typeof realOpen>) => { opened.push(String(args[0])); return realOpen(...args); }) as typeof realOpen;
    try {
      const read = await safeReadFile(over);
      assert.ok(!read.ok);
      assert.deepStrictEqual([read.reason, read.why], ['too-large', `exceeds maximum size (1048576 bytes): it has ${MAX_FILE_BYTES + 1} bytes`]);
    } finally {
      fs.promises.open = realOpen;
    }
    assert.deepStrictEqual(opened, []);
  });

  it('names the line of the first byte that is not UTF-8', async () => {
    const file = path.join(dir, 'bin');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('ok\nstill ok\nbad: '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    const read = await safeReadFile(file);
    assert.ok(!read.ok);
    assert.deepStrictEqual([read.reason, read.line, read.why], ['invalid-utf8', 3, 'is not valid UTF-8 (line 3)']);
  });

  it('a symlink inside the root to a file inside it is fine; through a symlinked folder out of it, refused', async () => {
    const inside = path.join(dir, 'ws');
    const elsewhere = path.join(dir, 'elsewhere');
    fs.mkdirSync(inside);
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(inside, 'real.yaml'), 'a: 1\n');
    fs.writeFileSync(path.join(elsewhere, 'x.yaml'), 'a: 1\n');
    fs.symlinkSync('real.yaml', path.join(inside, 'link.yaml'));
    fs.symlinkSync(elsewhere, path.join(inside, 'sub'));
    assert.strictEqual((await safeReadFile(path.join(inside, 'link.yaml'), { root: inside })).ok, true);
    const read = await safeReadFile(path.join(inside, 'sub', 'x.yaml'), { root: inside });
    assert.ok(!read.ok);
    assert.strictEqual(read.reason, 'outside');
    assert.match(read.why, /^resolves through a symlink to .*elsewhere\/x\.yaml, outside the workspace folder /);
    // Without a root (a path the user named) it is read.
    assert.strictEqual((await safeReadFile(path.join(inside, 'sub', 'x.yaml'))).ok, true);
  });

  it('a missing file and a dangling symlink are "missing"; a directory is refused', async () => {
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    for (const f of ['nope', 'dangling', 'nope/deeper']) {
      const read = await safeReadFile(path.join(dir, f));
      assert.ok(!read.ok && read.reason === 'missing', f);
    }
    const read = await safeReadFile(dir);
    assert.ok(!read.ok && read.reason === 'directory');
  });

  (POSIX ? it : it.skip)('a FIFO that passes the stat (a race) cannot block the read: O_NONBLOCK', async function () {
    this.timeout(5000);
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const regular = path.join(dir, 'regular');
    fs.writeFileSync(regular, 'a: 1\n');
    const regularStats = await fs.promises.stat(regular);
    const realStat = fs.promises.stat;
    // The FIFO is swapped in between the stat and the open.
    fs.promises.stat = (async (p: fs.PathLike) => (String(p) === fifo ? regularStats : realStat(p))) as typeof realStat;
    let read;
    try {
      read = await Promise.race([safeReadFile(fifo), new Promise<'hang'>((r) => setTimeout(() => r('hang'), 3000))]);
    } finally {
      fs.promises.stat = realStat;
    }
    if (read === 'hang') assert.fail('the read blocked on the FIFO');
    // Nothing was written into the pipe: whatever comes back is at most the few bytes the stat promised.
    assert.ok(read.ok ? read.bytes.length <= regularStats.size : true);
  });

  (process.platform === 'linux' ? it : it.skip)('a regular file that says it is empty (procfs) is read to its end, within the cap', async () => {
    const read = await safeReadFile('/proc/self/status');
    assert.ok(read.ok);
    assert.match(read.text, /^Name:/);
  });
});

describe('workspace/yamlFile limits', () => {
  const parse = async (text: string) => {
    const d = new Diagnostics();
    const doc = await parseYaml(text, '/w/x.yaml', 'x.yaml', d);
    return { doc, d: d.list };
  };

  it(`accepts nesting of ${MAX_YAML_DEPTH} levels and refuses ${MAX_YAML_DEPTH + 1}`, async () => {
    const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}\n`;
    assert.deepStrictEqual((await parse(nest(MAX_YAML_DEPTH))).d, []);
    const { doc, d } = await parse(nest(MAX_YAML_DEPTH + 1));
    assert.strictEqual(doc, undefined);
    assert.deepStrictEqual(d.map((x) => [x.message, x.code]), [[`x.yaml:1: invalid YAML: nesting is deeper than ${MAX_YAML_DEPTH} levels`, 'yaml-syntax']]);
  });

  it('still loads the anchors and aliases real harnesses use', async () => {
    const { doc, d } = await parse('base: &env {A: "${A}", B: "${B}"}\nenv:\n  runner: *env\n  sandbox: *env\nlist: [&x 1, *x, *x]\n');
    assert.deepStrictEqual(d, []);
    assert.ok(doc);
  });

  it('reports every duplicate key with the line of the first, as yaml did, without its quadratic check', async () => {
    const { doc, d } = await parse('a: 1\nb:\n  c: 1\n  c: 2\na: 3\n1: x\n1.0: y\n');
    assert.strictEqual(doc, undefined);
    assert.deepStrictEqual(d.map((x) => x.message), [
      'x.yaml:5: invalid YAML: this mapping key is already defined at line 1',
      'x.yaml:7: invalid YAML: this mapping key is already defined at line 6',
      'x.yaml:4: invalid YAML: this mapping key is already defined at line 3',
    ]);
  });

  it('reads the first of many documents and warns once about the rest', async () => {
    const { doc, d } = await parse(`a: 1\n${'---\nb: 2\n'.repeat(1000)}`);
    assert.ok(doc);
    assert.deepStrictEqual(d.map((x) => [x.severity, x.line]), [['warning', 3]]);
  });

  it('derives the workspace folder from how a file is displayed', () => {
    assert.strictEqual(workspaceFolderOf('/w/.fullsend/providers/x.yaml', '.fullsend/providers/x.yaml'), '/w');
    assert.strictEqual(workspaceFolderOf('/elsewhere/x.yaml', '/elsewhere/x.yaml'), 'outside');
    assert.strictEqual(workspaceFolderOf('/w/x.yaml', 'https://example.com/x.yaml'), '/w');
  });

  describe('on disk', () => {
    let dir: string;
    beforeEach(() => { dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'yamlfile-'))); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('a missing file is "missing" and reported by the caller, not here', async () => {
      const d = new Diagnostics();
      assert.deepStrictEqual(await loadYamlFile(path.join(dir, 'none.yaml'), 'none.yaml', d), { missing: true });
      assert.deepStrictEqual(d.list, []);
    });

    it('an explicit root overrides the one derived from the display', async () => {
      const file = path.join(dir, 'x.yaml');
      fs.writeFileSync(file, 'a: 1\n');
      const d = new Diagnostics();
      const read = await loadYamlFile(file, file, d, { root: dir });
      assert.ok(read.doc, JSON.stringify(d.list));
    });

    it('discovery reads quietly: a refused or malformed file is just not confirmation', async () => {
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
      fs.writeFileSync(path.join(dir, 'ok.yaml'), 'version: "1"\nagents: []\n');
      assert.strictEqual(await readYamlObject(path.join(dir, 'zero.yaml'), dir), undefined);
      assert.deepStrictEqual(await readYamlObject(path.join(dir, 'ok.yaml'), dir), { version: '1', agents: [] });
    });
  });
});
