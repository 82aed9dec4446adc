// The generation loop of a next-character model: encode the last `window` characters, predict the
// distribution of the next one, pick a character (greedy / temperature / top-k / top-p), slide.
import { ValueError } from '../errors.js';
import { CharVocabulary, oneHotBatch } from '../data/charWindows.js';
import type { LayersModel } from '../models/model.js';
import { Rng } from '../tensor/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { resolveSampling, sampleNext, type SamplingOptions } from './sampling.js';

export interface GenerateOptions extends SamplingOptions {
  /** Text the continuation starts from (its last `window` characters are the first input). */
  seedText: string;
  /** Characters to generate. Default 100. */
  length?: number;
  /** Seed of the sampling generator (unused by greedy). Default 0. */
  seed?: number;
  /** Generator to draw from instead of a new Rng(seed). */
  rng?: Rng;
  /** Characters per input window; default: the model's input length (shape[1]). */
  window?: number;
  /**
   * A seed text shorter than the window is left-padded with this character (default ' ' when the
   * vocabulary has it, else an error). 'error' refuses short seed texts.
   */
  pad?: string | 'error';
}

export interface GeneratedText {
  /** The seed text as given. */
  seedText: string;
  /** Only the new characters. */
  generated: string;
  /** seedText + generated. */
  text: string;
}

/** How a model reads a window: one-hot floats [1, W, V] or ids int32 [1, W] (embedding first). */
type Encoding = 'onehot' | 'ids';

function modelInput(model: LayersModel, vocab: CharVocabulary, window: number | undefined): { window: number; encoding: Encoding } {
  const spec = model.inputSpecs()[0];
  const encoding: Encoding = spec?.dtype === 'int32' ? 'ids' : 'onehot';
  const shape = spec?.shape ?? null;
  const w = window ?? shape?.[1] ?? null;
  if (w === null || !Number.isInteger(w) || w < 1) {
    throw new ValueError(`generateText: the model's input length is not fixed (input shape ${JSON.stringify(shape)}); pass window: N.`);
  }
  if (encoding === 'onehot' && shape && shape.length === 3 && shape[2] !== null && shape[2] !== vocab.size) {
    throw new ValueError(`generateText: the model takes ${shape[2]} features per character, the vocabulary has ${vocab.size} characters; use the vocabulary saved with the model.`);
  }
  return { window: w, encoding };
}

/** Ids of the seed window: unknown characters are named; short seeds are left-padded. */
export function seedWindowIds(seedText: string, vocab: CharVocabulary, window: number, pad: string | 'error' = ' '): number[] {
  const chars = Array.from(seedText);
  const unknown = [...new Set(chars.filter((c) => !vocab.chars.includes(c)))];
  if (unknown.length > 0) {
    throw new ValueError(`generateText: the seed text has character(s) the model does not know: ${unknown.map((c) => JSON.stringify(c)).join(', ')}`
      + ` (the vocabulary has ${vocab.size}: ${JSON.stringify(vocab.chars.join(''))}).`
      + (unknown.every((c) => vocab.chars.includes(c.toLowerCase())) ? ' The model was trained on lower-cased text: lower-case the seed text.' : ''));
  }
  if (chars.length < window) {
    if (pad === 'error') throw new ValueError(`generateText: the seed text has ${chars.length} characters; the model reads windows of ${window}.`);
    if (!vocab.chars.includes(pad)) {
      throw new ValueError(`generateText: the seed text has ${chars.length} characters, fewer than the window of ${window}, and the padding character ${JSON.stringify(pad)} is not in the vocabulary; give a longer seed text or another pad.`);
    }
    return [...new Array<string>(window - chars.length).fill(pad), ...chars].map((c) => vocab.id(c));
  }
  return chars.slice(chars.length - window).map((c) => vocab.id(c));
}

/** The model's next-character distribution for one window of ids. */
export function predictNext(model: LayersModel, ids: readonly number[], vocabSize: number, encoding: Encoding = 'onehot'): Float32Array | Float64Array {
  const x = encoding === 'ids'
    ? new Tensor(Int32Array.from(ids), [1, ids.length]) // int32 [1, W]
    : oneHotBatch(new Tensor(Int32Array.from(ids), [1, ids.length]), vocabSize); // [1, W, V]
  const p = model.predictOnBatch(x); // [1, V]
  if (p.size !== vocabSize) throw new ValueError(`generateText: the model outputs ${p.size} values per step, the vocabulary has ${vocabSize} characters.`);
  return p.floats('generateText') as Float32Array | Float64Array;
}

/**
 * Generates `length` characters after `seedText` with a next-character model whose output is a
 * probability distribution over `vocab` (softmax). Deterministic for a given seed (and always in
 * greedy mode).
 */
export function generateText(model: LayersModel, vocab: CharVocabulary | readonly string[], opts: GenerateOptions): GeneratedText {
  const v = vocab instanceof CharVocabulary ? vocab : new CharVocabulary(vocab);
  const length = opts.length ?? 100;
  if (!Number.isInteger(length) || length < 0) throw new ValueError(`generateText: length must be an integer >= 0, got ${length}.`);
  if (typeof opts.seedText !== 'string') throw new ValueError('generateText: give a seedText (a string).');
  const sampling = resolveSampling(opts);
  const { window, encoding } = modelInput(model, v, opts.window);
  const rng = opts.rng ?? new Rng(opts.seed ?? 0);
  let ids = seedWindowIds(opts.seedText, v, window, opts.pad ?? ' ');
  let generated = '';
  for (let i = 0; i < length; i++) {
    const p = predictNext(model, ids, v.size, encoding);
    const next = sampleNext(p, sampling, rng);
    generated += v.chars[next];
    ids = [...ids.slice(1), next];
  }
  return { seedText: opts.seedText, generated, text: opts.seedText + generated };
}
