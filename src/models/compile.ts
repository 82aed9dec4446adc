// compile(): resolving the optimizer, loss and metrics of a model.
import { ValueError } from '../errors.js';
import type { SerializedObject } from '../initializers/index.js';
import { resolveLoss, type LossFn } from '../losses/index.js';
import { resolveMetric, type Metric } from '../metrics/index.js';
import { getOptimizer, type Optimizer } from '../optim/index.js';

export type OptimizerId = string | Optimizer | SerializedObject;
export type LossId = string | LossFn | SerializedObject;
export type MetricId = string | Metric;

export interface CompileArgs {
  /** 'sgd', 'adam', 'rmsprop', 'adagrad', or an optimizer object (e.g. optimizers.adam({learningRate: 0.01})). */
  optimizer: OptimizerId;
  /** 'mse', 'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', or (yTrue, yPred) => scalar. */
  loss: LossId;
  /** e.g. ['accuracy']; the history keys use the names given ('acc' stays 'acc'). */
  metrics?: MetricId[];
}

/** A metric with the key it is logged under. */
export interface NamedMetric {
  key: string;
  metric: Metric;
}

export interface Compiled {
  optimizer: Optimizer;
  lossName: string;
  lossFn: LossFn;
  metrics: NamedMetric[];
}

/** Resolves compile arguments, with errors naming what is unknown. */
export function resolveCompileArgs(args: CompileArgs): Compiled {
  if (!args || args.optimizer == null) throw new ValueError("compile(): give an optimizer, e.g. compile({optimizer: 'adam', loss: 'mse'}).");
  if (args.loss == null) throw new ValueError("compile(): give a loss, e.g. compile({optimizer: 'adam', loss: 'binaryCrossentropy'}).");
  const optimizer = getOptimizer(args.optimizer);
  const { name: lossName, fn: lossFn } = resolveLoss(args.loss);
  const metrics: NamedMetric[] = [];
  for (const id of args.metrics ?? []) {
    const metric = resolveMetric(id, lossName);
    const key = metric.name;
    if (key === 'loss' || metrics.some((m) => m.key === key)) throw new ValueError(`compile(): metric '${key}' is given twice (or clashes with 'loss').`);
    metrics.push({ key, metric });
  }
  return { optimizer, lossName, lossFn, metrics };
}
