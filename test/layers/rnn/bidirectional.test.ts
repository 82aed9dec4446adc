import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor } from '../../../src/tensor/tensor.js';
import { reverse } from '../../../src/ops/slicing.js';
import { bidirectional, lstm, simpleRnn } from '../../../src/layers/rnn/factories.js';
import { deserializeLayer } from '../../../src/layers/registry.js';
import type { Bidirectional } from '../../../src/layers/rnn/index.js';
import { maskOf, maxDiff, seqInput } from './helpers.js';

const x = seqInput(2, 4, 3, 1);

function parts(bi: Bidirectional, opts = {}): { f: number[][][]; b: number[][][] } {
  const f = bi.forwardLayer.apply(x, opts) as Tensor;
  const b = reverse(bi.backwardLayer.apply(x, opts) as Tensor, 1);
  return { f: f.toArray() as number[][][], b: b.toArray() as number[][][] };
}

test('bidirectional merge modes match the two directions computed separately', () => {
  const combine: Record<string, (a: number, b: number) => number> = {
    sum: (a, b) => a + b, mul: (a, b) => a * b, ave: (a, b) => (a + b) / 2, max: (a, b) => Math.max(a, b),
  };
  for (const mode of ['sum', 'mul', 'ave', 'max'] as const) {
    const bi = bidirectional(simpleRnn({ units: 2, returnSequences: true }), { mergeMode: mode });
    const y = bi.apply(x) as Tensor;
    const { f, b } = parts(bi);
    const want = f.flatMap((row, i) => row.flatMap((v, t) => v.map((a, j) => combine[mode](a, b[i][t][j]))));
    assert.deepEqual(y.shape, [2, 4, 2]);
    assert.ok(maxDiff(y.data, want) < 1e-6, mode);
  }
  const bi = bidirectional(simpleRnn({ units: 2, returnSequences: true }));
  const y = bi.apply(x) as Tensor;
  const { f, b } = parts(bi);
  assert.deepEqual(y.shape, [2, 4, 4]);
  assert.ok(maxDiff(y.data, f.flatMap((row, i) => row.flatMap((v, t) => [...v, ...b[i][t]]))) < 1e-6);
  assert.deepEqual(bi.computeOutputShape([null, 4, 3]), [null, 4, 4]);
});

test('bidirectional: weights forward then backward; backward is a goBackwards copy; null returns both', () => {
  const inner = lstm({ units: 2, name: 'enc' });
  const bi = bidirectional(inner, { mergeMode: null });
  const ys = bi.apply(x) as Tensor[];
  assert.equal(ys.length, 2);
  assert.deepEqual(ys[0].shape, [2, 2]);
  assert.equal(bi.backwardLayer.goBackwards, true);
  assert.deepEqual(bi.weights.map((w) => w.name), [
    'enc/kernel', 'enc/recurrent_kernel', 'enc/bias',
    'backward_enc/kernel', 'backward_enc/recurrent_kernel', 'backward_enc/bias',
  ]);
  // Last output of the backward layer = its state after reading the whole sequence reversed.
  assert.ok(maxDiff(ys[1].data, (bi.backwardLayer.apply(x) as Tensor).data) === 0);
  const copy = deserializeLayer('Bidirectional', bi.getConfig()) as Bidirectional;
  assert.equal(copy.mergeMode, null);
  assert.equal(copy.backwardLayer.goBackwards, true);
});

test('bidirectional with a mask: masked steps are zero in both directions (Keras zero_output_for_mask)', () => {
  const bi = bidirectional(simpleRnn({ units: 2, returnSequences: true }), { mergeMode: 'concat' });
  const mask = maskOf([[1, 1, 1, 0], [1, 1, 0, 0]]);
  const y = (bi.apply(x, { mask }) as Tensor).toArray() as number[][][];
  assert.deepEqual(y[0][3], [0, 0, 0, 0]);
  assert.deepEqual(y[1][2], [0, 0, 0, 0]);
  // The backward direction starts at the last real step: at t = 1 of row 1 it has seen only x[1][1].
  const single = simpleRnn({ units: 2, returnSequences: true });
  single.ensureBuilt([null, 1, 3]);
  single.setWeights(bi.backwardLayer.getWeights());
  const one = (single.apply(seqInput(2, 4, 3, 1), { mask: maskOf([[0, 0, 0, 0], [0, 1, 0, 0]]) }) as Tensor).toArray() as number[][][];
  assert.ok(maxDiff(y[1][1].slice(2), one[1][1]) < 1e-6);
  assert.deepEqual(bi.computeMask(x, mask), mask);
});

test('bidirectional returnState returns forward then backward states; initialState is split', () => {
  const bi = bidirectional(lstm({ units: 2, returnState: true }), { mergeMode: 'sum' });
  const out = bi.apply(x) as Tensor[];
  assert.equal(out.length, 5);
  assert.deepEqual(bi.computeOutputShape([null, 4, 3]), [[null, 2], [null, 2], [null, 2], [null, 2], [null, 2]]);
  const again = bi.apply(x, { initialState: out.slice(1) }) as Tensor[];
  assert.ok(maxDiff(again[0].data, out[0].data) > 1e-4, 'initial states change the result');
  assert.throws(() => bi.apply(x, { initialState: out.slice(1, 4) }), /even count/);
});
