import { defineOp } from '../autograd/op.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor, sizeOf } from '../tensor/tensor.js';
import { K, empty, normAxes, normAxis, sameFloat } from './util.js';

/** Resolves a target shape with at most one -1 against a number of elements. */
export function resolveShape(shape: readonly number[], size: number, from: readonly number[], where: string): number[] {
  let unknown = -1;
  let known = 1;
  shape.forEach((d, i) => {
    if (d === -1) {
      if (unknown !== -1) throw new ShapeError(`${where}: only one -1 is allowed in the target shape ${fmtShape(shape)}.`);
      unknown = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${where}: target shape ${fmtShape(shape)} has a bad dimension ${d} (expected a non-negative integer or -1).`);
    } else {
      known *= d;
    }
  });
  const out = [...shape];
  if (unknown !== -1) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`${where}: cannot reshape ${fmtShape(from)} (${size} values) to ${fmtShape(shape)}: ${size} is not a multiple of ${known}.`);
    }
    out[unknown] = size / known;
  } else if (known !== size) {
    throw new ShapeError(`${where}: cannot reshape ${fmtShape(from)} (${size} values) to ${fmtShape(shape)} (${known} values).`);
  }
  return out;
}

/**
 * Same values, new shape (row-major order kept); one dimension may be -1 (inferred).
 * Works on int32 tensors too. The output is a copy, never an alias.
 */
export const reshape = defineOp('reshape', (x: Tensor, shape: readonly number[]) => {
  const target = resolveShape(shape, x.size, x.shape, 'reshape');
  const y = new Tensor(x.data.slice(), target); // y [...target]
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY], [dX]) => dX && K().axpy(dX, dY, y.size, 1),
  };
});

/** Inserts a size-1 axis at `axis` (in [-rank-1, rank]; -1 appends). */
export function expandDims(x: Tensor, axis: number): Tensor {
  const a = normAxis(axis, x.rank + 1, 'expandDims');
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Removes size-1 axes: the given one(s), or all of them when axis is omitted. */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  let drop: number[];
  if (axis === undefined) {
    drop = x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  } else {
    drop = normAxes(axis, x.rank, 'squeeze');
    for (const a of drop) {
      if (x.shape[a] !== 1) {
        throw new ShapeError(`squeeze: axis ${a} of x ${fmtShape(x.shape)} has size ${x.shape[a]}, expected 1.`);
      }
    }
  }
  return reshape(x, x.shape.filter((_, i) => !drop.includes(i)));
}

/** Keeps the first (batch) axis and flattens the rest: [B, ...] -> [B, prod(...)] (like Keras Flatten). */
export function flatten(x: Tensor): Tensor {
  if (x.rank === 0) throw new ShapeError('flatten: expected a tensor of rank >= 1 (batch axis first), got a scalar.');
  return reshape(x, [x.shape[0], sizeOf(x.shape.slice(1))]);
}

/** Checks a permutation of 0..rank-1 (negative entries count from the end). */
function normPerm(perm: readonly number[], rank: number): number[] {
  if (perm.length !== rank) {
    throw new ShapeError(`transpose: perm [${perm.join(', ')}] has ${perm.length} entries, the tensor has rank ${rank}.`);
  }
  const out = perm.map((p) => normAxis(p, rank, 'transpose'));
  if (new Set(out).size !== rank) throw new ValueError(`transpose: perm [${perm.join(', ')}] is not a permutation of 0..${rank - 1}.`);
  return out;
}

/** Permutes axes: out.shape[i] = x.shape[perm[i]]; default perm reverses the axes. */
export const transpose = defineOp('transpose', (x: Tensor, perm?: readonly number[]) => {
  const dtype = sameFloat('transpose', x);
  const p = perm === undefined ? x.shape.map((_, i) => x.rank - 1 - i) : normPerm(perm, x.rank);
  const y = empty(p.map((a) => x.shape[a]), dtype); // y [x.shape[perm[i]] for i]
  K().transpose(y.floats(), x.floats(), x.shape, p);
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY], [dX]) => dX && K().transposeGrad(dX, dY, x.shape, p),
  };
});
