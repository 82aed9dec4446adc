#!/usr/bin/env node
// Fused recurrent kernel timings (ms per call) on the seed shapes, 1 vs 2 threads, next to the
// GEMM-only cost of the same recurrent products.  node native/bench-rnn.mjs [reps]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nb = require(process.env.RNNKIT_NATIVE_PATH || require('node-gyp-build').path(root));
const reps = Number(process.argv[2] ?? 5);

const rand = (n, s = 1) => Float32Array.from({ length: n }, () => (Math.random() * 2 - 1) * s);
function time(fn) {
  fn();
  const t = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); fn(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

const SHAPES = [
  ['lstm', 80, 50, 128], ['lstm', 100, 128, 32], ['gru', 100, 128, 32], ['rnn', 100, 128, 32], ['lstm', 10, 128, 128],
];
for (const [cell, T, B, H] of SHAPES) {
  const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const n = T * B * H;
  const xProj = rand(G * n), U = rand(H * G * H, 1 / Math.sqrt(H)), h0 = rand(B * H), c0 = rand(B * H);
  const hSeq = new Float32Array(n), cSeq = new Float32Array(n), cache = new Float32Array((cell === 'lstm' ? 4 : 4) * n);
  const dX = new Float32Array(G * n), dU = new Float32Array(G * H * H), dHSeq = rand(n), dH0 = new Float32Array(B * H);
  const fwd = () => {
    if (cell === 'lstm') nb.lstmSeqForward(hSeq, cSeq, cache, xProj, U, h0, c0, null, null, T, B, H);
    else if (cell === 'gru') nb.gruSeqForward(hSeq, cache, xProj, U, null, h0, null, null, T, B, H, true);
    else nb.simpleRnnSeqForward(hSeq, xProj, U, h0, null, null, T, B, H);
  };
  const bwd = () => {
    if (cell === 'lstm') nb.lstmSeqBackward(dX, dU, dH0, null, dHSeq, null, hSeq, cSeq, cache, U, h0, c0, null, null, T, B, H);
    else if (cell === 'gru') nb.gruSeqBackward(dX, dU, null, dH0, dHSeq, hSeq, cache, U, null, h0, null, null, T, B, H, true);
    else nb.simpleRnnSeqBackward(dX, dU, dH0, dHSeq, hSeq, U, h0, null, null, T, B, H);
  };
  const out = new Float32Array(B * G * H), a = rand(B * H);
  const row = [`${cell} T=${T} B=${B} H=${H}`];
  for (const th of [1, 2]) {
    nb.setThreads(th);
    const g = time(() => { for (let s = 0; s < T; s++) nb.matmulThreads(out, a, U, B, G * H, H, false, false, false, 1); });
    row.push(`${th}t: fwd ${time(fwd).toFixed(2)} bwd ${time(bwd).toFixed(2)} (T GEMMs ${g.toFixed(2)})`);
  }
  console.log(row.join(' | '));
}
