/**
 * `keras.datasets.imdb.load_data` for Node: the same options and the same id conventions
 * (0 padding, 1 start, 2 out-of-vocabulary, word ids = frequency rank + 3), read from the real
 * aclImdb archive. One difference: the shuffle uses rnnkit's seedable Rng, not numpy's
 * RandomState, so the order for a given seed differs from Keras' (the content does not).
 */
import { ValueError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import { EncodedSplit, ImdbSourceOptions, imdbArchivePath, loadImdbEncoded, readImdbReviews } from './imdbArchive.js';

export interface ImdbOptions extends ImdbSourceOptions {
  /** Keep ids < numWords (ids already include indexFrom); others become oovChar. Default: all. */
  numWords?: number | null;
  /** Ids < skipTop become oovChar (this hits startChar too when skipTop > startChar). Default 0. */
  skipTop?: number;
  /** Keep only sequences with length < maxlen (the start char counts), train and test separately. */
  maxlen?: number | null;
  /** Shuffle seed (default 113); train is shuffled first, then test, with one generator. */
  seed?: number;
  /** Id put at the start of every sequence (default 1); null for none. */
  startChar?: number | null;
  /** Id for words outside [skipTop, numWords) (default 2); null drops them instead. */
  oovChar?: number | null;
  /** Offset added to every word rank (default 3). */
  indexFrom?: number;
}

export interface ImdbSplitData {
  /** One Int32Array of word ids per review (ragged). */
  x: Int32Array[];
  /** Labels, 0 = negative, 1 = positive. */
  y: Int32Array; // [n]
}

export interface ImdbData {
  train: ImdbSplitData;
  test: ImdbSplitData;
  /** vocabulary[r - 1] is the word of rank r (rank 1 = most frequent in the training reviews). */
  vocabulary: readonly string[];
  /** Word -> rank (without indexFrom), like `imdb.get_word_index()`. */
  getWordIndex(): Map<string, number>;
  /** Ids -> text with the options used for this load (padding and start dropped, OOV as `<UNK>`). */
  decode(ids: ArrayLike<number>, opts?: DecodeOptions): string;
}

export interface DecodeOptions {
  /** Also show padding `<PAD>` and start `<START>` (default false). */
  showSpecial?: boolean;
}

export interface ImdbIdScheme {
  startChar?: number | null;
  oovChar?: number | null;
  indexFrom?: number;
}

/**
 * Decodes word ids back to text given the vocabulary (rank order) and the id scheme of the load.
 * Ids with no word (below indexFrom and not start/oov) read as `?`.
 */
export function decodeImdb(ids: ArrayLike<number>, vocabulary: readonly string[], scheme: ImdbIdScheme = {}, opts: DecodeOptions = {}): string {
  const startChar = scheme.startChar === undefined ? 1 : scheme.startChar;
  const oovChar = scheme.oovChar === undefined ? 2 : scheme.oovChar;
  const indexFrom = scheme.indexFrom ?? 3;
  const out: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === 0) {
      if (opts.showSpecial) out.push('<PAD>');
    } else if (startChar !== null && id === startChar) {
      if (opts.showSpecial) out.push('<START>');
    } else if (oovChar !== null && id === oovChar) {
      out.push('<UNK>');
    } else {
      const w = vocabulary[id - indexFrom - 1];
      out.push(w === undefined ? '?' : w);
    }
  }
  return out.join(' ');
}

/** Word -> rank map from a rank-ordered vocabulary. */
export function wordIndexOf(vocabulary: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  vocabulary.forEach((w, i) => m.set(w, i + 1));
  return m;
}

function checkInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new ValueError(`loadImdb: ${name} must be an integer >= ${min}, got ${v}.`);
}

/** Rows of `order` whose sequence (start char included) is shorter than maxlen. */
function keptRows(enc: EncodedSplit, order: Int32Array, lead: number, maxlen: number | null): Int32Array {
  if (maxlen === null) return order;
  const offsets = enc.offsets;
  return order.filter((r) => offsets[r + 1] - offsets[r] + lead < maxlen);
}

/** Largest rank among the given rows (0 when they have no words). */
function maxRank(enc: EncodedSplit, rows: Int32Array): number {
  const { offsets, tokens } = enc;
  let m = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    for (let i = offsets[r], b = offsets[r + 1]; i < b; i++) if (tokens[i] > m) m = tokens[i];
  }
  return m;
}

interface IdMap {
  startChar: number | null;
  oovChar: number | null;
  indexFrom: number;
  skipTop: number;
  numWords: number;
}

