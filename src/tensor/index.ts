export * from './tensor.js';
export * from './create.js';
export * from './rng.js';
export * from './pool.js';
