// argv for `fullsend run` (fullsend-current.md §6.1, §11 item 2).
import * as assert from 'assert';
import { EFFORTS, FORGES, modelProblem, runArgs, RUNTIMES } from '../../src/fullsend/args';

describe('fullsend/args', () => {
  const base = { agent: 'triage', fullsendDir: '/w/agents', targetRepo: '/w/t; rm -rf /', forge: 'github' as const };

  it('builds fullsend run argv without a shell: every flag, --forge always', () => {
    assert.deepStrictEqual(runArgs(base), ['run', 'triage', '--fullsend-dir', '/w/agents', '--target-repo', '/w/t; rm -rf /', '--forge', 'github']);
    assert.deepStrictEqual(runArgs({
      ...base, forge: 'gitlab', runtime: 'codex', model: 'openai/gpt-5', effort: 'xhigh',
      envFiles: ['/w/a.env', '/w/b $(x).env'], outputDir: '/o', keepSandbox: true, noPostScript: true,
    }), ['run', 'triage', '--fullsend-dir', '/w/agents', '--target-repo', '/w/t; rm -rf /', '--forge', 'gitlab', '--runtime', 'codex', '--model', 'openai/gpt-5', '--effort', 'xhigh',
      '--env-file', '/w/a.env', '--env-file', '/w/b $(x).env', '--output-dir', '/o', '--keep-sandbox', '--no-post-script']);
  });

  it('every allowed value passes through as one argv element', () => {
    for (const runtime of RUNTIMES) assert.deepStrictEqual(runArgs({ ...base, runtime }).slice(-2), ['--runtime', runtime]);
    for (const effort of EFFORTS) assert.deepStrictEqual(runArgs({ ...base, effort }).slice(-2), ['--effort', effort]);
    for (const forge of FORGES) assert.deepStrictEqual(runArgs({ ...base, forge }).slice(-2), ['--forge', forge]);
    for (const model of ['opus', 'gpt-5', 'openai/gpt-5', 'claude-opus-4@20250514']) assert.deepStrictEqual(runArgs({ ...base, model }).slice(-2), ['--model', model]);
  });

  it('refuses relative paths for --fullsend-dir, --target-repo, --env-file and --output-dir', () => {
    assert.throws(() => runArgs({ ...base, fullsendDir: '.fullsend' }), /--fullsend-dir must be an absolute path/);
    assert.throws(() => runArgs({ ...base, targetRepo: '../target' }), /--target-repo must be an absolute path/);
    assert.throws(() => runArgs({ ...base, envFiles: ['/ok.env', 'a.env'] }), /--env-file must be an absolute path, got "a.env"/);
    assert.throws(() => runArgs({ ...base, outputDir: 'out' }), /--output-dir must be an absolute path/);
  });

  it('refuses values fullsend would reject, naming the allowed ones', () => {
    assert.throws(() => runArgs({ ...base, forge: 'bitbucket' as never }), /--forge must be one of github, gitlab/);
    assert.throws(() => runArgs({ ...base, runtime: 'gpt' as never }), /--runtime must be one of claude, pi, codex, dummy, dummy-playback/);
    assert.throws(() => runArgs({ ...base, effort: 'huge' as never }), /--effort must be one of low, medium, high, xhigh, max/);
    assert.throws(() => runArgs({ ...base, model: '--keep-sandbox' }), /--model "--keep-sandbox" cannot be passed: it starts with "-"/);
    assert.strictEqual(modelProblem('gpt 5'), 'it contains whitespace or a control character');
    assert.strictEqual(modelProblem('gpt-5'), undefined);
  });
});
