// The text-classifier bundle of `rnnkit train` / `rnnkit predict`: a model saved in the tfjs
// layers-model format plus, in its rnnkit metadata, the fitted TextVectorizer, the padding
// length and the class names, so predicting needs nothing but the folder.
import { padSequences } from '../../data/pad.js';
import { TextVectorizer, type TextVectorizerJSON } from '../../data/vectorizer.js';
import { DataError, ValueError, unknownName } from '../../errors.js';
import { layers } from '../../layers/index.js';
import { sequential } from '../../models/index.js';
import type { History } from '../../models/callbacks.js';
import type { LayersModel } from '../../models/model.js';
import { modelFromArtifacts } from '../../models/io/artifacts.js';
import { readArtifacts, saveModel } from '../../models/io/files.js';
import { adam } from '../../optim/index.js';
import { Rng, setSeed } from '../../tensor/rng.js';
import { Tensor } from '../../tensor/tensor.js';
import type { LabelledTexts } from './labelled.js';
import { MODEL_SPECS } from './models.js';
import { evaluateSparse, fitSparse, predictSparse } from './sparse.js';

export const CLASSIFIER_KINDS = ['lstm', 'gru', 'bilstm', 'cnn', 'tfidf'] as const;
export type ClassifierKind = (typeof CLASSIFIER_KINDS)[number];

/** What is saved beside the model (rnnkit metadata). */
export interface TextClassifierMeta {
  format: 'rnnkit-text-classifier';
  version: 1;
  kind: ClassifierKind;
  /** Sequence length (ids, 'pre' padding and truncating); 0 for tfidf. */
  maxlen: number;
  /** classNames[k] is label k's name; the model outputs P(label 1). */
  classNames: [string, string];
  vectorizer: TextVectorizerJSON;
  /** Where it was trained and how it scored on its held-out part. */
  trainedOn: { source: string; samples: number; validationAccuracy: number | null };
}

export interface TrainClassifierOptions {
  /** Default 'lstm'. */
  kind?: ClassifierKind;
  /** Default 3. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Vocabulary size (ids) or TF-IDF features. Default 20,000. */
  vocab?: number;
  /** Default 200. */
  maxlen?: number;
  /** Default 1. */
  seed?: number;
  /** Fraction held out (after a seeded shuffle) to report accuracy; default 0.1 (none below 10 texts). */
  validationSplit?: number;
  verbose?: 0 | 1 | 2;
}

/** One prediction: the label name, its probability, and P(label 1). */
export interface TextPrediction {
  label: string;
  probability: number;
  positive: number;
}

function sequenceModel(kind: ClassifierKind, vocab: number, maxlen: number, features: number): LayersModel {
  if (kind === 'lstm' || kind === 'gru') {
    const cell = kind === 'lstm' ? layers.lstm : layers.gru;
    return sequential({
      name: `text_${kind}`,
      layers: [
        layers.embedding({ inputDim: vocab, outputDim: 64, maskZero: true, inputShape: [maxlen] }), // [B, T, 64]
        cell({ units: 64, dropout: 0.2 }), // [B, 64]
        layers.dense({ units: 1, activation: 'sigmoid' }), // [B, 1]
      ],
    });
  }
  const spec = MODEL_SPECS[kind === 'bilstm' ? 'bilstm_attention' : kind === 'cnn' ? 'cnn' : 'tfidf'];
  return spec.build({ vocab, maxlen, features });
}

/** A trained (or loaded) text classifier: vectorizer + model + class names. */
export class TextClassifier {
  constructor(readonly model: LayersModel, readonly vectorizer: TextVectorizer, readonly meta: TextClassifierMeta) {}

  /** Model input for texts: padded ids [n, maxlen] (int32). */
  private ids(texts: readonly string[]): Tensor {
    return padSequences(texts.map((t) => this.vectorizer.encode(t)), { maxlen: this.meta.maxlen });
  }

  /** P(label 1) per text. */
  probabilities(texts: readonly string[]): Float32Array {
    if (texts.length === 0) return new Float32Array(0);
    if (this.meta.kind === 'tfidf') return predictSparse(this.model, this.vectorizer.transformSparse(texts));
    return Float32Array.from(this.model.predict(this.ids(texts), { batchSize: 64 }).data);
  }

  /** Label and probability per text (label 1 when P(label 1) >= 0.5). */
  predict(texts: readonly string[]): TextPrediction[] {
    return Array.from(this.probabilities(texts), (p) => {
      const one = p >= 0.5;
      return { label: this.meta.classNames[one ? 1 : 0], probability: one ? p : 1 - p, positive: p };
    });
  }

  /** Saves model + metadata into a folder (tfjs layers-model files; atomic). */
  async save(dir: string): Promise<string> {
    return saveModel(this.model, dir, { includeOptimizer: false, metadata: this.meta });
  }
}

