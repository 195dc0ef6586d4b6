// `fullsend.run`'s options object (ARCHITECTURE §4): what programmatic callers and task definitions may pass.
import * as assert from 'assert';
import { readRunOptions } from '../../src/commands/run';

describe('fullsend.run options', () => {
  it('takes runtime, model, effort and forge, trimmed; empty means fullsend\'s default', () => {
    assert.deepStrictEqual(readRunOptions({ agent: 'code', runtime: ' codex ', model: 'openai/gpt-5', effort: 'high', forge: 'gitlab' }),
      { agent: 'code', keepSandbox: false, noPostScript: false, ensure: true, runtime: 'codex', model: 'openai/gpt-5', effort: 'high', forge: 'gitlab' });
    assert.deepStrictEqual(readRunOptions({ agent: 'code', runtime: '', model: '', effort: null }), { agent: 'code', keepSandbox: false, noPostScript: false, ensure: true });
    assert.strictEqual(readRunOptions(undefined), undefined);
  });

  it('refuses a value fullsend would reject, naming the allowed values', () => {
    assert.throws(() => readRunOptions({ runtime: 'gpt' }), /fullsend\.run: option 'runtime' must be one of claude, pi, codex, dummy, dummy-playback \(got "gpt"\)/);
    assert.throws(() => readRunOptions({ effort: 'HIGH' }), /option 'effort' must be one of low, medium, high, xhigh, max \(got "HIGH"\)/);
    assert.throws(() => readRunOptions({ forge: 'bitbucket' }), /option 'forge' must be one of github, gitlab \(got "bitbucket"\)/);
    assert.throws(() => readRunOptions({ model: '-x' }), /option 'model' "-x" is not a model name: it starts with "-"/);
    assert.throws(() => readRunOptions({ model: 'gpt 5' }), /it contains whitespace/);
    assert.throws(() => readRunOptions({ runtime: 3 }), /option 'runtime' must be a string/);
  });
});
