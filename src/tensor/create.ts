import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { DType, Tensor, allocArray, sizeOf } from './tensor.js';

/** Zero-filled tensor. */
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return new Tensor(allocArray(dtype, sizeOf(shape)), shape);
}

/** Tensor filled with one value. */
export function full(shape: readonly number[], value: number, dtype: DType = 'float32'): Tensor {
  const t = zeros(shape, dtype);
  t.data.fill(value);
  return t;
}

export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return full(shape, 1, dtype);
}

/** Same shape and dtype, zero-filled. */
export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape, t.dtype);
}

type Nested = number | boolean | Nested[];

function inferShape(x: Nested): number[] {
  const shape: number[] = [];
  let cur: Nested = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

function flatten(x: Nested, shape: number[], dim: number, out: number[], path: string): void {
  if (dim === shape.length) {
    if (Array.isArray(x)) throw new ShapeError(`tensor(): ragged nested array at ${path}: expected a number, got an array.`);
    const v = typeof x === 'boolean' ? (x ? 1 : 0) : x;
    if (typeof v !== 'number') throw new ValueError(`tensor(): expected a number at ${path}, got ${typeof x}.`);
    out.push(v);
    return;
  }
  if (!Array.isArray(x) || x.length !== shape[dim]) {
    const got = Array.isArray(x) ? `length ${x.length}` : typeof x;
    throw new ShapeError(`tensor(): ragged nested array at ${path}: expected length ${shape[dim]}, got ${got}.`);
  }
  for (let i = 0; i < x.length; i++) flatten(x[i], shape, dim + 1, out, `${path}[${i}]`);
}

/**
 * Builds a tensor from nested arrays or a flat array plus a shape.
 * `tensor([[1, 2], [3, 4]])`, `tensor([1, 2, 3, 4], [2, 2])`, `tensor(ids, [b, t], 'int32')`.
 */
export function tensor(values: Nested | ArrayLike<number>, shape?: readonly number[], dtype: DType = 'float32'): Tensor {
  let flat: ArrayLike<number>;
  let shp: number[];
  if (shape) {
    flat = Array.isArray(values) ? flatNumbers(values as Nested) : (values as ArrayLike<number>);
    shp = [...shape];
    if (flat.length !== sizeOf(shp)) {
      throw new ShapeError(`tensor(): shape ${fmtShape(shp)} needs ${sizeOf(shp)} values, got ${flat.length}.`);
    }
  } else if (Array.isArray(values)) {
    shp = inferShape(values as Nested);
    const out: number[] = [];
    flatten(values as Nested, shp, 0, out, 'values');
    flat = out;
  } else if (typeof values === 'number' || typeof values === 'boolean') {
    shp = [];
    flat = [Number(values)];
  } else {
    flat = values as ArrayLike<number>;
    shp = [flat.length];
  }
  const data = allocArray(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (dtype === 'int32' && !Number.isInteger(v)) {
      throw new ValueError(`tensor(): int32 tensor needs integer values, got ${v} at flat index ${i}.`);
    }
    data[i] = v;
  }
  return new Tensor(data, shp);
}

function flatNumbers(x: Nested): number[] {
  const out: number[] = [];
  const walk = (v: Nested): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(Number(v));
  };
  walk(x);
  return out;
}

/** Copy of a float tensor in another float precision. */
export function cast(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const data = allocArray(dtype, t.size);
  for (let i = 0; i < t.size; i++) data[i] = dtype === 'int32' ? Math.trunc(t.data[i]) : t.data[i];
  return new Tensor(data, t.shape);
}
