// Character-level text generation (seeds 001 and 004): train a next-character LSTM / GRU on
// windows of a text and, after every iteration, print a continuation of a random seed window.
// Node-only (reads the text from a file or URL, saves the model).
import { backendName } from '../backend/registry.js';
import { CharVocabulary, charWindows, prepareCharText } from '../data/charWindows.js';
import { loadAlice, loadText } from '../data/text.js';
import { ValueError } from '../errors.js';
import { corpusWordShare, corpusWords, type WordShare } from '../generate/words.js';
import { generateText } from '../generate/generate.js';
import { resolveSampling, type SamplingOptions } from '../generate/sampling.js';
import { layers } from '../layers/index.js';
import { sparseCategoricalCrossentropyOp } from '../losses/crossentropy.js';
import { namedLoss } from '../losses/loss.js';
import type { CallbackLike, Logs } from '../models/callbacks.js';
import { sequential } from '../models/index.js';
import { loadMetadata, loadModel, saveModel } from '../models/io/index.js';
import type { LayersModel } from '../models/model.js';
import { rmsprop } from '../optim/index.js';
import { L1L2 } from '../regularizers/regularizers.js';
import { Rng, setSeed } from '../tensor/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { fitBatches } from './textgen/fitBatches.js';

export type TextGenCell = 'lstm' | 'gru';

export interface TextGenOptions extends SamplingOptions {
  /** The training text itself (takes precedence over textPath). */
  text?: string;
  /** A text file or http(s) URL; default *Alice in Wonderland* (loadAlice). */
  textPath?: string;
  /** Folder of alice_in_wonderland.txt (default RNNKIT_DATA_DIR). */
  dataDir?: string;
  /** Lower-case the text (default true, as seed 001). */
  lowercase?: boolean;
  /** Keep ASCII only (default true, as seed 001's decode("ascii", "ignore")). */
  asciiOnly?: boolean;
  /** Use only the first N characters of the prepared text (quick runs). */
  maxChars?: number;
  /** 'lstm' (seed 001, default) or 'gru' (seed 004). */
  cell?: TextGenCell;
  /** Default 128. */
  units?: number;
  /** Characters per input window. Default 10. */
  window?: number;
  /** Distance between window starts. Default 1. */
  step?: number;
  /** Input dropout of the recurrent layer (seed 001's LSTM(dropout=0.1)). Default 0.1. */
  dropout?: number;
  /** L1L2(f, f) bias regularizer of the recurrent layer; default 0.01 for lstm (seed 001), null for gru (seed 004). */
  biasL1L2?: number | null;
  /** The recurrent layer's implementation ('fused' one op per sequence, or 'composed' per step); default the layer's. */
  implementation?: 'fused' | 'composed';
  /** Default 128. */
  batchSize?: number;
  /** Default 25. */
  iterations?: number;
  /** Default 1. */
  epochsPerIteration?: number;
  /** RMSprop learning rate. Default 0.001 (Keras). */
  learningRate?: number;
  /** Characters generated after every iteration. Default 100. */
  generateLength?: number;
  /** Fixed seed text for the samples; default: a random window of the text every iteration. */
  seedText?: string;
  /** Seeds weights, shuffling, dropout, seed windows and sampling. Default 0. */
  seed?: number;
  /** Progress output: 0 none, 1 Keras bar on a TTY (+ epoch line), 2 epoch line. Default 0. */
  verbose?: 0 | 1 | 2;
  /** Printer of progress lines. Default console.log. */
  print?: (line: string) => void;
  /** Extra Keras callbacks of the training loop (onBatchEnd gets the running loss). */
  callbacks?: CallbackLike[];
  /** Called after every iteration with its report (e.g. to print it). */
  onIteration?: (r: TextGenIteration) => void | Promise<void>;
  /** Save the model (+ vocabulary metadata) here after every iteration. */
  out?: string;
}

export interface TextGenIteration {
  /** 1-based. */
  iteration: number;
  /** Epochs trained so far. */
  epochs: number;
  /** Mean training cross-entropy of the last epoch of the iteration, nats per character. */
  loss: number;
  /** The same plus the regularisation penalty (what Keras prints as loss). */
  lossWithPenalty: number;
  /** Wall-clock seconds per epoch of this iteration. */
  secondsPerEpoch: number;
  seedText: string;
  generated: string;
  /** Share of the generated words that occur in the corpus. */
  words: WordShare;
}

