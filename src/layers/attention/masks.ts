import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { Tensor, allocArray, type DType } from '../../tensor/tensor.js';
import type { Layer, MaskOutput } from '../layer.js';

/** What Keras subtracts from the scores of masked keys before the softmax. */
export const MASKED_SCORE = -1e9;

/** Checks that a mask is [batch, steps] for a [batch, steps, dim] input. */
export function checkMask(layer: Layer, mask: Tensor, x: Tensor, what: string): void {
  if (mask.rank !== 2 || mask.shape[0] !== x.shape[0] || mask.shape[1] !== x.shape[1]) {
    throw new ShapeError(`${layer.name} (${layer.className}): the ${what} mask must have shape [${x.shape[0]}, ${x.shape[1]}] (batch, steps), got ${fmtShape(mask.shape)}.`);
  }
}

/**
 * The [query mask, value mask] of an attention call. Keras passes one mask per input; a single
 * tensor is ambiguous and rejected. Masks are checked against their inputs' [batch, steps].
 */
export function activeMaskList(layer: Layer, mask: MaskOutput | undefined, inputs: Tensor[]): [Tensor | null, Tensor | null] {
  if (mask == null) return [null, null];
  if (!Array.isArray(mask)) {
    throw new ValueError(`${layer.name} (${layer.className}): the mask must be a list [queryMask, valueMask] (null where absent), got one tensor.`);
  }
  const q = mask[0] ?? null;
  const v = mask[1] ?? null;
  if (q) checkMask(layer, q, inputs[0], 'query');
  if (v) checkMask(layer, v, inputs[1], 'value');
  return [q, v];
}

/**
 * Additive score bias: −1e9 where key j is masked for query i (value mask 0, or j > i with causal),
 * else 0. Shape [B, 1, Tv] for a value mask alone, [1, Tq, Tv] for causal alone, [B, Tq, Tv] for both;
 * null when there is nothing to mask.
 */
export function maskBias(vMask: Tensor | null, causal: boolean, B: number, Tq: number, Tv: number, dtype: DType): Tensor | null {
  if (!vMask && !causal) return null;
  const bRows = vMask ? B : 1;
  const qRows = causal ? Tq : 1;
  const bias = new Tensor(allocArray(dtype === 'float64' ? 'float64' : 'float32', bRows * qRows * Tv), [bRows, qRows, Tv]); // [B|1, Tq|1, Tv]
  for (let b = 0; b < bRows; b++) for (let i = 0; i < qRows; i++) for (let j = 0; j < Tv; j++) {
    const keep = (!vMask || vMask.data[b * Tv + j] !== 0) && (!causal || j <= i);
    bias.data[(b * qRows + i) * Tv + j] = keep ? 0 : MASKED_SCORE;
  }
  return bias;
}
