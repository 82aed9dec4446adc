import { defineOp } from '../autograd/op.js';
import { ShapeError, fmtShape } from '../errors.js';
import { Tensor, sizeOf } from '../tensor/tensor.js';
import { K, allocFloat, empty, normAxes, normAxis, sameFloat, splitAt, type FloatArray } from './util.js';

/** One sumMid call: reduce the middle axis of an [outer, mid, inner] view. */
interface ReduceStep {
  outer: number;
  mid: number;
  inner: number;
}

/**
 * Plans a reduction over sorted axes as one sumMid per run of adjacent axes (a run is folded
 * into one middle axis). Returns the steps in application order and the kept-dims shape.
 */
function planReduce(shape: readonly number[], axes: readonly number[]): { steps: ReduceStep[]; keptShape: number[] } {
  const cur = [...shape];
  const steps: ReduceStep[] = [];
  let i = 0;
  while (i < axes.length) {
    let j = i;
    while (j + 1 < axes.length && axes[j + 1] === axes[j] + 1) j++;
    const first = axes[i];
    const last = axes[j];
    steps.push({
      outer: sizeOf(cur.slice(0, first)),
      mid: sizeOf(cur.slice(first, last + 1)),
      inner: sizeOf(cur.slice(last + 1)),
    });
    for (let a = first; a <= last; a++) cur[a] = 1;
    i = j + 1;
  }
  return { steps, keptShape: cur };
}

/** Shared record of sum and mean: y = factor · Σ_axes x. */
function sumRecord(name: string, x: Tensor, axes: number | readonly number[] | undefined, keepDims: boolean, mean: boolean) {
  const dtype = sameFloat(name, x);
  const ax = normAxes(axes, x.rank, name);
  const { steps, keptShape } = planReduce(x.shape, ax);
  const outShape = keepDims ? keptShape : x.shape.filter((_, d) => !ax.includes(d));
  const count = sizeOf(ax.map((a) => x.shape[a]));
  const factor = mean ? 1 / count : 1;
  const y = empty(outShape, dtype); // y [x.shape without axes (kept as 1 with keepDims)]
  const n = y.size;
  let cur: FloatArray = x.floats(name);
  for (const s of steps) {
    const next = allocFloat(dtype, s.outer * s.inner); // partial sum [outer, inner]
    K().sumMid(next, cur, s.outer, s.mid, s.inner);
    cur = next;
  }
  K().affine(y.floats(), cur, n, factor, 0);
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY]: FloatArray[], [dX]: (FloatArray | null)[]) => {
      if (!dX) return;
      if (steps.length === 0) {
        K().axpy(dX, dY, n, factor);
        return;
      }
      let g: FloatArray = dY;
      if (factor !== 1) {
        g = allocFloat(dtype, n); // dY · factor [...y.shape]
        K().axpy(g, dY, n, factor);
      }
      for (let k = steps.length - 1; k >= 0; k--) {
        const s = steps[k];
        const target = k === 0 ? dX : allocFloat(dtype, s.outer * s.mid * s.inner); // [outer, mid, inner]
        K().sumMidGrad(target, g, s.outer, s.mid, s.inner);
        g = target;
      }
    },
  };
}

/**
 * Sum over axes (all axes when omitted; negative axes count from the end). keepDims keeps the
 * reduced axes as size 1. sum(x, []) is a copy.
 */
export const sum = defineOp('sum', (x: Tensor, axes?: number | readonly number[], keepDims: boolean = false) =>
  sumRecord('sum', x, axes, keepDims, false));

/** Mean over axes (all axes when omitted), like sum. */
export const mean = defineOp('mean', (x: Tensor, axes?: number | readonly number[], keepDims: boolean = false) =>
  sumRecord('mean', x, axes, keepDims, true));

/** Max over one axis; the gradient goes to the (first) argmax. */
export const max = defineOp('max', (x: Tensor, axis: number, keepDims: boolean = false) => {
  const dtype = sameFloat('max', x);
  const a = normAxis(axis, x.rank, 'max');
  const [outer, mid, inner] = splitAt(x.shape, a);
  if (mid === 0) throw new ShapeError(`max: cannot take the max over axis ${axis} of size 0 (x ${fmtShape(x.shape)}).`);
  const outShape = keepDims ? x.shape.map((d, i) => (i === a ? 1 : d)) : x.shape.filter((_, i) => i !== a);
  const y = empty(outShape, dtype); // y [x.shape without axis]
  const argmax = new Int32Array(outer * inner); // winning index along axis [outer, inner]
  K().maxMid(y.floats(), argmax, x.floats(), outer, mid, inner);
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY], [dX]) => dX && K().maxMidGrad(dX, argmax, dY, outer, mid, inner),
  };
});

/** Index of the max along one axis, as an int32 tensor (no gradient). */
export function argMax(x: Tensor, axis: number = -1): Tensor {
  const dtype = sameFloat('argMax', x);
  const a = normAxis(axis, x.rank, 'argMax');
  const [outer, mid, inner] = splitAt(x.shape, a);
  if (mid === 0) throw new ShapeError(`argMax: axis ${axis} of x ${fmtShape(x.shape)} has size 0.`);
  const outShape = x.shape.filter((_, i) => i !== a);
  const idx = empty(outShape, 'int32'); // idx [x.shape without axis]
  K().maxMid(allocFloat(dtype, outer * inner), idx.ints(), x.floats(), outer, mid, inner);
  return idx;
}