/** What a saved text generator keeps beside its weights (saveModel metadata). */
export interface TextGenMetadata {
  kind: 'rnnkit-textgen';
  chars: string[];
  window: number;
  lowercase: boolean;
  asciiOnly: boolean;
  cell: TextGenCell;
}

export interface TextGenResult {
  model: LayersModel;
  vocabulary: CharVocabulary;
  iterations: TextGenIteration[];
  /** Characters of the prepared text and number of training windows. */
  corpusChars: number;
  windows: number;
  /** The backend the training ran on ('ref' or 'native'). */
  backend: string;
  metadata: TextGenMetadata;
}

function positiveInt(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`trainTextGenerator: ${what} must be an integer >= 1, got ${v}.`);
  return v;
}

/** The training text after seed 001's preprocessing (and the maxChars cut). */
export async function loadTextGenCorpus(opts: Pick<TextGenOptions, 'text' | 'textPath' | 'dataDir' | 'lowercase' | 'asciiOnly' | 'maxChars'>): Promise<string> {
  const raw = opts.text ?? (opts.textPath ? await loadText(opts.textPath) : await loadAlice({ dataDir: opts.dataDir }));
  let text = prepareCharText(raw, { lowercase: opts.lowercase ?? true, asciiOnly: opts.asciiOnly ?? true });
  if (opts.maxChars !== undefined) text = text.slice(0, positiveInt(opts.maxChars, 'maxChars'));
  return text;
}

/** Seed 001's model: RNN(units, dropout, bias L1L2) on one-hot windows → Dense(V) → softmax. */
export function buildTextGenModel(cell: TextGenCell, units: number, window: number, vocabSize: number, dropout: number,
  biasL1L2: number | null, implementation?: 'fused' | 'composed'): LayersModel {
  const args = {
    units, inputShape: [window, vocabSize], dropout, ...(implementation ? { implementation } : {}),
    biasRegularizer: biasL1L2 ? new L1L2({ l1: biasL1L2, l2: biasL1L2 }) : null,
  };
  const rnn = cell === 'gru' ? layers.gru(args) : layers.lstm(args);
  return sequential({ layers: [rnn, layers.dense({ units: vocabSize }), layers.activation({ activation: 'softmax' })] });
}

/**
 * Trains a next-character model like seeds 001 / 004 and reports, per iteration, the training
 * loss (nats/char), the seconds per epoch and a generated sample with its share of corpus words.
 * The one-hot input [B, window, V] is built per batch; the corpus stays as ids.
 */
