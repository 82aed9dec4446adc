// Native elementwise, reduction, indexing and optimizer kernels vs the reference kernels (1e-5
// relative) on random inputs with odd sizes, plus the Float64Array / unknown-function fallbacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { refBackend as ref } from '../../src/backends/ref/index.js';
import { BINARY_FNS, type BinaryFn } from '../../src/backend/backend.js';
import { stridesOf } from '../../src/tensor/tensor.js';
import { abs, assertClose, nativeBackend, nb, randn, skip } from './helpers.js';

const SIZES = [1, 3, 17, 129];

test('unary and unaryGrad: tanh, sigmoid, relu, including extreme and tiny inputs', { skip }, () => {
  const rng = new Rng(21);
  const nat = nativeBackend();
  const special = [0, -0, 1e-8, -1e-8, 1e-3, 0.6249, 0.6251, -0.625, 20, -20, 88, -88, 100, -100, 1e30, -1e30, NaN];
  for (const n of [...SIZES, 1000]) {
    const x = Float32Array.from([...randn(rng, n, 3), ...special]);
    const dY = randn(rng, x.length);
    for (const fn of ['tanh', 'sigmoid', 'relu'] as const) {
      const want = new Float32Array(x.length);
      ref.unary(want, x, x.length, fn);
      const got = new Float32Array(x.length);
      nat.unary(got, x, x.length, fn);
      assertClose(got, want, `${fn} n=${n}`);
      const d0 = randn(rng, x.length);
      const dWant = d0.slice();
      ref.unaryGrad(dWant, x, want, dY, x.length, fn);
      const dGot = d0.slice();
      nat.unaryGrad(dGot, x, want, dY, x.length, fn);
      const scale = abs(d0).map((v, i) => v + Math.abs(dWant[i] - d0[i]));
      assertClose(dGot, dWant, `${fn}Grad n=${n}`, scale);
    }
  }
});

test('unary: functions the addon lacks (elu, softplus) fall back to the reference kernel exactly', { skip }, () => {
  const rng = new Rng(22);
  const x = randn(rng, 17, 2);
  for (const fn of ['elu', 'softplus', 'swish'] as const) {
    const want = new Float32Array(17);
    ref.unary(want, x, 17, fn);
    const got = new Float32Array(17);
    nativeBackend().unary(got, x, 17, fn);
    assert.deepEqual(got, want, fn);
  }
});

/** A random broadcast case: outShape and, for a and b, the contiguous shape and broadcast strides. */
function randomBroadcast(rng: Rng): { out: number[]; aShape: number[]; bShape: number[]; aStr: number[]; bStr: number[] } {
  const rank = 1 + rng.int(4);
  const out = Array.from({ length: rank }, () => [1, 3, 17, 2][rng.int(4)]);
  const pick = (): number[] => out.map((d) => (rng.random() < 0.35 ? 1 : d));
  const aShape = pick();
  const bShape = rng.random() < 0.3 ? out.map(() => 1) : pick();
  const strides = (shape: number[]): number[] => stridesOf(shape).map((s, d) => (shape[d] === 1 ? 0 : s));
  return { out, aShape, bShape, aStr: strides(aShape), bStr: strides(bShape) };
}

const size = (s: number[]): number => s.reduce((p, d) => p * d, 1);

