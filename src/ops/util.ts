import { getBackend } from '../backend/registry.js';
import type { Backend } from '../backend/backend.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor, allocArray, sizeOf, type DType, type FloatArray } from '../tensor/tensor.js';

/** The active backend's kernels. */
export function K(): Backend {
  return getBackend();
}

/** A new uninitialised (zeroed) tensor. */
export function empty(shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(allocArray(dtype, sizeOf(shape)), shape);
}

/** Checks that all tensors are float and share one precision; returns it. */
export function sameFloat(where: string, ...ts: Tensor[]): 'float32' | 'float64' {
  const d = ts[0].dtype;
  for (const t of ts) {
    if (t.dtype === 'int32') throw new DTypeError(`${where}: expected float tensors, got int32 of shape ${fmtShape(t.shape)}.`);
    if (t.dtype !== d) throw new DTypeError(`${where}: mixed precisions ${ts.map((x) => x.dtype).join(' and ')}; cast first.`);
  }
  return d as 'float32' | 'float64';
}

/** Normalises an axis (negative counts from the end) and checks it. */
export function normAxis(axis: number, rank: number, where: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new ShapeError(`${where}: axis ${axis} is out of range for a tensor of rank ${rank}.`);
  }
  return a;
}

/** Splits a shape around an axis into (outer, mid, inner) sizes. */
export function splitAt(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}

/**
 * Normalises a list of axes (undefined = all axes, a number = one axis, negative counts from the end):
 * checks range and duplicates, returns them sorted ascending.
 */
export function normAxes(axes: number | readonly number[] | undefined, rank: number, where: string): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const out = list.map((a) => normAxis(a, rank, where));
  const seen = new Set<number>();
  out.forEach((a, i) => {
    if (seen.has(a)) throw new ShapeError(`${where}: axis ${list[i]} appears twice in axes [${list.join(', ')}].`);
    seen.add(a);
  });
  return out.sort((p, q) => p - q);
}

/** A zeroed float buffer of the given precision. */
export function allocFloat(dtype: 'float32' | 'float64', n: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** Checks that `v` is an integer (for sizes, begins, depths); names it in the error. */
export function checkInt(v: number, what: string, where: string): void {
  if (!Number.isInteger(v)) throw new ValueError(`${where}: ${what} must be an integer, got ${v}.`);
}

export type { FloatArray };
