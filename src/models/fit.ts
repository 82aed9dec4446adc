// The fit loop: batches, shuffling, validation, callbacks, and the non-finite loss check.
import { NonFiniteLossError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { CallbackList, History, type CallbackLike, type Logs, type TrainParams } from './callbacks.js';
import { range, sliceRows, takeRows, yieldToEventLoop, type ModelData, type NestedArray } from './data.js';
import type { LayersModel } from './model.js';
import { ProgressLogger } from './progress.js';
import { checkNotBoth, resolveSampleWeights, toSampleWeights, type ClassWeight, type SampleWeightInput } from './sampleWeights.js';

export interface FitArgs {
  /** Samples per gradient step. Default 32. */
  batchSize?: number;
  /** Train until this epoch (counting initialEpoch). Default 1. */
  epochs?: number;
  /** 0 silent, 1 progress bar (Node terminal), 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  /**
   * [x, y] or [x, y, sampleWeight] evaluated at the end of every epoch (logged as val_loss,
   * val_accuracy, ...). classWeight does not apply to it (as in Keras).
   */
  validationData?: [ModelData, Tensor | NestedArray] | [ModelData, Tensor | NestedArray, SampleWeightInput];
  /**
   * One weight per training sample ([N] or [N, 1], finite, >= 0). The loss of a batch becomes Keras'
   * Σ w_i·L_i / B (divided by the batch size, not by Σ w), metrics become weighted means. With
   * validationSplit the held-out part keeps its weights for the validation pass.
   */
  sampleWeight?: SampleWeightInput;
  /**
   * Class id -> weight, e.g. {0: 1, 1: 3}: each training sample weighs classWeight[its class] (its
   * sparse id, the argmax of a one-hot row, or the rounded 0/1 of a binary target; 1 if not listed).
   * Not together with sampleWeight, and not for 3+ dimensional targets (Keras refuses both).
   */
  classWeight?: ClassWeight;
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
  checkNotBoth(args, 'fit');
  // Sample weights [N] travel with their samples: split with them, and permuted by the same order.
  let sw = args.sampleWeight == null ? null : toSampleWeights(args.sampleWeight, xs[0].shape[0], 'fit');
  let val: { xs: Tensor[]; y: Tensor; sw: Tensor | null } | null = null;
  if (args.validationData) {
    if (!Array.isArray(args.validationData) || args.validationData.length < 2 || args.validationData.length > 3) {
      throw new ValueError(`fit: validationData must be [x, y] or [x, y, sampleWeight], got ${Array.isArray(args.validationData) ? `an array of ${args.validationData.length}` : typeof args.validationData}.`);
    }
    const vd = args.validationData;
    const vxs = model.prepareInputs(vd[0], 'fit (validationData)');
    const vsw = vd.length === 3 && vd[2] != null ? toSampleWeights(vd[2], vxs[0].shape[0], 'fit (validationData)') : null;
    val = { xs: vxs, y: model.prepareLabels(vd[1], vxs[0].shape[0], 'fit (validationData)'), sw: vsw };
  } else if (args.validationSplit) {
    const s = args.validationSplit;
    if (!(s > 0 && s < 1)) throw new ValueError(`fit: validationSplit must be in (0, 1), got ${s}.`);
    const total = xs[0].shape[0];
    const splitAt = Math.floor(total * (1 - s));
    if (splitAt === 0 || splitAt === total) {
      throw new ValueError(`fit: validationSplit ${s} of ${total} samples leaves ${splitAt} for training and ${total - splitAt} for validation; both must be non-empty.`);
    }
    val = { xs: xs.map((t) => sliceRows(t, splitAt, total)), y: sliceRows(ys, splitAt, total), sw: sw ? sliceRows(sw, splitAt, total) : null };
    xs = xs.map((t) => sliceRows(t, 0, splitAt));
    ys = sliceRows(ys, 0, splitAt);
    if (sw) sw = sliceRows(sw, 0, splitAt);
  }
  // classWeight weighs the training samples only (Keras converts it in the training data adapter).
  if (args.classWeight != null) sw = resolveSampleWeights({ classWeight: args.classWeight }, ys, model.outputShapeOf(), compiled.lossName, 'fit');
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
        const bw = sw ? takeRows(sw, order, start, end) : null; // [end − start], same permutation as bx/by
        const loss = model.trainStep(bx, by, (v) => {
          if (Number.isFinite(v)) return;
          const last = lastFinite
            ? `the last finite loss was ${lastFinite.loss} (epoch ${lastFinite.epoch + 1}, batch ${lastFinite.batch + 1})`
            : 'no batch had a finite loss before';
          throw new NonFiniteLossError(`fit: the loss is ${v} at epoch ${epoch + 1}/${epochs}, batch ${b + 1}/${steps}; ${last}. `
            + 'Training stopped before applying this batch. Check the data for NaN/Inf, lower the learning rate, or clip gradients (clipnorm).');
        }, bw);
        lastFinite = { loss, epoch, batch: b };
        lossSum += loss * (end - start);
        seen += end - start;
        await list.batchEnd(b, { loss: lossSum / seen, ...model.metricLogs() });
        if (model.stopTraining) break;
        if ((b + 1) % yieldEvery === 0) await yieldToEventLoop();
      }
      let logs: Logs = { loss: lossSum / Math.max(1, seen), ...model.metricLogs() };
      if (val) logs = withVal(logs, model.evaluateTensors(val.xs, val.y, args.validationBatchSize ?? batchSize, val.sw));
      await list.epochEnd(epoch, logs);
    }
    finished = true;
  } finally {
    if (!finished) progress?.onTrainEnd();
  }
  await list.trainEnd({});
  return history;
}
