import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGradcheck } from '../../../src/autograd/gradcheck.js';
import { ShapeError, ValueError } from '../../../src/errors.js';
import { Attention, batchMatmul } from '../../../src/layers/attention/index.js';
import { additiveAttention, attention } from '../../../src/layers/attention/factories.js';
import { deserializeLayer } from '../../../src/layers/registry.js';
import { Rng, setSeed } from '../../../src/tensor/rng.js';
import { tensor } from '../../../src/tensor/create.js';
import type { Tensor } from '../../../src/tensor/tensor.js';

const seq = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void => {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
};

/** Independent oracle of Keras Attention / AdditiveAttention with plain loops. */
function naiveAttention(q: number[], v: number[], k: number[], [B, Tq, Tv, D, Dv]: number[],
  score: (qi: number[], kj: number[]) => number, qMask: number[] | null, vMask: number[] | null, causal: boolean): { out: number[]; w: number[] } {
  const out: number[] = [];
  const w: number[] = [];
  for (let b = 0; b < B; b++) for (let i = 0; i < Tq; i++) {
    const qi = q.slice((b * Tq + i) * D, (b * Tq + i + 1) * D);
    const s = seq(Tv, (j) => {
      const kj = k.slice((b * Tv + j) * D, (b * Tv + j + 1) * D);
      const masked = (vMask && vMask[b * Tv + j] === 0) || (causal && j > i);
      return score(qi, kj) - (masked ? 1e9 : 0);
    });
    const mx = Math.max(...s);
    const e = s.map((x) => Math.exp(x - mx));
    const z = e.reduce((p, c) => p + c, 0);
    const wi = e.map((x) => x / z);
    w.push(...wi);
    const keep = qMask ? qMask[b * Tq + i] : 1;
    for (let d = 0; d < Dv; d++) out.push(keep * wi.reduce((acc, wj, j) => acc + wj * v[(b * Tv + j) * Dv + d], 0));
  }
  return { out, w };
}

const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i], 0);

test('Attention hand-computed values: scores, scale, value mask', () => {
  const q = tensor([1, 0], [1, 1, 2]);
  const v = tensor([[[1, 2], [3, 4]]]);
  const w1 = 1 / (1 + Math.exp(2));
  const y = attention().apply([q, v]) as Tensor; // scores [1, 3]
  close(y.data, [w1 * 1 + (1 - w1) * 3, w1 * 2 + (1 - w1) * 4], 1e-6, 'y');
  const masked = attention().apply([q, v], { mask: [null, tensor([[1, 0]])] }) as Tensor;
  close(masked.data, [1, 2], 1e-6, 'value-masked y');
  const scaled = attention({ useScale: true });
  scaled.ensureBuilt([[null, 1, 2], [null, 2, 2]]);
  assert.deepEqual(scaled.weights.map((w) => [...w.shape]), [[]]);
  assert.equal(scaled.weights[0].data[0], 1); // Keras initialises the scale to 1
  scaled.setWeights([tensor(2)]);
  const w2 = 1 / (1 + Math.exp(4)); // scores [2, 6]
  close((scaled.apply([q, v]) as Tensor).data, [w2 + 3 * (1 - w2), 2 * w2 + 4 * (1 - w2)], 1e-6, 'scaled y');
});

