// Models: Sequential, the functional Model, training (fit/evaluate/predict) and callbacks.
import type { Layer } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { Model, type ModelArgs } from './functional.js';
import { Sequential, type SequentialArgs } from './sequential.js';

export { LayersModel, type InputSpec, type EvaluateArgs, type PredictArgs } from './model.js';
export { Sequential, type SequentialArgs } from './sequential.js';
export { Model, type ModelArgs } from './functional.js';
export type { FitArgs } from './fit.js';
export type { CompileArgs, Compiled, NamedMetric, OptimizerId, LossId, MetricId } from './compile.js';
export type { ModelData, NestedArray } from './data.js';
export {
  Callback, History, EarlyStopping, LambdaCallback, CallbackList, earlyStopping, lambdaCallback,
  type CallbackHooks, type CallbackLike, type CallbackModel, type EarlyStoppingArgs, type Logs, type TrainParams,
} from './callbacks.js';
export { ProgressLogger } from './progress.js';
export { formatSummary, type SummaryRow } from './summary.js';

/** A Sequential model: `sequential({layers: [layers.dense({units: 4, inputShape: [2]}), ...]})`. */
export function sequential(args: SequentialArgs | (Layer | SymbolicTensor)[] = {}): Sequential {
  return new Sequential(Array.isArray(args) ? { layers: args } : args);
}

/** A functional model from symbolic inputs and outputs: `model({inputs: x, outputs: y})`. */
export function model(args: ModelArgs): Model {
  return new Model(args);
}
export type { SampleWeightInput, ClassWeight } from './sampleWeights.js';
