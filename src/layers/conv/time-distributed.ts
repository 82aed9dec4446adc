import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { reshape } from '../../ops/shape.js';
import {
  Layer, isShapeList, single, type CallOptions, type LayerArgs, type LayerInput, type LayerOutput, type MaskOutput, type Shape,
} from '../layer.js';
import { deserializeLayer, registerLayer } from '../registry.js';

export interface TimeDistributedArgs extends LayerArgs {
  /** The layer applied to every time step. */
  layer: Layer;
}

/**
 * Keras TimeDistributed: applies `layer` to every time step of x [B, T, ...rest] by folding time
 * into the batch ([B·T, ...rest] → layer → [B·T, ...out] → [B, T, ...out]). The weights are the
 * inner layer's (shared by all steps). The input mask [B, T] passes through.
 */
export class TimeDistributed extends Layer {
  readonly className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(args: TimeDistributedArgs) {
    super(args);
    if (!(args.layer instanceof Layer)) {
      throw new ValueError(`${this.name} (TimeDistributed): 'layer' must be a Layer instance, got ${String(args.layer)}.`);
    }
    this.layer = args.layer;
    this.supportsMasking = true;
  }

  override sublayers(): Layer[] {
    return [this.layer];
  }

  private checkShape(shape: readonly (number | null)[]): void {
    if (shape.length < 3) {
      throw new ShapeError(`${this.name} (TimeDistributed): expected input of rank >= 3 [batch, steps, ...], got ${fmtShape(shape)}.`);
    }
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    this.checkShape(s);
    this.layer.ensureBuilt([s[0] == null || s[1] == null ? null : s[0] * s[1], ...s.slice(2)]);
    this.built = true;
  }

  call(inputs: LayerInput, opts: CallOptions): LayerOutput {
    const x = single(this, inputs);
    this.checkShape(x.shape);
    const [B, T] = x.shape;
    const folded = reshape(x, [B * T, ...x.shape.slice(2)]); // [B·T, ...rest]
    const y = this.layer.apply(folded, { training: opts.training, rng: opts.rng });
    if (Array.isArray(y)) throw new ValueError(`${this.name} (TimeDistributed): the inner layer ${this.layer.name} returned several outputs; only single-output layers can be distributed.`);
    return reshape(y, [B, T, ...y.shape.slice(1)]); // [B, T, ...out]
  }

  override computeMask(_inputs: LayerInput, mask: MaskOutput | undefined): MaskOutput {
    return mask ?? null;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    const inner = this.layer.computeOutputShape([s[0] == null || s[1] == null ? null : s[0] * s[1], ...s.slice(2)]);
    if (isShapeList(inner)) throw new ValueError(`${this.name} (TimeDistributed): the inner layer has several outputs.`);
    return [s[0], s[1], ...inner.slice(1)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: { className: this.layer.className, config: this.layer.getConfig() } };
  }
}

registerLayer('TimeDistributed', (c) => {
  const inner = c.layer as { className: string; config: Record<string, unknown> } | Layer;
  const layer = inner instanceof Layer ? inner : deserializeLayer(inner.className, inner.config);
  return new TimeDistributed({ ...(c as LayerArgs), layer });
});
