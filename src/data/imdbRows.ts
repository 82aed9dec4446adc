/**
 * The row logic of `loadImdb` over a token source: which reviews are kept and in which order
 * (seeded shuffle, maxlen filter, optional head), how ranks become ids, and two outputs built by
 * streaming the source in file order: ragged sequences in one flat buffer, or padded rows
 * written straight into the [n, maxlen] matrix (the ragged sequences never exist then).
 */
import { ValueError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import type { ImdbSplit } from './imdbArchive.js';
import type { ImdbTokenSource } from './imdbCache.js';

/** How ranks become ids (resolved options of one load). */
export interface IdMap {
  startChar: number | null;
  oovChar: number | null;
  indexFrom: number;
  skipTop: number;
  numWords: number;
}

export interface RowPlanOptions {
  seed: number;
  /** Keep only sequences with length < maxlen (start char included); null keeps all. */
  maxlen: number | null;
  startChar: number | null;
  oovChar: number | null;
  indexFrom: number;
  skipTop: number;
  /** 0 = Keras' default (the largest id of the kept rows, which itself becomes oov). */
  numWords: number;
  /** Keep only the first n kept rows of each split (after the shuffle); null keeps all. */
  head?: Record<ImdbSplit, number | null | undefined>;
}

export interface RowPlan {
  /** File rows in output order, per split. */
  rows: Record<ImdbSplit, Int32Array>;
  ids: IdMap;
}

/** Most tokens read from the source at once (4 MB); a longer review is read whole. */
const CHUNK_TOKENS = 1 << 20;

/**
 * Calls `fn(r, ranks of review r)` for every review r of the split with `want[r]`, in file
 * order, reading the tokens in chunks of at most `chunkTokens` (a longer review is read alone).
 */
export function forEachReviewTokens(
  src: ImdbTokenSource, split: ImdbSplit, want: Uint8Array, fn: (r: number, ranks: Int32Array) => void, chunkTokens = CHUNK_TOKENS,
): void {
  const offsets = src[split].offsets;
  const n = offsets.length - 1;
  let r = 0;
  for (;;) {
    while (r < n && !want[r]) r++;
    if (r >= n) return;
    const a = r;
    let b = a + 1;
    while (b < n && offsets[b + 1] - offsets[a] <= chunkTokens) b++;
    const base = offsets[a];
    const toks = src.readTokens(split, base, offsets[b]);
    for (; r < b; r++) if (want[r]) fn(r, toks.subarray(offsets[r] - base, offsets[r + 1] - base));
  }
}

/** want[r] = 1 for the rows listed. */
function rowMask(src: ImdbTokenSource, split: ImdbSplit, rows: Int32Array): Uint8Array {
  const m = new Uint8Array(src[split].labels.length); // [n]
  for (let k = 0; k < rows.length; k++) m[rows[k]] = 1;
  return m;
}

/** Shuffles (train first, then test, one generator), filters by maxlen, picks numWords, applies head. */
export function planRows(src: ImdbTokenSource, o: RowPlanOptions): RowPlan {
  const rng = new Rng(o.seed);
  const lead = o.startChar !== null ? 1 : 0;
  const rowsOf = (split: ImdbSplit): Int32Array => {
    const offsets = src[split].offsets;
    const idx = new Int32Array(src[split].labels.length); // [n]
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    rng.shuffle(idx);
    const maxlen = o.maxlen;
    return maxlen === null ? idx : idx.filter((r) => offsets[r + 1] - offsets[r] + lead < maxlen);
  };
  const rows = { train: rowsOf('train'), test: rowsOf('test') };
  if (o.maxlen !== null && (rows.train.length === 0 || rows.test.length === 0)) {
    throw new ValueError(`loadImdb: after filtering for sequences shorter than maxlen=${o.maxlen}, no sequence was kept. Increase maxlen.`);
  }
  let numWords = o.numWords;
  if (!numWords) {
    // Keras: num_words = max over all ids, so the largest id itself falls outside [skip_top, num_words).
    let top = 0;
    for (const split of ['train', 'test'] as const) {
      forEachReviewTokens(src, split, rowMask(src, split, rows[split]), (_r, ranks) => {
        for (let i = 0; i < ranks.length; i++) if (ranks[i] > top) top = ranks[i];
      });
    }
    numWords = Math.max(top > 0 ? top + o.indexFrom : 0, o.startChar ?? 0);
  }
  for (const split of ['train', 'test'] as const) {
    const n = o.head?.[split];
    if (n != null && n < rows[split].length) rows[split] = rows[split].slice(0, n);
  }
  return { rows, ids: { startChar: o.startChar, oovChar: o.oovChar, indexFrom: o.indexFrom, skipTop: o.skipTop, numWords } };
}

/** Writes [startChar] + (rank + indexFrom) into `out` (ids outside [skipTop, numWords) -> oovChar or dropped); returns the length. */
function mapRow(ranks: Int32Array, m: IdMap, out: Int32Array): number {
  const { startChar, oovChar, indexFrom, skipTop, numWords } = m;
  let n = 0;
  if (startChar !== null) {
    if (startChar >= skipTop && startChar < numWords) out[n++] = startChar;
    else if (oovChar !== null) out[n++] = oovChar;
  }
  for (let i = 0; i < ranks.length; i++) {
    const w = ranks[i] + indexFrom;
    if (w >= skipTop && w < numWords) out[n++] = w;
    else if (oovChar !== null) out[n++] = oovChar;
  }
  return n;
}

/** Visits the planned rows of a split in file order: fn(output row, mapped ids in a scratch view). */
function forEachMappedRow(src: ImdbTokenSource, split: ImdbSplit, plan: RowPlan, fn: (k: number, ids: Int32Array) => void): void {
  const rows = plan.rows[split];
  const destOf = new Int32Array(src[split].labels.length); // [n] output row of each file row
  for (let k = 0; k < rows.length; k++) destOf[rows[k]] = k;
  let scratch = new Int32Array(1024); // [longest review + 1]
  forEachReviewTokens(src, split, rowMask(src, split, rows), (r, ranks) => {
    if (scratch.length < ranks.length + 1) scratch = new Int32Array(2 * ranks.length + 1);
    fn(destOf[r], scratch.subarray(0, mapRow(ranks, plan.ids, scratch)));
  });
}

/** The labels of the planned rows, in output order. */
export function plannedLabels(src: ImdbTokenSource, split: ImdbSplit, plan: RowPlan): Int32Array {
  const labels = src[split].labels;
  return plan.rows[split].map((r) => labels[r]);
}

/** The planned rows as ragged id sequences: views into one flat buffer for the split. */
export function raggedRows(src: ImdbTokenSource, split: ImdbSplit, plan: RowPlan): Int32Array[] {
  const rows = plan.rows[split];
  const offsets = src[split].offsets;
  const { startChar, oovChar } = plan.ids;
  const starts = new Float64Array(rows.length + 1); // [n + 1] output offsets
  if (oovChar !== null) {
    // Nothing is dropped: every row keeps its length (plus the start char).
    const lead = startChar !== null ? 1 : 0;
    for (let k = 0; k < rows.length; k++) starts[k + 1] = starts[k] + offsets[rows[k] + 1] - offsets[rows[k]] + lead;
  } else {
    const lens = new Int32Array(rows.length); // [n]
    forEachMappedRow(src, split, plan, (k, ids) => (lens[k] = ids.length));
    for (let k = 0; k < rows.length; k++) starts[k + 1] = starts[k] + lens[k];
  }
  // One buffer for the split; every sequence is a view into it (50k small buffers cost more GC).
  const flat = new Int32Array(starts[rows.length]); // [total ids]
  forEachMappedRow(src, split, plan, (k, ids) => flat.set(ids, starts[k]));
  const out = new Array<Int32Array>(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = flat.subarray(starts[k], starts[k + 1]);
  return out;
}

export interface PadRowsOptions {
  maxlen: number;
  padding: 'pre' | 'post';
  truncating: 'pre' | 'post';
  value: number;
}

/** The planned rows padded like `padSequences(raggedRows(...), opts)`: int32 [n, maxlen], row-major. */
export function paddedRows(src: ImdbTokenSource, split: ImdbSplit, plan: RowPlan, p: PadRowsOptions): Int32Array {
  const { maxlen } = p;
  const n = plan.rows[split].length;
  const out = new Int32Array(n * maxlen); // [n, maxlen]
  if (p.value !== 0) out.fill(p.value);
  forEachMappedRow(src, split, plan, (k, ids) => {
    const len = Math.min(ids.length, maxlen);
    const from = p.truncating === 'pre' ? ids.length - len : 0; // first id kept
    const to = p.padding === 'pre' ? maxlen - len : 0; // first column written
    out.set(ids.subarray(from, from + len), k * maxlen + to);
  });
  return out;
}
