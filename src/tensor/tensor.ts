import { DTypeError, ShapeError, fmtShape } from '../errors.js';

/** float32 for values, int32 for token ids, float64 only for gradient checking. */
export type DType = 'float32' | 'float64' | 'int32';
export type FloatArray = Float32Array | Float64Array;
export type TypedArray = FloatArray | Int32Array;
export type FloatDType = 'float32' | 'float64';

let nextId = 1;

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

export function allocArray(dtype: DType, n: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(n);
  if (dtype === 'float64') return new Float64Array(n);
  return new Int32Array(n);
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  return 'int32';
}

function checkShape(shape: readonly number[], where: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${where}: every dimension must be a non-negative integer, got shape ${fmtShape(shape)}.`);
    }
  }
}

/**
 * A dense, row-major, contiguous n-d array. The data is a flat typed array owned by the tensor;
 * ops never alias it (every op writes a fresh output), so a tensor's values never change under
 * you, except a Variable's, which optimizers update in place.
 */
export class Tensor {
  readonly id: number = nextId++;
  readonly shape: readonly number[];
  /** Flat data, length = size. Mutable only for Variables (see Variable.assign). */
  data: TypedArray;
  dtype: DType;
  /** True for trainable variables and for results of ops on them while a tape records. */
  requiresGrad = false;

  constructor(data: TypedArray, shape: readonly number[]) {
    checkShape(shape, 'Tensor');
    const n = sizeOf(shape);
    if (data.length !== n) {
      throw new ShapeError(`Tensor: shape ${fmtShape(shape)} needs ${n} values, got ${data.length}.`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOfArray(data);
  }

  get size(): number {
    return this.data.length;
  }
  get rank(): number {
    return this.shape.length;
  }

  /** Float data; throws a DTypeError naming `where` if this is an int tensor. */
  floats(where = 'op'): FloatArray {
    if (this.data instanceof Int32Array) {
      throw new DTypeError(`${where}: expected a float tensor, got int32 of shape ${fmtShape(this.shape)}.`);
    }
    return this.data;
  }

  /** Int data; throws a DTypeError naming `where` if this is a float tensor. */
  ints(where = 'op'): Int32Array {
    if (!(this.data instanceof Int32Array)) {
      throw new DTypeError(`${where}: expected an int32 tensor (token ids), got ${this.dtype} of shape ${fmtShape(this.shape)}.`);
    }
    return this.data;
  }

  /** Nested JS arrays, for printing and tests. */
  toArray(): unknown {
    const build = (dim: number, off: number): unknown => {
      if (dim === this.shape.length) return this.data[off];
      const stride = sizeOf(this.shape.slice(dim + 1));
      const out: unknown[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(dim + 1, off + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** The values as a plain number array (flat). */
  toFlat(): number[] {
    return Array.from(this.data);
  }

  /** The single value of a size-1 tensor. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item(): expected a tensor with one value, got shape ${fmtShape(this.shape)}.`);
    return this.data[0];
  }

  toString(): string {
    return `Tensor(${this.dtype}, ${fmtShape(this.shape)})`;
  }
}

/** A named, mutable tensor that holds a model weight. */
export class Variable extends Tensor {
  name: string;
  trainable: boolean;

  constructor(data: TypedArray, shape: readonly number[], name: string, trainable = true) {
    super(data, shape);
    this.name = name;
    this.trainable = trainable;
    this.requiresGrad = trainable;
  }

  /** Copies new values in (same shape); used by setWeights and optimizers. */
  assign(values: ArrayLike<number>): void {
    if (values.length !== this.size) {
      throw new ShapeError(`Variable '${this.name}': expected ${this.size} values for shape ${fmtShape(this.shape)}, got ${values.length}.`);
    }
    this.data.set(values);
  }

  /**
   * Switches the storage precision in place (used by gradcheck to run a layer in float64).
   * Returns a function that restores the previous storage.
   */
  castInPlace(dtype: FloatDType): () => void {
    const old = this.data;
    this.data = dtype === 'float64' ? Float64Array.from(old) : Float32Array.from(old);
    this.dtype = dtype;
    return () => {
      this.data = old;
      this.dtype = dtypeOfArray(old);
    };
  }
}
