// Native fused recurrent kernels (SimpleRNN, LSTM, GRU with both resetAfter variants) vs the
// reference kernels on random inputs: odd sizes (B, H ∈ {1, 3, 17, 129}, T ∈ {1, 2, 7}), time masks
// with fully masked rows, recurrent-dropout masks, null optional arrays, accumulation into
// pre-filled gradient buffers (dU, dH0, dC0, dBRec) while dXProj is written (a garbage-filled dXProj
// gives the zeroed-buffer result), 1 and 2 threads (batch slices), Float64Array fallback, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { refBackend as ref } from '../../src/backends/ref/index.js';
import { assertClose, nativeBackend, nb, randn, skip, withThreads } from './helpers.js';

const SIZES = [1, 3, 17, 129];
const STEPS = [1, 2, 7];

interface Case {
  T: number;
  B: number;
  H: number;
  /** recurrent-dropout mask [B,H] */
  drop: boolean;
  /** time mask [T,B] (with a fully masked row when B > 1) */
  mask: boolean;
  /** optional outputs / inputs (dH0, dC0, dCLast, bRec, dBRec) passed as null */
  nulls: boolean;
}

/** Every (B, H) pair once, with T and the options cycling so that each appears with many sizes. */
function cases(): Case[] {
  const out: Case[] = [];
  SIZES.forEach((B, bi) => SIZES.forEach((H, hi) => {
    const k = bi * SIZES.length + hi;
    out.push({ T: STEPS[k % 3], B, H, drop: k % 2 === 0, mask: k % 3 !== 1, nulls: k % 4 === 3 });
  }));
  return out;
}

const name = (c: Case): string =>
  `T=${c.T} B=${c.B} H=${c.H}${c.drop ? ' recMask' : ''}${c.mask ? ' timeMask' : ''}${c.nulls ? ' nulls' : ''}`;

/** Recurrent-dropout mask [B,H]: 0 or 1/(1 − 0.4). */
function dropMask(rng: Rng, B: number, H: number): Float32Array {
  return Float32Array.from({ length: B * H }, () => (rng.random() < 0.4 ? 0 : 1 / 0.6));
}

/** Time mask [T,B]: row B−1 fully masked (B > 1), the others masked at random steps. */
function timeMask(rng: Rng, T: number, B: number): Float32Array {
  const m = new Float32Array(T * B);
  for (let s = 0; s < T; s++) {
    for (let b = 0; b < B; b++) m[s * B + b] = (B > 1 && b === B - 1) || rng.random() < 0.3 ? 0 : 1;
  }
  return m;
}

/**
 * The output gradients of a backward call, cycling with the sizes: dHSeq [T,B,H] and dHLast [B,H]
 * both, dHSeq only, or dHLast only (dHSeq null: returnSequences false).
 */
function seqGrads(rng: Rng, T: number, B: number, H: number): { dHSeq: Float32Array | null; dHLast: Float32Array | null } {
  const k = (T + B + H) % 3;
  return { dHSeq: k === 2 ? null : randn(rng, T * B * H), dHLast: k === 1 ? null : randn(rng, B * H) };
}

