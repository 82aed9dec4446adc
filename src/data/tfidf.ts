/**
 * Bag of words, TF, IDF and TF-IDF with scikit-learn's conventions (TfidfTransformer):
 * idf = ln((1 + n) / (1 + df)) + 1 with smoothIdf (default), ln(n / df) + 1 without;
 * sublinearTf replaces tf by 1 + ln(tf); norm 'l2' (default), 'l1' or null per row.
 * Matrices are sparse CSR (row i holds columns indices[indptr[i] .. indptr[i+1]), ascending).
 */
import { DType, Tensor, allocArray } from '../tensor/tensor.js';
import { ValueError } from '../errors.js';

export interface CsrMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array; // [rows + 1]
  indices: Int32Array; // [nnz]
  values: Float64Array; // [nnz]
}

export type Norm = 'l2' | 'l1' | null;

/** Builds a CSR matrix from one column->value map per row (columns sorted ascending). */
export function csrFromRows(rowMaps: readonly ReadonlyMap<number, number>[], cols: number): CsrMatrix {
  const indptr = new Int32Array(rowMaps.length + 1); // [rows + 1]
  let nnz = 0;
  rowMaps.forEach((m, i) => {
    nnz += m.size;
    indptr[i + 1] = nnz;
  });
  const indices = new Int32Array(nnz); // [nnz]
  const values = new Float64Array(nnz); // [nnz]
  rowMaps.forEach((m, i) => {
    const cs = [...m.keys()].sort((a, b) => a - b);
    cs.forEach((c, k) => {
      if (c < 0 || c >= cols) throw new ValueError(`csrFromRows: column ${c} in row ${i} is outside [0, ${cols}).`);
      indices[indptr[i] + k] = c;
      values[indptr[i] + k] = m.get(c)!;
    });
  });
  return { rows: rowMaps.length, cols, indptr, indices, values };
}

/** Dense [rows, cols] tensor of a CSR matrix. */
export function csrToDense(m: CsrMatrix, dtype: DType = 'float32'): Tensor {
  const out = allocArray(dtype, m.rows * m.cols); // [rows, cols]
  for (let i = 0; i < m.rows; i++) {
    for (let k = m.indptr[i]; k < m.indptr[i + 1]; k++) out[i * m.cols + m.indices[k]] = m.values[k];
  }
  return new Tensor(out, [m.rows, m.cols]);
}

export interface VocabularyOptions {
  /** Keep at most this many tokens (the most frequent). */
  maxTokens?: number | null;
  /** 'frequency' (default; ties by first occurrence) or 'alphabetical' (sklearn's CountVectorizer). */
  order?: 'frequency' | 'alphabetical';
}

/** Token -> column over tokenised documents. */
export function buildVocabulary(docs: readonly (readonly string[])[], opts: VocabularyOptions = {}): Map<string, number> {
  const count = new Map<string, number>(); // insertion order = first occurrence
  for (const d of docs) for (const t of d) count.set(t, (count.get(t) ?? 0) + 1);
  let toks = [...count.keys()];
  const firstPos = new Map(toks.map((t, i) => [t, i]));
  toks.sort((a, b) => count.get(b)! - count.get(a)! || firstPos.get(a)! - firstPos.get(b)!);
  if (opts.maxTokens != null) toks = toks.slice(0, opts.maxTokens);
  if (opts.order === 'alphabetical') toks.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(toks.map((t, i) => [t, i]));
}

export interface BagOfWordsOptions {
  /** Column for tokens not in the vocabulary; null (default) ignores them. */
  oovColumn?: number | null;
  /** Number of columns (default: vocabulary size, or oovColumn + 1 if larger). */
  cols?: number;
  /** 1 for present tokens instead of counts. */
  binary?: boolean;
}

