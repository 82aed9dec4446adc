import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, zeros } from '../../../src/tensor/create.js';
import { grads } from '../../../src/autograd/tape.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import { ShapeError, ValueError, DTypeError } from '../../../src/errors.js';
import { LSTM, SimpleRNN } from '../../../src/layers/rnn/index.js';
import { deserializeLayer } from '../../../src/layers/registry.js';
import { bidirectional, gru, lstm, simpleRnn } from '../../../src/layers/rnn/factories.js';
import { KINDS, makePair, maskOf, maxDiff, seqInput } from './helpers.js';

/** SimpleRNN with hand-set weights: D = H = 1, h_t = tanh(w x_t + u h_{t−1} + b). */
function scalarRnn(args: Record<string, unknown> = {}): SimpleRNN {
  const l = simpleRnn({ units: 1, returnSequences: true, ...args });
  l.ensureBuilt([null, null, 1]);
  l.setWeights([tensor([[0.5]]), tensor([[0.8]]), tensor([0.1])]);
  return l;
}

test('SimpleRNN hand-computed values, with mask and goBackwards', () => {
  const x = tensor([[[1], [2], [-1]]]); // [1,3,1]
  const y = scalarRnn().apply(x) as Tensor;
  const h1 = Math.tanh(0.5 + 0.1);
  const h2 = Math.tanh(1 + 0.8 * h1 + 0.1);
  const h3 = Math.tanh(-0.5 + 0.8 * h2 + 0.1);
  assert.ok(maxDiff(y.data, [h1, h2, h3]) < 1e-6);
  // Masked middle step: state and output carried over.
  const ym = scalarRnn().apply(x, { mask: maskOf([[1, 0, 1]]) }) as Tensor;
  const h3m = Math.tanh(-0.5 + 0.8 * h1 + 0.1);
  assert.ok(maxDiff(ym.data, [h1, h1, h3m]) < 1e-6);
  // goBackwards: processes -1, 2, 1 and returns the sequence in processing order.
  const yb = scalarRnn({ goBackwards: true }).apply(x, { mask: maskOf([[1, 0, 1]]) }) as Tensor;
  const g1 = Math.tanh(-0.5 + 0.1);
  const g3 = Math.tanh(0.5 + 0.8 * g1 + 0.1);
  assert.ok(maxDiff(yb.data, [g1, g1, g3]) < 1e-6);
});

test('T = 1 and batch 1 work on every cell (fused == composed)', () => {
  for (const kind of KINDS) {
    const [f, c] = makePair(kind, 2, { units: 3, returnSequences: true });
    for (const [B, T] of [[1, 1], [1, 4], [3, 1]]) {
      const x = seqInput(B, T, 2, 3);
      const a = f.apply(x) as Tensor;
      const b = c.apply(x) as Tensor;
      assert.deepEqual(a.shape, [B, T, 3]);
      assert.ok(maxDiff(a.data, b.data) < 1e-6);
    }
  }
});

test('fully masked rows keep the initial state at every step', () => {
  const [f] = makePair('lstm', 2, { units: 3, returnSequences: true, returnState: true });
  const x = seqInput(2, 3, 2, 5);
  const h0 = tensor([0.1, 0.2, 0.3, -0.1, -0.2, -0.3], [2, 3]);
  const c0 = tensor([1, 1, 1, 2, 2, 2], [2, 3]);
  const [seq, h, c] = f.apply(x, { mask: maskOf([[0, 0, 0], [1, 1, 0]]), initialState: [h0, c0] }) as Tensor[];
  const s = seq.toArray() as number[][][];
  for (let t = 0; t < 3; t++) assert.ok(maxDiff(s[0][t], [0.1, 0.2, 0.3]) < 1e-7);
  assert.ok(maxDiff(Array.from(h.data).slice(0, 3), [0.1, 0.2, 0.3]) < 1e-7);
  assert.ok(maxDiff(Array.from(c.data).slice(0, 3), [1, 1, 1]) < 1e-7);
  assert.ok(maxDiff(s[1][2], s[1][1]) === 0, 'masked last step repeats the previous output');
});

test('stateful: the second batch continues from the first; resetStates starts over', () => {
  const [f] = makePair('gruAfter', 2, { units: 3, stateful: true });
  const [ref] = makePair('gruAfter', 2, { units: 3 });
  const x = seqInput(2, 6, 2, 7);
  const whole = ref.apply(x) as Tensor;
  const first = tensor((x.toArray() as number[][][]).map((r) => r.slice(0, 3)));
  const second = tensor((x.toArray() as number[][][]).map((r) => r.slice(3)));
  f.apply(first);
  const cont = f.apply(second) as Tensor;
  assert.ok(maxDiff(cont.data, whole.data) < 1e-6);
  f.resetStates();
  assert.equal(f.getStates(), null);
  const fresh = f.apply(second) as Tensor;
  const direct = ref.apply(second) as Tensor;
  assert.ok(maxDiff(fresh.data, direct.data) < 1e-7);
  assert.throws(() => f.apply(seqInput(3, 2, 2)), ShapeError);
});

