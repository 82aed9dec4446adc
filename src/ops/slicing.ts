import { defineOp } from '../autograd/op.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor, sizeOf } from '../tensor/tensor.js';
import { K, allocFloat, checkInt, empty, normAxes, normAxis, sameFloat, splitAt, type FloatArray } from './util.js';

/** One copyMid window: along the middle axis of [outer, srcMid, inner], keep [start, start + len). */
interface Window {
  outer: number;
  inner: number;
  srcMid: number;
  start: number;
  len: number;
}

/**
 * x[begin[i] : begin[i] + size[i]] on every axis. begin/size may be shorter than the rank (the rest
 * is taken whole); size -1 means "to the end of the axis".
 */
export const slice = defineOp('slice', (x: Tensor, begin: readonly number[], size: readonly number[]) => {
  const dtype = sameFloat('slice', x);
  if (begin.length > x.rank || size.length > x.rank) {
    throw new ShapeError(`slice: begin [${begin.join(', ')}] / size [${size.join(', ')}] have more entries than the rank ${x.rank} of x ${fmtShape(x.shape)}.`);
  }
  const cur = [...x.shape];
  const windows: Window[] = [];
  for (let d = 0; d < x.rank; d++) {
    const dim = x.shape[d];
    const b = begin[d] ?? 0;
    const s = size[d] ?? -1;
    checkInt(b, `begin[${d}]`, 'slice');
    checkInt(s, `size[${d}]`, 'slice');
    if (b < 0 || b > dim) throw new ShapeError(`slice: begin ${b} on axis ${d} is outside [0, ${dim}] for x ${fmtShape(x.shape)}.`);
    const len = s === -1 ? dim - b : s;
    if (len < 0 || b + len > dim) {
      throw new ShapeError(`slice: axis ${d}: begin ${b} + size ${s} exceeds the dimension ${dim} of x ${fmtShape(x.shape)}.`);
    }
    if (b === 0 && len === dim) continue;
    windows.push({ outer: sizeOf(cur.slice(0, d)), inner: sizeOf(cur.slice(d + 1)), srcMid: dim, start: b, len });
    cur[d] = len;
  }
  const y = empty(cur, dtype); // y [size (resolved)]
  let src: FloatArray = x.floats();
  windows.forEach((w, k) => {
    const dst = k === windows.length - 1 ? y.floats() : allocFloat(dtype, w.outer * w.len * w.inner); // [outer, len, inner]
    K().copyMid(dst, src, w.outer, w.inner, w.len, 0, w.srcMid, w.start, w.len, false);
    src = dst;
  });
  if (windows.length === 0) y.floats().set(src);
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY], [dX]) => {
      if (!dX) return;
      if (windows.length === 0) {
        K().axpy(dX, dY, y.size, 1);
        return;
      }
      let g: FloatArray = dY;
      for (let k = windows.length - 1; k >= 0; k--) {
        const w = windows[k];
        const dst = k === 0 ? dX : allocFloat(dtype, w.outer * w.srcMid * w.inner); // zero-padded [outer, srcMid, inner]
        K().copyMid(dst, g, w.outer, w.inner, w.srcMid, w.start, w.len, 0, w.len, true);
        g = dst;
      }
    },
  };
});

/** `len` entries of one axis from `start` (negative start counts from the end; len -1 = to the end). */
export function sliceAxis(x: Tensor, axis: number, start: number, len: number = -1): Tensor {
  const a = normAxis(axis, x.rank, 'sliceAxis');
  const dim = x.shape[a];
  const s = start < 0 ? start + dim : start;
  if (s < 0 || s > dim) throw new ShapeError(`sliceAxis: start ${start} is outside axis ${axis} of size ${dim} (x ${fmtShape(x.shape)}).`);
  const begin = x.shape.map((_, d) => (d === a ? s : 0));
  const size = x.shape.map((_, d) => (d === a ? len : -1));
  return slice(x, begin, size);
}

