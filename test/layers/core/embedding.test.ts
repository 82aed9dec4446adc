import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGradcheck, layers, tensor, setSeed, record, DTypeError, ValueError, type Tensor, type Variable } from '../../../src/index.js';

test('Embedding: lookup values for int32 ids, output shape [..., outputDim]', () => {
  const e = layers.embedding({ inputDim: 4, outputDim: 2 });
  const ids = tensor([[0, 3], [2, 2]], undefined, 'int32');
  e.apply(ids);
  e.setWeights([tensor([[0, 0.5], [1, 1.5], [2, 2.5], [3, 3.5]])]);
  const y = e.apply(ids) as Tensor;
  assert.deepEqual(y.shape, [2, 2, 2]);
  assert.deepEqual(y.toArray(), [[[0, 0.5], [3, 3.5]], [[2, 2.5], [2, 2.5]]]);
  assert.deepEqual(e.computeOutputShape([null, 7]), [null, 7, 2]);
});

test('Embedding: float ids holding integers are converted; fractional and out-of-range ids are errors', () => {
  const e = layers.embedding({ inputDim: 5, outputDim: 3 });
  const f = e.apply(tensor([[1, 4]])) as Tensor;
  const i = e.apply(tensor([[1, 4]], undefined, 'int32')) as Tensor;
  assert.deepEqual(Array.from(f.data), Array.from(i.data));
  assert.throws(() => e.apply(tensor([[1.5]])), (err: Error) => err instanceof DTypeError && /ids must be integers, got 1.5/.test(err.message));
  assert.throws(() => e.apply(tensor([[1, 5]], undefined, 'int32')), (err: Error) => err instanceof ValueError && /id 5 .*inputDim = 5.*\[0, 4\]/.test(err.message));
  assert.throws(() => e.apply(tensor([[-1]], undefined, 'int32')), /id -1/);
});

test('Embedding: default init is uniform in [-0.05, 0.05]; inputLength declares the input shape', () => {
  setSeed(2);
  const e = layers.embedding({ inputDim: 100, outputDim: 8, inputLength: 12 });
  assert.deepEqual(e.batchInputShape, [null, 12]);
  e.apply(tensor([[1]], undefined, 'int32'));
  const w = e.weights[0].data;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of w) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  assert.ok(lo >= -0.05 && hi <= 0.05 && hi - lo > 0.09, `range ${lo}..${hi}`);
});

test('Embedding: maskZero gives mask = ids != 0 as float [B, T]; no mask without it', () => {
  const e = layers.embedding({ inputDim: 10, outputDim: 2, maskZero: true });
  const ids = tensor([[5, 0, 3], [0, 0, 9]], undefined, 'int32');
  const m = e.computeMask(ids, null) as Tensor;
  assert.equal(m.dtype, 'float32');
  assert.deepEqual(m.toArray(), [[1, 0, 1], [0, 0, 1]]);
  assert.equal(layers.embedding({ inputDim: 10, outputDim: 2 }).computeMask(ids, null), null);
});

test('Embedding gradient: gradcheck on the table, sparse rows, repeated ids accumulate', () => {
  const e = layers.embedding({ inputDim: 6, outputDim: 3 });
  const ids = tensor([[1, 3, 1], [4, 1, 0]], undefined, 'int32');
  e.apply(ids);
  assertGradcheck((t) => e.apply(t) as Tensor, [ids], { params: e.weights });
  const table = e.weights[0] as Variable;
  const { tape, result } = record(() => e.apply(ids) as Tensor);
  tape.backward(result);
  const g = tape.grad(table) as Float32Array;
  const rowSum = (r: number): number => g[r * 3];
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(rowSum), [1, 3, 0, 1, 1, 0]);
});
