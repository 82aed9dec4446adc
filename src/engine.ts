// The engine: everything that runs in a browser too (no Node-only imports below this file).
export * from './errors.js';
export * from './tensor/index.js';
export * from './backend/backend.js';
export * from './backend/registry.js';
export * from './autograd/index.js';
export * as ops from './ops/index.js';
export * from './initializers/index.js';
export * from './regularizers/index.js';
export * from './optim/index.js';
export * from './losses/index.js';
export * from './metrics/index.js';
export * from './layers/index.js';
export * from './models/index.js';
export * from './inspect/index.js';
export * as scratch from './scratch/index.js';