test('weights: Keras shapes, order and unitForgetBias', () => {
  const l = lstm({ units: 4 });
  l.ensureBuilt([null, 5, 3]);
  assert.deepEqual(l.weights.map((w) => w.shape), [[3, 16], [4, 16], [16]]);
  assert.deepEqual(Array.from(l.weights[2].data), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  const g = gru({ units: 2 });
  g.ensureBuilt([null, 5, 3]);
  assert.deepEqual(g.weights.map((w) => w.shape), [[3, 6], [2, 6], [2, 6]]);
  const g2 = gru({ units: 2, resetAfter: false });
  g2.ensureBuilt([null, 5, 3]);
  assert.deepEqual(g2.weights[2].shape, [6]);
  const s = simpleRnn({ units: 2, useBias: false });
  s.ensureBuilt([null, 5, 3]);
  assert.deepEqual(s.weights.map((w) => w.shape), [[3, 2], [2, 2]]);
});

test('output shapes, masks and config round trip', () => {
  const l = new LSTM({ units: 3, returnSequences: true, returnState: true });
  assert.deepEqual(l.computeOutputShape([null, 7, 2]), [[null, 7, 3], [null, 3], [null, 3]]);
  const m = maskOf([[1, 0]]);
  const masks = l.computeMask(zeros([1, 2, 2]), m) as (Tensor | null)[];
  assert.equal(masks[0], m);
  assert.equal(masks[1], null);
  assert.equal(simpleRnn({ units: 2 }).computeMask(zeros([1, 2, 2]), m), null);
  const cfg = l.getConfig();
  assert.equal(cfg.recurrentActivation, 'sigmoid');
  assert.equal(cfg.unitForgetBias, true);
  const copy = deserializeLayer('LSTM', { ...cfg, name: 'copy' }) as LSTM;
  assert.equal(copy.returnSequences, true);
  assert.equal(copy.units, 3);
});

test('bad input gives clear errors', () => {
  assert.throws(() => simpleRnn({ units: 0 }), (e: Error) => e instanceof ValueError && /units must be a positive integer, got 0/.test(e.message));
  assert.throws(() => lstm({ units: -2 }), ValueError);
  assert.throws(() => gru({ units: 2.5 }), ValueError);
  assert.throws(() => lstm({ units: 2, dropout: 1 }), /dropout must be in \[0, 1\)/);
  const l = lstm({ units: 2 });
  assert.throws(() => l.apply(zeros([2, 3])), (e: Error) => e instanceof ShapeError && /rank 3/.test(e.message));
  assert.throws(() => l.apply(zeros([2, 0, 3])), (e: Error) => e instanceof ShapeError && /0 time steps/.test(e.message));
  assert.throws(() => l.apply(zeros([2, 4, 3]), { mask: zeros([2, 5]) }), (e: Error) => e instanceof ShapeError && /mask must have shape \[2, 4\]/.test(e.message));
  assert.throws(() => l.apply(zeros([2, 4, 3]), { initialState: [zeros([2, 2])] }), /expected 2 initial state/);
  assert.throws(() => l.apply(zeros([2, 4, 5])), /built for 3 features/);
  assert.throws(() => l.apply(tensor([[[1]]], [1, 1, 1], 'int32')), DTypeError);
  assert.throws(() => bidirectional(lstm({ units: 2 }), { mergeMode: 'avg' as never }), (e: Error) => e instanceof ValueError && /unknown mergeMode 'avg'/.test(e.message));
});

test('other activations use the composed path and still match hand computation', () => {
  const l = scalarRnn({ activation: 'relu' });
  const y = l.apply(tensor([[[1], [-3]]])) as Tensor;
  const h1 = Math.max(0, 0.5 + 0.1);
  const h2 = Math.max(0, -1.5 + 0.8 * h1 + 0.1);
  assert.ok(maxDiff(y.data, [h1, h2]) < 1e-6);
});

test('highway skipStep: h_t = cell(x_t, h_{t−1}) + h_{t−k}, hand-computed; gradient reaches far steps', () => {
  const l = scalarRnn({ skipStep: 2 });
  const y = l.apply(tensor([[[1], [2], [-1], [0.5]]])) as Tensor;
  const h0 = Math.tanh(0.5 + 0.1);
  const h1 = Math.tanh(1 + 0.8 * h0 + 0.1);
  const h2 = Math.tanh(-0.5 + 0.8 * h1 + 0.1) + h0;
  const h3 = Math.tanh(0.25 + 0.8 * h2 + 0.1) + h1;
  assert.ok(maxDiff(y.data, [h0, h1, h2, h3]) < 1e-6);
  assert.deepEqual(l.getConfig().skipStep, 2);
  assert.throws(() => simpleRnn({ units: 1, skipStep: -1 }), /skipStep must be a non-negative integer/);
  // Over 24 steps the plain RNN's gradient w.r.t. x_0 vanishes; with the highway it does not.
  const gradX0 = (skipStep: number): number => {
    const r = scalarRnn({ skipStep, returnSequences: false });
    const x = tensor(Array.from({ length: 24 }, (_, i) => Math.sin(i)), [1, 24, 1]);
    const { grads: [g] } = grads(() => r.apply(x) as Tensor, [x]);
    return Math.abs((g as ArrayLike<number>)[0]);
  };
  assert.ok(gradX0(0) < 1e-3, `plain: ${gradX0(0)}`);
  assert.ok(gradX0(4) > 100 * gradX0(0), `highway: ${gradX0(4)} vs plain ${gradX0(0)}`);
});