/** Checks that tensors agree on every axis but `axis`. */
function checkSameExcept(where: string, xs: readonly Tensor[], axis: number): void {
  const ref = xs[0].shape;
  xs.forEach((t, i) => {
    const ok = t.rank === ref.length && t.shape.every((d, k) => k === axis || d === ref[k]);
    if (!ok) {
      const what = axis < 0 ? 'the same shape' : `the same shape except on axis ${axis}`;
      throw new ShapeError(`${where}: tensors must have ${what}; tensor 0 is ${fmtShape(ref)}, tensor ${i} is ${fmtShape(t.shape)}.`);
    }
  });
}

/** Joins tensors along an existing axis. */
export const concat = defineOp('concat', (xs: readonly Tensor[], axis: number = -1) => {
  if (xs.length === 0) throw new ValueError('concat: expected at least one tensor, got an empty list.');
  const dtype = sameFloat('concat', ...xs);
  if (xs[0].rank === 0) throw new ShapeError('concat: cannot concatenate scalars (rank 0); use stack.');
  const a = normAxis(axis, xs[0].rank, 'concat');
  checkSameExcept('concat', xs, a);
  const lens = xs.map((t) => t.shape[a]);
  const total = lens.reduce((p, q) => p + q, 0);
  const [outer, , inner] = splitAt(xs[0].shape, a);
  const y = empty(xs[0].shape.map((d, k) => (k === a ? total : d)), dtype); // y [..., Σ lens, ...]
  const offsets: number[] = [];
  let off = 0;
  xs.forEach((t, i) => {
    offsets.push(off);
    K().copyMid(y.floats(), t.floats(), outer, inner, total, off, lens[i], 0, lens[i], false);
    off += lens[i];
  });
  return {
    inputs: [...xs],
    outputs: y,
    backward: ([dY], dXs) => {
      dXs.forEach((dX, i) => dX && K().copyMid(dX, dY, outer, inner, lens[i], 0, total, offsets[i], lens[i], true));
    },
  };
});

/** Stacks same-shape tensors along a new axis (in [-rank-1, rank]). */
export const stack = defineOp('stack', (xs: readonly Tensor[], axis: number = 0) => {
  if (xs.length === 0) throw new ValueError('stack: expected at least one tensor, got an empty list.');
  const dtype = sameFloat('stack', ...xs);
  checkSameExcept('stack', xs, -1);
  const shape = xs[0].shape;
  const a = normAxis(axis, shape.length + 1, 'stack');
  const n = xs.length;
  const outer = sizeOf(shape.slice(0, a));
  const inner = sizeOf(shape.slice(a));
  const y = empty([...shape.slice(0, a), n, ...shape.slice(a)], dtype); // y [..., n, ...]
  xs.forEach((t, i) => K().copyMid(y.floats(), t.floats(), outer, inner, n, i, 1, 0, 1, false));
  return {
    inputs: [...xs],
    outputs: y,
    backward: ([dY], dXs) => {
      dXs.forEach((dX, i) => dX && K().copyMid(dX, dY, outer, inner, 1, 0, n, i, 1, true));
    },
  };
});

/** Sizes of a split: a count of equal parts, or sizes with at most one -1. */
function splitSizes(numOrSizes: number | readonly number[], dim: number, x: Tensor, axis: number): number[] {
  if (typeof numOrSizes === 'number') {
    checkInt(numOrSizes, 'the number of parts', 'split');
    if (numOrSizes <= 0 || dim % numOrSizes !== 0) {
      throw new ShapeError(`split: cannot split axis ${axis} of size ${dim} (x ${fmtShape(x.shape)}) into ${numOrSizes} equal parts.`);
    }
    return new Array<number>(numOrSizes).fill(dim / numOrSizes);
  }
  const sizes = resolveSizes(numOrSizes, dim);
  if (!sizes) {
    throw new ShapeError(`split: sizes [${numOrSizes.join(', ')}] do not add up to ${dim}, the size of axis ${axis} of x ${fmtShape(x.shape)}.`);
  }
  return sizes;
}

