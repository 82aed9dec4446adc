// IMDB as the seeds prepare it: `imdb.load_data(num_words=vocab)` (no maxlen filter), then
// `pad_sequences(maxlen)` ('pre' padding and truncating), labels [N, 1]; optional subsets.
import { loadImdb, loadImdbPadded, type ImdbData } from '../../data/imdb.js';
import { padSequences } from '../../data/pad.js';
import { Tensor } from '../../tensor/tensor.js';

export interface ImdbRunOptions {
  vocab: number;
  /** Keep the first n reviews of the (seeded, shuffled) training split; default all 25,000. */
  trainSize?: number | null;
  testSize?: number | null;
  dataDir?: string;
  cacheDir?: string;
}

/** One split: ragged ids (for TF-IDF) and labels. */
export interface RaggedSplit {
  x: Int32Array[];
  y: Int32Array; // [n]
}

export interface ImdbRunData {
  train: RaggedSplit;
  test: RaggedSplit;
  /** vocabulary[r − 1] is the word of rank r (id = rank + 3). */
  vocabulary: readonly string[];
}

function head(s: { x: Int32Array[]; y: Int32Array }, n: number | null | undefined): RaggedSplit {
  if (n == null || n >= s.y.length) return { x: s.x, y: s.y };
  return { x: s.x.slice(0, n), y: s.y.slice(0, n) };
}

/** Loads IMDB with the seeds' options (vocabulary cut at `vocab`, Keras' shuffle seed 113). */
export async function loadImdbForRun(o: ImdbRunOptions): Promise<ImdbRunData> {
  const d: ImdbData = await loadImdb({ numWords: o.vocab, dataDir: o.dataDir, cacheDir: o.cacheDir });
  return { train: head(d.train, o.trainSize), test: head(d.test, o.testSize), vocabulary: d.vocabulary };
}

/** One split as the sequence models take it: padded ids and labels. */
export interface PaddedSplit {
  x: Tensor; // int32 [n, maxlen]
  y: Int32Array; // [n]
}

/**
 * `loadImdbForRun` + `paddedIds(split, maxlen)` for both splits (the same values), streamed from
 * the encoded cache: the ragged sequences are never held, only the two padded matrices.
 */
export async function loadPaddedImdbForRun(o: ImdbRunOptions & { maxlen: number }): Promise<{ train: PaddedSplit; test: PaddedSplit }> {
  const d = await loadImdbPadded({
    numWords: o.vocab, dataDir: o.dataDir, cacheDir: o.cacheDir, trainSize: o.trainSize, testSize: o.testSize, pad: { maxlen: o.maxlen },
  });
  return { train: d.train, test: d.test };
}

/** Padded ids int32 [n, maxlen] ('pre' padding and truncating, as Keras' pad_sequences). */
export function paddedIds(s: RaggedSplit, maxlen: number): Tensor {
  return padSequences(s.x, { maxlen });
}

/** Labels as float32 [n, 1]. */
export function labelColumn(y: Int32Array): Tensor {
  return new Tensor(Float32Array.from(y), [y.length, 1]); // [n, 1]
}

/** Seed 000's ConvLSTM1D input: `x.reshape((n, 1, maxlen, 1))`, the raw ids as floats [n, 1, maxlen, 1]. */
export function convLstmInput(ids: Tensor): Tensor {
  const [n, maxlen] = ids.shape;
  return new Tensor(Float32Array.from(ids.data), [n, 1, maxlen, 1]); // [n, 1, maxlen, 1]
}

/** The label of every review repeated for each of its `windows` outputs: float32 [n, windows, 1]. */
export function tiledLabels(y: Int32Array, windows: number): Tensor {
  const out = new Float32Array(y.length * windows); // [n, windows, 1]
  for (let i = 0; i < y.length; i++) out.fill(y[i], i * windows, (i + 1) * windows);
  return new Tensor(out, [y.length, windows, 1]);
}
