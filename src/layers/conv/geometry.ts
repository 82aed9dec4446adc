import { ValueError, unknownName } from '../../errors.js';

export type ConvPadding = 'valid' | 'same' | 'causal';
export type PoolPadding = 'valid' | 'same';

/** Checks a padding name (case-insensitive, as Keras) and returns it in lower case. */
export function checkPadding<P extends string>(padding: string | undefined, allowed: readonly P[], where: string, dflt: P): P {
  const p = (padding ?? dflt).toLowerCase();
  if (!(allowed as readonly string[]).includes(p)) return unknownName(`padding for ${where}`, String(padding), allowed);
  return p as P;
}

/** Checks that v is a positive integer (sizes, strides, rates); names it in the error. */
export function positiveInt(v: unknown, what: string, where: string): number {
  const n = Array.isArray(v) && v.length === 1 ? v[0] : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
    throw new ValueError(`${where}: ${what} must be a positive integer, got ${JSON.stringify(v)}.`);
  }
  return n;
}

/** Only 'channels_last' (the Keras default) is supported. */
export function checkChannelsLast(dataFormat: string | undefined, where: string): void {
  if (dataFormat !== undefined && dataFormat !== 'channels_last') {
    throw new ValueError(`${where}: only dataFormat 'channels_last' is supported, got '${String(dataFormat)}'.`);
  }
}

/** Keras rejects strides > 1 together with dilationRate > 1. */
export function checkStridesDilation(strides: number, dilationRate: number, where: string): void {
  if (strides > 1 && dilationRate > 1) {
    throw new ValueError(`${where}: strides > 1 is not supported together with dilationRate > 1 (as in Keras); got strides ${strides}, dilationRate ${dilationRate}.`);
  }
}

/**
 * Output length and left padding of a 1-D convolution or pooling window, exactly as Keras/TF:
 *   valid:  floor((len − keff) / stride) + 1, no padding (0 if the window does not fit);
 *   same:   ceil(len / stride), total padding max((out − 1)·stride + keff − len, 0), left = floor(total / 2);
 *   causal: keff − 1 zeros on the left, then 'valid' (so out = ceil(len / stride)),
 * where keff = (kernelSize − 1)·dilation + 1 is the dilated window.
 */
export function convGeometry(len: number, kernelSize: number, stride: number, dilation: number, padding: ConvPadding):
  { outLen: number; padLeft: number } {
  const keff = (kernelSize - 1) * dilation + 1;
  if (padding === 'valid') return { outLen: len >= keff ? Math.floor((len - keff) / stride) + 1 : 0, padLeft: 0 };
  if (padding === 'causal') return { outLen: Math.floor((len - 1) / stride) + 1, padLeft: keff - 1 };
  const outLen = Math.ceil(len / stride);
  const total = Math.max((outLen - 1) * stride + keff - len, 0);
  return { outLen, padLeft: Math.floor(total / 2) };
}

/** Output length for a possibly unknown (null) input length. */
export function convOutLen(len: number | null, kernelSize: number, stride: number, dilation: number, padding: ConvPadding): number | null {
  return len == null ? null : convGeometry(len, kernelSize, stride, dilation, padding).outLen;
}
