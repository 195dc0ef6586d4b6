import * as assert from 'assert';
import { expand, findVarRefs, isSingleVarRef, isValidVarName, varNames } from '../../src/workspace/vars';

const env = (vars: Record<string, string>) => (name: string) => vars[name];

describe('workspace/vars (os.ExpandEnv semantics)', () => {
  it('finds ${VAR} and $VAR references with their offsets', () => {
    const refs = findVarRefs('x${A}y$B_1 z');
    assert.deepStrictEqual(refs, [
      { name: 'A', start: 1, end: 5, braced: true },
      { name: 'B_1', start: 6, end: 10, braced: false },
    ]);
  });

  it('reads ${…} up to the first } (no shell default syntax) and one-character special names', () => {
    assert.deepStrictEqual(varNames('${A:-x} $1abc ${@} $$'), ['A:-x', '1', '@', '$']);
  });

  it('ignores swallowed ${} and an unterminated ${, and a $ with no name', () => {
    assert.deepStrictEqual(varNames('a${}b ${c 100$% $'), []);
  });

  it('expands like Go: unset is "", bad syntax is eaten, a lone $ stays', () => {
    const lookup = env({ A: 'alpha', 1: 'one' });
    assert.deepStrictEqual(expand('${A}-$A-$Ab', lookup), { value: 'alpha-alpha-', missing: ['Ab'] });
    assert.strictEqual(expand('a${}b', lookup).value, 'ab');
    assert.strictEqual(expand('a${b', lookup).value, 'ab');
    assert.strictEqual(expand('100$%', lookup).value, '100$%');
    assert.strictEqual(expand('cost $', lookup).value, 'cost $');
    assert.strictEqual(expand('$1x', lookup).value, 'onex');
  });

  it('reports each missing name once, and treats a set-but-empty value as set', () => {
    const r = expand('${X}${X}${E}', env({ E: '' }));
    assert.deepStrictEqual(r, { value: '', missing: ['X'] });
  });

  it('recognises the single-${VAR} form WarnLiteralCredentials accepts', () => {
    assert.ok(isSingleVarRef('${GH_TOKEN}'));
    for (const v of ['$GH_TOKEN', '${A}${B}', 'Bearer ${T}', '${1A}', 'literal', '']) assert.ok(!isSingleVarRef(v), v);
  });

  it('knows a valid variable name', () => {
    assert.ok(isValidVarName('_NOOP_X1'));
    assert.ok(!isValidVarName('1X'));
    assert.ok(!isValidVarName('A:-x'));
  });
});
