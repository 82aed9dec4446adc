import { defineOp } from '../../autograd/op.js';
import { ShapeError, fmtShape } from '../../errors.js';
import { K, empty, sameFloat } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * Batched matrix product: a [B, m, k] · b [B, k, n] → [B, m, n] (with transposeB, b is stored
 * [B, n, k]: a · bᵀ, e.g. query · keyᵀ). One record; one matmul kernel call per batch entry.
 */
export const batchMatmul = defineOp('batchMatmul', (a: Tensor, b: Tensor, transposeB: boolean = false) => {
  const dtype = sameFloat('batchMatmul', a, b);
  if (a.rank !== 3 || b.rank !== 3 || a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`batchMatmul: expected a [batch, m, k] and b [batch, ${transposeB ? 'n, k' : 'k, n'}] with the same batch, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`);
  }
  const [B, m, k] = a.shape;
  const [kb, n] = transposeB ? [b.shape[2], b.shape[1]] : [b.shape[1], b.shape[2]];
  if (kb !== k) {
    throw new ShapeError(`batchMatmul: inner sizes differ: a ${fmtShape(a.shape)} · b ${fmtShape(b.shape)}${transposeB ? 'ᵀ' : ''} (${k} vs ${kb}).`);
  }
  const y = empty([B, m, n], dtype); // y [B, m, n]
  const A = a.floats();
  const Bv = b.floats();
  const Y = y.floats();
  for (let i = 0; i < B; i++) {
    K().matmul(Y.subarray(i * m * n, (i + 1) * m * n), A.subarray(i * m * k, (i + 1) * m * k),
      Bv.subarray(i * k * n, (i + 1) * k * n), m, n, k, false, transposeB, false);
  }
  return {
    inputs: [a, b],
    outputs: y,
    backward: ([dY], [dA, dB]) => {
      for (let i = 0; i < B; i++) {
        const g = dY.subarray(i * m * n, (i + 1) * m * n); // dY_i [m, n]
        const ai = A.subarray(i * m * k, (i + 1) * m * k);
        const bi = Bv.subarray(i * k * n, (i + 1) * k * n);
        // dA_i [m, k] += dY_i · op(b_i)ᵀ
        if (dA) K().matmul(dA.subarray(i * m * k, (i + 1) * m * k), g, bi, m, k, n, false, !transposeB, true);
        if (dB) {
          if (transposeB) K().matmul(dB.subarray(i * k * n, (i + 1) * k * n), g, ai, n, k, m, true, false, true); // [n, k] += dYᵀ·a
          else K().matmul(dB.subarray(i * k * n, (i + 1) * k * n), ai, g, k, n, m, true, false, true); // [k, n] += aᵀ·dY
        }
      }
    },
  };
});
