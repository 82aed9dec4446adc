import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGradcheck } from '../../../src/autograd/gradcheck.js';
import { ShapeError, ValueError } from '../../../src/errors.js';
import { Dense } from '../../../src/layers/core/dense.js';
import { convLstm1d } from '../../../src/layers/conv/factories.js';
import { deserializeLayer } from '../../../src/layers/registry.js';
import { Rng, setSeed } from '../../../src/tensor/rng.js';
import { tensor } from '../../../src/tensor/create.js';
import type { Tensor } from '../../../src/tensor/tensor.js';

const seq = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const relu = (v: number): number => Math.max(v, 0);

/**
 * Independent oracle: Keras ConvLSTMCell step by step with plain loops (zero initial state).
 * x [B, T, R, C], kernel [k, C, 4F], rec [k, F, 4F], bias [4F]; returns h for every step [B][T][R'][F].
 */
function naive(x: number[], [B, T, R, C]: number[], kernel: number[], rec: number[], bias: number[], k: number, F: number,
  padding: 'valid' | 'same', act: (v: number) => number): number[][][][] {
  const Rout = padding === 'valid' ? R - k + 1 : R;
  const padIn = padding === 'valid' ? 0 : Math.floor((k - 1) / 2);
  const padRec = Math.floor((k - 1) / 2);
  const out: number[][][][] = [];
  for (let b = 0; b < B; b++) {
    let h = seq(Rout, () => seq(F, () => 0));
    let c = seq(Rout, () => seq(F, () => 0));
    const hs: number[][][] = [];
    for (let t = 0; t < T; t++) {
      const nh: number[][] = [];
      const nc: number[][] = [];
      for (let r = 0; r < Rout; r++) {
        const z = seq(4 * F, (g) => bias[g]);
        for (let j = 0; j < k; j++) {
          const s = r + j - padIn;
          if (s >= 0 && s < R) for (let ci = 0; ci < C; ci++) for (let g = 0; g < 4 * F; g++) z[g] += x[((b * T + t) * R + s) * C + ci] * kernel[(j * C + ci) * 4 * F + g];
          const sr = r + j - padRec;
          if (sr >= 0 && sr < Rout) for (let ci = 0; ci < F; ci++) for (let g = 0; g < 4 * F; g++) z[g] += h[sr][ci] * rec[(j * F + ci) * 4 * F + g];
        }
        nh.push([]);
        nc.push([]);
        for (let f = 0; f < F; f++) {
          const i = sigmoid(z[f]);
          const fg = sigmoid(z[F + f]);
          const g = act(z[2 * F + f]);
          const o = sigmoid(z[3 * F + f]);
          const cv = fg * c[r][f] + i * g;
          nc[r].push(cv);
          nh[r].push(o * act(cv));
        }
      }
      h = nh;
      c = nc;
      hs.push(nh);
    }
    out.push(hs);
  }
  return out;
}

test('convLstm1d equals a step-by-step oracle (valid and same, tanh and relu, returnSequences)', () => {
  setSeed(11);
  const [B, T, R, C, F, k] = [2, 3, 5, 2, 2, 3];
  const rng = new Rng(4);
  const xv = seq(B * T * R * C, () => rng.uniform(-1, 1));
  for (const padding of ['valid', 'same'] as const) {
    for (const [name, act] of [['tanh', Math.tanh], ['relu', relu]] as const) {
      const layer = convLstm1d({ filters: F, kernelSize: k, padding, activation: name, returnSequences: true });
      layer.ensureBuilt([null, T, R, C]);
      const [kernel, rec, bias] = [seq(k * C * 4 * F, () => rng.uniform(-0.6, 0.6)), seq(k * F * 4 * F, () => rng.uniform(-0.6, 0.6)), seq(4 * F, () => rng.uniform(-0.3, 0.3))];
      layer.setWeights([tensor(kernel, [k, C, 4 * F]), tensor(rec, [k, F, 4 * F]), tensor(bias, [4 * F])]);
      const y = layer.apply(tensor(xv, [B, T, R, C])) as Tensor;
      const Rout = padding === 'valid' ? R - k + 1 : R;
      assert.deepEqual([...y.shape], [B, T, Rout, F]);
      const expected = naive(xv, [B, T, R, C], kernel, rec, bias, k, F, padding, act).flat(3);
      expected.forEach((v, i) => assert.ok(Math.abs(v - y.data[i]) < 1e-5, `${padding}/${name} h[${i}]: ${y.data[i]} vs ${v}`));
      // without returnSequences: the last step
      const last = convLstm1d({ filters: F, kernelSize: k, padding, activation: name });
      last.ensureBuilt([null, T, R, C]);
      last.setWeights(layer.getWeights());
      const yl = last.apply(tensor(xv, [B, T, R, C])) as Tensor;
      assert.deepEqual([...yl.shape], [B, Rout, F]);
      const full = naive(xv, [B, T, R, C], kernel, rec, bias, k, F, padding, act);
      full.map((hs) => hs[T - 1]).flat(2).forEach((v, i) => assert.ok(Math.abs(v - yl.data[i]) < 1e-5));
    }
  }
});

