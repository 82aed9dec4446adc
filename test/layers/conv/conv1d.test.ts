import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGradcheck } from '../../../src/autograd/gradcheck.js';
import { ShapeError, ValueError } from '../../../src/errors.js';
import { Conv1D, conv1dOp } from '../../../src/layers/conv/index.js';
import { conv1d } from '../../../src/layers/conv/factories.js';
import { deserializeLayer } from '../../../src/layers/registry.js';
import { setSeed } from '../../../src/tensor/rng.js';
import { tensor } from '../../../src/tensor/create.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import type { ConvPadding } from '../../../src/layers/conv/geometry.js';

const seq = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

/** Conv1D [k=2, C=1, F=1] with taps (10, 1) and a given bias on x = [1, 2, 3, 4]. */
function tiny(padding: ConvPadding, strides = 1, dilationRate = 1, bias = 0): number[] {
  const layer = conv1d({ filters: 1, kernelSize: 2, padding, strides, dilationRate });
  layer.ensureBuilt([null, 4, 1]);
  layer.setWeights([tensor([10, 1], [2, 1, 1]), tensor([bias], [1])]);
  return Array.from((layer.apply(tensor([1, 2, 3, 4], [1, 4, 1])) as Tensor).data);
}

test('Conv1D hand-computed values for valid / same / causal, stride 2, dilation 2, bias', () => {
  // y_t = 10·x[t·s − pad] + x[t·s − pad + d]
  assert.deepEqual(tiny('valid'), [12, 23, 34]);
  assert.deepEqual(tiny('same'), [12, 23, 34, 40]); // total pad 1: 0 left, 1 right (TF)
  assert.deepEqual(tiny('causal'), [1, 12, 23, 34]); // 1 zero on the left
  assert.deepEqual(tiny('valid', 2), [12, 34]);
  assert.deepEqual(tiny('same', 2), [12, 34]); // ceil(4/2) = 2, total pad max(2 + 2 − 4, 0) = 0
  assert.deepEqual(tiny('valid', 1, 2), [13, 24]); // keff 3
  assert.deepEqual(tiny('same', 1, 2), [2, 13, 24, 30]); // total 2: padded [0,1,2,3,4,0], y_t = 10·p_t + p_{t+2}
  assert.deepEqual(tiny('causal', 1, 2), [1, 2, 13, 24]); // 2 zeros on the left
  assert.deepEqual(tiny('valid', 1, 1, 0.5), [12.5, 23.5, 34.5]);
});

test('Conv1D with several channels and filters equals a naive sum', () => {
  const layer = new Conv1D({ filters: 2, kernelSize: 3, padding: 'same', activation: 'relu' });
  layer.ensureBuilt([null, 5, 2]);
  const w = seq(12, (i) => Math.cos(i) * 0.7); // [3, 2, 2]
  layer.setWeights([tensor(w, [3, 2, 2]), tensor([0.1, -0.2], [2])]);
  const xv = seq(20, (i) => Math.sin(1.3 * i)); // [2, 5, 2]
  const y = layer.apply(tensor(xv, [2, 5, 2])) as Tensor;
  assert.deepEqual([...y.shape], [2, 5, 2]);
  for (let b = 0; b < 2; b++) for (let t = 0; t < 5; t++) for (let f = 0; f < 2; f++) {
    let acc = [0.1, -0.2][f];
    for (let j = 0; j < 3; j++) for (let c = 0; c < 2; c++) {
      const s = t + j - 1; // same, k = 3: one zero on each side
      if (s >= 0 && s < 5) acc += xv[(b * 5 + s) * 2 + c] * w[(j * 2 + c) * 2 + f];
    }
    assert.ok(Math.abs(y.data[(b * 5 + t) * 2 + f] - Math.max(acc, 0)) < 1e-5, `y[${b},${t},${f}]`);
  }
});

