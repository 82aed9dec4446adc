// Layer level: SimpleRNN, LSTM and GRU (both resetAfter) layers give the same outputs and the same
// gradients (input, initial states, every weight) on the native backend as on the reference one,
// to 1e-5 relative, with masks, dropout, goBackwards, initial states and odd sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { tensor } from '../../src/tensor/create.js';
import { backendName, setBackend } from '../../src/backend/registry.js';
import type { CallOptions } from '../../src/layers/layer.js';
import { KINDS, makePair, runWithGrads, seqInput, wave, type Kind } from '../layers/rnn/helpers.js';
import { assertClose, skip } from './helpers.js';

interface Case {
  name: string;
  B: number;
  T: number;
  D: number;
  H: number;
  args: Record<string, unknown>;
  opts: (kind: Kind, B: number, T: number, H: number) => CallOptions;
}

/** [B,T] mask: row 0 fully masked, the others with a few masked steps. */
function maskFor(B: number, T: number): ReturnType<typeof tensor> {
  const rows = Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => (b === 0 || (b + 2 * t) % 5 === 1 ? 0 : 1)));
  return tensor(rows);
}

const CASES: Case[] = [
  { name: 'returnSequences + returnState', B: 5, T: 6, D: 4, H: 7, args: { returnSequences: true, returnState: true }, opts: () => ({}) },
  { name: 'mask (a fully masked row) + goBackwards', B: 5, T: 6, D: 4, H: 7, args: { returnSequences: true, goBackwards: true },
    opts: (_k, B, T) => ({ mask: maskFor(B, T) }) },
  { name: 'dropout + recurrentDropout', B: 17, T: 7, D: 3, H: 17, args: { returnSequences: true, dropout: 0.3, recurrentDropout: 0.4 },
    opts: () => ({ training: true, rng: new Rng(99) }) },
  { name: 'initial state + mask, no bias', B: 3, T: 2, D: 5, H: 129, args: { returnState: true, useBias: false },
    opts: (k, B, T, H) => ({ mask: maskFor(B, T),
      initialState: (k === 'lstm' ? [5, 6] : [5]).map((s) => tensor(wave(B * H, s).map((v) => 0.5 * v), [B, H])) }) },
  { name: 'batch 1, two steps', B: 1, T: 2, D: 2, H: 3, args: {}, opts: () => ({}) },
];

const maxAbs = (a: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

/** Same array to 1e-5 relative to its largest magnitude. */
function close(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assertClose(got, want, what, new Float64Array(want.length).fill(maxAbs(want)));
}

for (const kind of KINDS) {
  for (const c of CASES) {
    test(`${kind} layer, native == ref: ${c.name}`, { skip }, () => {
      const before = backendName();
      const [layer] = makePair(kind, c.D, { units: c.H, ...c.args });
      const x = seqInput(c.B, c.T, c.D, 2);
      try {
        setBackend('ref');
        const want = runWithGrads(layer, x, c.opts(kind, c.B, c.T, c.H));
        setBackend('native');
        const got = runWithGrads(layer, x, c.opts(kind, c.B, c.T, c.H));
        assert.equal(got.outs.length, want.outs.length);
        want.outs.forEach((o, i) => {
          assert.deepEqual(got.outs[i].shape, o.shape);
          close(got.outs[i].data, o.data, `output ${i}`);
        });
        want.grads.forEach((g, i) => {
          const h = got.grads[i];
          assert.equal(h === null, g === null, `gradient ${i}: one backend has none`);
          if (g === null || h === null) return;
          assert.ok(g.some((v) => v !== 0), `gradient ${i} is all zero (the test would be vacuous)`);
          close(h, g, `gradient ${i}`);
        });
      } finally {
        setBackend(before);
      }
    });
  }
}