test('convLstm1d gradcheck (input, kernel, recurrent kernel, bias) as one fused recurrence', () => {
  setSeed(12);
  const x = tensor(seq(2 * 3 * 4 * 2, (i) => Math.sin(0.9 * i + 0.3)), [2, 3, 4, 2]);
  for (const padding of ['valid', 'same'] as const) {
    const layer = convLstm1d({ filters: 2, kernelSize: 3, padding, returnSequences: true, biasInitializer: 'glorotUniform' });
    layer.ensureBuilt([null, 3, 4, 2]);
    assertGradcheck((xx) => layer.apply(xx) as Tensor, [x], { params: layer.weights });
  }
  const strided = convLstm1d({ filters: 2, kernelSize: 2, strides: 2, padding: 'same', goBackwards: true, activation: 'relu' });
  strided.ensureBuilt([null, 3, 4, 2]);
  assertGradcheck((xx) => strided.apply(xx) as Tensor, [x], { params: strided.weights });
});

test('convLstm1d weights follow Keras (layouts, unitForgetBias) and the seed-000 model shapes', () => {
  setSeed(13);
  // seed 000: ConvLSTM1D(32, kernel_size=3, activation='relu', input_shape=(1, maxlen=100, 1)), Dense(1, sigmoid)
  const layer = convLstm1d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [1, 100, 1], name: 'cl' });
  assert.deepEqual(layer.computeOutputShape([null, 1, 100, 1]), [null, 98, 32]);
  layer.ensureBuilt([null, 1, 100, 1]);
  assert.deepEqual(layer.weights.map((w) => [w.name, [...w.shape]]), [
    ['cl/kernel', [3, 1, 128]], ['cl/recurrent_kernel', [3, 32, 128]], ['cl/bias', [128]],
  ]);
  assert.equal(layer.countParams(), 3 * 128 + 3 * 32 * 128 + 128); // 12,800 as in Keras' summary
  const bias = Array.from(layer.weights[2].data);
  assert.deepEqual(bias, seq(128, (i) => (i >= 32 && i < 64 ? 1 : 0)));
  const x = tensor(seq(2 * 100, (i) => (i * 37) % 11), [2, 1, 100, 1]);
  const h = layer.apply(x) as Tensor;
  assert.deepEqual([...h.shape], [2, 98, 32]);
  const dense = new Dense({ units: 1, activation: 'sigmoid' });
  assert.deepEqual([...(dense.apply(h) as Tensor).shape], [2, 98, 1]); // one prediction per row, as in the seed
  const cfg = layer.getConfig();
  assert.equal(cfg.activation, 'relu');
  assert.equal(cfg.recurrentActivation, 'sigmoid');
  const copy = deserializeLayer('ConvLSTM1D', { ...cfg, name: 'cl2' });
  assert.deepEqual(copy.computeOutputShape([null, 1, 100, 1]), [null, 98, 32]);
});

test('convLstm1d dropout is one input mask per sequence, only in training', () => {
  setSeed(14);
  const layer = convLstm1d({ filters: 2, kernelSize: 1, dropout: 0.5, returnSequences: true });
  const x = tensor(seq(1 * 2 * 3 * 1, () => 1), [1, 2, 3, 1]);
  const yInfer = layer.apply(x) as Tensor;
  const yInfer2 = layer.apply(x, { training: false }) as Tensor;
  assert.deepEqual(Array.from(yInfer.data), Array.from(yInfer2.data));
  const yTrain = layer.apply(x, { training: true, rng: new Rng(3) }) as Tensor;
  const again = layer.apply(x, { training: true, rng: new Rng(3) }) as Tensor;
  assert.deepEqual(Array.from(yTrain.data), Array.from(again.data));
  assert.notDeepEqual(Array.from(yTrain.data), Array.from(yInfer.data));
});

test('convLstm1d bad input gives clear errors', () => {
  assert.throws(() => convLstm1d({ filters: 2, kernelSize: 3 }).apply(tensor(seq(12, (i) => i), [1, 4, 3])), (e: Error) => e instanceof ShapeError && /rank 4/.test(e.message));
  assert.throws(() => convLstm1d({ filters: 2, kernelSize: 4 }).apply(tensor(seq(6, (i) => i), [1, 2, 3, 1])), (e: Error) => e instanceof ShapeError && /3 rows, fewer than/.test(e.message));
  assert.throws(() => convLstm1d({ filters: 2, kernelSize: 3, padding: 'causal' as 'same' }), ValueError);
  assert.throws(() => convLstm1d({ filters: 0, kernelSize: 3 }), ValueError);
  assert.throws(() => convLstm1d({ filters: 2, kernelSize: 3, recurrentDropout: 0.2 }), /recurrentDropout is not supported/);
  assert.throws(() => convLstm1d({ filters: 2, kernelSize: 3 }).apply(tensor([], [1, 0, 3, 1])), /0 steps/);
});
