export * from './layer.js';
export * from './symbolic.js';
export * from './registry.js';
export * from './activations.js';
export * from './core/index.js';
export * from './rnn/index.js';
export * from './conv/index.js';
export * from './attention/index.js';
export * as layers from './api.js';
