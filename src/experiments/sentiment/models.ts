// Model builders of the sentiment experiments: the seed models (000, 001, 004) and our strongest
// ones ('best'). Each builder returns an uncompiled model for ids [B, maxlen] (int32), except the
// ConvLSTM1D of seed 000 (float ids [B, 1, maxlen, 1]) and the TF-IDF baseline (features [B, F]).
import { ValueError, unknownName } from '../../errors.js';
import { layers } from '../../layers/index.js';
import { model, sequential } from '../../models/index.js';
import type { LayersModel } from '../../models/model.js';
import { regularizers } from '../../regularizers/index.js';

/** What a model eats: padded ids, seed 000's reshaped float ids, or TF-IDF features. */
export type InputKind = 'ids' | 'convlstm' | 'tfidf';

/** Sizes a builder needs. */
export interface BuildSizes {
  /** Vocabulary size (embedding rows; ids are < vocab). */
  vocab: number;
  maxlen: number;
  /** TF-IDF feature count (tfidf models only). */
  features?: number;
}

/** One model of a preset: its name, a display name, its input, optimizer and builder. */
export interface ModelSpec {
  /** Short name used by --models, e.g. 'lstm'. */
  name: string;
  /** Display name with the architecture, e.g. 'Embedding(32) → LSTM(32) ×2'. */
  title: string;
  input: InputKind;
  optimizer: 'rmsprop' | 'adam';
  /** Learning rate when not the optimizer's default. */
  learningRate?: number;
  build(s: BuildSizes): LayersModel;
}

const sigmoidOut = (): ReturnType<typeof layers.dense> => layers.dense({ units: 1, activation: 'sigmoid' });

/** Seed 000: Embedding(vocab, 32) → cell(32, returnSequences) → cell(32) → Dense(1, sigmoid). */
function stacked(kind: 'simple_rnn' | 'lstm' | 'gru', s: BuildSizes): LayersModel {
  const cell = kind === 'lstm' ? layers.lstm : kind === 'gru' ? layers.gru : layers.simpleRnn;
  return sequential({
    name: `seed000_${kind}`,
    layers: [
      layers.embedding({ inputDim: s.vocab, outputDim: 32, inputShape: [s.maxlen] }), // [B, T, 32]
      cell({ units: 32, returnSequences: true }), // [B, T, 32]
      cell({ units: 32 }), // [B, 32]
      sigmoidOut(), // [B, 1]
    ],
  });
}

/**
 * Seed 000's ConvLSTM1D exactly as the notebook builds it: every review is ONE time step whose
 * maxlen raw ids are the rows (one channel), so the output is one prediction per 3-id window
 * [B, maxlen − 2, 1] (see src/layers/conv/README.md); labels are tiled per window.
 */
function convLstm(s: BuildSizes): LayersModel {
  return sequential({
    name: 'seed000_convlstm1d',
    layers: [
      layers.convLstm1d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [1, s.maxlen, 1] }), // [B, maxlen − 2, 32]
      sigmoidOut(), // [B, maxlen − 2, 1]
    ],
  });
}

/** Seed 001: Embedding(vocab, 128) → LSTM(64, dropout 0.2, bias L1L2(0.01, 0.01)) → Dense(1, sigmoid). */
function seed001(s: BuildSizes): LayersModel {
  return sequential({
    name: 'seed001_lstm',
    layers: [
      layers.embedding({ inputDim: s.vocab, outputDim: 128, inputShape: [s.maxlen] }), // [B, T, 128]
      layers.lstm({ units: 64, dropout: 0.2, biasRegularizer: regularizers.l1l2({ l1: 0.01, l2: 0.01 }) }), // [B, 64]
      sigmoidOut(), // [B, 1]
    ],
  });
}

/** Seed 004: Embedding(vocab, 128) → LSTM(128, dropout 0.2, recurrentDropout 0.2) → Dense(1, sigmoid). */
function seed004(s: BuildSizes): LayersModel {
  return sequential({
    name: 'seed004_lstm',
    layers: [
      layers.embedding({ inputDim: s.vocab, outputDim: 128, inputShape: [s.maxlen] }), // [B, T, 128]
      layers.lstm({ units: 128, dropout: 0.2, recurrentDropout: 0.2 }), // [B, 128]
      sigmoidOut(), // [B, 1]
    ],
  });
}

/** Bidirectional LSTM(64) over a masked embedding, attention pooling over time, Dense(1, sigmoid). */
function biLstmAttention(s: BuildSizes): LayersModel {
  const ids = layers.input({ shape: [s.maxlen], dtype: 'int32' });
  const emb = layers.embedding({ inputDim: s.vocab, outputDim: 128, maskZero: true }).apply(ids); // [B, T, 128]
  const h = layers.bidirectional(layers.lstm({ units: 64, returnSequences: true, dropout: 0.2 })).apply(emb); // [B, T, 128]
  const pooled = layers.attentionPooling({ units: 64 }).apply(h); // [B, 128]
  const drop = layers.dropout({ rate: 0.3 }).apply(pooled);
  const out = sigmoidOut().apply(drop); // [B, 1]
  return model({ inputs: ids, outputs: out, name: 'bilstm_attention' });
}