test('Attention and AdditiveAttention equal a loop oracle with query/value masks, key input and causal mask', () => {
  setSeed(21);
  const rng = new Rng(9);
  const [B, Tq, Tv, D, Dv] = [2, 3, 4, 2, 3];
  const qv = seq(B * Tq * D, () => rng.uniform(-1, 1));
  const vv = seq(B * Tv * Dv, () => rng.uniform(-1, 1));
  const kv = seq(B * Tv * D, () => rng.uniform(-1, 1));
  const qMask = [1, 1, 0, 1, 0, 1];
  const vMask = [1, 0, 1, 1, 1, 1, 0, 0]; // key 0 kept: no fully masked row (Keras requires one key per row)
  const inputs = (): Tensor[] => [tensor(qv, [B, Tq, D]), tensor(vv, [B, Tv, Dv]), tensor(kv, [B, Tv, D])];
  const mask = [tensor(qMask, [B, Tq]), tensor(vMask, [B, Tv])];
  for (const causal of [false, true]) {
    const layer = attention({ useScale: true, useCausalMask: causal, returnAttentionScores: true });
    layer.ensureBuilt([[null, Tq, D], [null, Tv, Dv], [null, Tv, D]]);
    layer.setWeights([tensor(0.7)]);
    const [out, w] = layer.apply(inputs(), { mask }) as Tensor[];
    const ref = naiveAttention(qv, vv, kv, [B, Tq, Tv, D, Dv], (a, b) => 0.7 * dot(a, b), qMask, vMask, causal);
    assert.deepEqual([...out.shape], [B, Tq, Dv]);
    assert.deepEqual([...w.shape], [B, Tq, Tv]);
    close(out.data, ref.out, 1e-6, `dot out causal=${causal}`);
    close(w.data, ref.w, 1e-6, `dot weights causal=${causal}`);
  }
  const add = additiveAttention({ returnAttentionScores: true });
  add.ensureBuilt([[null, Tq, D], [null, Tv, Dv], [null, Tv, D]]);
  const scale = Array.from(add.weights[0].data);
  assert.equal(scale.length, D);
  const [out, w] = add.apply(inputs(), { mask }) as Tensor[];
  const ref = naiveAttention(qv, vv, kv, [B, Tq, Tv, D, Dv], (a, b) => a.reduce((s, x, d) => s + scale[d] * Math.tanh(x + b[d]), 0), qMask, vMask, false);
  close(out.data, ref.out, 1e-6, 'additive out');
  close(w.data, ref.w, 1e-6, 'additive weights');
  const concat = attention({ scoreMode: 'concat', useScale: true });
  concat.ensureBuilt([[null, Tq, D], [null, Tv, Dv], [null, Tv, D]]);
  concat.setWeights([tensor(0.5), tensor(1.5)]);
  const refC = naiveAttention(qv, vv, kv, [B, Tq, Tv, D, Dv], (a, b) => 1.5 * a.reduce((s, x, d) => s + Math.tanh(0.5 * (x + b[d])), 0), null, null, false);
  close((concat.apply(inputs()) as Tensor).data, refC.out, 1e-6, 'concat out');
});

test('Attention masks: masked keys get zero weight, masked queries zero output, output mask = query mask', () => {
  const q = tensor(seq(2 * 2 * 2, (i) => Math.sin(i)), [2, 2, 2]);
  const v = tensor(seq(2 * 3 * 2, (i) => Math.cos(i)), [2, 3, 2]);
  const qMask = tensor([[1, 0], [1, 1]]);
  const vMask = tensor([[0, 1, 1], [1, 1, 0]]);
  const layer = attention({ returnAttentionScores: true });
  const [out, w] = layer.apply([q, v], { mask: [qMask, vMask] }) as Tensor[];
  for (const [b, j] of [[0, 0], [1, 2]]) for (let i = 0; i < 2; i++) assert.equal(w.data[(b * 2 + i) * 3 + j], 0);
  close(out.data.slice(2, 4), [0, 0], 0, 'masked query'); // query (0, 1) is masked
  assert.deepEqual(layer.computeMask([q, v], [qMask, vMask]), [qMask, null]);
  assert.equal(attention().computeMask([q, v], [qMask, vMask]), qMask);
  assert.equal(attention().computeMask([q, v], undefined), null);
});