test('binary and binaryGrad: every function, random broadcast shapes, null gradients', { skip }, () => {
  const rng = new Rng(23);
  const nat = nativeBackend();
  for (let trial = 0; trial < 60; trial++) {
    const { out, aShape, bShape, aStr, bStr } = randomBroadcast(rng);
    const fn: BinaryFn = BINARY_FNS[trial % BINARY_FNS.length];
    const a = randn(rng, size(aShape));
    const b = randn(rng, size(bShape));
    if (fn === 'div') b.forEach((v, i) => { b[i] = v >= 0 ? v + 0.5 : v - 0.5; });
    const what = `${fn} out=[${out}] a=[${aShape}] b=[${bShape}]`;
    const want = new Float32Array(size(out));
    ref.binary(want, a, b, out, aStr, bStr, fn);
    const got = new Float32Array(size(out));
    nat.binary(got, a, b, out, aStr, bStr, fn);
    assertClose(got, want, what);

    const dOut = randn(rng, size(out));
    const withA = trial % 3 !== 1;
    const withB = trial % 3 !== 2;
    const dA0 = randn(rng, size(aShape));
    const dB0 = randn(rng, size(bShape));
    const [wA, wB, gA, gB] = [dA0.slice(), dB0.slice(), dA0.slice(), dB0.slice()];
    ref.binaryGrad(withA ? wA : null, withB ? wB : null, a, b, dOut, out, aStr, bStr, fn);
    nat.binaryGrad(withA ? gA : null, withB ? gB : null, a, b, dOut, out, aStr, bStr, fn);
    // Scale: the same sums over absolute terms (for max/min each term is ±dOut or 0, bounded by 'add').
    const [sA, sB] = [abs(dA0), abs(dB0)];
    const absFn: BinaryFn = fn === 'maximum' || fn === 'minimum' || fn === 'sub' ? 'add' : fn;
    ref.binaryGrad(sA, sB, abs(a), abs(b), abs(dOut), out, aStr, bStr, absFn);
    assertClose(gA, wA, `${what} dA`, sA.map(Math.abs));
    assertClose(gB, wB, `${what} dB`, sB.map(Math.abs));
  }
});

test('binary: rank-0 (scalar) and empty shapes', { skip }, () => {
  const out = new Float32Array(1);
  nb().binary(out, new Float32Array([3]), new Float32Array([4]), [], [], [], 2);
  assert.equal(out[0], 12);
  const empty = new Float32Array(0);
  nb().binary(empty, empty, new Float32Array(1), [0, 3], [3, 1], [0, 0], 0);
});

test('affine and axpy', { skip }, () => {
  const rng = new Rng(24);
  for (const n of SIZES) {
    const x = randn(rng, n);
    const want = new Float32Array(n);
    ref.affine(want, x, n, 0.7, -0.3);
    const got = new Float32Array(n);
    nb().affine(got, x, n, 0.7, -0.3);
    assertClose(got, want, `affine n=${n}`, x.map((v) => Math.abs(0.7 * v) + 0.3));
    const y0 = randn(rng, n);
    const [wy, gy] = [y0.slice(), y0.slice()];
    ref.axpy(wy, x, n, -1.5);
    nb().axpy(gy, x, n, -1.5);
    assertClose(gy, wy, `axpy n=${n}`, y0.map((v, i) => Math.abs(v) + Math.abs(1.5 * x[i])));
  }
});

test('sumMid and sumMidGrad over odd [outer, mid, inner] shapes', { skip }, () => {
  const rng = new Rng(25);
  for (const outer of [1, 3]) for (const mid of SIZES) for (const inner of [1, 3, 17]) {
    const x = randn(rng, outer * mid * inner);
    const want = new Float32Array(outer * inner);
    ref.sumMid(want, x, outer, mid, inner);
    const got = new Float32Array(outer * inner).fill(7); // overwritten, not accumulated
    nb().sumMid(got, x, outer, mid, inner);
    const scale = new Float32Array(outer * inner);
    ref.sumMid(scale, abs(x), outer, mid, inner);
    assertClose(got, want, `sumMid ${outer}×${mid}×${inner}`, scale);
    const dOut = randn(rng, outer * inner);
    const d0 = randn(rng, x.length);
    const [w, g] = [d0.slice(), d0.slice()];
    ref.sumMidGrad(w, dOut, outer, mid, inner);
    nb().sumMidGrad(g, dOut, outer, mid, inner);
    assertClose(g, w, `sumMidGrad ${outer}×${mid}×${inner}`, w.map((v, i) => Math.abs(d0[i]) + Math.abs(v - d0[i])));
  }
});

