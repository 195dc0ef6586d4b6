import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { detectFullsendDir, findFullsendDirs } from '../../src/workspace/discover';
import { FIXTURES } from '../support/paths';

describe('workspace/discover', () => {
  let tmp: string;
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'discover-')); });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), text);
  };

  it('recognises the agents-repo fixture (config.yaml version "1" + agents:)', async () => {
    const dir = path.join(FIXTURES, 'agents-repo');
    assert.deepStrictEqual(await detectFullsendDir(dir), { folder: dir, dir, kind: 'agents-repo' });
  });

  it('recognises the per-repo fixture and points --fullsend-dir at .fullsend', async () => {
    const dir = path.join(FIXTURES, 'per-repo');
    assert.deepStrictEqual(await detectFullsendDir(dir), { folder: dir, dir: path.join(dir, '.fullsend'), kind: 'per-repo' });
  });

  it('rejects a plain folder whose config.yaml has version "1" but no agents:', async () => {
    assert.strictEqual(await detectFullsendDir(path.join(FIXTURES, 'plain-folder')), undefined);
  });

  it('accepts harness files with agent: plus role: or slug: even without config.yaml', async () => {
    write('harness/x.yaml', 'agent: agents/x.md\nslug: acme-x\n');
    assert.strictEqual((await detectFullsendDir(tmp))?.kind, 'agents-repo');
  });

  it('accepts a harness written as .yml', async () => {
    write('harness/x.yml', 'agent: agents/x.md\nrole: x\n');
    assert.strictEqual((await detectFullsendDir(tmp))?.kind, 'agents-repo');
  });

  it('finds the fullsend dirs of the multi-root fixture (per-repo and agents repo; the notes folder is neither)', async () => {
    const root = path.join(FIXTURES, 'multi-root');
    const found = await findFullsendDirs(['service', 'notes', 'agents'].map((f) => path.join(root, f)));
    assert.deepStrictEqual(found.map((d) => [path.relative(root, d.dir), d.kind]), [[path.join('service', '.fullsend'), 'per-repo'], ['agents', 'agents-repo']]);
  });

  it('ignores harness files that fullsend would skip (no role and no slug)', async () => {
    write('harness/x.yaml', 'agent: agents/x.md\n');
    assert.strictEqual(await detectFullsendDir(tmp), undefined);
  });

  it('accepts version: 1 written as a number', async () => {
    write('config.yaml', 'version: 1\nagents: []\n');
    assert.strictEqual((await detectFullsendDir(tmp))?.kind, 'agents-repo');
  });

  it('does not throw on malformed YAML; the folder is simply not confirmed', async () => {
    write('config.yaml', 'version: "1"\nagents: [\n');
    assert.strictEqual(await detectFullsendDir(tmp), undefined);
  });

  it('reports every fullsend dir of a multi-root workspace, in folder order', async () => {
    const folders = ['per-repo', 'plain-folder', 'agents-repo'].map((f) => path.join(FIXTURES, f));
    const found = await findFullsendDirs(folders);
    assert.deepStrictEqual(found.map((d) => [path.basename(d.folder), d.kind]), [['per-repo', 'per-repo'], ['agents-repo', 'agents-repo']]);
  });

  it('treats a missing folder as not a fullsend dir', async () => {
    assert.deepStrictEqual(await findFullsendDirs([path.join(tmp, 'nope')]), []);
  });
});
