import { ShapeError, fmtShape } from '../../errors.js';
import { softmax } from '../../ops/activation.js';
import { add, mul, tanh } from '../../ops/elementwise.js';
import { matmul } from '../../ops/matmul.js';
import { sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape.js';
import type { Tensor, Variable } from '../../tensor/tensor.js';
import { checkPositiveInt, serializeId } from '../core/util.js';
import {
  Layer, single, type CallOptions, type InitializerId, type LayerArgs, type LayerInput, type LayerOutput,
  type MaskOutput, type RegularizerId, type Shape,
} from '../layer.js';
import { registerLayer } from '../registry.js';
import { checkMask, maskBias } from './masks.js';

export interface AttentionPoolingArgs extends LayerArgs {
  /** Size of the attention projection (default: the input's last dimension). */
  units?: number;
  useBias?: boolean;
  kernelInitializer?: InitializerId;
  contextInitializer?: InitializerId;
  kernelRegularizer?: RegularizerId | null;
  /** Also return the weights α [B, T]. */
  returnAttentionScores?: boolean;
}

/**
 * Attention pooling over time (the text-classification "attention layer", not in Keras):
 *   e_t = tanh(h_t · W + b) [B, T, A];  s_t = e_t · u [B, T];  α = softmax(s) over T (masked steps
 *   get −1e9);  out = Σ_t α_t h_t [B, H].
 * Weights: kernel W [H, A] (glorotUniform), bias b [A] (zeros), context u [A] (glorotUniform).
 * Consumes the mask (the output has no time axis).
 */
export class AttentionPooling extends Layer {
  readonly className = 'AttentionPooling';
  readonly units: number | null;
  readonly useBias: boolean;
  readonly returnAttentionScores: boolean;
  private readonly args: AttentionPoolingArgs;
  kernel: Variable | null = null;
  bias: Variable | null = null;
  context: Variable | null = null;

  constructor(args: AttentionPoolingArgs = {}) {
    super(args);
    this.units = args.units === undefined ? null : checkPositiveInt(args.units, 'units', `${this.name} (AttentionPooling)`);
    this.useBias = args.useBias ?? true;
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.args = args;
  }

  private check(shape: readonly (number | null)[]): void {
    if (shape.length !== 3 || shape[2] == null) {
      throw new ShapeError(`${this.name} (AttentionPooling): expected input of rank 3 [batch, steps, features] with known features, got ${fmtShape(shape)}.`);
    }
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    this.check(s);
    const H = s[2] as number;
    const A = this.units ?? H;
    this.kernel = this.addWeight('kernel', [H, A], this.args.kernelInitializer ?? 'glorotUniform', { regularizer: this.args.kernelRegularizer });
    if (this.useBias) this.bias = this.addWeight('bias', [A], 'zeros');
    this.context = this.addWeight('context', [A], this.args.contextInitializer ?? 'glorotUniform');
    this.built = true;
  }

  call(inputs: LayerInput, opts: CallOptions): LayerOutput {
    const h = single(this, inputs);
    this.check(h.shape);
    const [B, T, H] = h.shape;
    if (T === 0) throw new ShapeError(`${this.name} (AttentionPooling): cannot pool a sequence of 0 steps (input ${fmtShape(h.shape)}).`);
    const kernel = this.kernel as Variable;
    if (H !== kernel.shape[0]) throw new ShapeError(`${this.name} (AttentionPooling): expected ${kernel.shape[0]} features, got input ${fmtShape(h.shape)}.`);
    const A = kernel.shape[1];
    let e = matmul(h, kernel); // [B, T, A]
    if (this.bias) e = add(e, this.bias);
    e = tanh(e);
    let s = reshape(matmul(e, reshape(this.context as Variable, [A, 1])), [B, 1, T]); // scores [B, 1, T]
    const mask = Array.isArray(opts.mask) ? (opts.mask[0] ?? null) : (opts.mask ?? null);
    if (mask) checkMask(this, mask, h, 'input');
    const bias = maskBias(mask, false, B, 1, T, s.dtype);
    if (bias) s = add(s, bias);
    const alpha = reshape(softmax(s, -1), [B, T, 1]); // weights [B, T, 1]
    const out = sum(mul(h, alpha), 1); // [B, H]
    return this.returnAttentionScores ? [out, reshape(alpha, [B, T])] : out;
  }

  override computeMask(_inputs: LayerInput, _mask: MaskOutput | undefined): MaskOutput {
    return this.returnAttentionScores ? [null, null] : null;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const s = inputShape as Shape;
    return this.returnAttentionScores ? [[s[0], s[2]], [s[0], s[1]]] : [s[0], s[2]];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), units: this.units, useBias: this.useBias, returnAttentionScores: this.returnAttentionScores,
      kernelInitializer: serializeId(this.args.kernelInitializer ?? 'glorotUniform'),
      contextInitializer: serializeId(this.args.contextInitializer ?? 'glorotUniform'),
      kernelRegularizer: serializeId(this.args.kernelRegularizer),
    };
  }
}

registerLayer('AttentionPooling', (c) => new AttentionPooling(c as AttentionPoolingArgs));
