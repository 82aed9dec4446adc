// Repeated tokens share one input projection (src/layers/rnn/fused/unique.ts): an Embedding's
// output feeding a fused recurrent layer gives the same outputs and gradients (to float rounding,
// 1e-5 relative) with the shortcut on and off, on every backend, and float64
// finite differences agree with the shortcut's gradients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { record } from '../../../src/autograd/tape.js';
import { assertGradcheck } from '../../../src/autograd/gradcheck.js';
import { backendName, listBackends, setBackend } from '../../../src/backend/registry.js';
import { Embedding } from '../../../src/layers/core/embedding.js';
import { bidirectional } from '../../../src/layers/rnn/factories.js';
import { distinctKeys, setTokenDedup, tokenDedupCalls } from '../../../src/layers/rnn/fused/unique.js';
import type { Layer } from '../../../src/layers/layer.js';
import { add, mul } from '../../../src/ops/elementwise.js';
import { sum } from '../../../src/ops/reduce.js';
import { tensor } from '../../../src/tensor/create.js';
import { bufferScope } from '../../../src/tensor/pool.js';
import { Rng, setSeed } from '../../../src/tensor/rng.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import { makeLayer, wave, type Kind, KINDS } from './helpers.js';

test('distinctKeys: ids, or (sample, id) pairs, in order of first appearance', () => {
  const ids = Int32Array.from([1, 2, 1, 2, 2, 3]); // [2, 3]
  const a = distinctKeys(ids, 2, 3, 4, false);
  assert.ok(a);
  assert.equal(a.n, 3);
  assert.deepEqual(Array.from(a.first), [0, 1, 5]);
  assert.deepEqual(Array.from(a.idx), [0, 1, 0, 1, 1, 2]);
  const p = distinctKeys(ids, 2, 3, 4, true); // sample 1 does not reuse sample 0's id 2
  assert.ok(p);
  assert.equal(p.n, 4);
  assert.deepEqual(Array.from(p.first), [0, 1, 3, 5]);
  assert.deepEqual(Array.from(p.idx), [0, 1, 0, 2, 2, 3]);
  assert.equal(distinctKeys(ids, 2, 3, 4, true, 3), null, 'a 4th key over maxKeys 3');
  assert.ok(distinctKeys(ids, 2, 3, 4, true, 4));
});

// Wide enough and repeated enough for the shortcut to be taken (unique.ts, MIN_SAVED_WIDTH).
const B = 4;
const T = 12;
const V = 9;
const D = 40;
const H = 6;

/** ids [B,T] over a few distinct values (many repeats), 0 (padding) at the ends of rows 1 and 3. */
function repeatedIds(): Tensor {
  const d: number[] = [];
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) d.push((b % 2 === 1 && t >= T - 2) ? 0 : 1 + ((b + 3 * t) % 4));
  return tensor(d, [B, T], 'int32');
}

interface Case {
  name: string;
  args: Record<string, unknown>;
  maskZero: boolean;
  training: boolean;
  bi: boolean;
}

const CASES: Case[] = [
  { name: 'sequences', args: { returnSequences: true }, maskZero: false, training: false, bi: false },
  { name: 'input + recurrent dropout', args: { dropout: 0.3, recurrentDropout: 0.2 }, maskZero: false, training: true, bi: false },
  { name: 'maskZero + goBackwards + state', args: { goBackwards: true, returnState: true }, maskZero: true, training: false, bi: false },
  { name: 'bidirectional', args: { returnSequences: true }, maskZero: true, training: false, bi: true },
];

/** Embedding → recurrent layer with fixed non-trivial weights. */
function build(kind: Kind, c: Case): { emb: Embedding; rnn: Layer } {
  setSeed(3);
  const emb = new Embedding({ inputDim: V, outputDim: D, maskZero: c.maskZero });
  emb.ensureBuilt([null, T]);
  emb.setWeights([tensor(wave(V * D, 2), [V, D])]);
  const cell = makeLayer(kind, { units: H, ...c.args });
  const rnn = c.bi ? bidirectional(cell) : cell;
  rnn.ensureBuilt([null, T, D]);
  rnn.setWeights(rnn.getWeights().map((w, i) => tensor(wave(w.size, 5 + i).map((v) => 0.6 * v), w.shape)));
  return { emb, rnn };
}

/**
 * Outputs (copied) and the gradients of L = Σ r ⊙ outputs w.r.t. every weight (embedding table
 * first) and, outside a model step, w.r.t. the Embedding's output x (last). inStep: run inside a
 * buffer scope, as a model's training step does (x is then a step intermediate).
 */
