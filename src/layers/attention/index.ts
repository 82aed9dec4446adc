// Attention layers (classes, argument types, ops); the lower-case factories live in factories.ts.
export { Attention, AdditiveAttention, type AttentionArgs, type AdditiveAttentionArgs } from './attention.js';
export { AttentionPooling, type AttentionPoolingArgs } from './attention-pooling.js';
export { batchMatmul } from './ops.js';
