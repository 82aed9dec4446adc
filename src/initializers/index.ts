export type { Initializer, SeedOptions, RandomNormalOptions, RandomUniformOptions, VarianceScalingOptions, FanMode, VarianceDistribution } from './initializers.js';
export type { SerializedObject } from './config.js';
export { computeFans } from './fans.js';
export { getInitializer, initializerNames } from './registry.js';
export * as initializers from './api.js';
