// The `layers` namespace: tfjs-style factories, e.g. layers.dense({units: 1}), layers.lstm({units: 32}).
export * from './core/factories.js';
export * from './rnn/factories.js';
export * from './conv/factories.js';
export * from './attention/factories.js';
