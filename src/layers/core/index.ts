// Core layers (classes and argument types); the lower-case factories live in factories.ts.
export { InputLayer, input, type InputLayerArgs, type InputArgs } from './input.js';
export { Dense, type DenseArgs } from './dense.js';
export { Embedding, type EmbeddingArgs } from './embedding.js';
export { Dropout, Activation, Masking, type DropoutArgs, type ActivationArgs, type MaskingArgs } from './basic.js';
export { Flatten, Reshape, RepeatVector, type ReshapeArgs, type RepeatVectorArgs } from './shape.js';
