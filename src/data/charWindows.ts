/**
 * Character-level windows for next-character models (seed 001: window 10, step 1 on Alice).
 * Windows are int32 ids [n, window] plus the id of the character that follows each window;
 * one-hot encoding is done per batch (`oneHotBatch`), never for the whole corpus.
 */
import { DType, Tensor, allocArray } from '../tensor/tensor.js';
import { ValueError } from '../errors.js';

/** Sorted set of characters (code points) with id = position. */
export class CharVocabulary {
  readonly chars: readonly string[];
  private readonly index: Map<string, number>;

  constructor(chars: readonly string[]) {
    this.chars = [...chars];
    this.index = new Map(this.chars.map((c, i) => [c, i]));
    if (this.index.size !== this.chars.length) throw new ValueError('CharVocabulary: characters must be unique.');
  }

  /** The distinct characters of `text`, sorted by code point. */
  static fromText(text: string): CharVocabulary {
    const set = new Set(Array.from(text));
    return new CharVocabulary([...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!));
  }

  get size(): number {
    return this.chars.length;
  }

  /** Id of one character; throws ValueError naming it when unknown. */
  id(ch: string): number {
    const i = this.index.get(ch);
    if (i === undefined) throw new ValueError(`CharVocabulary: character ${JSON.stringify(ch)} is not in the vocabulary of ${this.size}.`);
    return i;
  }

  encode(text: string): Int32Array {
    const cs = Array.from(text);
    const out = new Int32Array(cs.length); // [chars]
    for (let i = 0; i < cs.length; i++) out[i] = this.id(cs[i]);
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) {
      const c = this.chars[ids[i]];
      if (c === undefined) throw new ValueError(`CharVocabulary.decode: id ${ids[i]} is outside [0, ${this.size}).`);
      s += c;
    }
    return s;
  }

  toJSON(): { chars: string[] } {
    return { chars: [...this.chars] };
  }

  static fromJSON(j: { chars: string[] }): CharVocabulary {
    return new CharVocabulary(j.chars);
  }
}

export interface PrepareCharTextOptions {
  /** Lower-case (default true, as in seed 001). */
  lowercase?: boolean;
  /** Drop non-ASCII characters (default true, as in seed 001's `decode("ascii", "ignore")`). */
  asciiOnly?: boolean;
}

/**
 * Seed 001's preprocessing: strip each line, drop empty lines, join the rest with one space,
 * lower-case and keep ASCII only.
 */
export function prepareCharText(text: string, opts: PrepareCharTextOptions = {}): string {
  const lines: string[] = [];
  // Python's bytes iteration splits at '\n' only, and bytes.strip() removes ASCII whitespace.
  for (const raw of text.split('\n')) {
    let line = raw.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
    if (opts.asciiOnly !== false) line = line.replace(/[^\x00-\x7f]/g, '');
    if (opts.lowercase !== false) line = line.toLowerCase();
    if (line.length > 0) lines.push(line);
  }
  return lines.join(' ');
}

export interface CharWindowsOptions {
  /** Characters per window (default 10). */
  window?: number;
  /** Distance between window starts (default 1). */
  step?: number;
  /** Lower-case the text first (default false; prepareCharText already does). */
  lowercase?: boolean;
  /** Vocabulary to use; default: the sorted characters of the text. */
  vocabulary?: CharVocabulary;
}

export interface CharWindows {
  /** Window ids, int32 [n, window]. */
  x: Tensor;
  /** Id of the character after each window, int32 [n]. */
  y: Tensor;
  vocabulary: CharVocabulary;
  /** The whole text as ids, int32 [chars]. */
  ids: Int32Array;
  /** Rows [start, end) as ids, or one-hot float32 ([b, window, V] and [b, V]) when oneHot. */
  batch(start: number, end: number, oneHot?: boolean): { x: Tensor; y: Tensor };
}

/**
 * Cuts `text` into windows like seed 001: `for i in range(0, len(text) - window, step)`, input
 * `text[i:i+window]`, target `text[i+window]`. n = ceil((len - window) / step), 0 if len <= window.
 */
export function charWindows(text: string, opts: CharWindowsOptions = {}): CharWindows {
  const win = opts.window ?? 10;
  const step = opts.step ?? 1;
  if (!Number.isInteger(win) || win < 1) throw new ValueError(`charWindows: window must be an integer >= 1, got ${win}.`);
  if (!Number.isInteger(step) || step < 1) throw new ValueError(`charWindows: step must be an integer >= 1, got ${step}.`);
  const t = opts.lowercase ? text.toLowerCase() : text;
  const vocabulary = opts.vocabulary ?? CharVocabulary.fromText(t);
  const ids = vocabulary.encode(t); // [chars]
  const n = ids.length > win ? Math.ceil((ids.length - win) / step) : 0;
  const xd = new Int32Array(n * win); // [n, window]
  const yd = new Int32Array(n); // [n]
  for (let r = 0; r < n; r++) {
    const s = r * step;
    xd.set(ids.subarray(s, s + win), r * win);
    yd[r] = ids[s + win];
  }
  const x = new Tensor(xd, [n, win]);
  const y = new Tensor(yd, [n]);
  const batch = (start: number, end: number, oneHot = false): { x: Tensor; y: Tensor } => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > n || start > end) {
      throw new ValueError(`charWindows.batch: rows [${start}, ${end}) are outside [0, ${n}).`);
    }
    const bx = new Tensor(xd.slice(start * win, end * win), [end - start, win]); // int32 [b, window]
    const by = new Tensor(yd.slice(start, end), [end - start]); // int32 [b]
    if (!oneHot) return { x: bx, y: by };
    return { x: oneHotBatch(bx, vocabulary.size), y: oneHotBatch(by, vocabulary.size) };
  };
  return { x, y, vocabulary, ids, batch };
}

/**
 * One-hot encodes int ids of shape S into a float tensor of shape [...S, vocabSize]
 * (for one batch; the corpus itself stays as ids).
 */
export function oneHotBatch(ids: Tensor | Int32Array | readonly number[], vocabSize: number, dtype: DType = 'float32'): Tensor {
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new ValueError(`oneHotBatch: vocabSize must be an integer >= 1, got ${vocabSize}.`);
  const data: ArrayLike<number> = ids instanceof Tensor ? ids.ints('oneHotBatch') : ids;
  const shape = ids instanceof Tensor ? [...ids.shape] : [data.length];
  const out = allocArray(dtype, data.length * vocabSize); // [...S, vocabSize]
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isInteger(v) || v < 0 || v >= vocabSize) throw new ValueError(`oneHotBatch: id ${v} at position ${i} is outside [0, ${vocabSize}).`);
    out[i * vocabSize + v] = 1;
  }
  return new Tensor(out, [...shape, vocabSize]);
}
