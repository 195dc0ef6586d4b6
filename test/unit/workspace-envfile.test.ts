import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Diagnostics } from '../../src/workspace/diagnostics';
import { parseDotenv, readEnvFile } from '../../src/workspace/envFile';

describe('workspace/envFile (dotenv)', () => {
  it('reads NAME=value lines, export prefixes, comments and blank lines', () => {
    const { entries, problems } = parseDotenv('\uFEFF# comment\n\nA=1\nexport B = two words \nC=\n');
    assert.deepStrictEqual(entries, [
      { name: 'A', value: '1', line: 3 },
      { name: 'B', value: 'two words', line: 4 },
      { name: 'C', value: '', line: 5 },
    ]);
    assert.deepStrictEqual(problems, []);
  });

  it('keeps single quotes literal, unescapes double quotes, strips inline comments only when unquoted', () => {
    const { entries } = parseDotenv([`S='a\\n#b'`, `D="x\\ty\\"z\\\\ #kept"`, 'U=value # comment', 'H=pa#ss', 'E=a=b'].join('\n'));
    assert.deepStrictEqual(
      entries.map((e) => [e.name, e.value]),
      [['S', 'a\\n#b'], ['D', 'x\ty"z\\ #kept'], ['U', 'value'], ['H', 'pa#ss'], ['E', 'a=b']],
    );
  });

  it('reads a quoted value over several lines (a PEM key) and continues after it', () => {
    const { entries } = parseDotenv('KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1\n');
    assert.deepStrictEqual(entries, [
      { name: 'KEY', value: '-----BEGIN-----\nabc\n-----END-----', line: 1 },
      { name: 'NEXT', value: '1', line: 4 },
    ]);
  });

  it('does not expand ${VAR}, and warns that it does not', () => {
    const { entries, problems } = parseDotenv('A=${B}\n');
    assert.strictEqual(entries[0].value, '${B}');
    assert.deepStrictEqual(problems.map((p) => [p.line, p.severity]), [[1, 'warning']]);
  });

  it('reports bad lines by number without quoting them', () => {
    const { entries, problems } = parseDotenv('ghp_pasted_without_a_name\n1BAD=x\nOK=1\nQ="s3cret-open-quote\n');
    assert.deepStrictEqual(entries.map((e) => e.name), ['OK']);
    assert.deepStrictEqual(problems.map((p) => p.line), [1, 2, 4]);
    for (const p of problems) assert.ok(!p.message.includes('ghp_pasted') && !p.message.includes('s3cret'), p.message);
  });

  it('reports a missing env file clearly', async () => {
    const d = new Diagnostics();
    const missing = path.join(os.tmpdir(), 'no-such-dir-fullsend', 'fullsend-gcp.env');
    const read = await readEnvFile(missing, missing, d);
    assert.strictEqual(read.found, false);
    assert.strictEqual(d.list.length, 1);
    assert.strictEqual(d.list[0].severity, 'error');
    assert.strictEqual(d.list[0].file, missing);
    assert.match(d.list[0].message, /env file does not exist/);
  });

  it('turns parse problems of a real file into diagnostics with file and line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envfile-'));
    try {
      const file = path.join(dir, 'x.env');
      fs.writeFileSync(file, 'A=1\nnot a pair\n');
      const d = new Diagnostics();
      const read = await readEnvFile(file, 'x.env', d);
      assert.deepStrictEqual(read.entries.map((e) => e.name), ['A']);
      assert.deepStrictEqual(d.list.map((x) => [x.file, x.line, x.message]), [[file, 2, 'x.env:2: expected NAME=value']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
