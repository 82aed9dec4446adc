import { defineOp } from '../autograd/op.js';
import { scalarLike } from '../ops/elementwise.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkLabelShape } from './labels.js';
import { namedLoss, type NamedLossFn } from './loss.js';

/** mean((yPred − yTrue)²) over all elements; dPred = 2(p − t)/N, dTrue = −dPred. */
export const meanSquaredErrorOp = defineOp('meanSquaredError', (yTrue: Tensor, yPred: Tensor) => {
  checkLabelShape('meanSquaredError', yTrue, yPred);
  const p = yPred.floats('meanSquaredError (yPred)');
  const t = yTrue.data;
  const n = p.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += (p[i] - t[i]) * (p[i] - t[i]);
  return {
    inputs: [yTrue, yPred],
    outputs: scalarLike(n > 0 ? s / n : 0, yPred), // [] (scalar)
    backward: ([dY], [dTrue, dPred]) => {
      const g = (2 * dY[0]) / Math.max(n, 1);
      for (let i = 0; i < n; i++) {
        const d = g * (p[i] - t[i]);
        if (dPred) dPred[i] += d;
        if (dTrue) dTrue[i] -= d;
      }
    },
  };
});

/** mean(|yPred − yTrue|) over all elements; dPred = sign(p − t)/N (0 where equal). */
export const meanAbsoluteErrorOp = defineOp('meanAbsoluteError', (yTrue: Tensor, yPred: Tensor) => {
  checkLabelShape('meanAbsoluteError', yTrue, yPred);
  const p = yPred.floats('meanAbsoluteError (yPred)');
  const t = yTrue.data;
  const n = p.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(p[i] - t[i]);
  return {
    inputs: [yTrue, yPred],
    outputs: scalarLike(n > 0 ? s / n : 0, yPred), // [] (scalar)
    backward: ([dY], [dTrue, dPred]) => {
      const g = dY[0] / Math.max(n, 1);
      for (let i = 0; i < n; i++) {
        const d = g * Math.sign(p[i] - t[i]);
        if (dPred) dPred[i] += d;
        if (dTrue) dTrue[i] -= d;
      }
    },
  };
});

export function meanSquaredError(): NamedLossFn {
  return namedLoss('meanSquaredError', {}, (yTrue, yPred) => meanSquaredErrorOp(yTrue, yPred));
}

export function meanAbsoluteError(): NamedLossFn {
  return namedLoss('meanAbsoluteError', {}, (yTrue, yPred) => meanAbsoluteErrorOp(yTrue, yPred));
}