test('softmax, logSoftmax and their gradients, row by row', { skip }, () => {
  const rng = new Rng(26);
  for (const rows of [1, 3, 17]) for (const cols of [...SIZES, 1000]) {
    const n = rows * cols;
    const x = randn(rng, n, 4);
    const what = `${rows}×${cols}`;
    const ySm = new Float32Array(n);
    ref.softmax(ySm, x, rows, cols);
    const got = new Float32Array(n);
    nb().softmax(got, x, rows, cols);
    assertClose(got, ySm, `softmax ${what}`);
    const yLsm = new Float32Array(n);
    ref.logSoftmax(yLsm, x, rows, cols);
    nb().logSoftmax(got, x, rows, cols);
    assertClose(got, yLsm, `logSoftmax ${what}`, yLsm.map((v, i) => Math.abs(v) + Math.abs(x[i])));

    const dY = randn(rng, n);
    const d0 = randn(rng, n);
    let [w, g] = [d0.slice(), d0.slice()];
    ref.softmaxGrad(w, ySm, dY, rows, cols);
    nb().softmaxGrad(g, ySm, dY, rows, cols);
    const rowAbsDot = (r: number): number => { let s = 0; for (let j = 0; j < cols; j++) s += Math.abs(dY[r * cols + j] * ySm[r * cols + j]); return s; };
    assertClose(g, w, `softmaxGrad ${what}`, w.map((_, i) => Math.abs(d0[i]) + ySm[i] * (Math.abs(dY[i]) + rowAbsDot(Math.floor(i / cols)))));
    [w, g] = [d0.slice(), d0.slice()];
    ref.logSoftmaxGrad(w, yLsm, dY, rows, cols);
    nb().logSoftmaxGrad(g, yLsm, dY, rows, cols);
    const rowAbsSum = (r: number): number => { let s = 0; for (let j = 0; j < cols; j++) s += Math.abs(dY[r * cols + j]); return s; };
    assertClose(g, w, `logSoftmaxGrad ${what}`, w.map((_, i) => Math.abs(d0[i]) + Math.abs(dY[i]) + Math.exp(yLsm[i]) * rowAbsSum(Math.floor(i / cols))));
  }
});

test('softmax of a hand-computed row and in place (out = x)', { skip }, () => {
  const x = new Float32Array([0, Math.log(3)]);
  nb().softmax(x, x, 1, 2);
  assertClose(x, [0.25, 0.75], 'softmax [0, ln 3]');
  const y = new Float32Array([1, 1, 1, 1]);
  nb().logSoftmax(y, y, 1, 4);
  assertClose(y, [-Math.log(4), -Math.log(4), -Math.log(4), -Math.log(4)], 'logSoftmax of equal logits');
});

test('gather and scatterAdd with repeated ids; out-of-range ids are refused', { skip }, () => {
  const rng = new Rng(27);
  for (const dim of SIZES) {
    const rows = 11;
    const table = randn(rng, rows * dim);
    const ids = Int32Array.from({ length: 40 }, () => rng.int(rows)); // repeats guaranteed
    const want = new Float32Array(ids.length * dim);
    ref.gather(want, table, ids, ids.length, dim);
    const got = new Float32Array(ids.length * dim);
    nb().gather(got, table, ids, ids.length, dim);
    assert.deepEqual(got, want, `gather dim=${dim}`);
    const dOut = randn(rng, ids.length * dim);
    const d0 = randn(rng, rows * dim);
    const [w, g, s] = [d0.slice(), d0.slice(), abs(d0)];
    ref.scatterAdd(w, ids, dOut, ids.length, dim);
    nb().scatterAdd(g, ids, dOut, ids.length, dim);
    ref.scatterAdd(s, ids, abs(dOut), ids.length, dim);
    assertClose(g, w, `scatterAdd dim=${dim}`, s);
  }
  assert.throws(() => nb().gather(new Float32Array(4), new Float32Array(6), Int32Array.from([0, 3]), 2, 2), /id 3 at position 1 is outside \[0, 3\)/);
  assert.throws(() => nb().scatterAdd(new Float32Array(6), Int32Array.from([-1]), new Float32Array(2), 1, 2), /id -1/);
});

