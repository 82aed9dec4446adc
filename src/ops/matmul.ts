import { defineOp } from '../autograd/op.js';
import { ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { K, empty, sameFloat } from './util.js';

/**
 * Matrix product of the last two axes; a may have leading batch axes ([..., m, k] · [k, n]),
 * which are folded into m (the common "dense layer on a sequence" case).
 * With transposeA/B the stored matrices are [k, m] / [n, k].
 */
export const matmul = defineOp('matmul', (a: Tensor, b: Tensor, transposeA: boolean = false, transposeB: boolean = false) => {
  const dtype = sameFloat('matmul', a, b);
  if (a.rank < 2 || b.rank !== 2) {
    throw new ShapeError(`matmul: expected a of rank >= 2 and b of rank 2, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`);
  }
  if (transposeA && a.rank !== 2) throw new ShapeError(`matmul: transposeA needs a rank-2 a, got ${fmtShape(a.shape)}.`);
  const lead = a.shape.slice(0, -1);
  const ka = transposeA ? a.shape[0] : a.shape[a.rank - 1];
  const m = transposeA ? a.shape[1] : a.size / ka;
  const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (ka !== kb) {
    throw new ShapeError(`matmul: inner sizes differ: a ${fmtShape(a.shape)}${transposeA ? 'ᵀ' : ''} · b ${fmtShape(b.shape)}${transposeB ? 'ᵀ' : ''} (${ka} vs ${kb}).`);
  }
  const k = ka;
  const outShape = transposeA ? [m, n] : [...lead, n];
  const y = empty(outShape, dtype); // y [m, n] (leading axes of a kept)
  const A = a.floats();
  const B = b.floats();
  K().matmul(y.floats(), A, B, m, n, k, transposeA, transposeB, false);
  return {
    inputs: [a, b],
    outputs: y,
    backward: ([dY], [dA, dB]) => {
      // y = op(a)·op(b)  ⇒  d op(a) = dY·op(b)ᵀ,  d op(b) = op(a)ᵀ·dY
      if (dA) {
        if (transposeA) K().matmul(dA, B, dY, k, m, n, transposeB, true, true); // dAᵀ[k,m] = op(b)·dYᵀ
        else K().matmul(dA, dY, B, m, k, n, false, !transposeB, true);
      }
      if (dB) {
        if (transposeB) K().matmul(dB, dY, A, n, k, m, true, transposeA, true); // dBᵀ[n,k] = dYᵀ·op(a)
        else K().matmul(dB, A, dY, k, n, m, !transposeA, false, true);
      }
    },
  };
});
