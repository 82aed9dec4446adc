#!/usr/bin/env node
// GFLOP/s of the native SGEMM on square and RNN shapes, with 1 and 2 threads (and the automatic
// choice). Usage: node native/bench-gemm.mjs   (after the addon is built)
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nb = require(process.env.RNNKIT_NATIVE_PATH || require('node-gyp-build').path(root));

const shapes = [
  [512, 512, 512, 'square 512'],
  [50, 512, 128, 'LSTM128 step, batch 50: [50,128]x[128,512]'],
  [6400, 512, 128, 'LSTM128 input projection: [6400,128]x[128,512]'],
  [128, 512, 128, 'char-LSTM128 step, batch 128'],
  [128, 128, 32, 'GRU32 step, batch 128: [128,32]x[32,96]→n=128'],
  [12800, 128, 32, 'stack-32 input projection [12800,32]x[32,128]'],
];
const rand = (n) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
// The host's multiply-add peak now (peak.cc), before and after: each GFLOP/s below is also shown as a
// share of the mean peak for its thread count (a shared VM's speed drifts).
const peakOf = () => ({ 1: nb.fmaPeak(1, 0.3), 2: nb.fmaPeak(2, 0.3) });
const peakStart = peakOf();
console.log(`simd ${nb.info().simd}, default threads ${nb.info().threads}`);
const lines = [];
for (const [m, n, k, label] of shapes) {
  const a = rand(m * k), b = rand(k * n), c = new Float32Array(m * n);
  const flops = 2 * m * n * k;
  const row = [];
  for (const threads of [1, 2, 0]) {
    const run = () => (threads ? nb.matmulThreads(c, a, b, m, n, k, false, false, false, threads) : nb.matmul(c, a, b, m, n, k, false, false, false));
    for (let i = 0; i < 3; i++) run();
    const reps = Math.max(5, Math.round(3e9 / flops));
    let best = Infinity;
    for (let trial = 0; trial < 3; trial++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < reps; i++) run();
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9 / reps);
    }
    row.push({ name: `${threads || 'auto'}T`, threads: threads || nb.info().threads, gflops: flops / best / 1e9, us: best * 1e6 });
  }
  lines.push({ label, row });
}
const peakEnd = peakOf();
const peak = (t) => (peakStart[t] + peakEnd[t]) / 2; // t: 1 or 2
for (const { label, row } of lines) {
  const cells = row.map((r) => `${r.name} ${r.gflops.toFixed(1).padStart(6)} GFLOP/s ${`${(100 * r.gflops / peak(Math.min(r.threads, 2))).toFixed(0)}%`.padStart(4)} (${r.us.toFixed(0)} µs)`);
  console.log(`${label.padEnd(50)} ${cells.join('   ')}`);
}
console.log(`FMA peak (start → end): 1 thread ${peakStart[1].toFixed(0)} → ${peakEnd[1].toFixed(0)} GFLOP/s, 2 threads ${peakStart[2].toFixed(0)} → ${peakEnd[2].toFixed(0)} GFLOP/s; % = share of the mean for that thread count`);
