export * from './tape.js';
export * from './op.js';
export * from './gradcheck.js';
