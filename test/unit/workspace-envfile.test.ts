// Env files are parsed exactly as fullsend's envfile.Load parses them (reference/fullsend-current.md §7):
// one case per rule.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Diagnostics } from '../../src/workspace/diagnostics';
import { MAX_ENV_FILE_BYTES, parseDotenv, readEnvFile } from '../../src/workspace/envFile';

/** name → value of the entries, in order (a repeated name appears twice). */
const pairs = (text: string) => parseDotenv(text).entries.map((e) => [e.name, e.value]);
const value = (text: string) => {
  const { entries, problems } = parseDotenv(text);
  assert.deepStrictEqual(problems.filter((p) => p.severity === 'error'), [], text);
  assert.strictEqual(entries.length, 1, text);
  return entries[0].value;
};

describe('workspace/envFile (fullsend envfile.Load, fullsend-current.md §7)', () => {
  it('reads NAME=value lines with their line numbers; skips blank and # lines', () => {
    const { entries, problems } = parseDotenv('# comment\n\n   \nA=1\n  # indented comment\nB=two words\nC=\n');
    assert.deepStrictEqual(entries, [
      { name: 'A', value: '1', line: 4 },
      { name: 'B', value: 'two words', line: 6 },
      { name: 'C', value: '', line: 7 },
    ]);
    assert.deepStrictEqual(problems, []);
  });

  it('rule 2: a trailing \\r is removed and the line TrimSpace\'d (CRLF files, indented lines)', () => {
    assert.deepStrictEqual(pairs('A=1\r\n\tB=2  \r\nC= x \r'), [['A', '1'], ['B', '2'], ['C', ' x']]);
  });

  it('rule 3: exactly one `export ` (one space) is removed', () => {
    assert.deepStrictEqual(pairs('export A=1\nexport export B=2\n'), [['A', '1']]);
    // `export export B` is an invalid key; the first prefix only was removed.
    assert.strictEqual(parseDotenv('export export B=2').problems[0].severity, 'error');
  });

  it('rule 3: `export<TAB>K=v` and `export  K=v` keep the prefix in the key, which is invalid', () => {
    for (const text of ['export\tK=v', 'export  K=v']) {
      const { entries, problems } = parseDotenv(text);
      assert.deepStrictEqual(entries, [], JSON.stringify(text));
      assert.deepStrictEqual(problems.map((p) => [p.line, p.severity]), [[1, 'error']]);
      assert.match(problems[0].message, /export/);
    }
  });

  it('rule 4: splits at the first `=` (the value may hold more)', () => {
    assert.strictEqual(value('E=a=b=c'), 'a=b=c');
    assert.strictEqual(value('B64=aGVsbG8=='), 'aGVsbG8==');
  });

  it('rule 4: a line without `=` is silently ignored (no entry, no problem)', () => {
    const { entries, problems } = parseDotenv('ghp_pasted_without_a_name\nA=1\njust words\nexport B\n');
    assert.deepStrictEqual(entries.map((e) => e.name), ['A']);
    assert.deepStrictEqual(problems, []);
  });

  it('rule 5: an invalid key is an error naming the line, never quoting the key or the value', () => {
    const text = ['OK=1', '1BAD=s3cret-one', 'K = s3cret-two', '=s3cret-three', 'my-key=s3cret-four', 'ghp+pasted/tok=s3cret-five', 'ÄKEY=s3cret-six'].join('\n');
    const { entries, problems } = parseDotenv(text);
    assert.deepStrictEqual(entries.map((e) => e.name), ['OK']);
    assert.deepStrictEqual(problems.map((p) => [p.line, p.severity]), [[2, 'error'], [3, 'error'], [4, 'error'], [5, 'error'], [6, 'error'], [7, 'error']]);
    for (const p of problems) {
      assert.match(p.message, /invalid variable name/);
      for (const leak of ['s3cret', '1BAD', 'my-key', 'ghp+pasted', 'ÄKEY']) assert.ok(!p.message.includes(leak), p.message);
    }
    assert.match(problems[1].message, /no space before "="/);
    assert.match(problems[2].message, /starts with "="/);
  });

  it('rule 5: a UTF-8 byte-order mark is not skipped, so the first key is invalid (as in fullsend)', () => {
    const { entries, problems } = parseDotenv('\uFEFFA=1\nB=2\n');
    assert.deepStrictEqual(entries.map((e) => e.name), ['B']);
    assert.deepStrictEqual(problems.map((p) => p.line), [1]);
    assert.match(problems[0].message, /byte-order mark/);
  });

  it('rule 6: the value is not left-trimmed', () => {
    assert.strictEqual(value('K= v'), ' v');
    assert.strictEqual(value('K=\tv'), '\tv');
  });

  it('rule 6: a quoted value is the text between the quotes, with no escapes', () => {
    assert.strictEqual(value('K="a b"'), 'a b');
    assert.strictEqual(value("K='a b'"), 'a b');
    assert.strictEqual(value('K="x\\ty\\n"'), 'x\\ty\\n');
    assert.strictEqual(value('K="it\'s"'), "it's");
    assert.strictEqual(value('K="a #b"'), 'a #b');
    assert.strictEqual(value('K=""'), '');
    assert.strictEqual(value('K="  padded  "'), '  padded  ');
  });

  it('rule 6: anything after the closing quote is dropped', () => {
    assert.strictEqual(value('K="a" b'), 'a');
    assert.strictEqual(value('K="a"b"c"'), 'a');
    assert.strictEqual(value("K='a' # note"), 'a');
    assert.strictEqual(value('K="a\\"b"'), 'a\\');
  });

  it('rule 6: a quote that is never closed is literal (and then handled as an unquoted value)', () => {
    assert.strictEqual(value('K="abc'), '"abc');
    assert.strictEqual(value("K='abc  # comment"), "'abc");
    assert.strictEqual(value('K="'), '"');
    assert.strictEqual(value('K=a"b"'), 'a"b"');
    // A different closing quote does not close it.
    assert.strictEqual(value('K="abc\''), '"abc\'');
  });

  it('rule 6: unquoted values end at the first ` #` and are right-trimmed of spaces; `a#b` and tab-# are kept', () => {
    assert.strictEqual(value('K=value # comment'), 'value');
    assert.strictEqual(value('K=value    # comment # more'), 'value');
    assert.strictEqual(value('K=a#b'), 'a#b');
    assert.strictEqual(value('K=pa#ss #c'), 'pa#ss');
    assert.strictEqual(value('K=a\t#b'), 'a\t#b');
    assert.strictEqual(value('K=a\t #b'), 'a\t');
    assert.strictEqual(value('K= #only a comment'), '');
  });

  it('rule 7: no ${VAR} expansion (a warning says so, naming the variable only)', () => {
    const { entries, problems } = parseDotenv('B=x\nA=${B}-$B\n');
    assert.strictEqual(entries[1].value, '${B}-$B');
    assert.deepStrictEqual(problems.map((p) => [p.line, p.severity]), [[2, 'warning']]);
    assert.ok(!problems[0].message.includes('-$B'));
  });

  it('rule 7: no multi-line values — an open quote does not swallow the next lines', () => {
    assert.deepStrictEqual(pairs('KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1\n'), [['KEY', '"-----BEGIN-----'], ['NEXT', '1']]);
  });

  it('rule 8: a later line wins (both entries are returned in order, the last one is the value)', () => {
    const { entries } = parseDotenv('A=1\nA=2\n');
    assert.deepStrictEqual(entries, [{ name: 'A', value: '1', line: 1 }, { name: 'A', value: '2', line: 2 }]);
  });

  describe('readEnvFile', () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envfile-')); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reports a missing env file clearly', async () => {
      const d = new Diagnostics();
      const missing = path.join(dir, 'no-such-dir', 'fullsend-gcp.env');
      const read = await readEnvFile(missing, missing, d);
      assert.strictEqual(read.found, false);
      assert.strictEqual(d.list.length, 1);
      assert.strictEqual(d.list[0].severity, 'error');
      assert.strictEqual(d.list[0].file, missing);
      assert.match(d.list[0].message, /env file does not exist/);
    });

    it('reports a directory instead of a file', async () => {
      const d = new Diagnostics();
      const read = await readEnvFile(dir, 'dir', d);
      assert.strictEqual(read.found, false);
      assert.match(d.list[0].message, /^dir: env file is a directory, not a file/);
    });

    it('turns parse problems of a real file into diagnostics with file and line; lines without = are not problems', async () => {
      const file = path.join(dir, 'x.env');
      fs.writeFileSync(file, 'A=1\nnot a pair\nK = v\n');
      const d = new Diagnostics();
      const read = await readEnvFile(file, 'x.env', d);
      assert.deepStrictEqual(read.entries.map((e) => e.name), ['A']);
      assert.deepStrictEqual(d.list.map((x) => [x.file, x.line, x.severity]), [[file, 3, 'error']]);
      assert.match(d.list[0].message, /^x\.env:3: invalid variable name/);
    });

    it('accepts a file of exactly 1 MiB', async () => {
      const file = path.join(dir, 'max.env');
      const head = 'A=1\n';
      fs.writeFileSync(file, head + '#'.repeat(MAX_ENV_FILE_BYTES - head.length));
      assert.strictEqual(fs.statSync(file).size, MAX_ENV_FILE_BYTES);
      const d = new Diagnostics();
      const read = await readEnvFile(file, 'max.env', d);
      assert.deepStrictEqual([read.found, read.entries.map((e) => e.name), d.list], [true, ['A'], []]);
    });

    it('refuses a file over 1 MiB with a clear error, and reads nothing of it', async () => {
      const file = path.join(dir, 'big.env');
      const secret = 'SEKRET-big-file-value';
      fs.writeFileSync(file, `A=${secret}\n${'#'.repeat(MAX_ENV_FILE_BYTES)}\n`);
      const opened: string[] = [];
      const realOpen = fs.promises.open;
      const realReadFile = fs.promises.readFile;
      // Spy: the size must be checked with stat before the file is opened or read.
      fs.promises.open = (async (...args: Parameters<typeof realOpen>) => { opened.push(String(args[0])); return realOpen(...args); }) as typeof realOpen;
      fs.promises.readFile = (async (...args: Parameters<typeof realReadFile>) => { opened.push(String(args[0])); return realReadFile(...args); }) as typeof realReadFile;
      const d = new Diagnostics();
      let read;
      try {
        read = await readEnvFile(file, 'big.env', d);
      } finally {
        fs.promises.open = realOpen;
        fs.promises.readFile = realReadFile;
      }
      assert.deepStrictEqual(opened, [], 'the file was opened');
      assert.deepStrictEqual([read.found, read.entries], [false, []]);
      assert.strictEqual(d.list.length, 1);
      assert.strictEqual(d.list[0].severity, 'error');
      assert.match(d.list[0].message, /^big\.env: env file exceeds maximum size \(1048576 bytes\)/);
      assert.ok(!d.list[0].message.includes(secret));
    });
  });
});
