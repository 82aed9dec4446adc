export { Optimizer, type GradPair, type OptimizerOptions, type OptimizerState } from './optimizer.js';
export {
  Adagrad, Adam, RMSprop, SGD, type AdagradOptions, type AdamOptions, type RMSpropOptions, type SGDOptions,
} from './optimizers.js';
export { adagrad, adam, getOptimizer, rmsprop, sgd } from './registry.js';
export * as optimizers from './registry.js';
