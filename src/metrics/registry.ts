import { ValueError, unknownName } from '../errors.js';
import { nameKey } from '../initializers/config.js';
import type { LossFn } from '../losses/loss.js';
import { lossNames, resolveLoss } from '../losses/registry.js';
import { Accuracy, BinaryAccuracy, CategoricalAccuracy, LossMetric, SparseCategoricalAccuracy, type Metric } from './metrics.js';

const ACCURACIES: Record<string, (name: string) => Metric> = {
  binaryaccuracy: (name) => new BinaryAccuracy({ name }),
  categoricalaccuracy: (name) => new CategoricalAccuracy({ name }),
  sparsecategoricalaccuracy: (name) => new SparseCategoricalAccuracy({ name }),
};

/** The metric names resolveMetric knows. */
export function metricNames(): string[] {
  return ['accuracy', 'acc', 'binaryAccuracy', 'categoricalAccuracy', 'sparseCategoricalAccuracy', ...lossNames()];
}

/**
 * Resolves a metric for a model compiled with loss `lossName`. A Metric passes through. Strings:
 * 'accuracy' / 'acc' (variant picked as Keras does, see accuracyKind), 'binaryAccuracy',
 * 'categoricalAccuracy', 'sparseCategoricalAccuracy' (snake_case too), or any loss name ('mse',
 * 'mae', 'binaryCrossentropy', ...) as a mean-of-loss metric. The metric is named by the string given,
 * as Keras names history keys.
 */
export function resolveMetric(id: string | Metric, lossName: string): Metric {
  if (typeof id === 'object' && id !== null && typeof id.update === 'function' && typeof id.result === 'function') return id;
  if (typeof id !== 'string') {
    throw new ValueError(`resolveMetric: expected a metric name or a Metric, got ${JSON.stringify(id)}.`);
  }
  const key = nameKey(id);
  if (key === 'accuracy' || key === 'acc') return new Accuracy(id, lossName);
  const acc = ACCURACIES[key];
  if (acc) return acc(id);
  let loss: { name: string; fn: LossFn };
  try {
    loss = resolveLoss(id);
  } catch {
    unknownName('metric', id, metricNames());
  }
  return new LossMetric(id, loss.fn);
}
