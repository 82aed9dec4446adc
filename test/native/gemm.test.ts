// Native SGEMM vs the reference matmul: odd and blocking-boundary shapes, every transpose and
// accumulate combination, one and two threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { refBackend as ref } from '../../src/backends/ref/index.js';
import { abs, assertClose, nb, randn, skip } from './helpers.js';

const COMBOS = [[false, false], [true, false], [false, true], [true, true]] as const;

/** Runs native (on `threads` threads) and reference matmul on the same inputs and compares. */
function check(rng: Rng, m: number, n: number, k: number, threads: number): void {
  for (const [tA, tB] of COMBOS) {
    for (const acc of [false, true]) {
      const a = randn(rng, m * k); // [m,k] or [k,m]
      const b = randn(rng, k * n); // [k,n] or [n,k]
      const c0 = randn(rng, m * n); // [m,n]
      const want = c0.slice();
      ref.matmul(want, a, b, m, n, k, tA, tB, acc);
      const got = c0.slice();
      nb().matmulThreads(got, a, b, m, n, k, tA, tB, acc, threads);
      const scale = acc ? abs(c0) : new Float32Array(m * n); // Σ|a||b| (+|c0|): the size of the terms summed
      ref.matmul(scale, abs(a), abs(b), m, n, k, tA, tB, acc);
      assertClose(got, want, `matmul m=${m} n=${n} k=${k} tA=${tA} tB=${tB} acc=${acc} threads=${threads}`, scale);
    }
  }
}

test('matmul: odd sizes 1, 3, 17, 129 in every position, all transposes, accumulate', { skip }, () => {
  const rng = new Rng(11);
  const sizes = [1, 3, 17, 129];
  for (const m of sizes) for (const n of sizes) for (const k of sizes) {
    if (m * n * k > 129 * 129 * 17) continue; // keep the reference side fast
    check(rng, m, n, k, 1);
  }
});

test('matmul: random shapes, one and two threads', { skip }, () => {
  const rng = new Rng(12);
  for (let trial = 0; trial < 12; trial++) {
    const m = 1 + rng.int(200);
    const n = 1 + rng.int(200);
    const k = 1 + rng.int(300);
    check(rng, m, n, k, 1 + (trial % 2));
  }
});

test('matmul: shapes crossing the cache blocks (k > 256, m > 144, n > 3072) and RNN shapes', { skip }, () => {
  const rng = new Rng(13);
  check(rng, 150, 40, 300, 2); // two k blocks, two m blocks
  check(rng, 7, 3100, 20, 2); // two n blocks
  check(rng, 50, 512, 128, 2); // one recurrent step of LSTM 128 with batch 50
});

test('matmul: k = 0 zeroes the output, or leaves it unchanged when accumulating', { skip }, () => {
  const out = new Float32Array([1, 2, 3, 4, 5, 6]);
  nb().matmul(out, new Float32Array(0), new Float32Array(0), 2, 3, 0, false, false, true);
  assert.deepEqual(Array.from(out), [1, 2, 3, 4, 5, 6]);
  nb().matmul(out, new Float32Array(0), new Float32Array(0), 2, 3, 0, false, false, false);
  assert.deepEqual(Array.from(out), [0, 0, 0, 0, 0, 0]);
});

test('matmul: hand-computed 2×3 · 3×2', { skip }, () => {
  const out = new Float32Array(4);
  nb().matmul(out, new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([1, 0, 0, 1, 1, 1]), 2, 2, 3, false, false, false);
  assert.deepEqual(Array.from(out), [4, 5, 10, 11]);
});

test('matmul: arrays too short for the sizes are refused, not read out of bounds', { skip }, () => {
  assert.throws(() => nb().matmul(new Float32Array(4), new Float32Array(5), new Float32Array(6), 2, 2, 3, false, false, false),
    /a has 5 elements, needs 6/);
  assert.throws(() => nb().matmul(new Float32Array(4), new Float64Array(6) as unknown as Float32Array, new Float32Array(6),
    2, 2, 3, false, false, false), /a must be a Float32Array/);
  assert.throws(() => nb().matmul(new Float32Array(4), new Float32Array(6), new Float32Array(6), 2, -2, 3, false, false, false),
    /n must be a non-negative integer/);
});
