import * as assert from 'assert';
import { allSettledFirst, mapBounded } from '../../src/core/parallel';

const later = <T>(ms: number, value: T, fail = false) =>
  new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

describe('core/parallel', () => {
  it('allSettledFirst keeps tuple order and types', async () => {
    const [a, b] = await allSettledFirst([later(5, 1), later(1, 'two')]);
    assert.strictEqual(a + 1, 2);
    assert.strictEqual(b.length, 3);
  });

  it('allSettledFirst rejects only after every call has finished, with the first failure in order', async () => {
    let slowDone = false;
    const slow = later(40, 'slow').then((v) => { slowDone = true; return v; });
    await assert.rejects(allSettledFirst([later(1, 'first', true), slow, later(2, 'second', true)]), /first/);
    assert.ok(slowDone, 'the slow sibling had finished before the rejection');
  });

  it('mapBounded keeps input order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([30, 5, 20, 1, 10], 2, async (ms, i) => {
      peak = Math.max(peak, ++inFlight);
      await later(ms, null);
      inFlight--;
      return i;
    });
    assert.deepStrictEqual(out, [0, 1, 2, 3, 4]);
    assert.strictEqual(peak, 2);
  });

  it('mapBounded starts nothing after a failure and waits for the calls in flight', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    await assert.rejects(mapBounded([0, 1, 2, 3, 4, 5], 2, async (_, i) => {
      started.push(i);
      await later(i === 0 ? 1 : 30, null);
      finished.push(i);
      if (i === 0) throw new Error('boom');
    }), /boom/);
    assert.deepStrictEqual(started, [0, 1]);
    assert.deepStrictEqual(finished.sort(), [0, 1]);
  });
});
