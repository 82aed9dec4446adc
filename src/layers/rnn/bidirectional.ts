import { ValueError } from '../../errors.js';
import { add, maximum, mul, scale } from '../../ops/elementwise.js';
import { concat, reverse } from '../../ops/slicing.js';
import type { Tensor } from '../../tensor/tensor.js';
import {
  Layer, isShapeList, single, type CallOptions, type LayerArgs, type LayerInput, type LayerOutput, type MaskOutput, type Shape,
} from '../layer.js';
import { deserializeLayer, registerLayer } from '../registry.js';
import { RecurrentLayer } from './base.js';

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | 'max' | null;
const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave', 'max', null];

export interface BidirectionalArgs extends LayerArgs {
  /** How the two directions combine: concat (default), sum, mul, ave, max (rnnkit addition), or null (a list). */
  mergeMode?: MergeMode;
  /** A ready backward layer (must have goBackwards set); default: a copy of the layer with goBackwards flipped. */
  backwardLayer?: RecurrentLayer;
}

/**
 * Keras Bidirectional: the forward layer and a copy running with goBackwards; the backward
 * output sequence is reversed back to input time order before merging. Weights: forward's, then
 * backward's. With returnSequences, masked steps of both sequences are zero (Keras forces
 * zero_output_for_mask there).
 */
export class Bidirectional extends Layer {
  readonly className = 'Bidirectional';
  readonly forwardLayer: RecurrentLayer;
  readonly backwardLayer: RecurrentLayer;
  readonly mergeMode: MergeMode;

  constructor(layer: RecurrentLayer, args: BidirectionalArgs = {}) {
    super(args, 'bidirectional');
    if (!(layer instanceof RecurrentLayer)) throw new ValueError(`${this.name}: bidirectional() needs a recurrent layer (simpleRnn, lstm, gru).`);
    const mode = args.mergeMode === undefined ? 'concat' : args.mergeMode;
    if (!MERGE_MODES.includes(mode)) {
      throw new ValueError(`${this.name}: unknown mergeMode '${String(mode)}'; expected one of concat, sum, mul, ave, max, null.`);
    }
    this.mergeMode = mode;
    this.forwardLayer = layer;
    if (args.backwardLayer) {
      const b = args.backwardLayer;
      if (b.goBackwards === layer.goBackwards) throw new ValueError(`${this.name}: backwardLayer must have goBackwards ${!layer.goBackwards}.`);
      if (b.returnSequences !== layer.returnSequences || b.returnState !== layer.returnState) {
        throw new ValueError(`${this.name}: backwardLayer must have the same returnSequences and returnState as the forward layer.`);
      }
      this.backwardLayer = b;
    } else {
      const cfg: Record<string, unknown> = { ...layer.getConfig(), goBackwards: !layer.goBackwards, name: `backward_${layer.name}` };
      delete cfg.batchInputShape;
      const copy = deserializeLayer(layer.className, cfg);
      if (!(copy instanceof RecurrentLayer)) throw new ValueError(`${this.name}: could not copy ${layer.name}.`);
      copy.implementation = layer.implementation;
      this.backwardLayer = copy;
    }
    this.forwardLayer.zeroOutputForMask = layer.returnSequences;
    this.backwardLayer.zeroOutputForMask = layer.returnSequences;
    this.supportsMasking = true;
  }

  override sublayers(): Layer[] {
    return [this.forwardLayer, this.backwardLayer];
  }

  override build(inputShape: Shape | Shape[]): void {
    this.forwardLayer.ensureBuilt(inputShape);
    this.backwardLayer.ensureBuilt(inputShape);
    this.built = true;
  }

  override call(inputs: LayerInput, opts: CallOptions = {}): LayerOutput {
    const x = single(this, inputs);
    const init = opts.initialState;
    let fOpts = opts;
    let bOpts = opts;
    if (init && init.length > 0) {
      if (init.length % 2 !== 0) throw new ValueError(`${this.name}: initialState needs the forward states then the backward states (an even count), got ${init.length}.`);
      const half = init.length / 2;
      fOpts = { ...opts, initialState: init.slice(0, half) };
      bOpts = { ...opts, initialState: init.slice(half) };
    }
    const yF = this.forwardLayer.apply(x, fOpts);
    const yB = this.backwardLayer.apply(x, bOpts);
    const [outF, ...statesF] = Array.isArray(yF) ? yF : [yF];
    const [outB0, ...statesB] = Array.isArray(yB) ? yB : [yB];
    const outB = this.forwardLayer.returnSequences ? reverse(outB0, 1) : outB0;
    const merged = this.merge(outF, outB);
    if (!this.forwardLayer.returnState) return merged;
    return [...(Array.isArray(merged) ? merged : [merged]), ...statesF, ...statesB];
  }

  private merge(a: Tensor, b: Tensor): Tensor | Tensor[] {
    switch (this.mergeMode) {
      case 'concat': return concat([a, b], -1);
      case 'sum': return add(a, b);
      case 'mul': return mul(a, b);
      case 'ave': return scale(add(a, b), 0.5);
      case 'max': return maximum(a, b);
      case null: return [a, b];
    }
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const f = this.forwardLayer.computeOutputShape(inputShape);
    const fl = isShapeList(f) ? f : [f];
    const out = fl[0];
    const states = fl.slice(1);
    const merged: Shape[] = this.mergeMode === 'concat'
      ? [[...out.slice(0, -1), (out[out.length - 1] as number) * 2]]
      : this.mergeMode === null ? [out, [...out]] : [out];
    const all = [...merged, ...states, ...states.map((s) => [...s])];
    return all.length === 1 ? all[0] : all;
  }

  override computeMask(_inputs: LayerInput, mask: MaskOutput | undefined): MaskOutput {
    const m = Array.isArray(mask) ? mask[0] ?? null : mask ?? null;
    const out = this.forwardLayer.returnSequences ? m : null;
    const nOut = this.mergeMode === null ? 2 : 1;
    const nStates = this.forwardLayer.returnState ? 2 * (this.forwardLayer instanceof RecurrentLayer && this.forwardLayer.className === 'LSTM' ? 2 : 1) : 0;
    if (nOut === 1 && nStates === 0) return out;
    return [...Array.from({ length: nOut }, () => out), ...Array.from({ length: nStates }, () => null)];
  }

  override resetStates(): void {
    this.forwardLayer.resetStates();
    this.backwardLayer.resetStates();
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      mergeMode: this.mergeMode,
      layer: { className: this.forwardLayer.className, config: this.forwardLayer.getConfig() },
      backwardLayer: { className: this.backwardLayer.className, config: this.backwardLayer.getConfig() },
    };
  }
}

registerLayer('Bidirectional', (config) => {
  const spec = config.layer as { className: string; config: Record<string, unknown> } | undefined;
  if (!spec) throw new ValueError('Bidirectional config needs a `layer` entry {className, config}.');
  const layer = deserializeLayer(spec.className, spec.config);
  if (!(layer instanceof RecurrentLayer)) throw new ValueError(`Bidirectional: layer ${spec.className} is not recurrent.`);
  const bspec = config.backwardLayer as { className: string; config: Record<string, unknown> } | undefined;
  const backwardLayer = bspec ? deserializeLayer(bspec.className, bspec.config) : undefined;
  const { layer: _l, backwardLayer: _b, ...rest } = config;
  return new Bidirectional(layer, {
    ...(rest as BidirectionalArgs),
    backwardLayer: backwardLayer instanceof RecurrentLayer ? backwardLayer : undefined,
  });
});
