import { add, mul } from '../../ops/elementwise.js';
import { matmul } from '../../ops/matmul.js';
import { sliceAxis } from '../../ops/slicing.js';
import type { Rng } from '../../tensor/rng.js';
import type { Tensor } from '../../tensor/tensor.js';
import { getInitializer, type Initializer } from '../../initializers/index.js';
import { activationName, getActivation, type ActivationId } from '../activations.js';
import type { InitializerId } from '../layer.js';
import { registerLayer } from '../registry.js';
import type { LstmArgs } from './args.js';
import { RecurrentLayer } from './base.js';
import { lstmSequence } from './fused/ops.js';
import type { SeqConstants } from './fused/layout.js';

/** Keras' unit-forget-bias initializer: the base initializer for i, c, o and ones for the f block. */
function unitForgetBias(base: InitializerId, H: number): Initializer {
  const inner = getInitializer(base);
  return {
    className: 'UnitForgetBias',
    init(shape: readonly number[], rng: Rng): Float32Array {
      const v = inner.init(shape, rng); // [4H]
      v.fill(1, H, 2 * H);
      return v;
    },
    getConfig: () => ({}),
  };
}

/**
 * Long short-term memory (Keras LSTM). Gate blocks i, f, c, o; weights kernel [D,4H],
 * recurrent_kernel [H,4H], bias [4H]. States [h, c].
 */
export class LSTM extends RecurrentLayer {
  readonly className = 'LSTM';
  protected readonly gates = 4;
  protected readonly stateCount = 2;
  readonly recurrentActivation: ActivationId;
  readonly unitForgetBias: boolean;

  constructor(args: LstmArgs) {
    super(args, 'lstm');
    this.recurrentActivation = args.recurrentActivation === undefined ? 'sigmoid' : args.recurrentActivation ?? 'linear';
    this.unitForgetBias = args.unitForgetBias ?? true;
  }

  protected override biasInitializer(): InitializerId {
    const base = super.biasInitializer();
    return this.unitForgetBias ? unitForgetBias(base, this.units) : base;
  }

  protected fusable(): boolean {
    return activationName(this.activation) === 'tanh' && activationName(this.recurrentActivation) === 'sigmoid';
  }

  protected runFused(x: Tensor, init: Tensor[], c: SeqConstants): Tensor[] {
    const { W, U, b } = this.weightsOrThrow();
    return lstmSequence(x, W, U, b, init[0], init[1], c);
  }

  protected step(xt: Tensor, states: Tensor[], recMask: Tensor | null): Tensor[] {
    const { W, U, b } = this.weightsOrThrow();
    const H = this.units;
    const [hPrev, cPrev] = states;
    const act = getActivation(this.activation);
    const rec = getActivation(this.recurrentActivation);
    const hin = recMask ? mul(hPrev, recMask) : hPrev; // [B,H]
    let z = add(matmul(xt, W), matmul(hin, U)); // [B,4H]
    if (b) z = add(z, b);
    const i = rec(sliceAxis(z, 1, 0, H));
    const f = rec(sliceAxis(z, 1, H, H));
    const g = act(sliceAxis(z, 1, 2 * H, H));
    const o = rec(sliceAxis(z, 1, 3 * H, H));
    const c = add(mul(f, cPrev), mul(i, g)); // [B,H]
    return [mul(o, act(c)), c];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: activationName(this.recurrentActivation), unitForgetBias: this.unitForgetBias };
  }
}

registerLayer('LSTM', (config) => new LSTM(config as unknown as LstmArgs));
