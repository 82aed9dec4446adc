// Native softmax cross-entropy kernels (sparse ids and dense / smoothed targets, with their
// gradients) vs the reference kernels (1e-5 relative) on random shapes, extreme and equal logits,
// NaN / ±inf rows, plus the Float64Array fallback, the glue's id check and the loss ops end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { tensor } from '../../src/tensor/create.js';
import { grads } from '../../src/autograd/tape.js';
import { backendName, setBackend } from '../../src/backend/registry.js';
import { categoricalCrossentropy, sparseCategoricalCrossentropy } from '../../src/losses/crossentropy.js';
import { refBackend as ref } from '../../src/backends/ref/index.js';
import { bufferScope, setBufferPoison } from '../../src/tensor/pool.js';
import { abs, assertClose, nativeBackend, nb, randn, skip } from './helpers.js';

/** Below the smallest normal float32 there is no relative precision left to compare. */
const FLT_MIN = 1.1754943508222875e-38;

const CLASSES = [1, 2, 3, 8, 17, 60, 129];
const ROWS = [0, 1, 3, 20];

/** Logits [rows, c]: normal(0, 3), with some rows extreme (±80, ±300 + noise), all equal, or one-hot-like. */
function logits(rng: Rng, rows: number, c: number): Float32Array {
  const x = randn(rng, rows * c, 3);
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * c, (r + 1) * c);
    switch (r % 6) {
      case 1: row.forEach((_, j) => { row[j] = rng.random() < 0.5 ? 80 : -80; }); break;
      case 2: row.fill(r % 2 ? 80 : -3.25); break;
      case 3: row[rng.int(c)] = 40; break;
      case 4: row.forEach((_, j) => { row[j] += r % 4 ? 300 : -300; }); break; // e^x over- / underflows unshifted
      default: break;
    }
  }
  return x;
}

const floor = (n: number): Float32Array => new Float32Array(n).fill(FLT_MIN);

function checkSparse(rng: Rng, x: Float32Array, rows: number, c: number, what: string): void {
  const nat = nativeBackend();
  const ids = Int32Array.from({ length: rows }, () => rng.int(c));
  const want = new Float32Array(rows * c);
  const wantLoss = ref.softmaxXentSparse(want, x, ids, rows, c);
  const got = new Float32Array(rows * c);
  const gotLoss = nat.softmaxXentSparse(got, x, ids, rows, c);
  assertClose(got, want, `${what} probs`, floor(got.length));
  assertClose([gotLoss], [wantLoss], `${what} loss`);
  // Gradient from the same probs, accumulated into a random buffer.
  const g = rng.normal(0, 1) / Math.max(rows, 1);
  const d0 = randn(rng, rows * c);
  const dWant = d0.slice();
  ref.softmaxXentSparseGrad(dWant, want, ids, g, rows, c);
  const dGot = d0.slice();
  nat.softmaxXentSparseGrad(dGot, want, ids, g, rows, c);
  const scale = abs(d0).map((v, i) => v + Math.abs(g) * (want[i] + (ids[Math.floor(i / c)] === i % c ? 1 : 0)));
  assertClose(dGot, dWant, `${what} dX`, scale);
}

/** Soft targets [rows, c]: one-hot rows, distributions, and all-zero rows. */
function targets(rng: Rng, rows: number, c: number): Float32Array {
  const t = new Float32Array(rows * c);
  for (let r = 0; r < rows; r++) {
    const row = t.subarray(r * c, (r + 1) * c);
    if (r % 3 === 0) row[rng.int(c)] = 1;
    else if (r % 3 === 1) row.forEach((_, j) => { row[j] = rng.random(); });
  }
  return t;
}

