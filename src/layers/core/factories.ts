// tfjs-style factories of the core layers: layers.dense({units: 1}), layers.embedding({...}), ...
import { Activation, Dropout, Masking, type ActivationArgs, type DropoutArgs, type MaskingArgs } from './basic.js';
import { Dense, type DenseArgs } from './dense.js';
import { Embedding, type EmbeddingArgs } from './embedding.js';
import { InputLayer, type InputLayerArgs } from './input.js';
import { Flatten, RepeatVector, Reshape, type RepeatVectorArgs, type ReshapeArgs } from './shape.js';
import type { LayerArgs } from '../layer.js';

export { input } from './input.js';

/** An explicit input layer (for a Sequential model): layers.inputLayer({inputShape: [4]}). */
export function inputLayer(args: InputLayerArgs): InputLayer {
  return new InputLayer(args);
}
/** Fully connected layer on the last axis. */
export function dense(args: DenseArgs): Dense {
  return new Dense(args);
}
/** Id -> vector lookup table (maskZero makes id 0 padding). */
export function embedding(args: EmbeddingArgs): Embedding {
  return new Embedding(args);
}
/** Inverted dropout, active in training only. */
export function dropout(args: DropoutArgs): Dropout {
  return new Dropout(args);
}
/** Applies an activation function. */
export function activation(args: ActivationArgs): Activation {
  return new Activation(args);
}
/** [B, ...] -> [B, prod(...)]. */
export function flatten(args: LayerArgs = {}): Flatten {
  return new Flatten(args);
}
/** [B, ...] -> [B, ...targetShape]. */
export function reshape(args: ReshapeArgs): Reshape {
  return new Reshape(args);
}
/** Masks time steps whose features all equal maskValue (default 0). */
export function masking(args: MaskingArgs = {}): Masking {
  return new Masking(args);
}
/** [B, D] -> [B, n, D]. */
export function repeatVector(args: RepeatVectorArgs): RepeatVector {
  return new RepeatVector(args);
}