/** Counts of vocabulary tokens per document (CSR [docs, cols]). */
export function bagOfWords(docs: readonly (readonly string[])[], vocabulary: ReadonlyMap<string, number>, opts: BagOfWordsOptions = {}): CsrMatrix {
  const oov = opts.oovColumn ?? null;
  const cols = opts.cols ?? Math.max(vocabulary.size, oov !== null ? oov + 1 : 0);
  const rows = docs.map((d) => {
    const m = new Map<number, number>();
    for (const t of d) {
      const c = vocabulary.get(t) ?? oov;
      if (c === null) continue;
      m.set(c, opts.binary ? 1 : (m.get(c) ?? 0) + 1);
    }
    return m;
  });
  return csrFromRows(rows, cols);
}

/** Number of rows in which each column is non-zero. */
export function documentFrequency(m: CsrMatrix): Float64Array {
  const df = new Float64Array(m.cols); // [cols]
  for (let k = 0; k < m.indptr[m.rows]; k++) if (m.values[k] !== 0) df[m.indices[k]]++;
  return df;
}

/** Inverse document frequency per column (sklearn formula, see the file comment). */
export function idfWeights(m: CsrMatrix, opts: { smoothIdf?: boolean } = {}): Float64Array {
  const smooth = opts.smoothIdf ?? true;
  const df = documentFrequency(m);
  const n = m.rows + (smooth ? 1 : 0);
  const idf = new Float64Array(m.cols); // [cols]
  for (let j = 0; j < m.cols; j++) {
    const d = df[j] + (smooth ? 1 : 0);
    idf[j] = d === 0 ? 0 : Math.log(n / d) + 1; // without smoothing, a column no row has gets weight 0 (sklearn: inf)
  }
  return idf;
}

export interface TfOptions {
  /** tf -> 1 + ln(tf) (default false). */
  sublinearTf?: boolean;
  /** Row normalisation (default null for termFrequency, 'l2' for tfidf). */
  norm?: Norm;
}

function normalizeRows(values: Float64Array, indptr: Int32Array, rows: number, norm: Norm): void {
  if (norm === null) return;
  if (norm !== 'l1' && norm !== 'l2') throw new ValueError(`norm must be 'l2', 'l1' or null, got '${String(norm)}'.`);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = indptr[i]; k < indptr[i + 1]; k++) s += norm === 'l2' ? values[k] * values[k] : Math.abs(values[k]);
    const d = norm === 'l2' ? Math.sqrt(s) : s;
    if (d > 0) for (let k = indptr[i]; k < indptr[i + 1]; k++) values[k] /= d;
  }
}

/** Term frequencies from counts: optionally sublinear and row-normalised (a new matrix). */
export function termFrequency(counts: CsrMatrix, opts: TfOptions = {}): CsrMatrix {
  const values = Float64Array.from(counts.values, (v) => (opts.sublinearTf && v > 0 ? 1 + Math.log(v) : v)); // [nnz]
  normalizeRows(values, counts.indptr, counts.rows, opts.norm ?? null);
  return { ...counts, values };
}

export interface TfidfOptions extends TfOptions {
  /** idf weights to use (e.g. fitted on a training set); default computed from `counts`. */
  idf?: Float64Array;
  /** Smoothed idf (default true); only used when idf is computed here. */
  smoothIdf?: boolean;
}

/** TF-IDF from a count matrix, like sklearn's TfidfTransformer (norm 'l2' by default). */
export function tfidf(counts: CsrMatrix, opts: TfidfOptions = {}): { matrix: CsrMatrix; idf: Float64Array } {
  const idf = opts.idf ?? idfWeights(counts, { smoothIdf: opts.smoothIdf });
  if (idf.length !== counts.cols) throw new ValueError(`tfidf: idf has ${idf.length} weights but the matrix has ${counts.cols} columns.`);
  const tf = termFrequency(counts, { sublinearTf: opts.sublinearTf, norm: null });
  const values = tf.values;
  for (let k = 0; k < values.length; k++) values[k] *= idf[counts.indices[k]];
  normalizeRows(values, counts.indptr, counts.rows, opts.norm === undefined ? 'l2' : opts.norm);
  return { matrix: { ...counts, values }, idf };
}