function run(emb: Embedding, rnn: Layer, ids: Tensor, c: Case, inStep: boolean): { outs: Float32Array[]; grads: Float64Array[] } {
  const weights = [...emb.weights, ...rnn.weights];
  const go = (): { outs: Float32Array[]; grads: Float64Array[] } => {
    const { tape, result } = record(() => {
      const x = emb.apply(ids) as Tensor;
      const y = rnn.apply(x, { mask: emb.computeMask(ids, undefined), training: c.training, rng: new Rng(11) });
      const outs = Array.isArray(y) ? y : [y];
      let loss: Tensor | null = null;
      outs.forEach((o, k) => {
        const term = sum(mul(o, tensor(wave(o.size, 20 + k), o.shape)));
        loss = loss ? add(loss, term) : term;
      });
      return { x, outs, loss: loss as unknown as Tensor };
    });
    tape.backward(result.loss);
    const targets = inStep ? weights : [...weights, result.x];
    return { outs: result.outs.map((o) => Float32Array.from(o.data)), grads: targets.map((w) => Float64Array.from(tape.grad(w) ?? [])) };
  };
  return inStep ? bufferScope(go) : go();
}

function closeRel(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  assert.ok(scale > 0, `${what} is all zero (the comparison would be vacuous)`);
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) <= 1e-5 * scale, `${what}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

for (const backend of listBackends()) {
  for (const kind of KINDS) {
    for (const [c, inStep] of CASES.flatMap((c): [Case, boolean][] => [[c, false], [c, true]])) {
      const where = inStep ? 'in a model step' : 'caller\'s tape, dX per place';
      test(`${backend}: ${kind} after an Embedding, shared projection of repeated tokens == dense (${c.name}; ${where})`, () => {
        const before = backendName();
        const was = setTokenDedup(true);
        setBackend(backend);
        try {
          const ids = repeatedIds();
          const { emb, rnn } = build(kind, c);
          const calls0 = tokenDedupCalls();
          const shared = run(emb, rnn, ids, c, inStep);
          assert.equal(tokenDedupCalls() - calls0, c.bi ? 2 : 1, 'the shared projection ran');
          setTokenDedup(false);
          const dense = run(emb, rnn, ids, c, inStep);
          assert.equal(tokenDedupCalls() - calls0, c.bi ? 2 : 1, 'the dense path ran the second time');
          assert.equal(shared.outs.length, dense.outs.length);
          shared.outs.forEach((o, i) => closeRel(o, dense.outs[i], `output ${i}`));
          shared.grads.forEach((g, i) => closeRel(g, dense.grads[i], i < emb.weights.length + rnn.weights.length ? `gradient of weight ${i}` : 'gradient of x'));
        } finally {
          setTokenDedup(was);
          setBackend(before);
        }
      });
    }
  }
}

test('few repeated tokens (17% or 44% of the rows, D 40): the dense projection is kept', () => {
  const ids = tensor(Array.from({ length: B * T }, (_, i) => i % 40), [B, T], 'int32'); // 40 distinct of 48: 17% saved
  setSeed(3);
  const emb = new Embedding({ inputDim: 40, outputDim: D });
  const rnn = makeLayer('lstm', { units: H });
  const calls0 = tokenDedupCalls();
  rnn.apply(emb.apply(ids) as Tensor);
  assert.equal(tokenDedupCalls(), calls0);
  const some = tensor(Array.from({ length: B * T }, (_, i) => i % 27), [B, T], 'int32'); // 27 of 48: 44% saved, under half
  rnn.apply(emb.apply(some) as Tensor);
  assert.equal(tokenDedupCalls(), calls0);
  const many = tensor(Array.from({ length: B * T }, (_, i) => i % 3), [B, T], 'int32');
  rnn.apply(emb.apply(many) as Tensor);
  assert.equal(tokenDedupCalls(), calls0 + 1);
});

for (const kind of KINDS) {
  test(`gradcheck (float64): Embedding → ${kind} with the shared projection, input dropout, mask`, () => {
    const c: Case = { name: 'gradcheck', args: { returnSequences: true, dropout: 0.3 }, maskZero: true, training: true, bi: false };
    const { emb, rnn } = build(kind, c);
    const ids = repeatedIds();
    const calls0 = tokenDedupCalls();
    const r = assertGradcheck((i: Tensor) => rnn.apply(emb.apply(i) as Tensor, { mask: emb.computeMask(i, undefined), training: true, rng: new Rng(4) }) as Tensor,
      [ids], { params: [...emb.weights, ...rnn.weights] });
    assert.ok(tokenDedupCalls() > calls0, 'the shared projection ran');
    assert.ok(r.checked >= 60, `only ${r.checked} elements checked`);
  });
}
