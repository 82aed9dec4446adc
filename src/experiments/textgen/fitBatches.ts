// Training from a batch generator (data too large to materialise, e.g. one-hot windows built per
// batch): the fit loop of src/models/fit.ts over `batch(epoch, b)` instead of a tensor.
import { NonFiniteLossError, ValueError } from '../../errors.js';
import { CallbackList, History, type CallbackLike, type Logs, type TrainParams } from '../../models/callbacks.js';
import type { LayersModel } from '../../models/model.js';
import { ProgressLogger } from '../../models/progress.js';
import type { Tensor } from '../../tensor/tensor.js';

export interface FitBatchesArgs {
  /** Batches per epoch. */
  steps: number;
  /** Samples per epoch (for the callbacks' params). */
  samples: number;
  /** The b-th batch of an epoch: inputs (one tensor per model input) and labels. */
  batch: (epoch: number, b: number) => { xs: Tensor[]; y: Tensor };
  /** Train until this epoch. Default 1. */
  epochs?: number;
  /** Epoch to start at. Default 0. */
  initialEpoch?: number;
  /** Total epochs shown by the progress output ("Epoch 3/25") when training runs in chunks. Default epochs. */
  totalEpochs?: number;
  /** 0 silent, 1 progress bar (TTY), 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  callbacks?: CallbackLike[];
  /** Extra per-batch values (e.g. the loss without penalties) to average over the epoch like the loss. */
  stepLogs?: () => Logs;
  /** Line printer of the progress logger. Default console.log. */
  print?: (line: string) => void;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Trains a compiled, built model on the batches `args.batch` produces, with Keras callbacks and
 * progress output; returns the History (epoch means of `loss` and of the `stepLogs` values).
 */
export async function fitBatches(model: LayersModel, args: FitBatchesArgs): Promise<History> {
  model.requireCompiled('fitBatches');
  const { steps, samples } = args;
  if (!Number.isInteger(steps) || steps < 1) throw new ValueError(`fitBatches: steps must be an integer >= 1, got ${steps}.`);
  const epochs = args.epochs ?? 1;
  const initialEpoch = args.initialEpoch ?? 0;
  const verbose = args.verbose ?? 1;
  const history = new History();
  const progress = verbose > 0 ? new ProgressLogger(verbose, args.print) : null;
  const list = new CallbackList([...(args.callbacks ?? []), history, ...(progress ? [progress] : [])]);
  const params: TrainParams = {
    epochs: args.totalEpochs ?? epochs, initialEpoch, steps, samples, batchSize: Math.ceil(samples / steps), verbose, doValidation: false, metrics: ['loss'],
  };
  list.setup(model, params);
  model.stopTraining = false;
  await list.trainBegin({});
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    await list.epochBegin(epoch, {});
    const sums: Logs = {};
    let seen = 0;
    for (let b = 0; b < steps; b++) {
      await list.batchBegin(b, { batch: b });
      const { xs, y } = args.batch(epoch, b);
      const n = xs[0].shape[0];
      const loss = model.trainStep(xs, y, (v) => {
        if (!Number.isFinite(v)) {
          throw new NonFiniteLossError(`fitBatches: the loss is ${v} at epoch ${epoch + 1}, batch ${b + 1}/${steps}; lower the learning rate or clip gradients.`);
        }
      });
      const logs: Logs = { loss, ...(args.stepLogs?.() ?? {}) };
      for (const [k, v] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + v * n;
      seen += n;
      const means: Logs = {};
      for (const [k, v] of Object.entries(sums)) means[k] = v / seen;
      await list.batchEnd(b, means);
      if (model.stopTraining) break;
      if (b % 8 === 7) await tick();
    }
    const epochLogs: Logs = {};
    for (const [k, v] of Object.entries(sums)) epochLogs[k] = v / Math.max(1, seen);
    await list.epochEnd(epoch, epochLogs);
  }
  await list.trainEnd({});
  return history;
}
