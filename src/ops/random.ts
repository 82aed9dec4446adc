import { defineOp } from '../autograd/op.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import { Tensor, type FloatDType } from '../tensor/tensor.js';
import { broadcastShapes } from './elementwise.js';
import { K, empty, sameFloat } from './util.js';

function checkRate(rate: number, where: string): void {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new ValueError(`${where}: rate must be in [0, 1), got ${rate}.`);
  }
}

/**
 * An inverted-dropout mask: each entry is 0 with probability `rate`, else 1/(1 − rate), drawn from rng
 * in row-major order (so a seed fixes the pattern). Recurrent layers draw one per sequence and
 * multiply it in at every step (`mul` broadcasts).
 */
export function dropoutMask(shape: readonly number[], rate: number, rng: Rng, dtype: FloatDType = 'float32'): Tensor {
  checkRate(rate, 'dropoutMask');
  const mask = empty(shape, dtype); // mask [...shape]
  const keep = 1 / (1 - rate);
  const m = mask.floats();
  for (let i = 0; i < m.length; i++) m[i] = rng.random() < rate ? 0 : keep;
  return mask;
}

/** Resolves Keras' noiseShape (null entries = x's dimension) and checks it broadcasts to x. */
function resolveNoiseShape(x: Tensor, noiseShape: readonly (number | null)[] | undefined): number[] {
  if (noiseShape === undefined) return [...x.shape];
  if (noiseShape.length !== x.rank) {
    throw new ShapeError(`dropout: noiseShape ${fmtShape(noiseShape)} must have the rank of x ${fmtShape(x.shape)}.`);
  }
  return noiseShape.map((d, i) => {
    const v = d ?? x.shape[i];
    if (v !== 1 && v !== x.shape[i]) {
      throw new ShapeError(`dropout: noiseShape ${fmtShape(noiseShape)} does not broadcast to x ${fmtShape(x.shape)} (axis ${i}: ${v} vs ${x.shape[i]}); use 1 or the axis size.`);
    }
    return v;
  });
}

const dropoutOp = defineOp('dropout', (x: Tensor, rate: number, rng: Rng, mShape: readonly number[]) => {
  const dtype = sameFloat('dropout', x);
  const mask = dropoutMask(mShape, rate, rng, dtype); // mask [...noiseShape]
  const { shape, aStrides, bStrides } = broadcastShapes(x.shape, mShape, 'dropout');
  const y = empty(shape, dtype); // y [...x.shape]
  K().binary(y.floats(), x.floats(), mask.floats(), shape, aStrides, bStrides, 'mul');
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY], [dX]) => dX && K().binaryGrad(dX, null, x.floats(), mask.floats(), dY, shape, aStrides, bStrides, 'mul'),
  };
});

/**
 * Inverted dropout: zeroes entries with probability `rate` and scales the rest by 1/(1 − rate), so
 * the expectation is unchanged. The mask is drawn from rng with shape noiseShape (default x.shape;
 * a 1 shares one draw along that axis, null means x's size). rate 0 returns x itself and draws nothing.
 */
export function dropout(x: Tensor, rate: number, rng: Rng, noiseShape?: readonly (number | null)[]): Tensor {
  sameFloat('dropout', x);
  checkRate(rate, 'dropout');
  const mShape = resolveNoiseShape(x, noiseShape);
  if (rate === 0) return x;
  return dropoutOp(x, rate, rng, mShape);
}