function checkDense(rng: Rng, x: Float32Array, rows: number, c: number, smoothing: number, what: string): void {
  const nat = nativeBackend();
  const t = targets(rng, rows, c);
  const keep = 1 - smoothing;
  const add = smoothing / c;
  const want = new Float32Array(rows * c);
  const wantLoss = ref.softmaxXent(want, x, t, keep, add, rows, c);
  const got = new Float32Array(rows * c);
  const gotLoss = nat.softmaxXent(got, x, t, keep, add, rows, c);
  // logSm = x − lse: its error is relative to the terms it is made of, |x| and |lse| ≤ |x| + |logSm|.
  assertClose(got, want, `${what} logSm`, want.map((v, i) => 2 * Math.abs(x[i]) + Math.abs(v)));
  assertClose([gotLoss], [wantLoss], `${what} loss`);
  const g = rng.normal(0, 1) / Math.max(rows, 1);
  for (const [withX, withT] of [[true, true], [true, false], [false, true]]) {
    const dx0 = randn(rng, rows * c);
    const dt0 = randn(rng, rows * c);
    const dxWant = dx0.slice();
    const dtWant = dt0.slice();
    ref.softmaxXentGrad(withX ? dxWant : null, withT ? dtWant : null, want, t, g, keep, add, rows, c);
    const dxGot = dx0.slice();
    const dtGot = dt0.slice();
    nat.softmaxXentGrad(withX ? dxGot : null, withT ? dtGot : null, want, t, g, keep, add, rows, c);
    const zsum = (i: number): number => {
      const r = Math.floor(i / c);
      let s = 0;
      for (let j = 0; j < c; j++) s += t[r * c + j] * keep + add;
      return s;
    };
    const sx = abs(dx0).map((v, i) => v + Math.abs(g) * (Math.exp(want[i]) * zsum(i) + t[i] * keep + add));
    assertClose(dxGot, dxWant, `${what} dX (dT ${withT})`, sx);
    const st = abs(dt0).map((v, i) => v + Math.abs(g * want[i] * keep));
    assertClose(dtGot, dtWant, `${what} dT (dX ${withX})`, st);
  }
}

test('softmaxXentSparse(+Grad): random shapes, extreme and equal logits', { skip }, () => {
  const rng = new Rng(71);
  for (const c of CLASSES) {
    for (const rows of ROWS) checkSparse(rng, logits(rng, rows, c), rows, c, `rows=${rows} c=${c}`);
  }
  checkSparse(rng, logits(rng, 128, 60), 128, 60, 'rows=128 c=60');
});

test('softmaxXent(+Grad): random shapes, soft and one-hot targets, label smoothing, null gradients', { skip }, () => {
  const rng = new Rng(72);
  for (const c of CLASSES) {
    for (const rows of ROWS) {
      for (const smoothing of [0, 0.1]) checkDense(rng, logits(rng, rows, c), rows, c, smoothing, `rows=${rows} c=${c} s=${smoothing}`);
    }
  }
  checkDense(rng, logits(rng, 128, 60), 128, 60, 0.2, 'rows=128 c=60');
});

test('NaN, +inf and −inf logits give the reference NaN / inf, row by row', { skip }, () => {
  const rng = new Rng(73);
  const nat = nativeBackend();
  for (const c of [1, 3, 17]) {
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of [0, c - 1]) {
        const x = randn(rng, c, 2);
        x[at] = bad;
        const what = `c=${c} x[${at}]=${bad}`;
        for (const k of new Set([0, at, c - 1])) {
          const ids = Int32Array.of(k);
          const pw = new Float32Array(c);
          const pg = new Float32Array(c);
          const lw = ref.softmaxXentSparse(pw, x, ids, 1, c);
          const lg = nat.softmaxXentSparse(pg, x, ids, 1, c);
          assertClose(pg, pw, `${what} probs`, floor(c));
          assertClose([lg], [lw], `${what} k=${k} loss`);
          const dw = new Float32Array(c);
          const dg = new Float32Array(c);
          ref.softmaxXentSparseGrad(dw, pw, ids, 0.5, 1, c);
          nat.softmaxXentSparseGrad(dg, pw, ids, 0.5, 1, c);
          assertClose(dg, dw, `${what} k=${k} dX`, floor(c).map((v, j) => 0.5 * (pw[j] + 1)));
        }
        for (const smoothing of [0, 0.1]) {
          const t = new Float32Array(c);
          t[c - 1] = 1;
          const keep = 1 - smoothing;
          const add = smoothing / c;
          const lsw = new Float32Array(c);
          const lsg = new Float32Array(c);
          const lw = ref.softmaxXent(lsw, x, t, keep, add, 1, c);
          const lg = nat.softmaxXent(lsg, x, t, keep, add, 1, c);
          assertClose(lsg, lsw, `${what} s=${smoothing} logSm`, lsw.map((v, j) => 2 * Math.abs(x[j]) + Math.abs(v)));
          assertClose([lg], [lw], `${what} s=${smoothing} loss`);
          const dxw = new Float32Array(c);
          const dtw = new Float32Array(c);
          const dxg = new Float32Array(c);
          const dtg = new Float32Array(c);
          ref.softmaxXentGrad(dxw, dtw, lsw, t, -0.25, keep, add, 1, c);
          nat.softmaxXentGrad(dxg, dtg, lsw, t, -0.25, keep, add, 1, c);
          assertClose(dxg, dxw, `${what} s=${smoothing} dX`, floor(c).map(() => 0.25 * (1 + keep + add)));
          assertClose(dtg, dtw, `${what} s=${smoothing} dT`);
        }
      }
    }
  }
});

