// TF-IDF of word 1–2-grams over IMDB id sequences (the words are already tokenised: lower-case,
// punctuation removed), as scikit-learn's TfidfVectorizer(ngram_range=(1, 2), max_features=F,
// sublinear_tf=True): the F most frequent n-grams of the training reviews, smooth idf, l2 rows.
// The matrix stays sparse (CSR); training builds dense feature batches on the fly (sparse.ts).
import { ValueError } from '../../errors.js';
import { csrFromRows, tfidf, type CsrMatrix } from '../../data/tfidf.js';

/** Ids below this are padding / start / out-of-vocabulary and are not words. */
const FIRST_WORD_ID = 3;

export interface NgramFeatures {
  /** n-gram key -> column; unigram key = id, bigram key = vocab + a·vocab + b. */
  columns: Map<number, number>;
  idf: Float64Array; // [features]
  vocab: number;
}

function forEachNgram(seq: Int32Array, vocab: number, fn: (key: number) => void): void {
  for (let i = 0; i < seq.length; i++) {
    const a = seq[i];
    if (a < FIRST_WORD_ID) continue;
    fn(a);
    const b = i + 1 < seq.length ? seq[i + 1] : -1;
    if (b >= FIRST_WORD_ID) fn(vocab + a * vocab + b);
  }
}

function counts(docs: readonly Int32Array[], f: { columns: Map<number, number>; vocab: number }): CsrMatrix {
  const rows = docs.map((seq) => {
    const m = new Map<number, number>();
    forEachNgram(seq, f.vocab, (k) => {
      const c = f.columns.get(k);
      if (c !== undefined) m.set(c, (m.get(c) ?? 0) + 1);
    });
    return m;
  });
  return csrFromRows(rows, f.columns.size);
}

/**
 * Chooses the `maxFeatures` most frequent uni- and bigrams of the training documents (ties by key)
 * and returns the training TF-IDF matrix [docs, features] with the fitted featurizer.
 */
export function fitNgramTfidf(docs: readonly Int32Array[], vocab: number, maxFeatures: number): { features: NgramFeatures; matrix: CsrMatrix } {
  if (!Number.isInteger(maxFeatures) || maxFeatures < 1) throw new ValueError(`tfidf: maxFeatures must be a positive integer, got ${maxFeatures}.`);
  const freq = new Map<number, number>();
  for (const d of docs) forEachNgram(d, vocab, (k) => freq.set(k, (freq.get(k) ?? 0) + 1));
  const keys = [...freq.keys()].sort((a, b) => freq.get(b)! - freq.get(a)! || a - b).slice(0, maxFeatures);
  const columns = new Map(keys.map((k, i) => [k, i]));
  const c = counts(docs, { columns, vocab });
  const { matrix, idf } = tfidf(c, { sublinearTf: true, smoothIdf: true, norm: 'l2' });
  return { features: { columns, idf, vocab }, matrix };
}

/** TF-IDF rows of new documents with a fitted featurizer [docs, features]. */
export function transformNgramTfidf(docs: readonly Int32Array[], f: NgramFeatures): CsrMatrix {
  return tfidf(counts(docs, f), { idf: f.idf, sublinearTf: true, norm: 'l2' }).matrix;
}
