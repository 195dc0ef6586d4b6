import * as assert from 'assert';
import * as path from 'path';
import type { Diagnostic } from '../../src/workspace/diagnostics';
import { loadWorkspaceAt, type Workspace } from '../../src/workspace/model';
import { FIXTURES } from '../support/paths';

// Every malformed fixture also has a healthy provider `ok`, declared by a healthy harness: whatever is broken,
// it must still load.
interface Expected {
  severity: Diagnostic['severity'];
  file: string;
  line: number;
  /** The whole message, or a pattern for it. */
  message: string | RegExp;
}

const cases: Record<string, { expect: Expected[]; providers?: string[] }> = {
  'yaml-syntax': {
    expect: [
      { severity: 'error', file: 'providers/broken.yaml', line: 3, message: /^providers\/broken\.yaml:3: invalid YAML: / },
      { severity: 'error', file: 'providers/broken.yaml', line: 5, message: /^providers\/broken\.yaml:5: invalid YAML: / },
      { severity: 'error', file: 'harness/a.yaml', line: 3, message: 'harness/a.yaml:3: providers[1]: provider "broken" does not exist (no providers/*.yaml has name: broken; providers/broken.yaml could not be read)' },
    ],
  },
  'harness-syntax': {
    expect: [{ severity: 'error', file: 'harness/b.yaml', line: 4, message: /^harness\/b\.yaml:4: invalid YAML: / }],
  },
  'provider-no-type': {
    // The harness naming "jira" is not told it does not exist: the file exists, it is just invalid.
    expect: [{ severity: 'error', file: 'providers/jira.yaml', line: 3, message: 'providers/jira.yaml:3: provider "jira" has no type' }],
  },
  'unknown-provider': {
    expect: [{ severity: 'error', file: 'harness/a.yaml', line: 5, message: 'harness/a.yaml:5: providers[1]: provider "nope" does not exist (no providers/*.yaml has name: nope)' }],
  },
  'invalid-names': {
    expect: [
      { severity: 'error', file: 'harness/a.yaml', line: 5, message: 'harness/a.yaml:5: providers[1]: provider name "bad name!" contains invalid characters (allowed: a-z, A-Z, 0-9, _, -)' },
      { severity: 'error', file: 'providers/bad-name.yaml', line: 1, message: 'providers/bad-name.yaml:1: provider name "bad name" contains invalid characters (allowed: a-z, A-Z, 0-9, _, -)' },
      { severity: 'error', file: 'providers/bad-type.yaml', line: 2, message: 'providers/bad-type.yaml:2: provider "bad-type": type "fullsend.x" contains invalid characters (allowed: a-z, A-Z, 0-9, _, -)' },
    ],
  },
  'profile-no-id': {
    expect: [{ severity: 'error', file: 'profiles/noid.yaml', line: 2, message: 'profiles/noid.yaml:2: profile has no id' }],
  },
  'missing-profile': {
    expect: [{ severity: 'error', file: 'harness/a.yaml', line: 6, message: 'harness/a.yaml:6: openshell.profiles[0]: profile file profiles/missing.yaml does not exist' }],
  },
  'duplicate-provider': {
    expect: [
      { severity: 'warning', file: 'providers/github.yaml', line: 1, message: /provider "github": the name is reserved for the definition built into fullsend/ },
      {
        severity: 'error',
        file: 'other/github.yaml',
        line: 2,
        message: 'other/github.yaml:2: provider "github" is defined differently in providers/github.yaml and other/github.yaml (declared by harness/b.yaml); the first one, providers/github.yaml, is used',
      },
    ],
    providers: ['ok', 'github'],
  },
  'literal-credential': {
    expect: [
      {
        severity: 'warning',
        file: 'providers/literal.yaml',
        line: 4,
        message: 'providers/literal.yaml:4: provider "literal": credential(s) API_KEY do not look like ${VAR} references; keep secrets out of YAML and reference an environment variable instead',
      },
    ],
    providers: ['ok', 'literal'],
  },
  'agents-entries': {
    expect: [
      { severity: 'error', file: 'config.yaml', line: 5, message: /^config\.yaml:5: agents\[2\] uses the legacy role\/name\/slug format/ },
      { severity: 'error', file: 'config.yaml', line: 10, message: 'config.yaml:10: agents[4].enabled must be true or false' },
      // An entry with a name and no source only tunes an agent fullsend fetches itself (its agents-repo fallback).
      { severity: 'info', file: 'config.yaml', line: 4, message: /^config\.yaml:4: agent "nosource" has no source: fullsend fetches it from fullsend-ai\/agents/ },
      { severity: 'error', file: 'config.yaml', line: 7, message: 'config.yaml:7: agent "missing": harness file harness/missing.yaml does not exist' },
      { severity: 'error', file: 'config.yaml', line: 11, message: 'config.yaml:11: agent "x": URL scheme must be https' },
    ],
  },
};

describe('workspace/model: malformed fixtures', () => {
  for (const [name, c] of Object.entries(cases)) {
    describe(name, () => {
      let ws: Workspace;
      before(async () => {
        const loaded = await loadWorkspaceAt(path.join(FIXTURES, 'malformed', name));
        assert.ok(loaded);
        ws = loaded;
      });

      it('reports each problem with its file and line', () => {
        const got = ws.diagnostics.map((d) => ({ severity: d.severity, file: path.relative(ws.dir, d.file).split(path.sep).join('/'), line: d.line, message: d.message }));
        assert.strictEqual(got.length, c.expect.length, JSON.stringify(got, null, 2));
        c.expect.forEach((e, i) => {
          const g = got[i];
          assert.deepStrictEqual([g.severity, g.file, g.line], [e.severity, e.file, e.line], JSON.stringify(g));
          if (typeof e.message === 'string') assert.strictEqual(g.message, e.message);
          else assert.match(g.message, e.message);
        });
        for (const d of ws.diagnostics) assert.ok(d.line >= 1 && (d.column === undefined || d.column >= 1));
      });

      it('still loads the rest of the workspace', () => {
        assert.deepStrictEqual(ws.providers.map((p) => p.name), c.providers ?? ['ok']);
        assert.ok(ws.vars.some((v) => v.name === 'OK_TOKEN'));
      });
    });
  }

  it('never quotes a literal credential value', async () => {
    const ws = await loadWorkspaceAt(path.join(FIXTURES, 'malformed', 'literal-credential'));
    assert.ok(ws);
    for (const d of ws.diagnostics) assert.ok(!d.message.includes('sk-literal'), d.message);
    // A literal value needs no variable; the empty placeholder needs none either.
    assert.deepStrictEqual(ws.vars.map((v) => v.name), ['OK_TOKEN']);
  });
});
