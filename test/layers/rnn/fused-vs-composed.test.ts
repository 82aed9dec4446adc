import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/tensor/rng.js';
import { tensor } from '../../../src/tensor/create.js';
import type { CallOptions } from '../../../src/layers/layer.js';
import { KINDS, makePair, maskOf, maxDiff, runWithGrads, seqInput, wave, type Kind } from './helpers.js';

const B = 3;
const T = 4;
const D = 2;
const H = 3;

interface Case {
  name: string;
  args: Record<string, unknown>;
  opts: (kind: Kind) => CallOptions;
}

const mask = maskOf([[1, 1, 0, 1], [0, 1, 1, 1], [1, 0, 0, 0]]);
const states = (kind: Kind): CallOptions => ({
  initialState: (kind === 'lstm' ? [5, 6] : [5]).map((s) => tensor(wave(B * H, s).map((v) => 0.5 * v), [B, H])),
});

const CASES: Case[] = [
  { name: 'plain, last output', args: {}, opts: () => ({}) },
  { name: 'returnSequences + returnState', args: { returnSequences: true, returnState: true }, opts: () => ({}) },
  { name: 'mask', args: { returnSequences: true }, opts: () => ({ mask }) },
  { name: 'goBackwards + mask', args: { returnSequences: true, goBackwards: true }, opts: () => ({ mask }) },
  { name: 'dropout + recurrentDropout (same masks)', args: { returnSequences: true, dropout: 0.3, recurrentDropout: 0.4 },
    opts: () => ({ training: true, rng: new Rng(99) }) },
  { name: 'initial state + mask + returnState', args: { returnState: true }, opts: (k) => ({ ...states(k), mask }) },
  { name: 'no bias, goBackwards', args: { useBias: false, goBackwards: true, returnSequences: true }, opts: () => ({}) },
];

for (const kind of KINDS) {
  for (const c of CASES) {
    test(`fused == composed (${kind}): ${c.name}`, () => {
      const [fused, composed] = makePair(kind, D, { units: H, ...c.args });
      const x = seqInput(B, T, D, 2);
      const a = runWithGrads(fused, x, c.opts(kind));
      const b = runWithGrads(composed, x, c.opts(kind));
      assert.equal(a.outs.length, b.outs.length);
      a.outs.forEach((o, i) => {
        assert.deepEqual(o.shape, b.outs[i].shape);
        assert.ok(maxDiff(o.data, b.outs[i].data) < 1e-5, `output ${i} differs by ${maxDiff(o.data, b.outs[i].data)}`);
      });
      assert.equal(a.grads.length, b.grads.length);
      a.grads.forEach((g, i) => {
        const h = b.grads[i];
        if (g === null || h === null) {
          assert.equal(g === null, h === null, `gradient ${i}: one path has none`);
          return;
        }
        assert.ok(maxDiff(g, h) < 1e-5, `gradient ${i} differs by ${maxDiff(g, h)}`);
        assert.ok(g.some((v) => v !== 0), `gradient ${i} is all zero (the test would be vacuous)`);
      });
    });
  }
}

test('dropout is inactive without training and changes the output in training', () => {
  const [fused] = makePair('lstm', D, { units: H, dropout: 0.5, recurrentDropout: 0.5 });
  const [plain] = makePair('lstm', D, { units: H });
  const x = seqInput(B, T, D, 2);
  const yInfer = fused.apply(x, { rng: new Rng(1) }) as { data: ArrayLike<number> };
  const yPlain = plain.apply(x) as { data: ArrayLike<number> };
  assert.equal(maxDiff(yInfer.data, yPlain.data), 0);
  const yTrain = fused.apply(x, { training: true, rng: new Rng(1) }) as { data: ArrayLike<number> };
  assert.ok(maxDiff(yTrain.data, yPlain.data) > 1e-3);
});
