// The forward kernels' two shortcuts, on both backends: the input projection read as rows of a
// table through ids (xIds: one-hot input's W + b, inference's E·W + b) equals the dense xProj of
// the same rows, and a null BPTT cache (inference) leaves the outputs unchanged — bit for bit
// within a backend (the same arithmetic), native ≈ reference to 1e-5; odd sizes, masks, 1 and 2 threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { refBackend as ref } from '../../src/backends/ref/index.js';
import type { Backend } from '../../src/backend/backend.js';
import { assertClose, nativeBackend, randn, skip, withThreads } from './helpers.js';

type Cell = 'simple' | 'lstm' | 'gruAfter' | 'gruBefore';
const CELLS: Cell[] = ['simple', 'lstm', 'gruAfter', 'gruBefore'];
const gatesOf = (c: Cell): number => (c === 'simple' ? 1 : c === 'lstm' ? 4 : 3);
const CASES: [number, number, number][] = [[1, 1, 1], [3, 17, 3], [7, 5, 17], [2, 13, 9]]; // [T, B, H]
const V = 5; // table rows

interface Outputs {
  h: Float32Array;
  c: Float32Array | null;
  cache: Float32Array | null;
}

/** One forward call of `cell` on backend `be`: xProj dense [T,B,G] (ids null) or a table [V,G] with ids [T,B]. */
function forward(be: Backend, cell: Cell, xProj: Float32Array, ids: Int32Array | null, keep: boolean, T: number, B: number, H: number): Outputs {
  const w = new Rng(7); // the same weights, states and masks for every call
  const G = gatesOf(cell) * H;
  const U = randn(w, H * G, 0.5); // [H,G]
  const h0 = randn(w, B * H); // [B,H]
  const c0 = randn(w, B * H); // [B,H]
  const bRec = randn(w, G, 0.3); // [G]
  const recMask = Float32Array.from({ length: B * H }, () => (w.random() < 0.3 ? 0 : 1 / 0.7)); // [B,H]
  const tMask = Float32Array.from({ length: T * B }, () => (w.random() < 0.25 ? 0 : 1)); // [T,B]
  const h = new Float32Array(T * B * H); // [T,B,H]
  if (cell === 'simple') {
    be.simpleRnnSeqForward(h, xProj, ids, U, h0, recMask, tMask, T, B, H);
    return { h, c: null, cache: null };
  }
  if (cell === 'lstm') {
    const c = new Float32Array(T * B * H); // [T,B,H]
    const gates = keep ? new Float32Array(T * B * G) : null; // [T,B,4H]
    be.lstmSeqForward(h, c, gates, xProj, ids, U, h0, c0, recMask, tMask, T, B, H);
    return { h, c, cache: gates };
  }
  const cache = keep ? new Float32Array(T * B * 4 * H) : null; // [T,B,4H]
  const after = cell === 'gruAfter';
  be.gruSeqForward(h, cache, xProj, ids, U, after ? bRec : null, h0, recMask, tMask, T, B, H, after);
  return { h, c: null, cache };
}

function same(got: Float32Array | null, want: Float32Array | null, what: string): void {
  assert.ok(got && want, `${what}: missing output`);
  assert.deepEqual(got, want, `${what}: not bit-identical`);
}

for (const cell of CELLS) {
  for (const [T, B, H] of CASES) {
    test(`${cell} T=${T} B=${B} H=${H}: table rows through ids = the dense projection; no BPTT cache = same outputs`, { skip }, () => {
      const rng = new Rng(T * 100 + B * 10 + H);
      const G = gatesOf(cell) * H;
      const table = randn(rng, V * G); // [V,G]
      const ids = Int32Array.from({ length: T * B }, () => rng.int(V)); // [T,B]
      const dense = new Float32Array(T * B * G); // [T,B,G]: the picked rows
      ids.forEach((id, n) => dense.set(table.subarray(id * G, (id + 1) * G), n * G));
      const want = forward(ref, cell, dense, null, true, T, B, H);
      const refTable = forward(ref, cell, table, ids, true, T, B, H);
      const refInfer = forward(ref, cell, table, ids, false, T, B, H);
      same(refTable.h, want.h, 'ref table h');
      if (want.c) same(refTable.c, want.c, 'ref table c');
      if (want.cache) same(refTable.cache, want.cache, 'ref table cache');
      same(refInfer.h, want.h, 'ref inference h');
      if (want.c) same(refInfer.c, want.c, 'ref inference c');
      for (const threads of [1, 2]) {
        withThreads(threads, () => {
          const nat = nativeBackend();
          const natDense = forward(nat, cell, dense, null, true, T, B, H);
          const natTable = forward(nat, cell, table, ids, true, T, B, H);
          const natInfer = forward(nat, cell, table, ids, false, T, B, H);
          assertClose(natDense.h, want.h, `native h (${threads} threads)`, new Float32Array(want.h.length).fill(1));
          same(natTable.h, natDense.h, `native table h (${threads} threads)`);
          same(natInfer.h, natDense.h, `native inference h (${threads} threads)`);
          if (natDense.c) {
            same(natTable.c, natDense.c, `native table c (${threads} threads)`);
            same(natInfer.c, natDense.c, `native inference c (${threads} threads)`);
          }
          if (natDense.cache) same(natTable.cache, natDense.cache, `native table cache (${threads} threads)`);
        });
      }
    });
  }
}

test('lstmSeqForward with the gates written over xProj (one [T,B,4H] array) = separate arrays, both backends', { skip }, () => {
  const [T, B, H] = [5, 19, 9];
  const rng = new Rng(3);
  const xProj = randn(rng, T * B * 4 * H); // [T,B,4H]
  for (const be of [ref, nativeBackend()]) {
    for (const threads of [1, 2]) {
      withThreads(threads, () => {
        const want = forward(be, 'lstm', xProj, null, true, T, B, H);
        const w = new Rng(7); // forward()'s weights, states and masks
        const U = randn(w, H * 4 * H, 0.5);
        const h0 = randn(w, B * H);
        const c0 = randn(w, B * H);
        randn(w, 4 * H, 0.3);
        const recMask = Float32Array.from({ length: B * H }, () => (w.random() < 0.3 ? 0 : 1 / 0.7));
        const tMask = Float32Array.from({ length: T * B }, () => (w.random() < 0.25 ? 0 : 1));
        const h = new Float32Array(T * B * H);
        const c = new Float32Array(T * B * H);
        const shared = xProj.slice(); // gates and xProj: one array
        be.lstmSeqForward(h, c, shared, shared, null, U, h0, c0, recMask, tMask, T, B, H);
        same(h, want.h, `${be.name} h (${threads} threads)`);
        same(c, want.c, `${be.name} c (${threads} threads)`);
        same(shared, want.cache, `${be.name} gates (${threads} threads)`);
      });
    }
  }
});
