import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** A loss: the mean over all samples (Keras 'sum_over_batch_size') as a differentiable scalar. */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** A loss made by rnnkit's factories: carries its canonical name and arguments. */
export interface NamedLossFn extends LossFn {
  readonly lossName: string;
  readonly config: Record<string, unknown>;
}

/** Attaches the canonical name and config to a loss function. */
export function namedLoss(lossName: string, config: Record<string, unknown>, fn: LossFn): NamedLossFn {
  const f = ((yTrue: Tensor, yPred: Tensor) => fn(yTrue, yPred)) as LossFn;
  Object.defineProperty(f, 'name', { value: lossName });
  return Object.assign(f, { lossName, config }) as NamedLossFn;
}

/** Keras backend epsilon: probabilities are clipped to [ε, 1 − ε] before the log. */
export const EPSILON = 1e-7;

export function checkSmoothing(where: string, v: number | undefined): number {
  const s = v ?? 0;
  if (!(s >= 0 && s <= 1)) throw new ValueError(`${where}: labelSmoothing must be in [0, 1], got ${v}.`);
  return s;
}