/** Bidirectional GRU(64) → global max pooling over time → Dense(1, sigmoid). */
function biGruPool(s: BuildSizes): LayersModel {
  return sequential({
    name: 'bigru_maxpool',
    layers: [
      layers.embedding({ inputDim: s.vocab, outputDim: 128, inputShape: [s.maxlen] }), // [B, T, 128]
      layers.bidirectional(layers.gru({ units: 64, returnSequences: true, dropout: 0.2 })), // [B, T, 128]
      layers.globalMaxPooling1d(), // [B, 128]
      layers.dropout({ rate: 0.3 }),
      sigmoidOut(), // [B, 1]
    ],
  });
}

/** Conv1D text CNN: Embedding(128) → Conv1D(128, 5, relu) → global max → Dense(64, relu) → Dense(1, sigmoid). */
function textCnn(s: BuildSizes): LayersModel {
  return sequential({
    name: 'text_cnn',
    layers: [
      layers.embedding({ inputDim: s.vocab, outputDim: 128, inputShape: [s.maxlen] }), // [B, T, 128]
      layers.dropout({ rate: 0.2 }),
      layers.conv1d({ filters: 128, kernelSize: 5, activation: 'relu' }), // [B, T − 4, 128]
      layers.globalMaxPooling1d(), // [B, 128]
      layers.dense({ units: 64, activation: 'relu' }), // [B, 64]
      layers.dropout({ rate: 0.3 }),
      sigmoidOut(), // [B, 1]
    ],
  });
}

/** Logistic regression on TF-IDF features: Dense(1, sigmoid) on [B, features]. */
function tfidfLogReg(s: BuildSizes): LayersModel {
  if (!s.features) throw new ValueError('tfidf model: the feature count is not known (build the TF-IDF matrix first).');
  return sequential({ name: 'tfidf_logreg', layers: [layers.dense({ units: 1, activation: 'sigmoid', inputShape: [s.features] })] }); // [B, 1]
}

/** Every model the experiments know, by name. */
export const MODEL_SPECS: Readonly<Record<string, ModelSpec>> = {
  simple_rnn: { name: 'simple_rnn', title: 'Embedding(32) → SimpleRNN(32) ×2', input: 'ids', optimizer: 'rmsprop', build: (s) => stacked('simple_rnn', s) },
  lstm: { name: 'lstm', title: 'Embedding(32) → LSTM(32) ×2', input: 'ids', optimizer: 'rmsprop', build: (s) => stacked('lstm', s) },
  gru: { name: 'gru', title: 'Embedding(32) → GRU(32) ×2', input: 'ids', optimizer: 'rmsprop', build: (s) => stacked('gru', s) },
  convlstm1d: { name: 'convlstm1d', title: 'ConvLSTM1D(32, kernel 3, relu) on raw ids (seed 000 layout)', input: 'convlstm', optimizer: 'rmsprop', build: convLstm },
  lstm64_l1l2: { name: 'lstm64_l1l2', title: 'Embedding(128) → LSTM(64, dropout 0.2, bias L1L2(0.01, 0.01))', input: 'ids', optimizer: 'adam', build: seed001 },
  lstm128: { name: 'lstm128', title: 'Embedding(128) → LSTM(128, dropout 0.2, recurrentDropout 0.2)', input: 'ids', optimizer: 'adam', build: seed004 },
  bilstm_attention: { name: 'bilstm_attention', title: 'Embedding(128, mask) → BiLSTM(64) → attention pooling', input: 'ids', optimizer: 'adam', build: biLstmAttention },
  bigru_maxpool: { name: 'bigru_maxpool', title: 'Embedding(128) → BiGRU(64) → global max pooling', input: 'ids', optimizer: 'adam', build: biGruPool },
  cnn: { name: 'cnn', title: 'Embedding(128) → Conv1D(128, 5, relu) → global max → Dense(64)', input: 'ids', optimizer: 'adam', build: textCnn },
  tfidf: { name: 'tfidf', title: 'TF-IDF (word 1–2-grams) → logistic regression', input: 'tfidf', optimizer: 'adam', learningRate: 0.01, build: tfidfLogReg },
};

/** The spec of a model name, with an error listing the known ones. */
export function modelSpec(name: string): ModelSpec {
  const s = MODEL_SPECS[name];
  if (!s) unknownName('model', name, Object.keys(MODEL_SPECS));
  return s;
}