test('Float64Array and int32-target calls go to the reference kernels exactly; the glue rejects bad ids', { skip }, () => {
  const rng = new Rng(74);
  const nat = nativeBackend();
  const x = Float64Array.from(randn(rng, 4 * 5, 3));
  const ids = Int32Array.of(0, 4, 2, 2);
  const pw = new Float64Array(20);
  const pg = new Float64Array(20);
  assert.equal(nat.softmaxXentSparse(pg, x, ids, 4, 5), ref.softmaxXentSparse(pw, x, ids, 4, 5));
  assert.deepEqual(pg, pw);
  const t = Int32Array.of(...[0, 1, 0, 0, 0], ...[1, 0, 0, 0, 0], ...[0, 0, 0, 0, 1], ...[0, 0, 1, 0, 0]);
  const x32 = randn(rng, 20, 3);
  const lw = new Float32Array(20);
  const lg = new Float32Array(20);
  assert.equal(nat.softmaxXent(lg, x32, t, 0.9, 0.02, 4, 5), ref.softmaxXent(lw, x32, t, 0.9, 0.02, 4, 5));
  assert.deepEqual(lg, lw);
  const dw = new Float32Array(20);
  const dg = new Float32Array(20);
  ref.softmaxXentGrad(dw, null, lw, t, 0.3, 0.9, 0.02, 4, 5);
  nat.softmaxXentGrad(dg, null, lw, t, 0.3, 0.9, 0.02, 4, 5);
  assert.deepEqual(dg, dw);
  const p = new Float32Array(20);
  assert.throws(() => nb().softmaxXentSparse(p, x32, Int32Array.of(0, 5, 1, 1), 4, 5), /id 5 at position 1 is outside \[0, 5\)/);
  assert.throws(() => nb().softmaxXentSparseGrad(p, p, Int32Array.of(0, 1, -1, 1), 1, 4, 5), /id -1 at position 2/);
  assert.throws(() => nb().softmaxXent(p, x32, new Float32Array(19), 1, 0, 4, 5), /t has 19 elements, needs 20/);
});

test('the logits losses give the reference value and gradients on the native backend (float32, NaN-poisoned pool)', { skip }, () => {
  const rng = new Rng(75);
  const before = backendName();
  const B = 13;
  const T = 15; // B·T·C ≥ 4096: the saved softmax / log-softmax comes from the (poisoned) buffer pool
  const C = 23;
  const x = logits(rng, B * T, C);
  const ids = Array.from({ length: B * T }, () => rng.int(C));
  const soft = targets(rng, B * T, C);
  const run = (): { value: number; dx: Float32Array; dt: Float32Array }[] => bufferScope(() => {
    const yPred = tensor(x, [B, T, C]);
    const yTrue = tensor(soft, [B, T, C]);
    const sparse = grads(() => sparseCategoricalCrossentropy({ fromLogits: true })(tensor(ids, [B, T], 'int32'), yPred), [yPred]);
    const dense = grads(() => categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 })(yTrue, yPred), [yPred, yTrue]);
    // Copies: the gradient buffers may be pooled too and go back when the scope ends.
    return [
      { value: sparse.value.item(), dx: (sparse.grads[0] as Float32Array).slice(), dt: new Float32Array(0) },
      { value: dense.value.item(), dx: (dense.grads[0] as Float32Array).slice(), dt: (dense.grads[1] as Float32Array).slice() },
    ];
  });
  try {
    setBufferPoison(true); // pooled buffers start as NaN: an element the forward kernel skipped would show
    setBackend('ref');
    const want = run();
    setBackend('native');
    const got = run();
    for (let i = 0; i < 2; i++) {
      const what = i === 0 ? 'sparse' : 'categorical';
      assert.ok(got[i].dx instanceof Float32Array && got[i].dx.length === B * T * C, `${what} dX`);
      assertClose([got[i].value], [want[i].value], `${what} loss`);
      // Each gradient is g·(p·Z − z) with g = 1/rows: its digits are relative to g·(p·Z + z) ≤ 3g.
      assertClose(got[i].dx, want[i].dx, `${what} dX`, floor(B * T * C).fill(3 / (B * T)));
      assertClose(got[i].dt, want[i].dt, `${what} dT`);
    }
  } finally {
    setBufferPoison(false);
    setBackend(before);
  }
});
