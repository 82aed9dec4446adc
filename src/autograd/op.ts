import type { Tensor } from '../tensor/tensor.js';
import { activeTape, type Backward } from './tape.js';

/** What an op's forward returns: its tensor inputs, its outputs, and the matching backward. */
export interface OpRecord<O extends Tensor | Tensor[]> {
  inputs: Tensor[];
  outputs: O;
  backward: Backward;
  /** Input indices whose gradient the backward writes (=) when the tape hands it a fresh buffer (see Backward). */
  writesFresh?: readonly number[];
}

/**
 * Defines an op as one record: the forward computes the outputs and returns, right beside them,
 * the backward that turns output gradients into input gradients. When a tape records and some
 * input requires a gradient, the record goes on the tape and the outputs require gradients too;
 * otherwise the backward closure is simply dropped.
 *
 *     export const tanh = defineOp('tanh', (x: Tensor) => {
 *       const y = emptyLike(x);                                   // y [...x.shape]
 *       K().unary(y.floats(), x.floats(), y.size, 'tanh');
 *       return { inputs: [x], outputs: y,
 *         backward: ([dY], [dX]) => dX && K().unaryGrad(dX, x.floats(), y.floats(), dY, y.size, 'tanh') };
 *     });
 */
export function defineOp<A extends unknown[], O extends Tensor | Tensor[]>(
  name: string,
  forward: (...args: A) => OpRecord<O>,
): (...args: A) => O {
  const op = (...args: A): O => {
    const rec = forward(...args);
    const tape = activeTape();
    if (tape && rec.inputs.some((x) => x.requiresGrad)) {
      const outputs: Tensor[] = Array.isArray(rec.outputs) ? (rec.outputs as Tensor[]) : [rec.outputs as Tensor];
      for (const o of outputs) if (o.dtype !== 'int32') o.requiresGrad = true;
      tape.push({ name, inputs: rec.inputs, outputs, backward: rec.backward, writesFresh: rec.writesFresh });
    }
    return rec.outputs;
  };
  Object.defineProperty(op, 'name', { value: name });
  return op;
}
