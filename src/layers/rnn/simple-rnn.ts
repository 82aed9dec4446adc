import { add, mul } from '../../ops/elementwise.js';
import { matmul } from '../../ops/matmul.js';
import type { Tensor } from '../../tensor/tensor.js';
import { activationName, getActivation } from '../activations.js';
import { registerLayer } from '../registry.js';
import type { RecurrentArgs } from './args.js';
import { RecurrentLayer } from './base.js';
import { simpleRnnSequence } from './fused/ops.js';
import type { SeqConstants } from './fused/layout.js';

/**
 * Fully connected recurrent layer (Keras SimpleRNN): h_t = act(x_t W + h_{t−1} U + b).
 * Weights: kernel [D,H], recurrent_kernel [H,H], bias [H].
 */
export class SimpleRNN extends RecurrentLayer {
  readonly className = 'SimpleRNN';
  protected readonly gates = 1;
  protected readonly stateCount = 1;

  constructor(args: RecurrentArgs) {
    super(args, 'simple_rnn');
  }

  protected fusable(): boolean {
    return activationName(this.activation) === 'tanh';
  }

  protected runFused(x: Tensor, init: Tensor[], c: SeqConstants): Tensor[] {
    const { W, U, b } = this.weightsOrThrow();
    return simpleRnnSequence(x, W, U, b, init[0], c);
  }

  protected step(xt: Tensor, states: Tensor[], recMask: Tensor | null): Tensor[] {
    const { W, U, b } = this.weightsOrThrow();
    const hin = recMask ? mul(states[0], recMask) : states[0]; // [B,H]
    let z = add(matmul(xt, W), matmul(hin, U)); // [B,H]
    if (b) z = add(z, b);
    return [getActivation(this.activation)(z)];
  }
}

registerLayer('SimpleRNN', (config) => new SimpleRNN(config as unknown as RecurrentArgs));
