import { ShapeError, ValueError, fmtShape, unknownName } from '../../errors.js';
import { activeMaskList, maskBias } from './masks.js';
import { add, mul, tanh } from '../../ops/elementwise.js';
import { softmax } from '../../ops/activation.js';
import { dropout } from '../../ops/random.js';
import { sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape.js';
import { getGlobalRng } from '../../tensor/rng.js';
import { Tensor, allocArray, type Variable } from '../../tensor/tensor.js';
import {
  Layer, type CallOptions, type LayerArgs, type LayerInput, type LayerOutput, type MaskOutput, type Shape,
} from '../layer.js';
import { checkRate } from '../core/util.js';
import { registerLayer } from '../registry.js';
import { batchMatmul } from './ops.js';

export interface AttentionArgs extends LayerArgs {
  /** Multiply the scores by a trainable scalar (initialised to 1). Default false. */
  useScale?: boolean;
  /** 'dot' (query · keyᵀ) or 'concat' (Σ tanh(scale·(q + k)) × a trainable scalar). Default 'dot'. */
  scoreMode?: 'dot' | 'concat';
  /** Dropout on the attention weights, in training only. Default 0. */
  dropout?: number;
  /** Keras' call argument use_causal_mask: position i attends only to positions j ≤ i. */
  useCausalMask?: boolean;
  /** Keras' call argument return_attention_scores: also return the weights [B, Tq, Tv]. */
  returnAttentionScores?: boolean;
}

/**
 * Keras Attention (Luong dot-product). Inputs [query [B, Tq, D], value [B, Tv, Dv]] or
 * [query, value, key [B, Tv, D]] (key defaults to value):
 *   scores = query · keyᵀ (× scale) [B, Tq, Tv]; scores −= 1e9 where the value mask is 0 (and
 *   above the diagonal with useCausalMask); weights = softmax(scores) over Tv; out = weights · value
 *   [B, Tq, Dv]; rows where the query mask is 0 are zeroed. The output mask is the query mask.
 */
export class Attention extends Layer {
  readonly className: string = 'Attention';
  readonly useScale: boolean;
  readonly scoreMode: 'dot' | 'concat';
  readonly dropout: number;
  readonly useCausalMask: boolean;
  readonly returnAttentionScores: boolean;
  scale: Variable | null = null;
  concatScoreWeight: Variable | null = null;

  constructor(args: AttentionArgs = {}, defaults: { useScale: boolean } = { useScale: false }) {
    super(args);
    this.useScale = args.useScale ?? defaults.useScale;
    const mode = args.scoreMode ?? 'dot';
    if (mode !== 'dot' && mode !== 'concat') unknownName(`scoreMode for ${this.name}`, String(mode), ['dot', 'concat']);
    this.scoreMode = mode;
    this.dropout = checkRate(this.name, 'dropout', args.dropout ?? 0);
    this.useCausalMask = args.useCausalMask ?? false;
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.supportsMasking = true;
  }

  /** Checks [query, value(, key)] shapes; returns them. */
  protected checkShapes(shapes: readonly (readonly (number | null)[])[]): void {
    const who = `${this.name} (${this.className})`;
    if (shapes.length < 2 || shapes.length > 3) {
      throw new ValueError(`${who}: expected a list of 2 or 3 inputs [query, value] or [query, value, key], got ${shapes.length}.`);
    }
    for (const [i, s] of shapes.entries()) {
      if (s.length !== 3) throw new ShapeError(`${who}: ${['query', 'value', 'key'][i]} must have rank 3 [batch, steps, dim], got ${fmtShape(s)}.`);
    }
    const [q, v] = shapes;
    const k = shapes[2] ?? v;
    const eq = (a: number | null, b: number | null): boolean => a == null || b == null || a === b;
    if (!eq(q[0], v[0]) || !eq(q[0], k[0])) throw new ShapeError(`${who}: query ${fmtShape(q)}, value ${fmtShape(v)} and key ${fmtShape(k)} must share the batch size.`);
    if (!eq(k[1], v[1])) throw new ShapeError(`${who}: key ${fmtShape(k)} and value ${fmtShape(v)} must have the same number of steps.`);
    if (!eq(q[2], k[2])) throw new ShapeError(`${who}: query ${fmtShape(q)} and key ${fmtShape(k)} must have the same last dimension.`);
  }

  override build(inputShape: Shape | Shape[]): void {
    if (!Array.isArray(inputShape[0])) throw new ValueError(`${this.name} (${this.className}): must be called on a list [query, value] or [query, value, key].`);
    this.checkShapes(inputShape as Shape[]);
    this.buildWeights(inputShape as Shape[]);
    this.built = true;
  }

  protected buildWeights(_shapes: Shape[]): void {
    if (this.useScale) this.scale = this.addWeight('scale', [], 'ones');
    if (this.scoreMode === 'concat') this.concatScoreWeight = this.addWeight('concat_score_weight', [], 'ones');
  }

  /** Scores [B, Tq, Tv] from query [B, Tq, D] and key [B, Tv, D]. */
  protected scores(q: Tensor, k: Tensor): Tensor {
    if (this.scoreMode === 'dot') {
      const s = batchMatmul(q, k, true); // [B, Tq, Tv]
      return this.scale ? mul(s, this.scale) : s;
    }
    const [B, Tq, D] = q.shape;
    const Tv = k.shape[1];
    let e = add(reshape(q, [B, Tq, 1, D]), reshape(k, [B, 1, Tv, D])); // [B, Tq, Tv, D]
    if (this.scale) e = mul(e, this.scale);
    return mul(sum(tanh(e), -1), this.concatScoreWeight as Variable); // [B, Tq, Tv]
  }

  call(inputs: LayerInput, opts: CallOptions): LayerOutput {
    if (!Array.isArray(inputs)) throw new ValueError(`${this.name} (${this.className}): must be called on a list [query, value] or [query, value, key], got one tensor.`);
    this.checkShapes(inputs.map((t) => t.shape));
    const [q, v] = inputs;
    const k = inputs[2] ?? v;
    const [qMask, vMask] = activeMaskList(this, opts.mask, inputs);
    let scores = this.scores(q, k); // [B, Tq, Tv]
    const bias = maskBias(vMask, this.useCausalMask, q.shape[0], q.shape[1], v.shape[1], scores.dtype);
    if (bias) scores = add(scores, bias); // −1e9 where a key is masked [B, Tq, Tv]
    let weights = softmax(scores, -1); // [B, Tq, Tv]
    if (opts.training && this.dropout > 0) weights = dropout(weights, this.dropout, opts.rng ?? getGlobalRng());
    let out = batchMatmul(weights, v); // [B, Tq, Dv]
    if (qMask) {
      const [B, Tq] = q.shape;
      const m = new Tensor(allocArray(out.dtype, B * Tq), [B, Tq, 1]); // query mask [B, Tq, 1]
      for (let i = 0; i < B * Tq; i++) m.data[i] = qMask.data[i] !== 0 ? 1 : 0;
      out = mul(out, m);
    }
    return this.returnAttentionScores ? [out, weights] : out;
  }

  override computeMask(inputs: LayerInput, mask: MaskOutput | undefined): MaskOutput {
    const qMask = Array.isArray(mask) ? (mask[0] ?? null) : null;
    void inputs;
    return this.returnAttentionScores ? [qMask, null] : qMask;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const [q, v] = inputShape as Shape[];
    const out: Shape = [q[0], q[1], v[2]];
    return this.returnAttentionScores ? [out, [q[0], q[1], v[1]]] : out;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), useScale: this.useScale, scoreMode: this.scoreMode, dropout: this.dropout,
      useCausalMask: this.useCausalMask, returnAttentionScores: this.returnAttentionScores,
    };
  }
}

