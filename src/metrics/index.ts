export type { Metric, AccuracyKind } from './metrics.js';
export { Accuracy, BinaryAccuracy, CategoricalAccuracy, LossMetric, MeanMetric, SparseCategoricalAccuracy, accuracyKind, meanMetric } from './metrics.js';
export { metricNames, resolveMetric } from './registry.js';
export * as metrics from './api.js';