test('copyMid: assign and accumulate windows of the middle axis', { skip }, () => {
  const rng = new Rng(28);
  for (const inner of [1, 3, 17]) for (const accumulate of [false, true]) {
    const [outer, srcMid, dstMid, len] = [3, 9, 7, 4];
    const src = randn(rng, outer * srcMid * inner);
    const d0 = randn(rng, outer * dstMid * inner);
    const [w, g] = [d0.slice(), d0.slice()];
    ref.copyMid(w, src, outer, inner, dstMid, 2, srcMid, 5, len, accumulate);
    nb().copyMid(g, src, outer, inner, dstMid, 2, srcMid, 5, len, accumulate);
    assertClose(g, w, `copyMid inner=${inner} accumulate=${accumulate}`, w.map((v, i) => Math.abs(v) + Math.abs(d0[i])));
  }
  assert.throws(() => nb().copyMid(new Float32Array(10), new Float32Array(10), 1, 1, 10, 8, 10, 0, 3, false), /window outside/);
});

test('optimizer updates (sgd ± momentum/nesterov, rmsprop, adam, adagrad) over several steps, and sumSquares', { skip }, () => {
  const rng = new Rng(29);
  for (const n of [...SIZES, 1000]) {
    const w0 = randn(rng, n);
    const state = (): Float32Array[] => [w0.slice(), new Float32Array(n), new Float32Array(n)];
    const runs: [string, (k: typeof ref | ReturnType<typeof nativeBackend>, s: Float32Array[], g: Float32Array) => void][] = [
      ['sgd', (k, s, g) => k.sgdUpdate(s[0], s[1], g, n, 0.1, 0, false)],
      ['sgd momentum', (k, s, g) => k.sgdUpdate(s[0], s[1], g, n, 0.1, 0.9, false)],
      ['sgd nesterov', (k, s, g) => k.sgdUpdate(s[0], s[1], g, n, 0.1, 0.9, true)],
      ['rmsprop', (k, s, g) => k.rmspropUpdate(s[0], s[1], g, n, 0.01, 0.9, 1e-7)],
      ['adam', (k, s, g) => k.adamUpdate(s[0], s[1], s[2], g, n, 0.001 * Math.sqrt(1 - 0.999) / (1 - 0.9), 0.9, 0.999, 1e-7)],
      ['adagrad', (k, s, g) => k.adagradUpdate(s[0], s[1], g, n, 0.05, 1e-7)],
    ];
    for (const [name, step] of runs) {
      const sw = state();
      for (let t = 0; t < 3; t++) {
        // One step from the same state on both sides; error relative to |before| + |change|.
        const before = sw.map((x) => x.slice());
        const sg = sw.map((x) => x.slice());
        const g = randn(rng, n);
        step(ref, sw, g);
        step(nativeBackend(), sg, g);
        for (let j = 0; j < 3; j++) {
          const scale = before[j].map((v, i) => Math.abs(v) + Math.abs(sw[j][i] - v));
          assertClose(sg[j], sw[j], `${name} n=${n} step ${t} state ${j}`, scale);
        }
      }
    }
    const g = randn(rng, n);
    const want = ref.sumSquares(g, n);
    assert.ok(Math.abs(nb().sumSquares(g, n) - want) <= 1e-5 * want, `sumSquares n=${n}`);
  }
});

