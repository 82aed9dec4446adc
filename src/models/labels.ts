import { ShapeError, fmtShape } from '../errors.js';
import type { Shape } from '../layers/symbolic.js';
import { Tensor } from '../tensor/tensor.js';

function sameDims(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d == null || b[i] == null || d === b[i]);
}

/**
 * Checks labels against the model's output shape for a loss, and returns them in the shape the loss
 * expects. Sparse losses take class ids [N] or [N, 1] for outputs [N, C]; other losses take labels
 * shaped like the output ([N] is accepted for outputs [N, 1]).
 */
export function fitLabels(y: Tensor, outShape: Shape, lossName: string, n: number, where: string): Tensor {
  if (y.rank === 0) throw new ShapeError(`${where}: labels must have a batch axis, got a scalar.`);
  if (y.shape[0] !== n) {
    throw new ShapeError(`${where}: inputs have ${n} samples but labels have ${y.shape[0]} (labels ${fmtShape(y.shape)}).`);
  }
  const given = y.shape.slice(1);
  const out = outShape.slice(1);
  const want = (s: Shape): string => fmtShape([n, ...s]);
  if (/sparse/i.test(lossName)) {
    const ids = out.slice(0, -1);
    if (sameDims(given, ids)) return y;
    if (sameDims(given, [...ids, 1])) return new Tensor(y.data, [n, ...(ids as number[])]);
    throw new ShapeError(`${where}: labels have shape ${fmtShape(y.shape)}, but loss '${lossName}' with model output ${fmtShape(outShape)} expects integer class ids of shape ${want(ids)} (or ${want([...ids, 1])}).`);
  }
  if (sameDims(given, out)) return y;
  if (out.length > 0 && out[out.length - 1] === 1 && sameDims(given, out.slice(0, -1))) {
    return new Tensor(y.data, [...y.shape, 1]); // same values, [N, ..., 1]
  }
  const hint = /categorical/i.test(lossName) && given.length === out.length - 1
    ? " For integer class ids use loss 'sparseCategoricalCrossentropy'."
    : '';
  throw new ShapeError(`${where}: labels have shape ${fmtShape(y.shape)}, but the model's output is ${fmtShape(outShape)} (loss '${lossName}'): expected labels of shape ${want(out)}.${hint}`);
}
