/** `padSequences`, like `keras.utils.pad_sequences`, returning an rnnkit Tensor. */
import { DType, Tensor, allocArray } from '../tensor/tensor.js';
import { ValueError } from '../errors.js';

export interface PadSequencesOptions {
  /** Length of every row; default the longest sequence. */
  maxlen?: number | null;
  /** 'pre' (default) pads at the start, 'post' at the end. */
  padding?: 'pre' | 'post';
  /** 'pre' (default) drops ids from the start (keeps the last maxlen), 'post' from the end. */
  truncating?: 'pre' | 'post';
  /** Fill value (default 0). */
  value?: number;
  /** Output dtype (default 'int32'). */
  dtype?: DType;
}

/**
 * Pads or truncates ragged sequences to one length: a [n, maxlen] tensor. Keras defaults:
 * padding 'pre', truncating 'pre', value 0, dtype int32.
 */
export function padSequences(sequences: readonly ArrayLike<number>[], opts: PadSequencesOptions = {}): Tensor {
  const padding = opts.padding ?? 'pre';
  const truncating = opts.truncating ?? 'pre';
  const value = opts.value ?? 0;
  const dtype = opts.dtype ?? 'int32';
  if (padding !== 'pre' && padding !== 'post') throw new ValueError(`padSequences: padding must be 'pre' or 'post', got '${String(padding)}'.`);
  if (truncating !== 'pre' && truncating !== 'post') throw new ValueError(`padSequences: truncating must be 'pre' or 'post', got '${String(truncating)}'.`);
  let maxlen = opts.maxlen ?? null;
  if (maxlen === null) {
    maxlen = 0;
    for (const s of sequences) maxlen = Math.max(maxlen, s.length);
  } else if (!Number.isInteger(maxlen) || maxlen < 0) {
    throw new ValueError(`padSequences: maxlen must be a non-negative integer, got ${maxlen}.`);
  }
  if (dtype === 'int32' && !Number.isInteger(value)) throw new ValueError(`padSequences: value ${value} is not an integer but dtype is int32.`);
  const n = sequences.length;
  const out = allocArray(dtype, n * maxlen); // [n, maxlen]
  if (value !== 0) out.fill(value);
  for (let r = 0; r < n; r++) {
    const s = sequences[r];
    const len = Math.min(s.length, maxlen);
    const from = truncating === 'pre' ? s.length - len : 0; // first id kept
    const to = padding === 'pre' ? maxlen - len : 0; // first column written
    const base = r * maxlen + to;
    for (let i = 0; i < len; i++) {
      const v = s[from + i];
      if (dtype === 'int32' && !Number.isInteger(v)) throw new ValueError(`padSequences: sequence ${r} holds ${v} at ${from + i}, not an integer (dtype int32).`);
      out[base + i] = v;
    }
  }
  return new Tensor(out, [n, maxlen]);
}