export async function trainTextGenerator(opts: TextGenOptions = {}): Promise<TextGenResult> {
  const cell = opts.cell ?? 'lstm';
  if (cell !== 'lstm' && cell !== 'gru') throw new ValueError(`trainTextGenerator: cell must be 'lstm' or 'gru', got '${String(cell)}'.`);
  const units = positiveInt(opts.units ?? 128, 'units');
  const window = positiveInt(opts.window ?? 10, 'window');
  const step = positiveInt(opts.step ?? 1, 'step');
  const batchSize = positiveInt(opts.batchSize ?? 128, 'batchSize');
  const iterations = positiveInt(opts.iterations ?? 25, 'iterations');
  const perIteration = positiveInt(opts.epochsPerIteration ?? 1, 'epochsPerIteration');
  const length = opts.generateLength ?? 100;
  const seed = opts.seed ?? 0;
  const sampling = resolveSampling(opts);
  const lowercase = opts.lowercase ?? true;
  const asciiOnly = opts.asciiOnly ?? true;

  const text = await loadTextGenCorpus(opts);
  const data = charWindows(text, { window, step });
  const vocab = data.vocabulary;
  const n = data.y.shape[0];
  if (n === 0) throw new ValueError(`trainTextGenerator: the text has ${text.length} characters; it needs more than the window of ${window}.`);
  const V = vocab.size;
  const xIds = data.x.ints('trainTextGenerator'); // int32 [n, window]
  const yIds = data.y.ints('trainTextGenerator'); // int32 [n]

  setSeed(seed); // initial weights (the global generator, like keras.utils.set_random_seed)
  const model = buildTextGenModel(cell, units, window, V, opts.dropout ?? 0.1, opts.biasL1L2 !== undefined ? opts.biasL1L2 : cell === 'lstm' ? 0.01 : null, opts.implementation);
  let lastCe = NaN;
  const loss = namedLoss('sparseCategoricalCrossentropy', { fromLogits: false }, (yTrue, yPred) => {
    const l = sparseCategoricalCrossentropyOp(yTrue, yPred, false);
    lastCe = l.data[0];
    return l;
  });
  model.compile({ optimizer: rmsprop({ learningRate: opts.learningRate ?? 0.001 }), loss });
  model.modelRng(seed + 1); // dropout masks
  const shuffleRng = new Rng(seed + 2);
  const sampleRng = new Rng(seed + 3);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const steps = Math.ceil(n / batchSize);

  /** One-hot x [b, window, V] and ids y [b] of rows order[start..end). */
  const makeBatch = (start: number, end: number): { xs: Tensor[]; y: Tensor } => {
    const b = end - start;
    const x = new Float32Array(b * window * V); // [b, window, V]
    const y = new Int32Array(b); // [b]
    for (let r = 0; r < b; r++) {
      const row = order[start + r];
      for (let t = 0; t < window; t++) x[(r * window + t) * V + xIds[row * window + t]] = 1;
      y[r] = yIds[row];
    }
    return { xs: [new Tensor(x, [b, window, V])], y: new Tensor(y, [b]) };
  };
  model.buildFor([makeBatch(0, 1).xs[0]]);

  const words = corpusWords(text);
  const metadata: TextGenMetadata = { kind: 'rnnkit-textgen', chars: [...vocab.chars], window, lowercase, asciiOnly, cell };
  const reports: TextGenIteration[] = [];
  for (let it = 0; it < iterations; it++) {
    const t0 = performance.now();
    const history = await fitBatches(model, {
      steps, samples: n, epochs: (it + 1) * perIteration, initialEpoch: it * perIteration,
      totalEpochs: iterations * perIteration,
      verbose: opts.verbose ?? 0, print: opts.print, callbacks: opts.callbacks,
      stepLogs: (): Logs => ({ ce: lastCe }),
      batch: (_epoch, b) => {
        if (b === 0) shuffleRng.shuffle(order);
        return makeBatch(b * batchSize, Math.min(n, (b + 1) * batchSize));
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const seedText = opts.seedText ?? randomWindow(text, n, step, window, sampleRng);
    const g = generateText(model, vocab, { ...sampling, seedText, length, rng: sampleRng });
    const report: TextGenIteration = {
      iteration: it + 1,
      epochs: (it + 1) * perIteration,
      loss: history.history.ce?.at(-1) ?? NaN,
      lossWithPenalty: history.history.loss?.at(-1) ?? NaN,
      secondsPerEpoch: seconds / perIteration,
      seedText,
      generated: g.generated,
      words: corpusWordShare(seedText, g.generated, words),
    };
    reports.push(report);
    if (opts.out) await saveModel(model, opts.out, { metadata });
    await opts.onIteration?.(report);
    if (model.stopTraining) break;
  }
  return { model, vocabulary: vocab, iterations: reports, corpusChars: text.length, windows: n, backend: backendName(), metadata };
}

/** A random training window (as seed 001's `input_chars[np.random.randint(len(input_chars))]`). */
function randomWindow(text: string, n: number, step: number, window: number, rng: Rng): string {
  const start = rng.int(n) * step;
  return text.slice(start, start + window);
}

/** Checks saved metadata and returns it typed. */
export function checkTextGenMetadata(meta: unknown, where: string): TextGenMetadata {
  const m = meta as Partial<TextGenMetadata> | undefined;
  if (!m || m.kind !== 'rnnkit-textgen' || !Array.isArray(m.chars) || typeof m.window !== 'number') {
    throw new ValueError(`${where}: the model has no text-generation metadata (vocabulary, window); save it with trainTextGenerator / rnnkit textgen.`);
  }
  return m as TextGenMetadata;
}

/** Loads a text generator saved by trainTextGenerator({out}): the model and its vocabulary. */
export async function loadTextGenerator(dir: string): Promise<{ model: LayersModel; vocabulary: CharVocabulary; metadata: TextGenMetadata }> {
  const metadata = checkTextGenMetadata(await loadMetadata(dir), `loadTextGenerator(${dir})`);
  const model = await loadModel(dir);
  return { model, vocabulary: new CharVocabulary(metadata.chars), metadata };
}