export interface AdditiveAttentionArgs extends Omit<AttentionArgs, 'scoreMode'> {}

/**
 * Keras AdditiveAttention (Bahdanau): scores[b, i, j] = Σ_d scale_d · tanh(query[b, i, d] + key[b, j, d])
 * with a trainable scale [dim] (glorotUniform, useScale default true), then as Attention.
 */
export class AdditiveAttention extends Attention {
  override readonly className: string = 'AdditiveAttention';

  constructor(args: AdditiveAttentionArgs = {}) {
    super({ ...args, scoreMode: 'dot' }, { useScale: true });
  }

  protected override buildWeights(shapes: Shape[]): void {
    const dim = shapes[0][2];
    if (dim == null) throw new ShapeError(`${this.name} (AdditiveAttention): the query's last dimension must be known, got ${fmtShape(shapes[0])}.`);
    if (this.useScale) this.scale = this.addWeight('scale', [dim], 'glorotUniform');
  }

  protected override scores(q: Tensor, k: Tensor): Tensor {
    const [B, Tq, D] = q.shape;
    const Tv = k.shape[1];
    let e = tanh(add(reshape(q, [B, Tq, 1, D]), reshape(k, [B, 1, Tv, D]))); // [B, Tq, Tv, D]
    if (this.scale) e = mul(e, this.scale);
    return sum(e, -1); // [B, Tq, Tv]
  }

  override getConfig(): Record<string, unknown> {
    const { scoreMode: _drop, ...rest } = super.getConfig();
    void _drop;
    return rest;
  }
}

registerLayer('Attention', (c) => new Attention(c as AttentionArgs));
registerLayer('AdditiveAttention', (c) => new AdditiveAttention(c as AdditiveAttentionArgs));
