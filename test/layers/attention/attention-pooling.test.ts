import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGradcheck } from '../../../src/autograd/gradcheck.js';
import { ShapeError, ValueError } from '../../../src/errors.js';
import { attention, attentionPooling } from '../../../src/layers/attention/factories.js';
import { lstm } from '../../../src/layers/rnn/factories.js';
import { deserializeLayer } from '../../../src/layers/registry.js';
import { Rng, setSeed } from '../../../src/tensor/rng.js';
import { tensor } from '../../../src/tensor/create.js';
import type { Tensor } from '../../../src/tensor/tensor.js';

const seq = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

/** Oracle: α = softmax_t(tanh(h_t W + b) · u) over the unmasked steps, out = Σ α_t h_t. */
function naivePool(h: number[], [B, T, H]: number[], W: number[], bias: number[], u: number[], mask: number[] | null): { out: number[]; alpha: number[] } {
  const A = u.length;
  const out: number[] = [];
  const alpha: number[] = [];
  for (let b = 0; b < B; b++) {
    const s = seq(T, (t) => {
      let acc = 0;
      for (let a = 0; a < A; a++) {
        let z = bias[a];
        for (let d = 0; d < H; d++) z += h[(b * T + t) * H + d] * W[d * A + a];
        acc += Math.tanh(z) * u[a];
      }
      return mask && mask[b * T + t] === 0 ? -Infinity : acc;
    });
    const mx = Math.max(...s);
    const e = s.map((x) => Math.exp(x - mx));
    const z = e.reduce((p, c) => p + c, 0);
    const al = e.map((x) => x / z);
    alpha.push(...al);
    for (let d = 0; d < H; d++) out.push(al.reduce((acc, a, t) => acc + a * h[(b * T + t) * H + d], 0));
  }
  return { out, alpha };
}

test('attentionPooling equals the oracle, excludes masked steps, and has the documented weights', () => {
  setSeed(31);
  const [B, T, H, A] = [2, 4, 3, 2];
  const rng = new Rng(5);
  const hv = seq(B * T * H, () => rng.uniform(-1, 1));
  const layer = attentionPooling({ units: A, returnAttentionScores: true, name: 'ap' });
  layer.ensureBuilt([null, T, H]);
  assert.deepEqual(layer.weights.map((w) => [w.name, [...w.shape]]), [['ap/kernel', [H, A]], ['ap/bias', [A]], ['ap/context', [A]]]);
  const W = seq(H * A, () => rng.uniform(-1, 1));
  const bias = [0.1, -0.2];
  const u = [0.8, -1.2];
  layer.setWeights([tensor(W, [H, A]), tensor(bias, [A]), tensor(u, [A])]);
  for (const mask of [null, [1, 1, 0, 1, 0, 1, 1, 0]]) {
    const [out, alpha] = layer.apply(tensor(hv, [B, T, H]), { mask: mask ? tensor(mask, [B, T]) : null }) as Tensor[];
    const ref = naivePool(hv, [B, T, H], W, bias, u, mask);
    assert.deepEqual([...out.shape], [B, H]);
    assert.deepEqual([...alpha.shape], [B, T]);
    ref.out.forEach((v, i) => assert.ok(Math.abs(v - out.data[i]) < 1e-6, `out[${i}]`));
    ref.alpha.forEach((v, i) => assert.ok(Math.abs(v - alpha.data[i]) < 1e-6, `alpha[${i}]`));
    if (mask) mask.forEach((m, i) => m === 0 && assert.equal(alpha.data[i], 0));
  }
  assert.equal(layer.computeOutputShape([null, T, H]).length, 2);
  assert.deepEqual(attentionPooling().computeOutputShape([null, T, H]), [null, H]);
  const plain = attentionPooling({ units: 5 });
  assert.equal(plain.computeMask(tensor(hv, [B, T, H]), tensor([[1, 1, 1, 1], [1, 1, 1, 1]])), null);
});

test('attentionPooling gradcheck (with a mask) and bad input', () => {
  setSeed(32);
  const layer = attentionPooling({ units: 3 });
  layer.ensureBuilt([null, 4, 2]);
  const h = tensor(seq(2 * 4 * 2, (i) => Math.sin(0.9 * i)), [2, 4, 2]);
  const mask = tensor([[1, 0, 1, 1], [1, 1, 0, 0]]);
  assertGradcheck((x) => layer.apply(x, { mask }) as Tensor, [h], { params: layer.weights });
  assert.throws(() => layer.apply(tensor([1, 2], [1, 2])), (e: Error) => e instanceof ShapeError && /rank 3/.test(e.message));
  assert.throws(() => layer.apply(h, { mask: tensor([[1, 1]]) }), (e: Error) => e instanceof ShapeError && /mask must have shape \[2, 4\]/.test(e.message));
  assert.throws(() => attentionPooling({ units: 0 }), ValueError);
  const copy = deserializeLayer('AttentionPooling', { ...layer.getConfig(), name: 'ap2' });
  assert.deepEqual(copy.computeOutputShape([null, 7, 2]), [null, 2]);
});

test('self-attention on LSTM outputs: query = value = lstm sequence, gradients reach the LSTM weights', () => {
  setSeed(33);
  const rnn = lstm({ units: 3, returnSequences: true });
  const att = attention({ useScale: true, useCausalMask: true });
  const pool = attentionPooling();
  const x = tensor(seq(2 * 5 * 2, (i) => Math.cos(0.7 * i)), [2, 5, 2]);
  const forward = (xx: Tensor): Tensor => {
    const h = rnn.apply(xx) as Tensor; // [2, 5, 3]
    const ctx = att.apply([h, h]) as Tensor; // [2, 5, 3]
    return pool.apply(ctx) as Tensor; // [2, 3]
  };
  assert.deepEqual([...forward(x).shape], [2, 3]);
  // causal self-attention: the first step attends only to itself, so ctx[:, 0] = h[:, 0]
  const h = rnn.apply(x) as Tensor;
  const ctx = att.apply([h, h]) as Tensor;
  for (let b = 0; b < 2; b++) for (let d = 0; d < 3; d++) assert.ok(Math.abs(ctx.data[b * 15 + d] - h.data[b * 15 + d]) < 1e-6);
  assertGradcheck(forward, [x], { params: [...rnn.weights, ...att.weights, ...pool.weights], maxPerTensor: 30 });
});
