// Turning user data (tensors or nested arrays) into model inputs, and cutting batches.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { tensor } from '../tensor/create.js';
import { Tensor, allocArray, sizeOf, type DType } from '../tensor/tensor.js';
import type { Shape } from '../layers/symbolic.js';

/** Nested JS arrays of numbers, e.g. [[0, 1], [1, 0]]. */
export type NestedArray = number[] | NestedArray[];
/** What fit/evaluate/predict accept: a tensor, one tensor per model input, or nested arrays. */
export type ModelData = Tensor | Tensor[] | NestedArray;

/** One tensor per model input, nested arrays converted with the input's dtype. */
export function toInputTensors(x: ModelData, dtypes: DType[], where: string): Tensor[] {
  let list: Tensor[];
  if (x instanceof Tensor) list = [x];
  else if (Array.isArray(x) && x.length > 0 && x.every((e) => e instanceof Tensor)) list = x as Tensor[];
  else if (Array.isArray(x)) {
    if (dtypes.length !== 1) {
      throw new ValueError(`${where}: the model has ${dtypes.length} inputs; pass an array of ${dtypes.length} tensors, not nested arrays.`);
    }
    list = [tensor(x as NestedArray, undefined, dtypes[0])];
  } else {
    throw new ValueError(`${where}: expected a Tensor, an array of Tensors or nested number arrays, got ${typeof x}.`);
  }
  if (list.length !== dtypes.length) {
    throw new ValueError(`${where}: the model has ${dtypes.length} input(s), got ${list.length} tensor(s).`);
  }
  list.forEach((t, i) => {
    if (t.rank === 0) throw new ShapeError(`${where}: input ${i} must have a batch axis, got a scalar.`);
  });
  const n = list[0].shape[0];
  list.forEach((t, i) => {
    if (t.shape[0] !== n) throw new ShapeError(`${where}: all inputs need the same number of samples; input 0 has ${n}, input ${i} has ${t.shape[0]}.`);
  });
  return list;
}

/** Labels as a tensor (nested arrays become float32). */
export function toLabelTensor(y: Tensor | NestedArray, where: string): Tensor {
  if (y instanceof Tensor) {
    if (y.rank === 0) throw new ShapeError(`${where}: labels must have a batch axis, got a scalar.`);
    return y;
  }
  if (Array.isArray(y)) return tensor(y, undefined, 'float32');
  throw new ValueError(`${where}: expected labels as a Tensor or nested number arrays, got ${typeof y}.`);
}

/** Checks a tensor's shape (batch axis excluded) against a declared shape with nulls as wildcards. */
export function checkShape(t: Tensor, expected: Shape, what: string): void {
  const ok = t.rank === expected.length && expected.every((d, i) => i === 0 || d == null || d === t.shape[i]);
  if (!ok) {
    const want = [null, ...expected.slice(1)];
    throw new ShapeError(`${what}: expected shape ${fmtShape(want)}, got ${fmtShape(t.shape)}.`);
  }
}

/** Rows idx[start..end) of t as a new tensor [end − start, ...t.shape[1:]] (copies only those rows). */
export function takeRows(t: Tensor, idx: Int32Array, start: number, end: number): Tensor {
  const row = sizeOf(t.shape.slice(1));
  const n = end - start;
  const out = allocArray(t.dtype, n * row); // [n, ...t.shape[1:]]
  const src = t.data;
  for (let i = 0; i < n; i++) {
    const r = idx[start + i];
    if (row === 1) out[i] = src[r];
    else out.set(src.subarray(r * row, (r + 1) * row), i * row);
  }
  return new Tensor(out, [n, ...t.shape.slice(1)]);
}

/** Rows [start, end) of t as a new tensor (contiguous copy). */
export function sliceRows(t: Tensor, start: number, end: number): Tensor {
  const row = sizeOf(t.shape.slice(1));
  return new Tensor(t.data.slice(start * row, end * row), [end - start, ...t.shape.slice(1)]);
}

/** 0, 1, ..., n − 1. */
export function range(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Lets the event loop run (progress bar, Ctrl-C, timers): setImmediate in Node, else setTimeout(0). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
