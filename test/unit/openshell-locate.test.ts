import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { locateExecutable } from '../../src/openshell/locate';
import { OpenShellError } from '../../src/openshell/errors';

describe('openshell/locate', () => {
  let tmp: string;
  const exe = (rel: string, mode = 0o755) => {
    const f = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, '#!/bin/sh\n');
    fs.chmodSync(f, mode);
    return f;
  };
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'locate-')); });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const opts = (envPath: string) => ({ settingName: 'fullsend.openshellPath', envPath, home: path.join(tmp, 'home'), platform: 'linux' as const });

  it('an absolute path from the setting wins', async () => {
    const f = exe('custom/openshell');
    assert.deepStrictEqual(await locateExecutable(f, opts('')), { path: f, via: 'setting' });
  });

  it('a wrong explicit path is an error naming the setting, not a silent fallback', async () => {
    exe('bin/openshell');
    await assert.rejects(locateExecutable(path.join(tmp, 'nope/openshell'), opts(path.join(tmp, 'bin'))),
      (e: OpenShellError) => e.kind === 'NotInstalled' && /fullsend\.openshellPath/.test(e.message));
  });

  it('searches PATH in order and skips files that are not executable', async () => {
    exe('a/openshell', 0o644);
    const b = exe('b/openshell');
    assert.deepStrictEqual(await locateExecutable('openshell', opts([path.join(tmp, 'a'), path.join(tmp, 'b')].join(path.delimiter))), { path: b, via: 'PATH' });
  });

  it('falls back to ~/.local/bin when PATH is short (VS Code started from a desktop menu)', async () => {
    const f = exe('home/.local/bin/openshell');
    assert.deepStrictEqual(await locateExecutable('openshell', opts('/usr/bin/nonexistent')), { path: f, via: 'common location' });
  });

  it('expands ~/ in the setting', async () => {
    const f = exe('home/tools/openshell');
    assert.deepStrictEqual(await locateExecutable('~/tools/openshell', opts('')), { path: f, via: 'setting' });
  });

  it('never resolves against the editor’s working directory: a relative setting is an error, relative PATH entries are skipped', async () => {
    const f = exe('bin/openshell');
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      await assert.rejects(locateExecutable('./bin/openshell', opts('')),
        (e: OpenShellError) => e.kind === 'NotInstalled' && /is a relative path, which would depend on the editor's working directory/.test(e.message));
      await assert.rejects(locateExecutable('openshell', opts(['bin', '.'].join(path.delimiter))), (e: OpenShellError) => e.kind === 'NotInstalled');
      assert.deepStrictEqual(await locateExecutable('openshell', opts(['bin', path.join(tmp, 'bin')].join(path.delimiter))), { path: f, via: 'PATH' });
    } finally {
      process.chdir(cwd);
    }
  });

  it('not found anywhere: NotInstalled with where it looked and what to do', async () => {
    await assert.rejects(locateExecutable('openshell', opts(path.join(tmp, 'empty'))),
      (e: OpenShellError) => e.kind === 'NotInstalled' && /not found on PATH nor in .*\.local\/bin/.test(e.message) && /fullsend\.openshellPath/.test(e.message));
  });
});