const maxAbs = (a: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

/**
 * native ≈ reference to 1e-5 relative to the array's magnitude (its largest |value|): the kernels
 * are recurrences and sums over T·B rows, so an element's float32 error follows its inputs'
 * magnitude, not its own.
 */
function close(got: Float32Array, want: Float32Array, what: string): void {
  assertClose(got, want, what, new Float32Array(want.length).fill(maxAbs(want)));
}

/** Masked steps carry the state: hSeq[s, b] === hSeq[s−1, b] (h0 for s = 0), bit for bit. */
function assertCarried(hSeq: Float32Array, h0: Float32Array, tMask: Float32Array | null, T: number, B: number, H: number, what: string): void {
  if (!tMask) return;
  for (let s = 0; s < T; s++) {
    for (let b = 0; b < B; b++) {
      if (tMask[s * B + b] !== 0) continue;
      for (let j = 0; j < H; j++) {
        const prev = s === 0 ? h0[b * H + j] : hSeq[((s - 1) * B + b) * H + j];
        assert.equal(hSeq[(s * B + b) * H + j], prev, `${what}: masked step ${s} row ${b} does not carry the state`);
      }
    }
  }
}

const THREADS = [1, 2];

for (const threads of THREADS) {
  test(`simpleRnnSeqForward/Backward match the reference (${threads} thread${threads > 1 ? 's' : ''})`, { skip }, () => {
    const rng = new Rng(100 + threads);
    const nat = nativeBackend();
    withThreads(threads, () => {
      for (const c of cases()) {
        const { T, B, H } = c;
        const what = `simple ${name(c)}`;
        const xProj = randn(rng, T * B * H);
        const U = randn(rng, H * H, 1 / Math.sqrt(H));
        const h0 = randn(rng, B * H, 0.5);
        const recMask = c.drop ? dropMask(rng, B, H) : null;
        const tMask = c.mask ? timeMask(rng, T, B) : null;
        const want = new Float32Array(T * B * H);
        ref.simpleRnnSeqForward(want, xProj, null, U, h0, recMask, tMask, T, B, H);
        const got = new Float32Array(T * B * H).fill(NaN);
        nat.simpleRnnSeqForward(got, xProj, null, U, h0, recMask, tMask, T, B, H);
        close(got, want, `${what} hSeq`);
        assertCarried(got, h0, tMask, T, B, H, what);

        const { dHSeq, dHLast } = seqGrads(rng, T, B, H);
        // dX is written (NaN-filled: every element must be written), the others accumulated into
        const pre = { dX: new Float32Array(T * B * H).fill(NaN), dU: randn(rng, H * H), dBias: randn(rng, H), dH0: randn(rng, B * H) };
        const r = { dX: pre.dX.slice(), dU: pre.dU.slice(), dBias: c.nulls ? null : pre.dBias.slice(), dH0: c.nulls ? null : pre.dH0.slice() };
        const n = { dX: pre.dX.slice(), dU: pre.dU.slice(), dBias: c.nulls ? null : pre.dBias.slice(), dH0: c.nulls ? null : pre.dH0.slice() };
        ref.simpleRnnSeqBackward(r.dX, r.dU, r.dBias, r.dH0, dHSeq, dHLast, want, U, h0, recMask, tMask, T, B, H);
        nat.simpleRnnSeqBackward(n.dX, n.dU, n.dBias, n.dH0, dHSeq, dHLast, want, U, h0, recMask, tMask, T, B, H);
        close(n.dX, r.dX, `${what} dXProj`);
        close(n.dU, r.dU, `${what} dU`);
        if (r.dBias && n.dBias) close(n.dBias, r.dBias, `${what} dBias`);
        if (r.dH0 && n.dH0) close(n.dH0, r.dH0, `${what} dH0`);
      }
    });
  });

  test(`lstmSeqForward/Backward match the reference (${threads} thread${threads > 1 ? 's' : ''})`, { skip }, () => {
    const rng = new Rng(200 + threads);
    const nat = nativeBackend();
    withThreads(threads, () => {
      for (const c of cases()) {
        const { T, B, H } = c;
        const what = `lstm ${name(c)}`;
        const n1 = T * B * H;
        const xProj = randn(rng, 4 * n1);
        const U = randn(rng, H * 4 * H, 1 / Math.sqrt(H));
        const h0 = randn(rng, B * H, 0.5);
        const c0 = randn(rng, B * H);
        const recMask = c.drop ? dropMask(rng, B, H) : null;
        const tMask = c.mask ? timeMask(rng, T, B) : null;
        const r = { h: new Float32Array(n1), c: new Float32Array(n1), g: new Float32Array(4 * n1) };
        ref.lstmSeqForward(r.h, r.c, r.g, xProj, null, U, h0, c0, recMask, tMask, T, B, H);
        const n = { h: new Float32Array(n1).fill(NaN), c: new Float32Array(n1).fill(NaN), g: new Float32Array(4 * n1).fill(NaN) };
        nat.lstmSeqForward(n.h, n.c, n.g, xProj, null, U, h0, c0, recMask, tMask, T, B, H);
        close(n.h, r.h, `${what} hSeq`);
        close(n.c, r.c, `${what} cSeq`);
        close(n.g, r.g, `${what} gates`);
        assertCarried(n.h, h0, tMask, T, B, H, `${what} h`);
        assertCarried(n.c, c0, tMask, T, B, H, `${what} c`);

        const { dHSeq, dHLast } = seqGrads(rng, T, B, H);
        const dCLast = c.nulls ? null : randn(rng, B * H);
        const pre = {
          dX: new Float32Array(4 * n1).fill(NaN), dU: randn(rng, 4 * H * H), dBias: randn(rng, 4 * H), dH0: randn(rng, B * H), dC0: randn(rng, B * H),
        };
        const grads = (): { dX: Float32Array; dU: Float32Array; dBias: Float32Array | null; dH0: Float32Array | null; dC0: Float32Array | null } => ({
          dX: pre.dX.slice(), dU: pre.dU.slice(), dBias: c.nulls ? null : pre.dBias.slice(), dH0: c.nulls ? null : pre.dH0.slice(),
          dC0: c.nulls ? null : pre.dC0.slice(),
        });
        const rg = grads();
        const ng = grads();
        ref.lstmSeqBackward(rg.dX, rg.dU, rg.dBias, rg.dH0, rg.dC0, dHSeq, dHLast, dCLast, r.h, r.c, r.g, U, h0, c0, recMask, tMask, T, B, H);
        nat.lstmSeqBackward(ng.dX, ng.dU, ng.dBias, ng.dH0, ng.dC0, dHSeq, dHLast, dCLast, r.h, r.c, r.g, U, h0, c0, recMask, tMask, T, B, H);
        close(ng.dX, rg.dX, `${what} dXProj`);
        close(ng.dU, rg.dU, `${what} dU`);
        if (rg.dBias && ng.dBias) close(ng.dBias, rg.dBias, `${what} dBias`);
        if (rg.dH0 && ng.dH0) close(ng.dH0, rg.dH0, `${what} dH0`);
        if (rg.dC0 && ng.dC0) close(ng.dC0, rg.dC0, `${what} dC0`);
      }
    });
  });

  for (const resetAfter of [true, false]) {
    test(`gruSeqForward/Backward (resetAfter ${resetAfter}) match the reference (${threads} thread${threads > 1 ? 's' : ''})`, { skip }, () => {
      const rng = new Rng(300 + threads + (resetAfter ? 10 : 0));
      const nat = nativeBackend();
      withThreads(threads, () => {
        for (const c of cases()) {
          const { T, B, H } = c;
          const what = `gru(resetAfter ${resetAfter}) ${name(c)}`;
          const n1 = T * B * H;
          const xProj = randn(rng, 3 * n1);
          const U = randn(rng, H * 3 * H, 1 / Math.sqrt(H));
          const bRec = resetAfter && !c.nulls ? randn(rng, 3 * H, 0.3) : null;
          const h0 = randn(rng, B * H, 0.5);
          const recMask = c.drop ? dropMask(rng, B, H) : null;
          const tMask = c.mask ? timeMask(rng, T, B) : null;
          const r = { h: new Float32Array(n1), cache: new Float32Array(4 * n1) };
          ref.gruSeqForward(r.h, r.cache, xProj, null, U, bRec, h0, recMask, tMask, T, B, H, resetAfter);
          const n = { h: new Float32Array(n1).fill(NaN), cache: new Float32Array(4 * n1).fill(NaN) };
          nat.gruSeqForward(n.h, n.cache, xProj, null, U, bRec, h0, recMask, tMask, T, B, H, resetAfter);
          close(n.h, r.h, `${what} hSeq`);
          close(n.cache, r.cache, `${what} cache`);
          assertCarried(n.h, h0, tMask, T, B, H, what);

          const { dHSeq, dHLast } = seqGrads(rng, T, B, H);
          const pre = {
            dX: new Float32Array(3 * n1).fill(NaN), dU: randn(rng, 3 * H * H), dBias: randn(rng, 3 * H), dB: randn(rng, 3 * H), dH0: randn(rng, B * H),
          };
          const grads = (): { dX: Float32Array; dU: Float32Array; dBias: Float32Array | null; dB: Float32Array | null; dH0: Float32Array | null } => ({
            dX: pre.dX.slice(), dU: pre.dU.slice(), dBias: c.nulls ? null : pre.dBias.slice(), dB: resetAfter && !c.nulls ? pre.dB.slice() : null,
            dH0: c.nulls ? null : pre.dH0.slice(),
          });
          const rg = grads();
          const ng = grads();
          ref.gruSeqBackward(rg.dX, rg.dU, rg.dBias, rg.dB, rg.dH0, dHSeq, dHLast, r.h, r.cache, U, bRec, h0, recMask, tMask, T, B, H, resetAfter);
          nat.gruSeqBackward(ng.dX, ng.dU, ng.dBias, ng.dB, ng.dH0, dHSeq, dHLast, r.h, r.cache, U, bRec, h0, recMask, tMask, T, B, H, resetAfter);
          close(ng.dX, rg.dX, `${what} dXProj`);
          close(ng.dU, rg.dU, `${what} dU`);
          if (rg.dBias && ng.dBias) close(ng.dBias, rg.dBias, `${what} dBias`);
          if (rg.dB && ng.dB) close(ng.dB, rg.dB, `${what} dBRec`);
          if (rg.dH0 && ng.dH0) close(ng.dH0, rg.dH0, `${what} dH0`);
        }
      });
    });
  }
}

/**
 * The backward kernels WRITE dXProj: with dXProj pre-filled with garbage (7, NaN) every output
 * (dXProj and the accumulated dU, dH0, dC0, dBRec) is bit-identical to the zeroed-buffer call, for
 * every cell, the reference and the native kernels, with time masks (a fully masked row) and a
 * recurrent-dropout mask, on 1 thread and on 2 batch slices.
 */
for (const threads of THREADS) {
  test(`backward kernels overwrite a garbage dXProj (ref and native, ${threads} thread${threads > 1 ? 's' : ''})`, { skip }, () => {
    const rng = new Rng(600 + threads);
    const T = 4;
    const B = 13;
    const H = 11;
    const n1 = T * B * H;
    const h0 = randn(rng, B * H, 0.5);
    const c0 = randn(rng, B * H);
    const recMask = dropMask(rng, B, H);
    const tMask = timeMask(rng, T, B);
    const { dHSeq, dHLast } = seqGrads(rng, T, B, H);
    const dCLast = randn(rng, B * H);
    type Run = (k: typeof ref, dX: Float32Array) => Float32Array[];
    const cells: [string, number, Run][] = [];
    {
      const xProj = randn(rng, n1);
      const U = randn(rng, H * H, 1 / Math.sqrt(H));
      const h = new Float32Array(n1);
      ref.simpleRnnSeqForward(h, xProj, null, U, h0, recMask, tMask, T, B, H);
      cells.push(['simple', n1, (k, dX) => {
        const dU = new Float32Array(H * H).fill(0.25);
        const dH0 = new Float32Array(B * H).fill(0.5);
        const dBias = new Float32Array(H).fill(-0.25);
        k.simpleRnnSeqBackward(dX, dU, dBias, dH0, dHSeq, dHLast, h, U, h0, recMask, tMask, T, B, H);
        return [dX, dU, dBias, dH0];
      }]);
    }
    {
      const xProj = randn(rng, 4 * n1);
      const U = randn(rng, H * 4 * H, 1 / Math.sqrt(H));
      const h = new Float32Array(n1);
      const c = new Float32Array(n1);
      const g = new Float32Array(4 * n1);
      ref.lstmSeqForward(h, c, g, xProj, null, U, h0, c0, recMask, tMask, T, B, H);
      cells.push(['lstm', 4 * n1, (k, dX) => {
        const dU = new Float32Array(4 * H * H).fill(0.25);
        const dH0 = new Float32Array(B * H).fill(0.5);
        const dC0 = new Float32Array(B * H).fill(-0.5);
        const dBias = new Float32Array(4 * H).fill(-0.25);
        k.lstmSeqBackward(dX, dU, dBias, dH0, dC0, dHSeq, dHLast, dCLast, h, c, g, U, h0, c0, recMask, tMask, T, B, H);
        return [dX, dU, dBias, dH0, dC0];
      }]);
    }
    for (const resetAfter of [true, false]) {
      const xProj = randn(rng, 3 * n1);
      const U = randn(rng, H * 3 * H, 1 / Math.sqrt(H));
      const bRec = resetAfter ? randn(rng, 3 * H, 0.3) : null;
      const h = new Float32Array(n1);
      const cache = new Float32Array(4 * n1);
      ref.gruSeqForward(h, cache, xProj, null, U, bRec, h0, recMask, tMask, T, B, H, resetAfter);
      cells.push([`gru(resetAfter ${resetAfter})`, 3 * n1, (k, dX) => {
        const dU = new Float32Array(3 * H * H).fill(0.25);
        const dB = resetAfter ? new Float32Array(3 * H).fill(0.125) : null;
        const dH0 = new Float32Array(B * H).fill(0.5);
        const dBias = new Float32Array(3 * H).fill(-0.25);
        k.gruSeqBackward(dX, dU, dBias, dB, dH0, dHSeq, dHLast, h, cache, U, bRec, h0, recMask, tMask, T, B, H, resetAfter);
        return dB ? [dX, dU, dBias, dB, dH0] : [dX, dU, dBias, dH0];
      }]);
    }
    withThreads(threads, () => {
      for (const [kernels, kName] of [[ref, 'ref'], [nativeBackend(), 'native']] as const) {
        for (const [cell, nX, run] of cells) {
          const want = run(kernels, new Float32Array(nX));
          assert.ok(want[0].some((v) => v !== 0), `${kName} ${cell}: dXProj is not all zero`);
          for (const fill of [7, NaN]) {
            const got = run(kernels, new Float32Array(nX).fill(fill));
            got.forEach((a, i) => assert.deepEqual(a, want[i], `${kName} ${cell}: output ${i} with dXProj filled with ${fill}`));
          }
        }
      }
    });
  });
}

test('1 thread and 2 batch slices give bit-identical results (slices never change the arithmetic)', { skip }, () => {
  const rng = new Rng(400);
  const T = 5;
  const B = 50;
  const H = 33;
  const xProj = randn(rng, T * B * 4 * H);
  const U = randn(rng, H * 4 * H, 1 / Math.sqrt(H));
  const h0 = randn(rng, B * H, 0.5);
  const c0 = randn(rng, B * H);
  const tMask = timeMask(rng, T, B);
  const dHSeq = randn(rng, T * B * H);
  const run = (threads: number): Float32Array[] => {
    const h = new Float32Array(T * B * H);
    const c = new Float32Array(T * B * H);
    const g = new Float32Array(T * B * 4 * H);
    const dX = new Float32Array(T * B * 4 * H);
    const dU = new Float32Array(4 * H * H);
    const dH0 = new Float32Array(B * H);
    withThreads(threads, () => {
      nb().lstmSeqForward(h, c, g, xProj, null, U, h0, c0, null, tMask, T, B, H);
      nb().lstmSeqBackward(dX, dU, null, dH0, null, dHSeq, null, null, h, c, g, U, h0, c0, null, tMask, T, B, H);
    });
    return [h, c, g, dX, dH0];
  };
  const one = run(1);
  const two = run(2);
  one.forEach((a, i) => assert.deepEqual(two[i], a, `output ${i}`));
});

test('T = 0: forward writes nothing, backward still passes dCLast into dC0', { skip }, () => {
  const B = 2;
  const H = 3;
  const U = new Float32Array(H * 4 * H);
  const h0 = new Float32Array(B * H);
  const dCLast = Float32Array.from({ length: B * H }, (_, i) => i + 1);
  const dC0 = new Float32Array(B * H).fill(0.5);
  const dU = new Float32Array(4 * H * H).fill(2);
  nb().lstmSeqBackward(new Float32Array(0), dU, null, null, dC0, new Float32Array(0), null, dCLast, new Float32Array(0),
    new Float32Array(0), new Float32Array(0), U, h0, h0, null, null, 0, B, H);
  assert.deepEqual(Array.from(dC0), [1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
  assert.ok(dU.every((v) => v === 2), 'dU unchanged');
});

test('Float64Array calls (gradcheck) go to the reference kernel exactly', { skip }, () => {
  const rng = new Rng(500);
  const T = 3;
  const B = 2;
  const H = 4;
  const f64 = (a: Float32Array): Float64Array => Float64Array.from(a);
  const xProj = f64(randn(rng, T * B * 3 * H));
  const U = f64(randn(rng, H * 3 * H, 0.5));
  const h0 = f64(randn(rng, B * H));
  const want = { h: new Float64Array(T * B * H), cache: new Float64Array(T * B * 4 * H) };
  ref.gruSeqForward(want.h, want.cache, xProj, null, U, null, h0, null, null, T, B, H, false);
  const got = { h: new Float64Array(T * B * H), cache: new Float64Array(T * B * 4 * H) };
  nativeBackend().gruSeqForward(got.h, got.cache, xProj, null, U, null, h0, null, null, T, B, H, false);
  assert.deepEqual(got, want);
});

test('bad input: short arrays, wrong array types and bad sizes are rejected by the glue', { skip }, () => {
  const T = 2;
  const B = 3;
  const H = 4;
  const f = (n: number): Float32Array => new Float32Array(n);
  const ok = (): void => nb().lstmSeqForward(f(T * B * H), f(T * B * H), f(T * B * 4 * H), f(T * B * 4 * H), null,
    f(4 * H * H), f(B * H), f(B * H), null, null, T, B, H);
  ok();
  assert.throws(() => nb().lstmSeqForward(f(T * B * H), f(T * B * H), f(T * B * 4 * H), f(T * B * 4 * H - 1), null,
    f(4 * H * H), f(B * H), f(B * H), null, null, T, B, H), /xProj has 95 elements, needs 96/);
  // a projection table [V,4H] (V = 5) read through ids: every id must name one of its rows
  const ids = new Int32Array(T * B).fill(4);
  nb().lstmSeqForward(f(T * B * H), f(T * B * H), null, f(5 * 4 * H), ids, f(4 * H * H), f(B * H), f(B * H), null, null, T, B, H);
  ids[3] = 5;
  assert.throws(() => nb().lstmSeqForward(f(T * B * H), f(T * B * H), null, f(5 * 4 * H), ids, f(4 * H * H), f(B * H), f(B * H),
    null, null, T, B, H), /id 5 at position 3 is outside \[0, 5\)/);
  assert.throws(() => nb().gruSeqForward(f(T * B * H), null, f(5 * 3 * H), new Int32Array(T * B - 1), f(3 * H * H), null, f(B * H),
    null, null, T, B, H, true), /xIds has 5 elements, needs 6/);
  assert.throws(() => nb().simpleRnnSeqForward(f(T * B * H), f(T * B * H), null, f(H * H), f(B * H), f(B * H - 1), null, T, B, H),
    /recMask has 11 elements, needs 12/);
  assert.throws(() => nb().gruSeqBackward(f(3 * T * B * H), f(3 * H * H), null, null, null, f(T * B * H), null, f(T * B * H),
    f(4 * T * B * H), f(3 * H * H), null, f(B * H), null, f(T * B - 1), T, B, H, true), /timeMask has 5 elements, needs 6/);
  assert.throws(() => nb().simpleRnnSeqForward(f(T * B * H), new Float64Array(T * B * H) as unknown as Float32Array, null,
    f(H * H), f(B * H), null, null, T, B, H), /xProj must be a Float32Array/);
  assert.throws(() => nb().simpleRnnSeqForward(f(T * B * H), f(T * B * H), null, f(H * H), f(B * H), null, null, T, -1, H),
    /B must be a non-negative integer/);
});

test('dHLast acts exactly as if added into dHSeq[T−1] (every cell, both backends, masks and recurrent dropout)', { skip }, () => {
  const [T, B, H] = [4, 7, 5];
  const rng = new Rng(77);
  const U1 = randn(rng, H * H, 0.4);
  const U4 = randn(rng, H * 4 * H, 0.4);
  const U3 = randn(rng, H * 3 * H, 0.4);
  const h0 = randn(rng, B * H);
  const c0 = randn(rng, B * H);
  const bRec = randn(rng, 3 * H, 0.3);
  const recMask = dropMask(rng, B, H);
  const tMask = timeMask(rng, T, B);
  const dHSeq = randn(rng, T * B * H);
  const dHLast = randn(rng, B * H);
  const added = dHSeq.slice();
  for (let i = 0; i < B * H; i++) added[(T - 1) * B * H + i] += dHLast[i];
  for (const k of [ref, nativeBackend()]) {
    const xs = [randn(rng, T * B * H), randn(rng, T * B * 4 * H), randn(rng, T * B * 3 * H)];
    const h = new Float32Array(T * B * H);
    const c = new Float32Array(T * B * H);
    const g = new Float32Array(T * B * 4 * H);
    const cache = new Float32Array(T * B * 4 * H);
    // one backward call with (dHSeq, dHLast) and one with the sum in dHSeq: the same outputs, bit for bit
    const both = (run: (dHs: Float32Array, dHl: Float32Array | null) => Float32Array[], what: string): void => {
      const a = run(dHSeq, dHLast);
      const b = run(added, null);
      a.forEach((v, i) => assert.deepEqual(v, b[i], `${k.name} ${what} output ${i}`));
    };
    k.simpleRnnSeqForward(h, xs[0], null, U1, h0, recMask, tMask, T, B, H);
    both((dHs, dHl) => {
      const o = [new Float32Array(T * B * H), new Float32Array(H * H), new Float32Array(B * H)];
      k.simpleRnnSeqBackward(o[0], o[1], null, o[2], dHs, dHl, h, U1, h0, recMask, tMask, T, B, H);
      return o;
    }, 'SimpleRNN');
    k.lstmSeqForward(h, c, g, xs[1], null, U4, h0, c0, recMask, tMask, T, B, H);
    both((dHs, dHl) => {
      const o = [new Float32Array(T * B * 4 * H), new Float32Array(H * 4 * H), new Float32Array(B * H), new Float32Array(B * H)];
      k.lstmSeqBackward(o[0], o[1], null, o[2], o[3], dHs, dHl, null, h, c, g, U4, h0, c0, recMask, tMask, T, B, H);
      return o;
    }, 'LSTM');
    for (const resetAfter of [true, false]) {
      k.gruSeqForward(h, cache, xs[2], null, U3, resetAfter ? bRec : null, h0, recMask, tMask, T, B, H, resetAfter);
      both((dHs, dHl) => {
        const o = [new Float32Array(T * B * 3 * H), new Float32Array(H * 3 * H), new Float32Array(3 * H), new Float32Array(B * H)];
        k.gruSeqBackward(o[0], o[1], null, resetAfter ? o[2] : null, o[3], dHs, dHl, h, cache, U3, resetAfter ? bRec : null, h0, recMask, tMask,
          T, B, H, resetAfter);
        return o;
      }, `GRU resetAfter ${resetAfter}`);
    }
  }
});
