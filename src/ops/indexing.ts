import { defineOp } from '../autograd/op.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { inBufferScope, pooledBuffer } from '../tensor/pool.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { cast as castData } from '../tensor/create.js';
import { broadcastAll } from './elementwise.js';
import { K, checkInt, empty, sameFloat } from './util.js';

/** The multi-index of flat position i in shape, as "[a, b, c]". */
function positionOf(i: number, shape: readonly number[]): string {
  const idx = new Array<number>(shape.length);
  let r = i;
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = r % shape[d];
    r = Math.floor(r / shape[d]);
  }
  return `[${idx.join(', ')}]`;
}

/** Throws a ValueError naming the first id outside [0, n). */
function checkIds(where: string, ids: Tensor, data: Int32Array, n: number, what: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < 0 || v >= n) {
      throw new ValueError(`${where}: id ${v} at position ${positionOf(i, ids.shape)} of ids ${fmtShape(ids.shape)} is out of range for ${what} (valid ids are 0..${n - 1}).`);
    }
  }
}

export interface GatherOptions {
  /**
   * The output lives only for the current model step (an Embedding layer's output): inside a
   * bufferScope its storage comes from the buffer pool (src/tensor/pool.ts) and is reused by the
   * next step, so it must not be kept after the step.
   */
  stepOutput?: boolean;
}

/**
 * Embedding lookup: rows of table [V, D] picked by int32 ids of any shape -> [...ids.shape, D].
 * The backward is sparse: it scatter-adds into the looked-up rows of dTable only (repeated ids accumulate).
 */
export const gather = defineOp('gather', (table: Tensor, ids: Tensor, opts: GatherOptions = {}) => {
  const dtype = sameFloat('gather', table);
  if (table.rank !== 2) throw new ShapeError(`gather: expected a table of shape [V, D], got ${fmtShape(table.shape)}.`);
  const idx = ids.ints('gather');
  const [v, dim] = table.shape;
  checkIds('gather', ids, idx, v, `a table of ${v} rows`);
  const n = idx.length;
  const shape = [...ids.shape, dim];
  const y = opts.stepOutput && inBufferScope() ? new Tensor(pooledBuffer(dtype, n * dim), shape) : empty(shape, dtype); // y [...ids.shape, D]
  K().gather(y.floats(), table.floats(), idx, n, dim);
  return {
    inputs: [table, ids],
    outputs: y,
    backward: ([dY], [dTable]) => dTable && K().scatterAdd(dTable, idx, dY, n, dim),
  };
});

/** One-hot encoding of int32 ids: [...ids.shape, depth] with 1 at each id (no gradient). */
export function oneHot(ids: Tensor, depth: number, dtype: DType = 'float32'): Tensor {
  const idx = ids.ints('oneHot');
  checkInt(depth, 'depth', 'oneHot');
  if (depth <= 0) throw new ValueError(`oneHot: depth must be positive, got ${depth}.`);
  checkIds('oneHot', ids, idx, depth, `depth ${depth}`);
  const y = empty([...ids.shape, depth], dtype); // y [...ids.shape, depth]
  for (let i = 0; i < idx.length; i++) y.data[i * depth + idx[i]] = 1;
  return y;
}

/**
 * mask ? a : b elementwise, with broadcasting of all three. The mask is any tensor of 0/1 values
 * (float or int32; non-zero selects a); gradients flow to a (where mask ≠ 0) and b (where mask = 0),
 * never to the mask. Exact even when b holds -1e9 or -Infinity (attention masks).
 */
export const select = defineOp('select', (mask: Tensor, a: Tensor, b: Tensor) => {
  const dtype = sameFloat('select', a, b);
  const m = mask.dtype === dtype ? mask : castData(mask, dtype); // mask in a's precision [...mask.shape]
  const { shape, strides } = broadcastAll([mask.shape, a.shape, b.shape], 'select (mask, a, b)');
  const [mS, aS, bS] = strides;
  const y = empty(shape, dtype); // y [broadcast(mask, a, b)]
  K().select(y.floats(), m.floats(), a.floats(), b.floats(), shape, mS, aS, bS);
  return {
    inputs: [a, b],
    outputs: y,
    backward: ([dY], [dA, dB]) => (dA || dB) && K().selectGrad(dA, dB, m.floats(), dY, shape, mS, aS, bS),
  };
});

