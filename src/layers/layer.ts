import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { getInitializer, type Initializer } from '../initializers/index.js';
import { getConstraint, getRegularizer, type Constraint, type Regularizer } from '../regularizers/index.js';
import { getGlobalRng, type Rng } from '../tensor/rng.js';
import { Tensor, Variable, sizeOf, type DType } from '../tensor/tensor.js';
import { SymbolicTensor, type GraphNode, type Shape } from './symbolic.js';

export type { Shape } from './symbolic.js';
export type InitializerId = string | Initializer | { className: string; config?: Record<string, unknown> };
export type RegularizerId = string | Regularizer | { className: string; config?: Record<string, unknown> };
export type ConstraintId = string | Constraint | { className: string; config?: Record<string, unknown> };

/** Arguments every layer accepts (Keras / tfjs-layers names). */
export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  /** Input shape without the batch axis, e.g. [100] for ids or [10, 60] for one-hot windows. */
  inputShape?: Shape;
  /** Input shape with the batch axis (batch usually null). */
  batchInputShape?: Shape;
  batchSize?: number;
  dtype?: DType;
}

/** What a layer's call receives besides its input tensors. */
export interface CallOptions {
  /** Training mode: dropout active, statistics updated. */
  training?: boolean;
  /** Mask of the input ([batch, time], 1 = keep, 0 = masked), or one per input. */
  mask?: Tensor | null | (Tensor | null)[];
  /** Random generator for dropout (the model passes its own seeded one). */
  rng?: Rng;
  /** Initial states for recurrent layers. */
  initialState?: Tensor[];
}

export type LayerInput = Tensor | Tensor[];
export type LayerOutput = Tensor | Tensor[];
export type MaskOutput = Tensor | null | (Tensor | null)[];

const nameCounts = new Map<string, number>();

