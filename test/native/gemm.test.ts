// Native SGEMM vs the reference matmul: odd and blocking-boundary shapes, every transpose and
// accumulate combination, one, two and three threads (row, column and depth splits), and the
// packed-B per-time-step product (through a one-step SimpleRNN, where rows = batch).
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

test('matmul: depth split (k ≥ threads · max(m, n)): odd sizes, all transposes, accumulate, 2 and 3 threads', { skip }, () => {
  const rng = new Rng(14);
  check(rng, 1, 1, 7, 2); // k = 7: three-way split of a short depth
  check(rng, 3, 17, 300, 2);
  check(rng, 17, 5, 601, 3); // two partial slices summed
  check(rng, 33, 129, 700, 2); // column and row edges of the tiles, two depth blocks per slice
  check(rng, 7, 40, 3000, 2); // several depth blocks per slice
});

test('matmul: row-major A read in place: tile edges in m, several row blocks, long rows', { skip }, () => {
  const rng = new Rng(15);
  check(rng, 301, 33, 70, 1); // three row blocks (144 rows each), edge of 1 row
  check(rng, 25, 48, 520, 1); // three depth blocks, 25 = 4·6 + 1 rows
  check(rng, 290, 19, 40, 2); // row split with an edge tile in both threads
});

/**
 * The packed-B product sgemmPacked through a one-step SimpleRNN without masks:
 * forward h = tanh(xProj + h0 · U); backward dH0 += (dH ⊙ (1 − h²)) · Uᵀ (U packed transposed).
 */
function checkPacked(rng: Rng, B: number, H: number): void {
  const xProj = randn(rng, B * H, 0.1); // [1, B, H]
  const U = randn(rng, H * H, 1 / Math.sqrt(H)); // [H, H]
  const h0 = randn(rng, B * H); // [B, H]
  const h = new Float32Array(B * H); // [1, B, H]
  nb().simpleRnnSeqForward(h, xProj, null, U, h0, null, null, 1, B, H);
  const z = xProj.slice();
  ref.matmul(z, h0, U, B, H, H, false, false, true);
  const zScale = abs(xProj);
  ref.matmul(zScale, abs(h0), abs(U), B, H, H, false, false, true);
  // |Δtanh| ≤ |Δz|, so the error bound of z holds for h
  assertClose(h, z.map(Math.tanh), `packed forward B=${B} H=${H}`, zScale);

  const dH = randn(rng, B * H); // [1, B, H]
  const dH0 = randn(rng, B * H); // [B, H], accumulated into
  const dX = new Float32Array(B * H);
  const dU = new Float32Array(H * H);
  const got = dH0.slice();
  nb().simpleRnnSeqBackward(dX, dU, null, got, dH, null, h, U, h0, null, null, 1, B, H);
  const dZ = dH.map((g, i) => g * (1 - h[i] * h[i]));
  const want = dH0.slice();
  ref.matmul(want, dZ, U, B, H, H, false, true, true);
  const scale = abs(dH0);
  ref.matmul(scale, abs(dZ), abs(U), B, H, H, false, true, true);
  assertClose(got, want, `packed backward B=${B} H=${H}`, scale);
}

test('packed B product (recurrent step): small and odd batch rows, odd widths, depth > 256', { skip }, () => {
  const rng = new Rng(16);
  const prev = nb().info().threads;
  nb().setThreads(1);
  try {
    for (const B of [1, 5, 25, 50, 64, 151]) for (const H of [1, 3, 17, 32, 33]) checkPacked(rng, B, H);
    checkPacked(rng, 7, 300); // two depth blocks, an edge column strip
    checkPacked(rng, 50, 128);
  } finally {
    nb().setThreads(prev);
  }
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

test('matmulBias: the bias row added in the GEMM store equals matmul + bias (edge tiles, row/column/depth splits)', { skip }, () => {
  const rng = new Rng(17);
  // small (one thread), edge columns, then products big enough for the 2-thread row, column and depth splits
  const shapes: [number, number, number][] = [[1, 1, 1], [3, 17, 5], [25, 129, 33], [4000, 20, 210], [20, 4000, 210], [20, 30, 40000], [7, 9, 0]];
  for (const [m, n, k] of shapes) {
    const a = randn(rng, m * k); // [m,k]
    const b = randn(rng, k * n); // [k,n]
    const bias = randn(rng, n); // [n]
    const want = new Float32Array(m * n); // [m,n]
    ref.matmulBias(want, a, b, bias, m, n, k);
    const got = randn(rng, m * n); // garbage in: matmulBias overwrites
    nb().matmulBias(got, a, b, bias, m, n, k);
    const scale = new Float32Array(m * n);
    ref.matmulBias(scale, abs(a), abs(b), abs(bias), m, n, k);
    assertClose(got, want, `matmulBias m=${m} n=${n} k=${k}`, scale);
  }
});
