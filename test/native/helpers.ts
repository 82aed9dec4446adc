// Shared helpers of the native-backend tests: the loaded addon (or a skip reason), seeded random
// arrays and a relative-error assertion.
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { nativeBinding, nativeInfo } from '../../src/backends/native/register.js';
import { createNativeBackend } from '../../src/backends/native/backend.js';
import type { Backend } from '../../src/backend/backend.js';
import type { NativeBinding } from '../../src/backends/native/binding.js';

const loaded = nativeBinding();
if (loaded === null && process.env.RNNKIT_NATIVE_PATH) {
  // An explicit build was asked for (e.g. the AddressSanitizer run): not loading it is a failure, not a skip.
  throw new Error(`RNNKIT_NATIVE_PATH=${process.env.RNNKIT_NATIVE_PATH} did not load: ${nativeInfo().error}`);
}

/** `false` when the addon loaded, else the reason the native tests are skipped. */
export const skip: string | false = loaded === null
  ? `native addon not built (${nativeInfo().error}); run \`node scripts/build-native.mjs\` to test it`
  : false;

/** The addon; only call inside tests that are not skipped. */
export function nb(): NativeBinding {
  if (loaded === null) throw new Error('native addon not loaded');
  return loaded;
}

/** The native backend object (reference kernels where the addon has none). */
export function nativeBackend(): Backend {
  return createNativeBackend(nb());
}

/** n normal(0, std) float32 values. */
export function randn(rng: Rng, n: number, std = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal(0, std);
  return a;
}

export function abs(a: Float32Array): Float32Array {
  return a.map(Math.abs);
}

/**
 * |actual[i] − expected[i]| ≤ tol · scale[i] for every i, where scale is the magnitude the result is
 * made of (|expected| by default; for sums, the sum of the absolute terms).
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string,
  scale?: ArrayLike<number>, tol = 1e-5): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `${what}[${i}]: expected NaN, got ${a}`);
      continue;
    }
    if (!Number.isFinite(e)) {
      assert.equal(a, e, `${what}[${i}]`);
      continue;
    }
    const s = Math.max(Math.abs(e), scale === undefined ? 0 : Math.abs(scale[i]));
    const err = Math.abs(a - e);
    if (!(err <= tol * s)) {
      assert.fail(`${what}[${i}]: native ${a} vs reference ${e} (error ${err.toExponential(2)} > ${tol} × ${s.toExponential(2)})`);
    }
  }
}

/**
 * Runs fn with the addon's thread count set to n (restored after); with n > 1 every recurrent call
 * with two or more GEMM tiles of batch rows is split into batch slices (threshold 0), whatever its size.
 */
export function withThreads(n: number, fn: () => void): void {
  const before = nb().info().threads;
  const macs = nb().rnnParallelMacs();
  nb().setThreads(n);
  nb().rnnParallelMacs(n > 1 ? 0 : macs);
  try {
    fn();
  } finally {
    nb().setThreads(before);
    nb().rnnParallelMacs(macs);
  }
}
