// The presets of `rnnkit sentiment`: the seeds' exact settings, and our strongest models.
import { unknownName } from '../../errors.js';

export type PresetName = 'seed000' | 'seed001' | 'seed004' | 'best';

export interface Preset {
  name: PresetName;
  /** Where the settings come from. */
  source: string;
  /** `imdb.load_data(num_words=vocab)`. */
  vocab: number;
  /** `pad_sequences(maxlen=maxlen)`. */
  maxlen: number;
  epochs: number;
  batchSize: number;
  /** Model names (see MODEL_SPECS), in the order they are trained. */
  models: string[];
  /** TF-IDF feature count of the 'tfidf' model. */
  tfidfFeatures: number;
}

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  seed000: {
    name: 'seed000',
    source: 'seed 000 notebook: imdb.load_data(num_words=10000), pad_sequences(maxlen=100); rmsprop, epochs=10, batch_size=128, validation_data=(x_test, y_test)',
    vocab: 10000, maxlen: 100, epochs: 10, batchSize: 128,
    models: ['simple_rnn', 'lstm', 'gru', 'convlstm1d'], tfidfFeatures: 30000,
  },
  seed001: {
    name: 'seed001',
    source: 'seed 001 homework: num_words=20000, maxlen=80; adam, batch_size=16, epochs=1, validation_data=(x_test, y_test)',
    vocab: 20000, maxlen: 80, epochs: 1, batchSize: 16,
    models: ['lstm64_l1l2'], tfidfFeatures: 30000,
  },
  seed004: {
    name: 'seed004',
    source: 'seed 004 lesson: max_features=20000, maxlen=80; adam, batch_size=50, epochs=1, validation_data=(x_test, y_test); lesson test accuracy 0.8336',
    vocab: 20000, maxlen: 80, epochs: 1, batchSize: 50,
    models: ['lstm128'], tfidfFeatures: 30000,
  },
  best: {
    name: 'best',
    source: 'rnnkit: bidirectional RNNs with attention / max pooling, a Conv1D text CNN, and a TF-IDF (1–2-grams) logistic-regression baseline',
    vocab: 20000, maxlen: 200, epochs: 3, batchSize: 64,
    models: ['bilstm_attention', 'bigru_maxpool', 'cnn', 'tfidf'], tfidfFeatures: 30000,
  },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** A preset by name, with an error listing the known ones. */
export function preset(name: string): Preset {
  if (!(PRESET_NAMES as string[]).includes(name)) unknownName('preset', name, PRESET_NAMES);
  return PRESETS[name as PresetName];
}

/** The --quick settings: a small subset that runs in seconds (per model, on the TS backend). */
export const QUICK = { trainSize: 500, testSize: 500, epochs: 1, maxlen: 40, vocab: 5000, tfidfFeatures: 2000 } as const;
