// Dialect detection (src/openshell/dialect.ts, runner.ts) and per-name delete outcomes in both dialects
// (deleteOutcomes.ts), from literal CLI texts of openshell-cli.md and openshell-0.1.md.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { recoverDeleteFailure } from '../../src/openshell/deleteOutcomes';
import { crossesDialects, dialectOf, parseVersion } from '../../src/openshell/dialect';
import { readAllPages } from '../../src/openshell/listing';
import { parseFailure } from '../../src/openshell/parseFailure';
import { describeSkew } from '../../src/core/snapshot';
import { adapterFor } from '../support/adapter';
import { sim as simApi } from '../support/simulator';

const d = (line: string) => dialectOf(parseVersion(line)!);

describe('openshell/dialect', () => {
  it('maps versions to dialects as ARCHITECTURE §6 says', () => {
    assert.deepStrictEqual([d('openshell 0.0.60').name, d('openshell 0.0.60').legacyErrors], ['0.0', true]);
    assert.deepStrictEqual([d('openshell 0.0.61').name, d('openshell 0.0.61').legacyErrors], ['0.0', false]);
    assert.strictEqual(d('openshell 0.0.116').name, '0.0');
    assert.strictEqual(d('openshell v0.0.112-dev.7+g2f7fb6559').name, '0.0');
    assert.strictEqual(d('openshell 0.1.0-pre.3').name, '0.1');
    assert.strictEqual(d('openshell 0.1.5').name, '0.1');
    assert.strictEqual(d('ryno 0.1.2').program, 'ryno');
  });

  it('warns for versions newer than the newest described, and speaks the newest dialect to them', () => {
    assert.strictEqual(d('openshell 0.1.5').newerThanKnown, false);
    assert.strictEqual(d('openshell 0.1.6-dev.3+g1a2b3c4d5').newerThanKnown, true);
    assert.deepStrictEqual([d('openshell 0.2.0').name, d('openshell 0.2.0').newerThanKnown], ['0.1', true]);
  });

  it('an unreadable version line is undefined (the runner then probes)', () => {
    assert.strictEqual(parseVersion('openshell m-dev\n'), undefined);
    assert.strictEqual(parseVersion(''), undefined);
  });

  it('skew across 0.0 ↔ 0.1 is named; within a dialect it is not', () => {
    assert.strictEqual(crossesDialects('0.1.5', '0.0.116'), true);
    assert.strictEqual(crossesDialects('0.1.5', '0.1.1'), false);
    assert.match(describeSkew(d('openshell 0.1.5'), '0.0.116')!, /a 0\.1 CLI cannot drive a 0\.0 gateway/);
    assert.strictEqual(describeSkew(d('openshell 0.1.5'), '0.1.3'), undefined);
  });

  describe('the runner reads --version once per executable', function () {
    this.timeout(20000);
    for (const [version, expected] of [['0.0.116', '0.0'], ['0.1.5', '0.1'], ['0.1.0-pre.2', '0.1']] as const) {
      it(`${version} → ${expected}, cached across calls`, async () => {
        const sim = simApi.createSim({ knobs: { version } });
        try {
          sim.addGateway('local', { active: true });
          const { client } = adapterFor(sim);
          assert.strictEqual((await client.dialect()).name, expected);
          await client.providers();
          await client.providers();
          assert.strictEqual(sim.calls().filter((c) => c.argv[0] === '--version').length, 1);
        } finally { sim.dispose(); }
      });
    }

    it('a replaced executable is read again (path + modification time + size)', async () => {
      const sim = simApi.createSim({ knobs: { version: '0.1.5' } });
      try {
        sim.addGateway('local', { active: true });
        const file = path.join(sim.root, 'openshell');
        const write = (v: string) => fs.writeFileSync(file, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "openshell ${v}"; exit 0; fi\nexec ${JSON.stringify(sim.bin)} "$@"\n`, { mode: 0o755 });
        write('0.0.116');
        const { client } = adapterFor(sim, { executable: file });
        assert.strictEqual((await client.dialect()).name, '0.0');
        write('0.1.5   '); // an upgrade in place: another size (and usually another mtime)
        assert.strictEqual((await client.dialect()).name, '0.1');
      } finally { sim.dispose(); }
    });

    it('an unreadable version is decided by the probe: 0.0 rejects --page-size, 0.1 accepts it', async () => {
      for (const [version, expected] of [['m-dev', '0.0'], ['m-dev', '0.1']] as const) {
        const sim = simApi.createSim({ knobs: { version: expected === '0.0' ? '0.0.111' : '0.1.5' } });
        try {
          sim.addGateway('local', { active: true });
          // The simulator's dialect stays that of the real version; only the printed line is unreadable.
          const a = adapterFor(sim, { versionOutput: `openshell ${version}\n` });
          const got = await a.client.dialect();
          assert.deepStrictEqual([got.name, got.via], [expected, 'probe']);
          assert.ok(a.lines.some((l) => /could not read the version/.test(l)));
        } finally { sim.dispose(); }
      }
    });
  });
});

describe('openshell/listing: every page, never a loop', () => {
  it('follows tokens to the empty one', async () => {
    const pages: Record<string, { items: number[]; next: string }> = { '': { items: [1, 2], next: 'a' }, a: { items: [3], next: 'b' }, b: { items: [4], next: '' } };
    assert.deepStrictEqual(await readAllPages('x', async (t) => pages[t]), [1, 2, 3, 4]);
  });
  it('a repeating token ends with a clear error', async () => {
    await assert.rejects(readAllPages('the provider list', async (t) => ({ items: [1], next: t === '' ? 'a' : 'a' })), /page token of an earlier page of the provider list again; stopped after 2 pages rather than loop/);
  });
  it('more than 1000 pages end with a clear error', async () => {
    let n = 0;
    await assert.rejects(readAllPages('the sandbox list', async () => ({ items: [], next: `t${++n}` })), /did not end after 1000 pages/);
  });
});

describe('openshell/deleteOutcomes: per-name outcomes of a failed delete', () => {
  const attached = "code: 'The system is not in a state required for the operation's execution', message: \"provider 'b' is attached to sandbox(es): s1\"";
  it('0.1: every name attempted; failures per name from stderr', () => {
    const stderr = `! Failed to delete provider b: ${attached}\nError: failed to delete 1 provider: b\n    Diagnostic severity: error\n`;
    const r = recoverDeleteFailure('0.1', 'provider', ['a', 'b', 'c'], '✓ Deleted provider a\n! Provider c not found\n', parseFailure(1, stderr), stderr)!;
    assert.deepStrictEqual(r, { deleted: ['a'], notFound: ['c'], failed: [{ name: 'b', kind: 'FailedPrecondition', error: "provider 'b' is attached to sandbox(es): s1", attempted: true }] });
  });
  it('0.0: the first unreported name failed, the rest were not attempted', () => {
    const stderr = `Error: ${attached}\n    Diagnostic severity: error\n`;
    const r = recoverDeleteFailure('0.0', 'provider', ['a', 'b', 'c'], '✓ Deleted provider a\n', parseFailure(1, stderr), stderr)!;
    assert.deepStrictEqual(r.failed.map((f) => [f.name, f.attempted]), [['b', true], ['c', false]]);
    assert.match(r.failed[1].error, /not attempted: openshell 0\.0\.x stops a delete at its first failure \(b\)/);
  });
  it('a failure of the whole call (gateway down) is not turned into per-name results', () => {
    const stderr = 'Error: transport error\n    Caused by: tcp connect error\n    Caused by: Connection refused (os error 111)\n    Diagnostic severity: error\n';
    assert.strictEqual(recoverDeleteFailure('0.1', 'sandbox', ['a'], '', parseFailure(1, stderr), stderr), undefined);
  });
  it('0.1 sandbox: an unsupported deletion outcome (an older gateway) fails that name', () => {
    const stderr = '! Unsupported deletion outcome for sandbox a\nError: failed to delete 1 sandbox: a\n    Diagnostic severity: error\n';
    const r = recoverDeleteFailure('0.1', 'sandbox', ['a'], '', parseFailure(1, stderr), stderr)!;
    assert.match(r.failed[0].error, /unsupported deletion outcome/);
  });
});
