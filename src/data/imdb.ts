/**
 * `keras.datasets.imdb.load_data` for Node: the same options and the same id conventions
 * (0 padding, 1 start, 2 out-of-vocabulary, word ids = frequency rank + 3), read from the real
 * aclImdb archive. One difference: the shuffle uses rnnkit's seedable Rng, not numpy's
 * RandomState, so the order for a given seed differs from Keras' (the content does not).
 */
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { ImdbSourceOptions, ImdbSplit, imdbArchivePath, openImdbEncoded, readImdbReviews } from './imdbArchive.js';
import { RowPlanOptions, paddedRows, planRows, plannedLabels, raggedRows } from './imdbRows.js';
import type { PadSequencesOptions } from './pad.js';

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

/** Resolves and checks the load_data options (Keras defaults). */
function planOptions(opts: ImdbOptions): RowPlanOptions {
  const skipTop = opts.skipTop ?? 0;
  const indexFrom = opts.indexFrom ?? 3;
  const maxlen = opts.maxlen ? opts.maxlen : null; // Keras: `if maxlen:` (0 means none)
  checkInt('skipTop', skipTop, 0);
  checkInt('indexFrom', indexFrom, 0);
  if (maxlen !== null) checkInt('maxlen', maxlen, 1);
  if (opts.numWords) checkInt('numWords', opts.numWords, 1);
  return {
    seed: opts.seed ?? 113,
    maxlen,
    startChar: opts.startChar === undefined ? 1 : opts.startChar,
    oovChar: opts.oovChar === undefined ? 2 : opts.oovChar,
    indexFrom,
    skipTop,
    numWords: opts.numWords ? opts.numWords : 0,
  };
}

/** Vocabulary, word index and decoding of one load. */
function textHelpers(vocabulary: readonly string[], o: RowPlanOptions): Pick<ImdbData, 'vocabulary' | 'getWordIndex' | 'decode'> {
  const scheme: ImdbIdScheme = { startChar: o.startChar, oovChar: o.oovChar, indexFrom: o.indexFrom };
  return { vocabulary, getWordIndex: () => wordIndexOf(vocabulary), decode: (ids, d) => decodeImdb(ids, vocabulary, scheme, d) };
}

/**
 * Loads IMDB like `keras.datasets.imdb.load_data(num_words, skip_top, maxlen, seed, start_char,
 * oov_char, index_from)`. The first load parses the archive (a few seconds) and caches the
 * encoding; later loads stream the cache (only the result is held in memory).
 */
export async function loadImdb(opts: ImdbOptions = {}): Promise<ImdbData> {
  const o = planOptions(opts);
  const src = await openImdbEncoded(opts);
  try {
    const plan = planRows(src, o);
    return {
      train: { x: raggedRows(src, 'train', plan), y: plannedLabels(src, 'train', plan) },
      test: { x: raggedRows(src, 'test', plan), y: plannedLabels(src, 'test', plan) },
      ...textHelpers(src.vocabulary, o),
    };
  } finally {
    src.close();
  }
}

export interface ImdbPaddedOptions extends ImdbOptions {
  /** How to pad, as `padSequences` (ids only: int32). `maxlen` here is the row length. */
  pad: Omit<PadSequencesOptions, 'dtype' | 'maxlen'> & { maxlen: number };
  /** Keep only the first n reviews of the shuffled (and filtered) training split; default all. */
  trainSize?: number | null;
  testSize?: number | null;
}

export interface ImdbPaddedSplit {
  x: Tensor; // int32 [n, pad.maxlen]
  /** Labels, 0 = negative, 1 = positive. */
  y: Int32Array; // [n]
}

export interface ImdbPaddedData extends Pick<ImdbData, 'vocabulary' | 'getWordIndex' | 'decode'> {
  train: ImdbPaddedSplit;
  test: ImdbPaddedSplit;
}

/**
 * `loadImdb(opts)` followed by `padSequences(x, opts.pad)` (and an optional head of each split),
 * without ever holding the ragged sequences: the padded rows are written straight from the cache
 * stream, so only the [n, maxlen] matrices stay in memory.
 */
export async function loadImdbPadded(opts: ImdbPaddedOptions): Promise<ImdbPaddedData> {
  const o = planOptions(opts);
  const { maxlen } = opts.pad;
  const padding = opts.pad.padding ?? 'pre';
  const truncating = opts.pad.truncating ?? 'pre';
  const value = opts.pad.value ?? 0;
  if (!Number.isInteger(maxlen) || maxlen < 0) throw new ValueError(`loadImdbPadded: pad.maxlen must be a non-negative integer, got ${maxlen}.`);
  if (padding !== 'pre' && padding !== 'post') throw new ValueError(`loadImdbPadded: padding must be 'pre' or 'post', got '${String(padding)}'.`);
  if (truncating !== 'pre' && truncating !== 'post') throw new ValueError(`loadImdbPadded: truncating must be 'pre' or 'post', got '${String(truncating)}'.`);
  if (!Number.isInteger(value)) throw new ValueError(`loadImdbPadded: value ${value} is not an integer (the ids are int32).`);
  for (const [k, v] of [['trainSize', opts.trainSize], ['testSize', opts.testSize]] as const) if (v != null) checkInt(k, v, 0);
  const src = await openImdbEncoded(opts);
  try {
    const plan = planRows(src, { ...o, head: { train: opts.trainSize, test: opts.testSize } });
    const split = (s: ImdbSplit): ImdbPaddedSplit => ({
      x: new Tensor(paddedRows(src, s, plan, { maxlen, padding, truncating, value }), [plan.rows[s].length, maxlen]),
      y: plannedLabels(src, s, plan),
    });
    return { train: split('train'), test: split('test'), ...textHelpers(src.vocabulary, o) };
  } finally {
    src.close();
  }
}

/** Word -> rank (1 = most frequent training word), like `keras.datasets.imdb.get_word_index()`. */
export async function getImdbWordIndex(opts: ImdbSourceOptions = {}): Promise<Map<string, number>> {
  const src = await openImdbEncoded(opts);
  src.close();
  return wordIndexOf(src.vocabulary);
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
