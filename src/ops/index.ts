export * from './util.js';
export * from './matmul.js';
export * from './elementwise.js';
