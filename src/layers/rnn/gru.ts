import { add, mul, sub } from '../../ops/elementwise.js';
import { matmul } from '../../ops/matmul.js';
import { reshape } from '../../ops/shape.js';
import { sliceAxis } from '../../ops/slicing.js';
import type { FloatArray, Tensor } from '../../tensor/tensor.js';
import { activationName, getActivation, type ActivationId } from '../activations.js';
import { registerLayer } from '../registry.js';
import type { GruArgs } from './args.js';
import { RecurrentLayer } from './base.js';
import { gruSequence } from './fused/ops.js';
import type { SeqConstants } from './fused/layout.js';

/**
 * Gated recurrent unit (Keras GRU). Gate blocks z, r, h; weights kernel [D,3H],
 * recurrent_kernel [H,3H], bias [2,3H] (resetAfter, default: input bias, recurrent bias) or [3H].
 */
export class GRU extends RecurrentLayer {
  readonly className = 'GRU';
  protected readonly gates = 3;
  protected readonly stateCount = 1;
  readonly recurrentActivation: ActivationId;
  readonly resetAfter: boolean;

  constructor(args: GruArgs) {
    super(args, 'gru');
    this.recurrentActivation = args.recurrentActivation === undefined ? 'sigmoid' : args.recurrentActivation ?? 'linear';
    this.resetAfter = args.resetAfter ?? true;
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  protected fusable(): boolean {
    return activationName(this.activation) === 'tanh' && activationName(this.recurrentActivation) === 'sigmoid';
  }

  protected override inputBias(): FloatArray | null {
    if (!this.bias) return null;
    return this.resetAfter ? this.bias.floats().subarray(0, 3 * this.units) : this.bias.floats(); // [3H]
  }

  protected runFused(x: Tensor, init: Tensor[], c: SeqConstants): Tensor[] {
    const { W, U, b } = this.weightsOrThrow();
    return gruSequence(x, W, U, b, init[0], this.resetAfter, c);
  }

  protected step(xt: Tensor, states: Tensor[], recMask: Tensor | null): Tensor[] {
    const { W, U, b } = this.weightsOrThrow();
    const H = this.units;
    const hPrev = states[0];
    const act = getActivation(this.activation);
    const rec = getActivation(this.recurrentActivation);
    const hin = recMask ? mul(hPrev, recMask) : hPrev; // [B,H]
    const bIn = b ? (this.resetAfter ? reshape(sliceAxis(b, 0, 0, 1), [3 * H]) : b) : null; // [3H]
    let xp = matmul(xt, W); // [B,3H]
    if (bIn) xp = add(xp, bIn);
    const blk = (t: Tensor, k: number): Tensor => sliceAxis(t, 1, k * H, H); // [B,H]
    let z: Tensor;
    let r: Tensor;
    let hh: Tensor;
    if (this.resetAfter) {
      let rp = matmul(hin, U); // [B,3H]
      if (b) rp = add(rp, reshape(sliceAxis(b, 0, 1, 1), [3 * H]));
      z = rec(add(blk(xp, 0), blk(rp, 0)));
      r = rec(add(blk(xp, 1), blk(rp, 1)));
      hh = act(add(blk(xp, 2), mul(r, blk(rp, 2))));
    } else {
      const rp = matmul(hin, sliceAxis(U, 1, 0, 2 * H)); // [B,2H]
      z = rec(add(blk(xp, 0), blk(rp, 0)));
      r = rec(add(blk(xp, 1), blk(rp, 1)));
      hh = act(add(blk(xp, 2), matmul(mul(r, hin), sliceAxis(U, 1, 2 * H, H))));
    }
    // h = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ = ĥ + z ⊙ (h_{t−1} − ĥ)
    return [add(hh, mul(z, sub(hPrev, hh)))];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: activationName(this.recurrentActivation), resetAfter: this.resetAfter };
  }
}

registerLayer('GRU', (config) => new GRU(config as unknown as GruArgs));