test('Conv1D output lengths follow the Keras formulas for every padding / stride / dilation', () => {
  setSeed(1);
  for (const padding of ['valid', 'same', 'causal'] as const) {
    for (let T = 1; T <= 7; T++) for (const k of [1, 2, 3]) for (const s of [1, 2, 3]) for (const d of [1, 2]) {
      if (s > 1 && d > 1) continue;
      const keff = (k - 1) * d + 1;
      // keras conv_output_length: valid → T − keff + 1, same/causal → T; then ceil(len / s)
      const expected = padding === 'valid' ? Math.ceil((T - keff + 1) / s) : Math.ceil(T / s);
      const layer = conv1d({ filters: 2, kernelSize: k, strides: s, dilationRate: d, padding });
      if (expected <= 0) {
        assert.throws(() => layer.apply(tensor(seq(T, (i) => i), [1, T, 1])), ShapeError);
        continue;
      }
      assert.deepEqual(layer.computeOutputShape([null, T, 1]), [null, expected, 2]);
      const y = layer.apply(tensor(seq(T, (i) => i), [1, T, 1])) as Tensor;
      assert.deepEqual([...y.shape], [1, expected, 2], `${padding} T=${T} k=${k} s=${s} d=${d}`);
    }
  }
});

test('Conv1D gradcheck (input, kernel, bias) for every padding, stride 2 and dilation 2', () => {
  setSeed(3);
  const x = tensor(seq(2 * 6 * 2, (i) => Math.sin(0.7 * i + 0.2)), [2, 6, 2]);
  const configs: [ConvPadding, number, number][] = [
    ['valid', 1, 1], ['same', 1, 1], ['causal', 1, 1], ['valid', 2, 1], ['same', 2, 1], ['causal', 2, 1],
    ['valid', 1, 2], ['same', 1, 2], ['causal', 1, 2],
  ];
  for (const [padding, strides, dilationRate] of configs) {
    const layer = conv1d({ filters: 3, kernelSize: 3, padding, strides, dilationRate, activation: 'tanh', biasInitializer: 'glorotUniform' });
    layer.ensureBuilt([null, 6, 2]);
    assertGradcheck((xx) => layer.apply(xx) as Tensor, [x], { params: layer.weights });
  }
  // the op without bias
  const w = tensor(seq(3 * 2 * 2, (i) => Math.cos(i)), [3, 2, 2]);
  assertGradcheck((xx, ww) => conv1dOp(xx, ww, null, { padding: 'same', stride: 2 }), [x, w]);
});

test('Conv1D weights, config and registry round trip', () => {
  const layer = conv1d({ filters: 4, kernelSize: 5, padding: 'causal', dilationRate: 2, useBias: false, name: 'c1' });
  layer.ensureBuilt([null, 20, 3]);
  assert.deepEqual(layer.weights.map((w) => [w.name, [...w.shape]]), [['c1/kernel', [5, 3, 4]]]);
  const cfg = layer.getConfig();
  assert.equal(cfg.padding, 'causal');
  assert.deepEqual(cfg.kernelSize, [5]);
  assert.deepEqual(cfg.dilationRate, [2]);
  const copy = deserializeLayer('Conv1D', { ...cfg, name: 'c2' }) as Conv1D;
  assert.equal(copy.kernelSize, 5);
  assert.equal(copy.dilationRate, 2);
  assert.equal(copy.useBias, false);
});

test('Conv1D bad input gives clear errors', () => {
  const layer = conv1d({ filters: 2, kernelSize: 3 });
  assert.throws(() => layer.apply(tensor(seq(6, (i) => i), [2, 3])), (e: Error) => e instanceof ShapeError && /rank 3/.test(e.message));
  const short = conv1d({ filters: 2, kernelSize: 4 });
  assert.throws(() => short.apply(tensor([1, 2, 3], [1, 3, 1])), (e: Error) => e instanceof ShapeError && /fewer than the \(dilated\) kernel of 4/.test(e.message));
  assert.throws(() => conv1d({ filters: 2, kernelSize: 3, padding: 'full' as ConvPadding }), (e: Error) => e instanceof ValueError && /padding/.test(e.message) && /causal/.test(e.message));
  assert.throws(() => conv1d({ filters: 0, kernelSize: 3 }), (e: Error) => e instanceof ValueError && /filters/.test(e.message));
  assert.throws(() => conv1d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 }), ValueError);
  assert.throws(() => conv1d({ filters: 2, kernelSize: 1, padding: 'same' }).apply(tensor([], [1, 0, 1])), (e: Error) => e instanceof ShapeError && /0 steps/.test(e.message));
  const built = conv1d({ filters: 2, kernelSize: 2 });
  built.apply(tensor(seq(8, (i) => i), [1, 4, 2]));
  assert.throws(() => built.apply(tensor(seq(12, (i) => i), [1, 4, 3])), (e: Error) => e instanceof ShapeError && /\[batch, steps, 2\]/.test(e.message));
});