test('Float64Array calls (gradcheck) go to the reference kernels and match them exactly', { skip }, () => {
  const nat = nativeBackend();
  const a = Float64Array.from([0.1, -0.2, 0.3, 0.4, 0.5, -0.6]);
  const b = Float64Array.from([1.5, -2.5, 0.25, 3, 1, -1]);
  const [w, g] = [new Float64Array(4), new Float64Array(4)];
  ref.matmul(w, a, b, 2, 2, 3, false, false, false);
  nat.matmul(g, a, b, 2, 2, 3, false, false, false);
  assert.deepEqual(g, w);
  const [uw, ug] = [new Float64Array(6), new Float64Array(6)];
  ref.unary(uw, a, 6, 'tanh');
  nat.unary(ug, a, 6, 'tanh');
  assert.deepEqual(ug, uw);
  assert.equal(nat.sumSquares(a, 6), ref.sumSquares(a, 6));
  assert.equal(nat.name, 'native');
});

/** Runs f with the addon set to `threads` threads, restoring the previous count. */
function withThreads<T>(threads: number, f: () => T): T {
  const before = nb().info().threads;
  nb().setThreads(threads);
  try {
    return f();
  } finally {
    nb().setThreads(before);
  }
}

/** Float32Array of n at a byte offset of 4·shift into its buffer (shifts the 64-byte alignment). */
function shifted(src: Float32Array, shift: number): Float32Array {
  const out = new Float32Array(new ArrayBuffer(4 * (src.length + shift)), 4 * shift, src.length);
  out.set(src);
  return out;
}

test('large optimizer updates: the same bits on 1 and 2 threads, and the reference values', { skip }, () => {
  const rng = new Rng(30);
  const n = 100_003; // split over 2 threads (≥ 2 · 2^15 elements), odd so the chunks have scalar tails
  const w0 = randn(rng, n);
  const m0 = randn(rng, n);
  const v0 = abs(randn(rng, n));
  const g = randn(rng, n);
  const runs: [string, (k: typeof ref | ReturnType<typeof nativeBackend>, s: Float32Array[]) => void][] = [
    ['sgd', (k, s) => k.sgdUpdate(s[0], s[1], g, n, 0.1, 0, false)],
    ['sgd momentum', (k, s) => k.sgdUpdate(s[0], s[1], g, n, 0.1, 0.9, false)],
    ['sgd nesterov', (k, s) => k.sgdUpdate(s[0], s[1], g, n, 0.1, 0.9, true)],
    ['rmsprop', (k, s) => k.rmspropUpdate(s[0], s[2], g, n, 0.01, 0.9, 1e-7)],
    ['adam', (k, s) => k.adamUpdate(s[0], s[1], s[2], g, n, 0.001, 0.9, 0.999, 1e-7)],
    ['adagrad', (k, s) => k.adagradUpdate(s[0], s[2], g, n, 0.05, 1e-7)],
  ];
  for (const [name, step] of runs) {
    const [one, two, want] = [0, 1, 2].map(() => [w0.slice(), m0.slice(), v0.slice()]);
    withThreads(1, () => step(nativeBackend(), one));
    withThreads(2, () => step(nativeBackend(), two));
    step(ref, want);
    for (let j = 0; j < 3; j++) {
      assert.deepEqual(two[j], one[j], `${name} state ${j}: 2 threads vs 1`);
      const before = [w0, m0, v0][j];
      assertClose(one[j], want[j], `${name} state ${j}`, before.map((v, i) => Math.abs(v) + Math.abs(want[j][i] - v)));
    }
  }
});