/** Final sequences: [startChar] + (rank + indexFrom), ids outside [skipTop, numWords) -> oovChar or dropped. */
function encodeRows(enc: EncodedSplit, rows: Int32Array, m: IdMap): Int32Array[] {
  const { offsets, tokens } = enc;
  const { startChar, oovChar, indexFrom, skipTop, numWords } = m;
  const keep = (w: number): boolean => w >= skipTop && w < numWords;
  let total = 0;
  for (let k = 0; k < rows.length; k++) total += offsets[rows[k] + 1] - offsets[rows[k]] + (startChar !== null ? 1 : 0);
  // One buffer for the split; every sequence is a view into it (50k small buffers cost more GC).
  const flat = new Int32Array(total); // [total ids]
  const out: Int32Array[] = new Array<Int32Array>(rows.length);
  let n = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const start = n;
    if (startChar !== null) {
      if (keep(startChar)) flat[n++] = startChar;
      else if (oovChar !== null) flat[n++] = oovChar;
    }
    for (let i = offsets[r], b = offsets[r + 1]; i < b; i++) {
      const w = tokens[i] + indexFrom;
      if (w >= skipTop && w < numWords) flat[n++] = w;
      else if (oovChar !== null) flat[n++] = oovChar;
    }
    out[k] = flat.subarray(start, n);
  }
  return out;
}

/**
 * Loads IMDB like `keras.datasets.imdb.load_data(num_words, skip_top, maxlen, seed, start_char,
 * oov_char, index_from)`. The first load parses the archive (a few seconds) and caches the
 * encoding; later loads read the cache.
 */
export async function loadImdb(opts: ImdbOptions = {}): Promise<ImdbData> {
  const skipTop = opts.skipTop ?? 0;
  const seed = opts.seed ?? 113;
  const startChar = opts.startChar === undefined ? 1 : opts.startChar;
  const oovChar = opts.oovChar === undefined ? 2 : opts.oovChar;
  const indexFrom = opts.indexFrom ?? 3;
  const maxlen = opts.maxlen ? opts.maxlen : null; // Keras: `if maxlen:` (0 means none)
  checkInt('skipTop', skipTop, 0);
  checkInt('indexFrom', indexFrom, 0);
  if (maxlen !== null) checkInt('maxlen', maxlen, 1);
  if (opts.numWords) checkInt('numWords', opts.numWords, 1);
  const enc = await loadImdbEncoded(opts);

  const rng = new Rng(seed);
  const orderOf = (s: EncodedSplit): Int32Array => {
    const idx = new Int32Array(s.labels.length); // [n]
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    rng.shuffle(idx);
    return idx;
  };
  const trainOrder = orderOf(enc.train);
  const testOrder = orderOf(enc.test);
  const lead = startChar !== null ? 1 : 0;
  const trainRows = keptRows(enc.train, trainOrder, lead, maxlen);
  const testRows = keptRows(enc.test, testOrder, lead, maxlen);
  if (maxlen !== null && (trainRows.length === 0 || testRows.length === 0)) {
    throw new ValueError(`loadImdb: after filtering for sequences shorter than maxlen=${maxlen}, no sequence was kept. Increase maxlen.`);
  }
  let numWords = opts.numWords ? opts.numWords : 0;
  if (!numWords) {
    // Keras: num_words = max over all ids, so the largest id itself falls outside [skip_top, num_words).
    const top = Math.max(maxRank(enc.train, trainRows), maxRank(enc.test, testRows));
    numWords = Math.max(top > 0 ? top + indexFrom : 0, startChar ?? 0);
  }
  const ids: IdMap = { startChar, oovChar, indexFrom, skipTop, numWords };
  const vocabulary = enc.vocabulary;
  const scheme: ImdbIdScheme = { startChar, oovChar, indexFrom };
  return {
    train: { x: encodeRows(enc.train, trainRows, ids), y: trainRows.map((r) => enc.train.labels[r]) },
    test: { x: encodeRows(enc.test, testRows, ids), y: testRows.map((r) => enc.test.labels[r]) },
    vocabulary,
    getWordIndex: () => wordIndexOf(vocabulary),
    decode: (ids, o) => decodeImdb(ids, vocabulary, scheme, o),
  };
}

/** Word -> rank (1 = most frequent training word), like `keras.datasets.imdb.get_word_index()`. */
export async function getImdbWordIndex(opts: ImdbSourceOptions = {}): Promise<Map<string, number>> {
  return wordIndexOf((await loadImdbEncoded(opts)).vocabulary);
}

export interface ImdbTextSplit {
  texts: string[];
  /** 0 = negative, 1 = positive. */
  labels: Int32Array; // [n]
  /** Review ids and the 1..10 star ratings from the file names. */
  ids: Int32Array; // [n]
  ratings: Int32Array; // [n]
}

/**
 * The raw review texts and labels (for other tokenisers and pipelines), in a fixed order:
 * neg before pos, then by review id. Not shuffled and not cached (parses the archive).
 */
export async function loadImdbTexts(opts: ImdbSourceOptions = {}): Promise<{ train: ImdbTextSplit; test: ImdbTextSplit }> {
  const reviews = await readImdbReviews(await imdbArchivePath(opts));
  const split = (name: 'train' | 'test'): ImdbTextSplit => {
    const sel = reviews.filter((r) => r.split === name);
    return {
      texts: sel.map((r) => r.text),
      labels: Int32Array.from(sel, (r) => r.label),
      ids: Int32Array.from(sel, (r) => r.id),
      ratings: Int32Array.from(sel, (r) => r.rating),
    };
  };
  return { train: split('train'), test: split('test') };
}
