// The fit loop: batches, shuffling, validation, callbacks, and the non-finite loss check.
import { NonFiniteLossError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { CallbackList, History, type CallbackLike, type Logs, type TrainParams } from './callbacks.js';
import { range, sliceRows, takeRows, yieldToEventLoop, type ModelData, type NestedArray } from './data.js';
import type { LayersModel } from './model.js';
import { ProgressLogger } from './progress.js';

export interface FitArgs {
  /** Samples per gradient step. Default 32. */
  batchSize?: number;
  /** Train until this epoch (counting initialEpoch). Default 1. */
  epochs?: number;
  /** 0 silent, 1 progress bar (Node terminal), 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  /** [x, y] evaluated at the end of every epoch (logged as val_loss, val_accuracy, ...). */
  validationData?: [ModelData, Tensor | NestedArray];
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  /** Batch size of the validation pass. Default batchSize. */
  validationBatchSize?: number;
  /** Reshuffle the training samples every epoch (with the model's seeded generator). Default true. */
  shuffle?: boolean;
  callbacks?: CallbackLike | CallbackLike[];
  /** Epoch to start at (resuming). Default 0. */
  initialEpoch?: number;
  /** Seeds the model's generator (shuffling and dropout) for a reproducible run. */
  seed?: number;
  /** Yield to the event loop every this many batches. Default 1. */
  yieldEvery?: number;
}

function positiveInt(v: number, what: string): number {
  if (!Number.isInteger(v) || v <= 0) throw new ValueError(`fit: ${what} must be a positive integer, got ${v}.`);
  return v;
}

/** Loss and metric values with the validation ones prefixed. */
function withVal(logs: Logs, val: Logs): Logs {
  const out: Logs = { ...logs };
  for (const [k, v] of Object.entries(val)) out[`val_${k}`] = v;
  return out;
}

export async function runFit(model: LayersModel, x: ModelData, y: Tensor | NestedArray, args: FitArgs): Promise<History> {
  const compiled = model.requireCompiled('fit');
  const batchSize = positiveInt(args.batchSize ?? 32, 'batchSize');
  const epochs = positiveInt(args.epochs ?? 1, 'epochs');
  const initialEpoch = args.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new ValueError(`fit: initialEpoch must be a non-negative integer, got ${initialEpoch}.`);
  const verbose = args.verbose ?? 1;
  const yieldEvery = positiveInt(args.yieldEvery ?? 1, 'yieldEvery');

  let xs = model.prepareInputs(x, 'fit');
  let ys = model.prepareLabels(y, xs[0].shape[0], 'fit');
  let val: { xs: Tensor[]; y: Tensor } | null = null;
  if (args.validationData) {
    if (!Array.isArray(args.validationData) || args.validationData.length < 2) {
      throw new ValueError('fit: validationData must be [x, y].');
    }
    const vxs = model.prepareInputs(args.validationData[0], 'fit (validationData)');
    val = { xs: vxs, y: model.prepareLabels(args.validationData[1], vxs[0].shape[0], 'fit (validationData)') };
  } else if (args.validationSplit) {
    const s = args.validationSplit;
    if (!(s > 0 && s < 1)) throw new ValueError(`fit: validationSplit must be in (0, 1), got ${s}.`);
    const total = xs[0].shape[0];
    const splitAt = Math.floor(total * (1 - s));
    if (splitAt === 0 || splitAt === total) {
      throw new ValueError(`fit: validationSplit ${s} of ${total} samples leaves ${splitAt} for training and ${total - splitAt} for validation; both must be non-empty.`);
    }
    val = { xs: xs.map((t) => sliceRows(t, splitAt, total)), y: sliceRows(ys, splitAt, total) };
    xs = xs.map((t) => sliceRows(t, 0, splitAt));
    ys = sliceRows(ys, 0, splitAt);
  }
  const n = xs[0].shape[0];
  if (n === 0) throw new ValueError('fit: got 0 training samples.');
  const steps = Math.ceil(n / batchSize);
  const rng = model.modelRng(args.seed);

  const history = new History();
  const user = args.callbacks == null ? [] : Array.isArray(args.callbacks) ? args.callbacks : [args.callbacks];
  const progress = verbose > 0 ? new ProgressLogger(verbose) : null;
  const list = new CallbackList([...user, history, ...(progress ? [progress] : [])]);
  const metricNames = ['loss', ...compiled.metrics.map((m) => m.key)];
  const params: TrainParams = {
    epochs, initialEpoch, steps, samples: n, batchSize, verbose, doValidation: val !== null,
    metrics: val ? [...metricNames, ...metricNames.map((k) => `val_${k}`)] : metricNames,
  };
  list.setup(model, params);
  model.stopTraining = false;

  const order = range(n);
  let lastFinite: { loss: number; epoch: number; batch: number } | null = null;
  let finished = false;
  await list.trainBegin({});
  try {
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      await list.epochBegin(epoch, {});
      model.resetMetrics();
      // A fresh permutation of 0..n−1 each epoch (not a reshuffle of the last one), so the order
      // depends only on the RNG state: a run resumed from a checkpoint shuffles as the original.
      if (args.shuffle ?? true) {
        for (let i = 0; i < n; i++) order[i] = i;
        rng.shuffle(order);
      }
      let lossSum = 0;
      let seen = 0;
      for (let b = 0; b < steps; b++) {
        const start = b * batchSize;
        const end = Math.min(n, start + batchSize);
        await list.batchBegin(b, { batch: b, size: end - start });
        const bx = xs.map((t) => takeRows(t, order, start, end)); // [end − start, ...]
        const by = takeRows(ys, order, start, end);
        const loss = model.trainStep(bx, by, (v) => {
          if (Number.isFinite(v)) return;
          const last = lastFinite
            ? `the last finite loss was ${lastFinite.loss} (epoch ${lastFinite.epoch + 1}, batch ${lastFinite.batch + 1})`
            : 'no batch had a finite loss before';
          throw new NonFiniteLossError(`fit: the loss is ${v} at epoch ${epoch + 1}/${epochs}, batch ${b + 1}/${steps}; ${last}. `
            + 'Training stopped before applying this batch. Check the data for NaN/Inf, lower the learning rate, or clip gradients (clipnorm).');
        });
        lastFinite = { loss, epoch, batch: b };
        lossSum += loss * (end - start);
        seen += end - start;
        await list.batchEnd(b, { loss: lossSum / seen, ...model.metricLogs() });
        if (model.stopTraining) break;
        if ((b + 1) % yieldEvery === 0) await yieldToEventLoop();
      }
      let logs: Logs = { loss: lossSum / Math.max(1, seen), ...model.metricLogs() };
      if (val) logs = withVal(logs, model.evaluateTensors(val.xs, val.y, args.validationBatchSize ?? batchSize));
      await list.epochEnd(epoch, logs);
    }
    finished = true;
  } finally {
    if (!finished) progress?.onTrainEnd();
  }
  await list.trainEnd({});
  return history;
}
