import { ValueError, fmtShape } from '../errors.js';
import { Embedding } from '../layers/core/embedding.js';
import { InputLayer } from '../layers/core/input.js';
import { Layer, type CallOptions, type MaskOutput, type Shape } from '../layers/layer.js';
import { deserializeLayer, registerLayer } from '../layers/registry.js';
import { SymbolicTensor } from '../layers/symbolic.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { checkShape } from './data.js';
import { LayersModel, type InputSpec } from './model.js';
import type { ForwardResult } from './outputMask.js';
import type { SummaryRow } from './summary.js';

export interface SequentialArgs {
  layers?: (Layer | SymbolicTensor)[];
  name?: string;
}

/**
 * A stack of layers, each feeding the next. It is built as soon as the first layer declares
 * inputShape (or an input layer is added), else on the first data it sees.
 */
export class Sequential extends LayersModel {
  readonly className = 'Sequential';
  private readonly stack: Layer[] = [];
  private input: InputSpec | null = null;
  /** Output shape of each layer once built. */
  private outShapes: Shape[] = [];

  constructor(args: SequentialArgs = {}) {
    super({ name: args.name }, 'sequential');
    for (const l of args.layers ?? []) this.add(l);
  }

  get layers(): Layer[] {
    return [...this.stack];
  }

  /** Appends a layer (or an input from input()/inputLayer(), which only declares the input). */
  add(layer: Layer | SymbolicTensor): void {
    if (layer instanceof SymbolicTensor) {
      const node = layer.node;
      if (!node || !(node.layer instanceof InputLayer)) throw new ValueError('Sequential.add: a symbolic tensor must come from input().');
      layer = node.layer;
    }
    if (!(layer instanceof Layer)) throw new ValueError(`Sequential.add: expected a layer, got ${typeof layer}.`);
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.input) throw new ValueError('Sequential.add: an input layer can only come first.');
      this.input = { shape: layer.batchInputShape, dtype: layer.dtype };
      this.buildStack([...(layer.batchInputShape as Shape)]);
      return;
    }
    if (this.stack.some((l) => l === layer)) throw new ValueError(`Sequential.add: layer '${layer.name}' is already in the model.`);
    if (this.stack.length === 0 && !this.input && layer.batchInputShape) {
      this.input = { shape: [...layer.batchInputShape], dtype: layer instanceof Embedding ? 'int32' : layer.dtype };
    }
    this.stack.push(layer);
    if (this.input?.shape) this.buildStack([...this.input.shape]);
  }

  /** Removes the last layer. */
  pop(): Layer {
    const l = this.stack.pop();
    if (!l) throw new ValueError('Sequential.pop: the model has no layers.');
    this.outShapes.length = this.stack.length;
    return l;
  }

  inputSpecs(): InputSpec[] {
    if (this.input) return [this.input];
    const first = this.stack[0];
    const dtype: DType = first instanceof Embedding ? 'int32' : 'float32';
    return [{ shape: null, dtype }];
  }

  /** Builds every layer not built yet, chaining output shapes from the batch input shape. */
  private buildStack(batchInputShape: Shape): void {
    let shape = batchInputShape;
    this.outShapes = [];
    for (const l of this.stack) {
      l.ensureBuilt(shape);
      shape = l.computeOutputShape(shape) as Shape;
      this.outShapes.push(shape);
    }
    if (this.stack.length > 0) this.built = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    if (!this.input) this.input = { shape: [null, ...s.slice(1)], dtype: this.inputSpecs()[0].dtype };
    this.buildStack([null, ...s.slice(1)]);
  }

  buildFor(xs: Tensor[]): void {
    if (this.stack.length === 0) throw new ValueError(`${this.name}: the model has no layers; add some with model.add(layer).`);
    if (xs.length !== 1) throw new ValueError(`${this.name}: a Sequential model takes one input, got ${xs.length}.`);
    const x = xs[0];
    if (!this.input?.shape) this.input = { shape: [null, ...x.shape.slice(1)], dtype: this.inputSpecs()[0].dtype };
    if (!this.built || this.outShapes.length !== this.stack.length) this.buildStack([null, ...x.shape.slice(1)]);
    checkShape(x, this.input.shape as Shape, `${this.name} input`);
  }

  protected forward(xs: Tensor[], opts: CallOptions): Tensor {
    return this.forwardWithMask(xs, opts).output;
  }

  /** The forward pass with the last layer's output mask (null when none). */
  override forwardWithMask(xs: Tensor[], opts: CallOptions): ForwardResult {
    let x = xs[0];
    let mask: MaskOutput = (opts.mask as MaskOutput | undefined) ?? null;
    for (const l of this.stack) {
      const y = l.call(x, { ...opts, mask });
      mask = l.computeMask(x, mask);
      if (Array.isArray(y)) throw new ValueError(`${this.name}: layer '${l.name}' returned ${y.length} tensors; a Sequential model needs one output per layer.`);
      x = y;
    }
    return { output: x, mask: Array.isArray(mask) ? (mask[0] ?? null) : mask };
  }

  outputShapeOf(): Shape {
    if (!this.built || this.outShapes.length === 0) throw new ValueError(`${this.name}: the model is not built yet; call fit/predict or give the first layer an inputShape.`);
    return this.outShapes[this.outShapes.length - 1];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    let shape = inputShape as Shape;
    for (const l of this.stack) {
      l.ensureBuilt(shape);
      shape = l.computeOutputShape(shape) as Shape;
    }
    return shape;
  }

  protected summaryRows(): SummaryRow[] {
    if (!this.built || this.outShapes.length !== this.stack.length) {
      throw new ValueError(`${this.name}: summary() needs a built model; give the first layer an inputShape (e.g. {inputShape: [4]}) or call fit/predict first.`);
    }
    return this.stack.map((l, i) => ({ name: l.name, type: l.className, outputShape: this.outShapes[i], params: l.countParams() }));
  }

  override getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      layers: this.stack.map((l) => ({ className: l.className, config: l.getConfig() })),
      ...(this.input?.shape ? { batchInputShape: this.input.shape, inputDtype: this.input.dtype } : {}),
    };
  }

  override toString(): string {
    return `Sequential(${this.name}, ${this.stack.length} layers${this.input?.shape ? `, input ${fmtShape(this.input.shape)}` : ''})`;
  }
}

registerLayer('Sequential', (c) => {
  const specs = (c.layers ?? []) as { className: string; config: Record<string, unknown> }[];
  return new Sequential({ name: c.name as string | undefined, layers: specs.map((l) => deserializeLayer(l.className, l.config)) });
});
