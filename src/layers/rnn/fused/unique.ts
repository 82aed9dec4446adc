/**
 * Repeated tokens share one input projection.
 *
 * When x [B,T,D] is an Embedding's output (x[b,t] = E[ids[b,t]]), rows with the same id are equal,
 * and so are their input projections x·W + b. Text repeats tokens: a batch of 128 IMDB reviews cut
 * to 100 words (vocabulary 10000) holds 20% distinct ids; 50 reviews of 80 words (vocabulary 20000)
 * 33% distinct ids, and 75% distinct (sample, id) pairs. So instead of the
 * [T·B, D]·[D, G] GEMM the fused ops project the distinct rows only and let the forward kernel read
 * its rows by index (the same path as a one-hot input's table):
 *
 *   forward   rows [n,D] = x at the first place of each distinct key (⊙ the sample's input-dropout
 *             mask; with a mask the key is (sample, id), else the id), table [n,G] = rows·W + b,
 *             step s reads table row idx[s,b]: the same dot products as the dense GEMM, once per key
 *   backward  dTable [n,G] = Σ of the dXProj rows of each key, dW += rowsᵀ·dTable;
 *             dX: inside a model's training step x is an intermediate whose gradient only flows
 *             on into the Embedding, which sums it per id: there dRows = dTable·Wᵀ (⊙ mask) goes
 *             to each key's first place and 0 to the others (the same sums per id, n rows of GEMM
 *             instead of T·B). Anywhere else (a caller's own tape may read dX per place) dX is the
 *             dense dXProj·Wᵀ.
 *
 * Outputs and gradients are the dense path's up to float rounding (the same dot products, sums
 * taken in another order). With few repeats or narrow inputs the dense path is kept (MIN_SAVED).
 */
import { K } from '../../../ops/util.js';
import { pooledBuffer } from '../../../tensor/pool.js';
import type { FloatArray } from '../../../tensor/tensor.js';
import { idsTimeMajor, kindOf, projectInputsGrad, projectInputsInto, type FloatKind } from './layout.js';

/** The distinct rows of one sequence batch and where each step reads them. */
export interface UniqueRows {
  /** Number of distinct keys. */
  n: number;
  /** rows [n,D]: x at the first place of each key, ⊙ its sample's input mask. */
  rows: FloatArray;
  /** rowMask [n,D]: the input mask of each key's sample, or null (no input dropout). */
  rowMask: FloatArray | null;
  /** first [n]: the flat place b·T + t of each key's first row in x. */
  first: Int32Array;
  /** idxBM [B,T]: the key of every input row (as x). */
  idxBM: Int32Array;
  /** idxTM [T,B]: the same in processing order (the forward kernel's row ids). */
  idxTM: Int32Array;
  /** x's gradient is only summed per id after this op (a model step's Embedding output): dX may go to first places only. */
  summedOnly: boolean;
}

/**
 * The shortcut is taken when at least MIN_SAVED of the rows repeat and (share saved) · D ≥
 * MIN_SAVED_WIDTH: it saves GEMM work ∝ D per row, and costs per-key sums, gathers and bookkeeping
 * per row whatever D. Measured (A/B of alternating training steps on the 2-core EPYC, 55 each):
 * D 32, 80% saved (IMDB, vocabulary 10000, batches of 128 × 100 ids, no input dropout: seed 000's
 * stacks) 3–8% faster; D 32, 44% saved (the bench's uniform random ids) 2–6% slower; D 128, 25%
 * saved (seed 004: per-sample keys under input dropout) no faster. Narrower inputs are not
 * measured and are left to the dense path.
 */
const MIN_SAVED = 0.5;
const MIN_SAVED_WIDTH = 16;

let enabled = true;
let used = 0;

