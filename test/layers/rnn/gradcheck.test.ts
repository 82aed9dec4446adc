import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGradcheck } from '../../../src/autograd/gradcheck.js';
import { Rng } from '../../../src/tensor/rng.js';
import { tensor } from '../../../src/tensor/create.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import { bidirectional } from '../../../src/layers/rnn/factories.js';
import { KINDS, makePair, maskOf, seqInput, wave } from './helpers.js';

// Tiny sizes: B=2, T=3, D=2, H=3.
const B = 2;
const T = 3;
const D = 2;
const H = 3;
const mask = maskOf([[1, 0, 1], [1, 1, 0]]);

for (const kind of KINDS) {
  for (const impl of ['fused', 'composed'] as const) {
    test(`gradcheck ${kind} (${impl}): sequences + state, mask, dropout, goBackwards, initial state`, () => {
      const [fused, composed] = makePair(kind, D, {
        units: H, returnSequences: true, returnState: true, goBackwards: true, dropout: 0.25, recurrentDropout: 0.25,
      });
      const layer = impl === 'fused' ? fused : composed;
      const n = kind === 'lstm' ? 2 : 1;
      const x = seqInput(B, T, D, 4, 'float64');
      const init = Array.from({ length: n }, (_, i) => tensor(wave(B * H, 8 + i).map((v) => 0.4 * v), [B, H], 'float64'));
      const r = assertGradcheck((xx: Tensor, ...s: Tensor[]) => layer.apply(xx, { mask, training: true, rng: new Rng(5), initialState: s }) as Tensor[],
        [x, ...init], { params: layer.weights });
      assert.ok(r.checked >= 36, `only ${r.checked} elements checked`);
    });
  }
}

test('gradcheck highway (skipStep 2) for simpleRnn, lstm, gru', () => {
  for (const kind of ['simple', 'lstm', 'gruAfter'] as const) {
    const [layer] = makePair(kind, D, { units: H, returnSequences: true, skipStep: 2 });
    const x = seqInput(B, 5, D, 6, 'float64');
    assertGradcheck((xx: Tensor) => layer.apply(xx, { mask: maskOf([[1, 1, 0, 1, 1], [1, 1, 1, 1, 0]]) }) as Tensor, [x], { params: layer.weights });
  }
});

test('gradcheck bidirectional (concat, with mask)', () => {
  const [inner] = makePair('gruAfter', D, { units: H, returnSequences: true });
  const bi = bidirectional(inner, { mergeMode: 'concat' });
  const x = seqInput(B, T, D, 9, 'float64');
  bi.ensureBuilt([null, T, D]);
  assertGradcheck((xx: Tensor) => bi.apply(xx, { mask }) as Tensor, [x], { params: bi.weights });
});