test('attention gradcheck: dot (scaled, masked, causal), concat, additive, batchMatmul', () => {
  setSeed(22);
  const q = tensor(seq(2 * 3 * 2, (i) => Math.sin(0.8 * i)), [2, 3, 2]);
  const v = tensor(seq(2 * 4 * 3, (i) => Math.cos(0.6 * i)), [2, 4, 3]);
  const k = tensor(seq(2 * 4 * 2, (i) => Math.sin(1.1 * i + 0.4)), [2, 4, 2]);
  const mask = [tensor([[1, 0, 1], [1, 1, 1]]), tensor([[1, 1, 0, 1], [1, 0, 1, 1]])];
  const layers = [
    attention({ useScale: true }), attention({ useCausalMask: true }), attention({ scoreMode: 'concat', useScale: true }),
    additiveAttention(), additiveAttention({ useScale: false }),
  ];
  for (const layer of layers) {
    layer.ensureBuilt([[null, 3, 2], [null, 4, 3], [null, 4, 2]]);
    assertGradcheck((a, b, c) => layer.apply([a, b, c], { mask }) as Tensor, [q, v, k], { params: layer.weights });
  }
  const scores = attention({ returnAttentionScores: true });
  assertGradcheck((a, b) => scores.apply([a, b]) as Tensor[], [q, tensor(seq(2 * 4 * 2, (i) => Math.cos(i)), [2, 4, 2])]);
  assertGradcheck((a, b) => batchMatmul(a, b), [q, tensor(seq(2 * 2 * 5, (i) => Math.sin(i)), [2, 2, 5])]);
  assertGradcheck((a, b) => batchMatmul(a, b, true), [q, k]);
});

test('attention dropout acts on the weights in training only, reproducibly', () => {
  const q = tensor(seq(1 * 2 * 2, (i) => i * 0.3), [1, 2, 2]);
  const v = tensor(seq(1 * 5 * 2, (i) => Math.sin(i)), [1, 5, 2]);
  const layer = attention({ dropout: 0.5 });
  const a = layer.apply([q, v]) as Tensor;
  const b = layer.apply([q, v], { training: true, rng: new Rng(1) }) as Tensor;
  const c = layer.apply([q, v], { training: true, rng: new Rng(1) }) as Tensor;
  assert.deepEqual(Array.from(b.data), Array.from(c.data));
  assert.notDeepEqual(Array.from(a.data), Array.from(b.data));
});

test('attention config round trip and bad input', () => {
  const layer = attention({ useScale: true, scoreMode: 'concat', dropout: 0.1, name: 'att' });
  const cfg = layer.getConfig();
  assert.deepEqual([cfg.useScale, cfg.scoreMode, cfg.dropout], [true, 'concat', 0.1]);
  const copy = deserializeLayer('Attention', { ...cfg, name: 'att2' }) as Attention;
  assert.equal(copy.scoreMode, 'concat');
  const addCfg = additiveAttention().getConfig();
  assert.equal(addCfg.useScale, true);
  assert.equal('scoreMode' in addCfg, false);
  assert.equal(deserializeLayer('AdditiveAttention', { ...addCfg, name: 'a2' }).className, 'AdditiveAttention');

  const q = tensor(seq(6, (i) => i), [1, 3, 2]);
  const v = tensor(seq(8, (i) => i), [1, 4, 2]);
  assert.throws(() => attention().apply(q), (e: Error) => e instanceof ValueError && /list/.test(e.message));
  assert.throws(() => attention().apply([q]), (e: Error) => e instanceof ValueError && /2 or 3 inputs/.test(e.message));
  assert.throws(() => attention().apply([tensor([1, 2], [1, 2]), v]), (e: Error) => e instanceof ShapeError && /query must have rank 3/.test(e.message));
  assert.throws(() => attention().apply([q, tensor(seq(12, (i) => i), [1, 4, 3]), tensor(seq(15, (i) => i), [1, 5, 3])]), ShapeError);
  assert.throws(() => attention().apply([tensor(seq(9, (i) => i), [1, 3, 3]), v]), (e: Error) => e instanceof ShapeError && /same last dimension/.test(e.message));
  assert.throws(() => attention().apply([q, v], { mask: [null, tensor([[1, 1, 1]])] }), (e: Error) => e instanceof ShapeError && /value mask must have shape \[1, 4\]/.test(e.message));
  assert.throws(() => attention().apply([q, v], { mask: tensor([[1, 1, 1]]) }), (e: Error) => e instanceof ValueError && /must be a list/.test(e.message));
  assert.throws(() => attention({ scoreMode: 'general' as 'dot' }), (e: Error) => e instanceof ValueError && /scoreMode/.test(e.message));
  assert.throws(() => attention({ dropout: 1.5 }), ValueError);
});
