// The `metrics` namespace: metrics.binaryAccuracy({threshold: 0.7}), metrics.categoricalAccuracy().
import { BinaryAccuracy, CategoricalAccuracy, MeanMetric, SparseCategoricalAccuracy, type Metric } from './metrics.js';

export const binaryAccuracy = (opts: { name?: string; threshold?: number } = {}): Metric => new BinaryAccuracy(opts);
export const categoricalAccuracy = (opts: { name?: string } = {}): Metric => new CategoricalAccuracy(opts);
export const sparseCategoricalAccuracy = (opts: { name?: string } = {}): Metric => new SparseCategoricalAccuracy(opts);
export const mean = (name: string): MeanMetric => new MeanMetric(name);