function resolveSizes(sizes: readonly number[], dim: number): number[] | null {
  const free = sizes.filter((s) => s === -1).length;
  if (sizes.length === 0 || free > 1 || sizes.some((s) => s !== -1 && (!Number.isInteger(s) || s < 0))) return null;
  const known = sizes.reduce((p, s) => (s === -1 ? p : p + s), 0);
  if (free === 0) return known === dim ? [...sizes] : null;
  return known <= dim ? sizes.map((s) => (s === -1 ? dim - known : s)) : null;
}

/** Splits along an axis into equal parts (a count) or parts of the given sizes (one may be -1). */
export const split = defineOp('split', (x: Tensor, numOrSizes: number | readonly number[], axis: number = 0) => {
  const dtype = sameFloat('split', x);
  const a = normAxis(axis, x.rank, 'split');
  const [outer, dim, inner] = splitAt(x.shape, a);
  const sizes = splitSizes(numOrSizes, dim, x, axis);
  const offsets: number[] = [];
  let off = 0;
  const ys = sizes.map((len) => {
    const y = empty(x.shape.map((d, k) => (k === a ? len : d)), dtype); // y_i [..., len_i, ...]
    K().copyMid(y.floats(), x.floats(), outer, inner, len, 0, dim, off, len, false);
    offsets.push(off);
    off += len;
    return y;
  });
  return {
    inputs: [x],
    outputs: ys,
    backward: (dYs, [dX]) => {
      if (!dX) return;
      dYs.forEach((dY, i) => K().copyMid(dX, dY, outer, inner, dim, offsets[i], sizes[i], 0, sizes[i], true));
    },
  };
});

/** Splits along an axis into its entries, dropping the axis (the inverse of stack). */
export const unstack = defineOp('unstack', (x: Tensor, axis: number = 0) => {
  const dtype = sameFloat('unstack', x);
  const a = normAxis(axis, x.rank, 'unstack');
  const [outer, dim, inner] = splitAt(x.shape, a);
  const shape = x.shape.filter((_, k) => k !== a);
  const ys = Array.from({ length: dim }, (_, i) => {
    const y = empty(shape, dtype); // y_i [x.shape without axis]
    K().copyMid(y.floats(), x.floats(), outer, inner, 1, 0, dim, i, 1, false);
    return y;
  });
  return {
    inputs: [x],
    outputs: ys,
    backward: (dYs, [dX]) => {
      if (!dX) return;
      dYs.forEach((dY, i) => K().copyMid(dX, dY, outer, inner, dim, i, 1, 0, 1, true));
    },
  };
});

/** dst (=|+=) src reversed along the middle axis of [outer, mid, inner]. */
function reverseMid(dst: FloatArray, src: FloatArray, outer: number, mid: number, inner: number, accumulate: boolean): void {
  for (let m = 0; m < mid; m++) K().copyMid(dst, src, outer, inner, mid, m, mid, mid - 1 - m, 1, accumulate);
}

/** Reverses the order of entries along one or more axes (time reversal for goBackwards). */
export const reverse = defineOp('reverse', (x: Tensor, axis: number | readonly number[]) => {
  const dtype = sameFloat('reverse', x);
  const axes = normAxes(axis, x.rank, 'reverse');
  const views = axes.map((a) => splitAt(x.shape, a));
  const y = empty(x.shape, dtype); // y [...x.shape]
  let src: FloatArray = x.floats();
  views.forEach(([outer, mid, inner], k) => {
    const dst = k === views.length - 1 ? y.floats() : allocFloat(dtype, x.size); // [...x.shape]
    reverseMid(dst, src, outer, mid, inner, false);
    src = dst;
  });
  if (views.length === 0) y.floats().set(src);
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY], [dX]) => {
      if (!dX) return;
      let g: FloatArray = dY;
      views.forEach(([outer, mid, inner], k) => {
        const last = k === views.length - 1;
        const dst = last ? dX : allocFloat(dtype, x.size); // [...x.shape]
        reverseMid(dst, g, outer, mid, inner, last);
        g = dst;
      });
      if (views.length === 0) K().axpy(dX, dY, x.size, 1);
    },
  };
});
