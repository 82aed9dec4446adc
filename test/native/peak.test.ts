// The addon's FMA-peak probe (peak.cc), which the bench reads GEMM GFLOP/s against: a finite
// positive figure for 1 and 2 threads, and the arguments checked. No timing claims here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nb, skip } from './helpers.js';

test('fmaPeak measures a finite positive GFLOP/s on 1 and 2 threads', { skip }, () => {
  for (const threads of [1, 2]) {
    const g = nb().fmaPeak(threads, 0.02);
    // any x86-64 core does well over 0.5 GFLOP/s of vector multiply-adds, and none 10 TFLOP/s per thread
    assert.ok(Number.isFinite(g) && g > 0.5 && g < 10000 * threads, `${threads} threads: ${g} GFLOP/s`);
  }
});

test('fmaPeak rejects thread counts outside 1..64 and durations outside (0, 10] s', { skip }, () => {
  for (const [threads, seconds] of [[0, 0.01], [65, 0.01], [1, 0], [1, -1], [1, 11], [1, Number.NaN], [1.5, 0.01]]) {
    assert.throws(() => nb().fmaPeak(threads, seconds), /rnnkit native: (fmaPeak|threads)/, `fmaPeak(${threads}, ${seconds})`);
  }
});