function isMeta(m: unknown): m is TextClassifierMeta {
  const o = m as Partial<TextClassifierMeta> | null;
  return typeof o === 'object' && o !== null && o.format === 'rnnkit-text-classifier' && o.version === 1
    && Array.isArray(o.classNames) && typeof o.vectorizer === 'object' && (CLASSIFIER_KINDS as readonly string[]).includes(String(o.kind));
}

/** Loads a folder written by TextClassifier.save; a clear DataError for anything else. */
export async function loadTextClassifier(dir: string): Promise<TextClassifier> {
  let a;
  try {
    a = await readArtifacts(dir);
  } catch (e) {
    if (e instanceof DataError || e instanceof ValueError) throw new DataError(`'${dir}' is not an rnnkit model: ${e.message}`);
    throw e;
  }
  const meta = a.extra?.metadata;
  if (!isMeta(meta)) {
    throw new DataError(`'${dir}' holds a model but not an rnnkit text classifier (no saved vocabulary / class names); train one with 'rnnkit train'.`);
  }
  const model = modelFromArtifacts(a, { includeOptimizer: false });
  return new TextClassifier(model, TextVectorizer.fromJSON(meta.vectorizer), meta);
}

/** Trains a classifier on labelled texts (seeded shuffle, optional held-out part); returns it and the History. */
export async function trainTextClassifier(data: LabelledTexts, o: TrainClassifierOptions = {}): Promise<{ classifier: TextClassifier; history: History }> {
  const kind = o.kind ?? 'lstm';
  if (!(CLASSIFIER_KINDS as readonly string[]).includes(kind)) unknownName('model kind', kind, CLASSIFIER_KINDS);
  const seed = o.seed ?? 1;
  const maxlen = kind === 'tfidf' ? 0 : (o.maxlen ?? 200);
  if (kind === 'cnn' && maxlen < 5) throw new ValueError(`train: the cnn model needs maxlen >= 5 (kernel 5), got ${maxlen}.`);
  const n = data.texts.length;
  const order = Int32Array.from({ length: n }, (_, i) => i); // [n]
  new Rng(seed).shuffle(order);
  const split = o.validationSplit ?? 0.1;
  const nVal = n >= 10 ? Math.round(n * split) : 0;
  const pick = (from: number, to: number): { texts: string[]; y: Float32Array } => {
    const idx = order.subarray(from, to);
    return { texts: Array.from(idx, (i) => data.texts[i]), y: Float32Array.from(idx, (i) => data.labels[i]) };
  };
  const train = pick(0, n - nVal);
  const val = nVal > 0 ? pick(n - nVal, n) : null;

  const vocab = o.vocab ?? 20000;
  const vectorizer = new TextVectorizer(kind === 'tfidf'
    ? { maxTokens: vocab, outputMode: 'tfidf', ngrams: [1, 2], sublinearTf: true }
    : { maxTokens: vocab, outputMode: 'int' });
  vectorizer.fit(train.texts);
  setSeed(seed);
  const features = vectorizer.vocabularySize;
  const model = sequenceModel(kind, Math.max(2, vectorizer.vocabularySize), maxlen, features);
  model.compile({ optimizer: adam(kind === 'tfidf' ? { learningRate: 0.01 } : {}), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const epochs = o.epochs ?? 3;
  const batchSize = o.batchSize ?? 32;
  const verbose = o.verbose ?? 1;
  const meta: TextClassifierMeta = {
    format: 'rnnkit-text-classifier', version: 1, kind, maxlen, classNames: data.classNames,
    vectorizer: vectorizer.toJSON(), trainedOn: { source: data.source, samples: n, validationAccuracy: null },
  };
  const classifier = new TextClassifier(model, vectorizer, meta);
  let history: History;
  if (kind === 'tfidf') {
    const vx = val ? vectorizer.transformSparse(val.texts) : null;
    history = await fitSparse(model, vectorizer.transformSparse(train.texts), train.y, {
      epochs, batchSize, seed, verbose, ...(val && vx ? { validationData: [vx, val.y] as [typeof vx, Float32Array] } : {}),
    });
    if (val && vx) meta.trainedOn.validationAccuracy = evaluateSparse(model, vx, val.y, 256).accuracy;
  } else {
    const ids = (texts: string[]): Tensor => padSequences(texts.map((t) => vectorizer.encode(t)), { maxlen });
    const y = (v: Float32Array): Tensor => new Tensor(v, [v.length, 1]); // [n, 1]
    history = await model.fit(ids(train.texts), y(train.y), {
      epochs, batchSize, seed, verbose, ...(val ? { validationData: [ids(val.texts), y(val.y)] as [Tensor, Tensor] } : {}),
    });
    const va = history.history.val_accuracy;
    if (va) meta.trainedOn.validationAccuracy = va[va.length - 1];
  }
  return { classifier, history };
}
