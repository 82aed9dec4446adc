import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clearBufferPool, inBufferScope, layers, optimizers, pooledBuffer, bufferPoolStats, bufferScope, pooledZeros, sequential,
  setBufferPoison, setBufferPoolCap, setSeed, tensor,
} from '../../src/index.js';

const N = 8192; // above the pooling threshold

test('pooledBuffer outside a scope allocates fresh zeroed arrays of the requested precision', () => {
  assert.equal(inBufferScope(), false);
  const a = pooledBuffer('float32', N);
  const b = pooledBuffer('float64', 5);
  assert.ok(a instanceof Float32Array && a.length === N && a.every((v) => v === 0));
  assert.ok(b instanceof Float64Array && b.length === 5);
  a[0] = 3;
  assert.notEqual(pooledBuffer('float32', N), a);
});

test('buffers return to the pool when the outermost scope ends, not before', () => {
  clearBufferPool();
  let first: Float32Array | Float64Array | null = null;
  bufferScope(() => {
    first = pooledBuffer('float32', N);
    first.fill(5);
    bufferScope(() => {
      // inner scope: the outer buffer is still taken, so a new one is handed out
      const inner = pooledBuffer('float32', N);
      assert.notEqual(inner, first);
    });
    assert.notEqual(pooledBuffer('float32', N), first); // the inner scope did not release anything
  });
  assert.ok(bufferPoolStats().pooledBytes >= 3 * N * 4);
  bufferScope(() => {
    const again = pooledBuffer('float32', N);
    assert.ok(again === first || again.length === N); // reused from the pool
    const z = pooledZeros('float32', N);
    assert.ok(z.every((v) => v === 0), 'pooledZeros clears a reused buffer');
  });
});

test('an exception inside a scope still releases its buffers', () => {
  clearBufferPool();
  assert.throws(() => bufferScope(() => {
    pooledBuffer('float32', N);
    throw new Error('boom');
  }), /boom/);
  assert.equal(inBufferScope(), false);
  assert.equal(bufferPoolStats().takenBuffers, 0);
  assert.equal(bufferPoolStats().pooledBytes, N * 4);
});

test('the cap drops buffers a scope did not use', () => {
  clearBufferPool();
  setBufferPoolCap(N * 4 * 2 + 8);
  try {
    bufferScope(() => {
      pooledBuffer('float32', N);
      pooledBuffer('float32', N + 1);
    });
    assert.equal(bufferPoolStats().pooledBytes, N * 4 + (N + 1) * 4);
    bufferScope(() => {
      pooledBuffer('float32', N + 2); // the pool goes over the cap: the unused sizes are dropped
    });
    assert.equal(bufferPoolStats().pooledBytes, (N + 2) * 4);
  } finally {
    setBufferPoolCap(256 * 1024 * 1024);
    clearBufferPool();
  }
});

/** Two training steps and predictions of recurrent models; returns every number they produce. */
function run(): number[] {
  setSeed(3);
  const B = 16;
  const T = 20;
  const D = 16;
  const xs: number[] = [];
  for (let i = 0; i < B * T * D; i++) xs.push(Math.sin(i * 0.37));
  for (let b = 0; b < 4; b++) for (let t = 0; t < 5; t++) for (let d = 0; d < D; d++) xs[(b * T + t) * D + d] = 0; // padding
  const x = tensor(xs, [B, T, D]);
  const y = tensor(Array.from({ length: B }, (_, i) => (i % 2)), [B, 1]);
  const out: number[] = [];
  const models = [
    sequential({ layers: [
      layers.masking({ maskValue: 0, inputShape: [T, D] }),
      layers.lstm({ units: 16, returnSequences: true, dropout: 0.2, recurrentDropout: 0.2 }),
      layers.gru({ units: 16, goBackwards: true }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ] }),
    sequential({ layers: [
      layers.simpleRnn({ units: 16, returnSequences: true, inputShape: [T, D] }),
      layers.bidirectional(layers.lstm({ units: 16 })),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ] }),
  ];
  // Embedding tables: their gradients are sparse (rows of the looked-up ids) and are cleared row by
  // row for the next step, unless something else writes them (a regularizer: dense).
  const V = 3000; // the 320 looked-up rows are < 1/4 of the table: cleared row by row
  const ids = tensor(Array.from({ length: B * T }, (_, i) => (i * 37 + (i % 7) * 11) % V), [B, T], 'int32');
  const embModels = [
    sequential({ layers: [
      layers.embedding({ inputDim: V, outputDim: 16, inputShape: [T] }),
      layers.lstm({ units: 16 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ] }),
    sequential({ layers: [
      layers.embedding({ inputDim: V, outputDim: 16, inputShape: [T], embeddingsRegularizer: 'l2' }),
      layers.gru({ units: 16 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ] }),
  ];
  for (const m of embModels) {
    m.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy' });
    for (let s = 0; s < 3; s++) {
      // a different id window each step, so stale rows of an earlier step would show
      const shifted = tensor(Array.from(ids.data, (v) => (v + s * 13) % V), [B, T], 'int32');
      out.push(m.trainOnBatch(shifted, y).loss);
    }
    out.push(...Array.from(m.getWeights()[0].data.subarray(0, 64)));
  }
  for (const m of models) {
    m.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy' });
    for (let s = 0; s < 3; s++) out.push(m.trainOnBatch(x, y).loss);
    out.push(m.evaluate(x, y, { batchSize: 8 }).loss);
    out.push(...Array.from(m.predict(x, { batchSize: 8 }).data));
  }
  return out;
}

test('training with reused (and with NaN-filled) pooled buffers gives the same numbers as fresh buffers', () => {
  clearBufferPool();
  setBufferPoolCap(0); // nothing kept: every scope starts from fresh zeroed buffers
  const fresh = run();
  setBufferPoolCap(256 * 1024 * 1024);
  try {
    const reused = run(); // sparse embedding gradients cleared row by row between steps
    assert.ok(fresh.every(Number.isFinite), 'the reference run is finite');
    assert.deepEqual(reused, fresh);
    setBufferPoison(true); // no read before write
    const poisoned = run();
    assert.deepEqual(poisoned, fresh);
  } finally {
    setBufferPoison(false);
    clearBufferPool();
  }
});