/** Keras-style unique names: 'dense', 'dense_1', 'dense_2', ... */
export function uniqueLayerName(prefix: string): string {
  const n = nameCounts.get(prefix) ?? 0;
  nameCounts.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

function snake(className: string): string {
  return className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** A weight with its regulariser and constraint. */
export interface WeightSpec {
  variable: Variable;
  regularizer: Regularizer | null;
  constraint: Constraint | null;
}

/**
 * Base class of every layer. A subclass sets `className` (the Keras class name), creates its
 * weights in `build(inputShape)` with `addWeight`, computes in `call`, and describes itself in
 * `computeOutputShape` and `getConfig`. Layers that contain layers (Bidirectional, TimeDistributed)
 * list them in `sublayers()` so their weights are collected in Keras order.
 */
export abstract class Layer {
  abstract readonly className: string;
  readonly name: string;
  trainable: boolean;
  built = false;
  /** True if the layer passes its input mask through unchanged (default computeMask). */
  supportsMasking = false;
  /** Batch input shape declared by inputShape/batchInputShape (first layer of a Sequential). */
  readonly batchInputShape: Shape | null;
  readonly dtype: DType;
  protected readonly ownWeights: WeightSpec[] = [];
  /** Graph nodes this layer was applied in (functional API). */
  readonly inboundNodes: GraphNode[] = [];

  constructor(args: LayerArgs = {}, defaultPrefix?: string) {
    this.trainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    else this.batchInputShape = null;
    this.name = args.name ?? uniqueLayerName(defaultPrefix ?? snake(new.target.name.replace(/Layer$/, '')));
  }

  /** Creates the weights for an input shape (batch axis included, as null). */
  build(_inputShape: Shape | Shape[]): void {
    this.built = true;
  }

  /** The computation on concrete tensors. */
  abstract call(inputs: LayerInput, opts: CallOptions): LayerOutput;

  /** Output shape for an input shape (default: unchanged). */
  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /** Output mask: passes the input mask through when supportsMasking, else none. */
  computeMask(_inputs: LayerInput, mask: MaskOutput | undefined): MaskOutput {
    return this.supportsMasking ? (mask ?? null) : null;
  }

  /** The layer's configuration with Keras argument names in camelCase (for saving and summary). */
  getConfig(): Record<string, unknown> {
    const cfg: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape) cfg.batchInputShape = this.batchInputShape;
    return cfg;
  }

  /** Layers nested inside this one, in weight order. */
  sublayers(): Layer[] {
    return [];
  }

  /**
   * Creates a weight: `${layer}/${name}`, initialised from the global seeded generator.
   */
  protected addWeight(name: string, shape: number[], initializer: InitializerId, opts: {
    regularizer?: RegularizerId | null; constraint?: ConstraintId | null; trainable?: boolean;
  } = {}): Variable {
    for (const d of shape) {
      if (!Number.isInteger(d) || d <= 0) {
        throw new ShapeError(`${this.name}: weight '${name}' needs positive integer dimensions, got ${fmtShape(shape)}.`);
      }
    }
    const values = getInitializer(initializer).init(shape, getGlobalRng());
    if (values.length !== sizeOf(shape)) {
      throw new ValueError(`${this.name}: initializer for '${name}' produced ${values.length} values for shape ${fmtShape(shape)}.`);
    }
    const v = new Variable(values, shape, `${this.name}/${name}`, (opts.trainable ?? true) && this.trainable);
    this.ownWeights.push({
      variable: v,
      regularizer: opts.regularizer ? getRegularizer(opts.regularizer) : null,
      constraint: opts.constraint ? getConstraint(opts.constraint) : null,
    });
    return v;
  }

  /** All weight specs, own first, then sublayers' (Keras order). */
  weightSpecs(): WeightSpec[] {
    return [...this.ownWeights, ...this.sublayers().flatMap((l) => l.weightSpecs())];
  }

  get weights(): Variable[] {
    return this.weightSpecs().map((w) => w.variable);
  }
  get trainableWeights(): Variable[] {
    return this.trainable ? this.weights.filter((w) => w.trainable) : [];
  }
  get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.weights.filter((w) => !w.trainable) : this.weights;
  }

  /** Sets trainable on this layer and its variables. */
  setTrainable(trainable: boolean): void {
    this.trainable = trainable;
    for (const l of this.sublayers()) l.setTrainable(trainable);
    for (const w of this.ownWeights) {
      w.variable.trainable = trainable;
      w.variable.requiresGrad = trainable;
    }
  }

  /** Number of weight values. */
  countParams(): number {
    return this.weights.reduce((s, w) => s + w.size, 0);
  }

  /** Copies of the weights, in Keras order and layout. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => new Tensor(w.data.slice(), w.shape));
  }

  /** Sets the weights (same order, shapes must match exactly). */
  setWeights(values: Tensor[]): void {
    const ws = this.weights;
    if (values.length !== ws.length) {
      throw new ValueError(`${this.name}.setWeights: expected ${ws.length} arrays (${ws.map((w) => `${w.name} ${fmtShape(w.shape)}`).join(', ')}), got ${values.length}.`);
    }
    ws.forEach((w, i) => {
      const v = values[i];
      if (v.shape.length !== w.shape.length || v.shape.some((d, j) => d !== w.shape[j])) {
        throw new ShapeError(`${this.name}.setWeights: weight '${w.name}' has shape ${fmtShape(w.shape)}, got ${fmtShape(v.shape)}.`);
      }
      w.assign(v.data);
    });
  }

  /**
   * Applies the layer. On symbolic tensors (functional API) it records a graph node and returns
   * symbolic outputs; on concrete tensors it builds the layer if needed and calls it.
   */
  apply(inputs: SymbolicTensor, opts?: Record<string, unknown>): SymbolicTensor;
  apply(inputs: SymbolicTensor[], opts?: Record<string, unknown>): SymbolicTensor | SymbolicTensor[];
  apply(inputs: LayerInput, opts?: CallOptions): LayerOutput;
  apply(inputs: SymbolicTensor | SymbolicTensor[] | LayerInput, opts: CallOptions | Record<string, unknown> = {}):
    SymbolicTensor | SymbolicTensor[] | LayerOutput {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length > 0 && list[0] instanceof SymbolicTensor) {
      return this.applySymbolic(list as SymbolicTensor[], Array.isArray(inputs), opts as Record<string, unknown>);
    }
    const concrete = inputs as LayerInput;
    this.ensureBuilt(Array.isArray(concrete) ? concrete.map(shapeOfTensor) : shapeOfTensor(concrete));
    return this.call(concrete, opts as CallOptions);
  }

  /** Builds the layer once for an input shape. */
  ensureBuilt(inputShape: Shape | Shape[]): void {
    if (!this.built) {
      this.build(inputShape);
      this.built = true;
    }
  }

  private applySymbolic(inputs: SymbolicTensor[], isList: boolean, callArgs: Record<string, unknown>): SymbolicTensor | SymbolicTensor[] {
    const inShape = isList ? inputs.map((s) => s.shape) : inputs[0].shape;
    this.ensureBuilt(inShape);
    const outShape = this.computeOutputShape(inShape);
    const outShapes = isShapeList(outShape) ? outShape : [outShape];
    const outDtype = this.outputDtype(inputs[0].dtype);
    const outputs = outShapes.map((s, i) => new SymbolicTensor(s, outDtype, outShapes.length > 1 ? `${this.name}/out${i}` : this.name, i));
    const node: GraphNode = { layer: this, inputs, outputs, callArgs };
    for (const o of outputs) o.node = node;
    this.inboundNodes.push(node);
    return isShapeList(outShape) ? outputs : outputs[0];
  }

  /** Dtype of the output for a given input dtype (float by default; InputLayer keeps ids). */
  protected outputDtype(_inputDtype: DType): DType {
    return 'float32';
  }

  /** Resets recurrent states (stateful layers override). */
  resetStates(): void {
    for (const l of this.sublayers()) l.resetStates();
  }
}

/** Shape of a concrete tensor as a layer shape (batch axis kept as a number). */
export function shapeOfTensor(t: Tensor): Shape {
  return [...t.shape];
}

/** True if a computeOutputShape result is a list of shapes rather than one shape. */
export function isShapeList(s: Shape | Shape[]): s is Shape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

/** Checks the rank of a layer's input shape with a readable error. */
export function assertRank(layer: Layer, shape: Shape, rank: number | number[], what = 'input'): void {
  const ranks = Array.isArray(rank) ? rank : [rank];
  if (!ranks.includes(shape.length)) {
    throw new ShapeError(`${layer.name} (${layer.className}): expected ${what} of rank ${ranks.join(' or ')}, got shape ${fmtShape(shape)}.`);
  }
}

/** The single tensor of a call, with an error if a list was given. */
export function single(layer: Layer, inputs: LayerInput): Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) throw new ValueError(`${layer.name} (${layer.className}) takes one input, got ${inputs.length}.`);
    return inputs[0];
  }
  return inputs;
}
