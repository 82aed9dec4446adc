import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { gather } from '../../ops/indexing.js';
import { Tensor, type Variable } from '../../tensor/tensor.js';
import {
  Layer, single, type CallOptions, type ConstraintId, type InitializerId, type LayerArgs, type LayerInput,
  type LayerOutput, type MaskOutput, type RegularizerId, type Shape,
} from '../layer.js';
import { noteGathered } from '../inference.js';
import { inBufferScope } from '../../tensor/pool.js';
import { registerLayer } from '../registry.js';
import { checkPositiveInt, serializeId } from './util.js';

export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: ids must lie in [0, inputDim). */
  inputDim: number;
  outputDim: number;
  embeddingsInitializer?: InitializerId;
  embeddingsRegularizer?: RegularizerId | null;
  embeddingsConstraint?: ConstraintId | null;
  /** Treat id 0 as padding: the layer outputs a mask (ids != 0) for the layers after it. */
  maskZero?: boolean;
  /** Length of the input sequences (Keras 2 argument; same as inputShape: [inputLength]). */
  inputLength?: number | null;
}

/** Keras' default: RandomUniform(-0.05, 0.05). */
const DEFAULT_INIT: InitializerId = { className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } };

/**
 * Looks up a row of the table for every id: ids [...] (int32) -> [..., outputDim].
 * Float ids holding integers are accepted and converted; ids outside [0, inputDim) are an error.
 * The gradient is sparse (only the looked-up rows).
 */
export class Embedding extends Layer {
  readonly className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly inputLength: number | null;
  private readonly args: EmbeddingArgs;
  embeddings: Variable | null = null;

  constructor(args: EmbeddingArgs) {
    const withShape: LayerArgs = args.inputLength != null && !args.inputShape && !args.batchInputShape
      ? { ...args, inputShape: [args.inputLength] }
      : args;
    super(withShape);
    this.inputDim = checkPositiveInt(args.inputDim, 'inputDim', `${this.name} (Embedding)`);
    this.outputDim = checkPositiveInt(args.outputDim, 'outputDim', `${this.name} (Embedding)`);
    this.maskZero = args.maskZero ?? false;
    this.inputLength = args.inputLength ?? null;
    this.args = args;
  }

  override build(_inputShape: Shape | Shape[]): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], this.args.embeddingsInitializer ?? DEFAULT_INIT, {
      regularizer: this.args.embeddingsRegularizer, constraint: this.args.embeddingsConstraint,
    });
    this.built = true;
  }

  call(inputs: LayerInput, _opts: CallOptions): LayerOutput {
    const ids = this.toIds(single(this, inputs));
    const out = gather(this.embeddings as Variable, ids, { stepOutput: true }); // [...ids.shape, outputDim]
    // Lets a recurrent layer share the projection of repeated ids (a pooled output is a model step's own)
    noteGathered(out, this.embeddings as Variable, ids, inBufferScope());
    return out;
  }

  /** int32 ids, checked against [0, inputDim). */
  private toIds(x: Tensor): Tensor {
    let ids = x;
    if (x.dtype !== 'int32') {
      const data = new Int32Array(x.size);
      for (let i = 0; i < x.size; i++) {
        const v = x.data[i];
        if (!Number.isInteger(v)) {
          throw new DTypeError(`${this.name} (Embedding): ids must be integers, got ${v} at flat index ${i} of a ${x.dtype} tensor ${fmtShape(x.shape)}.`);
        }
        data[i] = v;
      }
      ids = new Tensor(data, x.shape); // ids [...x.shape] int32
    }
    const d = ids.data;
    for (let i = 0; i < d.length; i++) {
      if (d[i] < 0 || d[i] >= this.inputDim) {
        throw new ValueError(`${this.name} (Embedding): id ${d[i]} at flat index ${i} of ids ${fmtShape(ids.shape)} is out of range; inputDim = ${this.inputDim}, so ids must be in [0, ${this.inputDim - 1}].`);
      }
    }
    return ids;
  }

  /** With maskZero: 1 where the id is not 0, else 0, as float32 [...ids.shape]. */
  override computeMask(inputs: LayerInput, _mask: MaskOutput | undefined): MaskOutput {
    if (!this.maskZero) return null;
    const x = single(this, inputs);
    const m = new Float32Array(x.size); // mask [...x.shape]
    for (let i = 0; i < x.size; i++) m[i] = x.data[i] !== 0 ? 1 : 0;
    return new Tensor(m, x.shape);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    if (shape.length < 1) throw new ShapeError(`${this.name} (Embedding): expected ids with a batch axis, got shape ${fmtShape(shape)}.`);
    return [...shape, this.outputDim];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeId(this.args.embeddingsInitializer ?? DEFAULT_INIT),
      embeddingsRegularizer: serializeId(this.args.embeddingsRegularizer),
      embeddingsConstraint: serializeId(this.args.embeddingsConstraint),
      maskZero: this.maskZero,
      inputLength: this.inputLength,
    };
  }
}

registerLayer('Embedding', (c) => new Embedding(c as unknown as EmbeddingArgs));