test('large gather / scatterAdd (rows of 128, 80, 48 and 32, repeated ids, any table alignment): 1 vs 2 threads bit for bit', { skip }, () => {
  const rng = new Rng(31);
  for (const [rows, dim, nIds] of [[3000, 128, 1100], [800, 80, 1700], [2000, 32, 4200], [500, 48, 3001]]) {
    const ids = Int32Array.from({ length: nIds }, () => (rng.random() < 0.3 ? rng.int(8) : rng.int(rows))); // hot rows repeat
    const table = randn(rng, rows * dim);
    const want = new Float32Array(nIds * dim);
    ref.gather(want, table, ids, nIds, dim);
    for (const threads of [1, 2]) {
      const got = new Float32Array(nIds * dim).fill(NaN);
      withThreads(threads, () => nb().gather(got, table, ids, nIds, dim));
      assert.deepEqual(got, want, `gather ${nIds}×${dim} on ${threads} threads`);
    }
    const dOut = randn(rng, nIds * dim);
    const d0 = randn(rng, rows * dim);
    const w = d0.slice();
    ref.scatterAdd(w, ids, dOut, nIds, dim);
    const s = abs(d0);
    ref.scatterAdd(s, ids, abs(dOut), nIds, dim);
    for (const shift of [0, 1, 5, 8, 13]) {
      const [one, two] = [shifted(d0, shift), shifted(d0, shift)];
      withThreads(1, () => nb().scatterAdd(one, ids, dOut, nIds, dim));
      withThreads(2, () => nb().scatterAdd(two, ids, dOut, nIds, dim));
      assert.deepEqual(two, one, `scatterAdd ${nIds}×${dim} shift ${shift}: 2 threads vs 1`);
      assertClose(one, w, `scatterAdd ${nIds}×${dim} shift ${shift}`, s);
    }
  }
});

test('sumMid on large and block-edge shapes (register blocks, row tiles, column split): 1 vs 2 threads bit for bit', { skip }, () => {
  const rng = new Rng(32);
  const shapes = [[1, 700, 512], [2, 300, 300], [1, 4100, 32], [1, 1500, 100], [3, 1000, 130], [2, 40, 64], [1, 33, 72],
    [2, 17, 8], [1, 0, 24], [4, 5, 7], [1, 3000, 1]];
  for (const [outer, mid, inner] of shapes) {
    const x = randn(rng, outer * mid * inner);
    const want = new Float32Array(outer * inner);
    ref.sumMid(want, x, outer, mid, inner);
    const scale = new Float32Array(outer * inner);
    ref.sumMid(scale, abs(x), outer, mid, inner);
    const [one, two] = [new Float32Array(outer * inner).fill(7), new Float32Array(outer * inner).fill(7)];
    withThreads(1, () => nb().sumMid(one, x, outer, mid, inner));
    withThreads(2, () => nb().sumMid(two, x, outer, mid, inner));
    assert.deepEqual(two, one, `sumMid ${outer}×${mid}×${inner}: 2 threads vs 1`);
    assertClose(one, want, `sumMid ${outer}×${mid}×${inner}`, scale);
  }
});

test('zeroRows clears exactly the listed rows (repeats, first and last row); bad ids are refused', { skip }, () => {
  const rng = new Rng(31);
  for (const [rows, dim] of [[1, 1], [7, 3], [50, 128], [200, 32]] as const) {
    const table = randn(rng, rows * dim); // [rows, dim]
    const ids = Int32Array.from({ length: 9 }, (_, i) => (i * 5 + (i % 2 ? rows - 1 : 0)) % rows);
    const want = table.slice();
    ref.zeroRows(want, ids, ids.length, dim);
    const got = table.slice();
    nb().zeroRows(got, ids, ids.length, dim);
    assert.deepEqual(got, want, `rows ${rows} dim ${dim}`);
    const untouched = [...Array(rows).keys()].filter((r) => !ids.includes(r));
    for (const r of untouched) assert.deepEqual(got.subarray(r * dim, (r + 1) * dim), table.subarray(r * dim, (r + 1) * dim));
    for (const r of ids) assert.ok(got.subarray(r * dim, (r + 1) * dim).every((v) => v === 0));
  }
  assert.throws(() => nb().zeroRows(new Float32Array(12), Int32Array.from([4]), 1, 3), /outside \[0, 4\)/);
});
