// Shared helpers of the op tests (not a test file itself).
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor, sizeOf, type FloatDType } from '../../src/tensor/tensor.js';
import { tensor } from '../../src/tensor/create.js';

/** A tensor of uniform values in [lo, hi) from a fixed seed (float64 unless told). */
export function rand(shape: number[], seed: number, dtype: FloatDType = 'float64', lo = -1, hi = 1): Tensor {
  const rng = new Rng(seed);
  return tensor(Array.from({ length: sizeOf(shape) }, () => rng.uniform(lo, hi)), shape, dtype);
}

/** Asserts two flat arrays agree elementwise within tol. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6, what = 'values'): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= tol || (Number.isNaN(actual[i]) && Number.isNaN(expected[i]));
    assert.ok(ok, `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (tol ${tol})`);
  }
}