/** Turns the shared projection of repeated tokens on or off (tests compare both); returns the previous setting. */
export function setTokenDedup(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/** How many fused-op calls have projected distinct rows only (tests, diagnostics). */
export function tokenDedupCalls(): number {
  return used;
}

/**
 * A view of n elements of a pooled buffer of `full` elements, the size of the dense path's array it
 * stands for ([T·B, G] or [T·B, D]): n varies from batch to batch, and buffers of exact sizes would
 * pile up in the pool (one new size per step); these share the dense path's sizes instead.
 */
function pooledView(dtype: FloatKind, n: number, full: number): FloatArray {
  return pooledBuffer(dtype, full).subarray(0, n);
}

/**
 * The distinct keys of ids [B,T] (values in [0, V)): the id, or with `perSample` the pair (sample,
 * id). first [n]: flat index b·T + t of each key's first place (increasing); idx [B,T]: key of each
 * place. null as soon as there are more than maxKeys keys.
 */
export function distinctKeys(ids: Int32Array, B: number, T: number, V: number, perSample: boolean,
  maxKeys = B * T): { n: number; first: Int32Array; idx: Int32Array } | null {
  const slot = new Int32Array(V).fill(-1); // slot [V]: the key an id got last
  const first = new Int32Array(B * T); // first [≤ B·T]
  const idx = new Int32Array(B * T); // idx [B,T]
  let n = 0;
  for (let b = 0; b < B; b++) {
    const lo = perSample ? n : 0; // keys below lo belong to earlier samples
    for (let t = 0, p = b * T; t < T; t++, p++) {
      const v = ids[p];
      let u = slot[v];
      if (u < lo) {
        if (n === maxKeys) return null;
        u = n++;
        slot[v] = u;
        first[u] = p;
      }
      idx[p] = u;
    }
  }
  return { n, first: first.subarray(0, n), idx };
}

/**
 * The distinct rows of x [B,T,D] = table[ids] (ids [B,T], values in [0, V)) and the input projection
 * table [n,G] = rows·W + bias, or null when the shortcut is off or pays too little.
 */
export function uniqueRows(x: FloatArray, ids: Int32Array, V: number, summedOnly: boolean, inMask: FloatArray | null, W: FloatArray,
  bias: FloatArray | null, B: number, T: number, D: number, G: number, reverse: boolean): { u: UniqueRows; table: FloatArray } | null {
  const N = B * T;
  const minSaved = Math.max(MIN_SAVED, MIN_SAVED_WIDTH / D);
  if (!enabled || ids.length !== N || minSaved > 1) return null;
  const keys = distinctKeys(ids, B, T, V, inMask !== null, Math.floor(N * (1 - minSaved)));
  if (!keys) return null;
  const { n, first, idx } = keys;
  used++;
  const dtype = kindOf(x);
  const rows = pooledView(dtype, n * D, N * D); // rows [n,D]
  K().gather(rows, x, first, n, D);
  let rowMask: FloatArray | null = null;
  if (inMask) {
    const sample = new Int32Array(n); // sample [n]: the batch row of each key
    for (let k = 0; k < n; k++) sample[k] = Math.floor(first[k] / T);
    rowMask = pooledView(dtype, n * D, N * D); // rowMask [n,D]
    K().gather(rowMask, inMask, sample, n, D);
    K().binary(rows, rows, rowMask, [n, D], [D, 1], [D, 1], 'mul');
  }
  const table = pooledView(dtype, n * G, N * G); // table [n,G]
  projectInputsInto(table, rows, W, bias, n, D, G);
  return { u: { n, rows, rowMask, first, idxBM: idx, idxTM: idsTimeMajor(idx, B, T, reverse), summedOnly }, table };
}

/**
 * dTable [n,G] = the rows of dXProj [N,G] summed per key (keys idxTM [N]), in row order, without
 * zeroing dTable first: each key's first row is copied in, the later ones added (0 + a = a, so the
 * same sums as a scatter-add into zeros). The first rows are sent to a spare row n by the
 * scatter-add. Returns a view of n rows (the buffer has n + 1).
 */
function sumPerKey(dXProj: FloatArray, idxTM: Int32Array, n: number, N: number, G: number): FloatArray {
  const firstRow = new Int32Array(n); // firstRow [n]: the first row of each key
  const seen = new Uint8Array(n); // seen [n]
  const addTo = new Int32Array(N); // addTo [N]: the key a row adds to, or n for a first row (already copied)
  for (let q = 0; q < N; q++) {
    const k = idxTM[q];
    if (seen[k] === 0) {
      seen[k] = 1;
      firstRow[k] = q;
      addTo[q] = n;
    } else {
      addTo[q] = k;
    }
  }
  const dTable = pooledView(kindOf(dXProj), (n + 1) * G, N * G); // dTable [n + 1, G] (n < N: some rows were saved)
  K().gather(dTable, dXProj, firstRow, n, G);
  K().scatterAdd(dTable, addTo, dXProj, N, G);
  return dTable.subarray(0, n * G);
}

/**
 * Gradient of uniqueRows' projection: dW += rowsᵀ·dTable (dTable = the dXProj [T,B,G] rows summed per
 * key) and dX [B,T,D] += the input gradient (= with writeDX: dX is a fresh tape buffer): per key at its
 * first place when u.summedOnly, else per place (the dense dXProj·Wᵀ). dX, dW may be null.
 */
export function uniqueRowsGrad(dX: FloatArray | null, dW: FloatArray | null, dXProj: FloatArray, u: UniqueRows, W: FloatArray,
  inMask: FloatArray | null, B: number, T: number, D: number, G: number, reverse: boolean, writeDX: boolean): void {
  const denseDX = dX !== null && !u.summedOnly;
  if (denseDX) projectInputsGrad(dX, null, dXProj, null, W, inMask, B, T, D, G, reverse, null, writeDX);
  if (!dW && (!dX || denseDX)) return;
  const N = B * T;
  const dTable = sumPerKey(dXProj, u.idxTM, u.n, N, G); // dTable [n,G]
  if (dW) K().matmul(dW, u.rows, dTable, D, G, u.n, true, false, true);
  if (!dX || denseDX) return;
  const dRows = pooledView(kindOf(dXProj), (u.n + 1) * D, N * D); // dRows [n + 1, D]: row n is zeros
  K().matmul(dRows, dTable, W, u.n, D, G, false, true, false);
  if (u.rowMask) K().binary(dRows, dRows, u.rowMask, [u.n, D], [D, 1], [D, 1], 'mul');
  if (!writeDX) {
    K().scatterAdd(dX, u.first, dRows, u.n, D); // first places are distinct: one addition each
    return;
  }
  dRows.fill(0, u.n * D);
  const pick = new Int32Array(N); // pick [B,T]: the key at its first place, else the zero row n
  for (let p = 0; p < N; p++) pick[p] = u.first[u.idxBM[p]] === p ? u.idxBM[p] : u.n;
  K().gather(dX, dRows, pick, N, D);
}
