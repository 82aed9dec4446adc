import { ValueError, fmtShape } from '../../errors.js';
import type { DType } from '../../tensor/tensor.js';
import { Layer, single, type CallOptions, type LayerInput, type LayerOutput } from '../layer.js';
import { registerLayer } from '../registry.js';
import { SymbolicTensor, type GraphNode, type Shape } from '../symbolic.js';

export interface InputLayerArgs {
  /** Shape without the batch axis, e.g. [10] for 10 ids. */
  inputShape?: Shape;
  batchInputShape?: Shape;
  batchSize?: number;
  dtype?: DType;
  name?: string;
}

/**
 * The entry point of a functional model: an identity layer that declares the input's shape and
 * dtype (int32 for token ids). Created by `input()`; Sequential models make one implicitly.
 */
export class InputLayer extends Layer {
  readonly className = 'InputLayer';
  /** The symbolic tensor this layer produces. */
  readonly output: SymbolicTensor;

  constructor(args: InputLayerArgs) {
    if (!args.inputShape && !args.batchInputShape) {
      throw new ValueError('InputLayer: give inputShape (without the batch axis) or batchInputShape.');
    }
    super({ ...args, dtype: args.dtype ?? 'float32' }, 'input');
    const shape = this.batchInputShape as Shape;
    for (const d of shape.slice(1)) {
      if (d !== null && (!Number.isInteger(d) || d <= 0)) {
        throw new ValueError(`${this.name}: input shape ${fmtShape(shape)} must have positive integer (or null) dimensions.`);
      }
    }
    this.built = true;
    this.output = new SymbolicTensor(shape, this.dtype, this.name);
    const node: GraphNode = { layer: this, inputs: [], outputs: [this.output], callArgs: {} };
    this.output.node = node;
    this.inboundNodes.push(node);
  }

  call(inputs: LayerInput, _opts: CallOptions): LayerOutput {
    return single(this, inputs);
  }

  protected override outputDtype(_inputDtype: DType): DType {
    return this.dtype;
  }

  override getConfig(): Record<string, unknown> {
    return { batchInputShape: this.batchInputShape, dtype: this.dtype, sparse: false, name: this.name };
  }
}

export interface InputArgs {
  /** Shape without the batch axis. */
  shape?: Shape;
  batchShape?: Shape;
  batchSize?: number;
  dtype?: DType;
  name?: string;
}

/** A symbolic input of a functional model: `const x = input({shape: [20], dtype: 'int32'})`. */
export function input(args: InputArgs): SymbolicTensor {
  if (!args.shape && !args.batchShape) throw new ValueError('input(): give shape (without the batch axis), e.g. input({shape: [10]}).');
  const layer = new InputLayer({
    inputShape: args.shape, batchInputShape: args.batchShape, batchSize: args.batchSize, dtype: args.dtype, name: args.name,
  });
  return layer.output;
}

registerLayer('InputLayer', (c) => new InputLayer(c as InputLayerArgs));
