import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Numbers logged per batch or epoch: {loss, accuracy, val_loss, val_accuracy, ...}. */
export type Logs = Record<string, number>;

/** What fit tells its callbacks before training. */
export interface TrainParams {
  epochs: number;
  initialEpoch: number;
  /** Batches per epoch. */
  steps: number;
  samples: number;
  batchSize: number;
  verbose: number;
  doValidation: boolean;
  /** Names of the logged values ('loss', metrics, then 'val_' ones). */
  metrics: string[];
}

/** The part of a model callbacks use (keeps this module free of the model classes). */
export interface CallbackModel {
  stopTraining: boolean;
  getWeights(): Tensor[];
  setWeights(weights: Tensor[]): void;
}

type MaybePromise = void | Promise<void>;

/** Keras-style hooks; every one is optional and may be async. Epochs and batches count from 0. */
export interface CallbackHooks {
  onTrainBegin?(logs: Logs): MaybePromise;
  onTrainEnd?(logs: Logs): MaybePromise;
  onEpochBegin?(epoch: number, logs: Logs): MaybePromise;
  onEpochEnd?(epoch: number, logs: Logs): MaybePromise;
  onBatchBegin?(batch: number, logs: Logs): MaybePromise;
  onBatchEnd?(batch: number, logs: Logs): MaybePromise;
}

/** Base class of callbacks: fit sets `model` and `params` before onTrainBegin. */
export class Callback {
  model: CallbackModel | null = null;
  params: TrainParams | null = null;
  setModel(model: CallbackModel): void {
    this.model = model;
  }
  setParams(params: TrainParams): void {
    this.params = params;
  }
}

/** What fit's `callbacks` accepts: a Callback subclass or a plain object of hooks. */
export type CallbackLike = Callback | CallbackHooks;

/** Records the epoch-end logs; fit returns it. `history.history.loss[i]` is epoch i's loss. */
export class History extends Callback {
  epoch: number[] = [];
  history: Record<string, number[]> = {};

  onTrainBegin(): void {
    this.epoch = [];
    this.history = {};
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

export interface EarlyStoppingArgs {
  /** Logged value to watch. Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 'min', 'max' or 'auto' (max for accuracies and AUC, else min). Default 'auto'. */
  mode?: 'auto' | 'min' | 'max';
  /** Training stops unless the monitored value beats this. */
  baseline?: number | null;
  /** Restore the weights of the best epoch when stopping. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before starting to monitor. Default 0. */
  startFromEpoch?: number;
  verbose?: number;
}

/** Stops training when the monitored value stops improving (Keras 3 semantics); sets model.stopTraining. */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  readonly verbose: number;
  wait = 0;
  stoppedEpoch = 0;
  best = Infinity;
  bestEpoch = 0;
  private bestWeights: Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ValueError(`earlyStopping: patience must be a non-negative integer, got ${this.patience}.`);
    const mode = args.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(mode)) throw new ValueError(`earlyStopping: mode must be 'auto', 'min' or 'max', got '${mode}'.`);
    const name = this.monitor.toLowerCase();
    this.mode = mode !== 'auto' ? mode : (name.includes('acc') || name.endsWith('auc') ? 'max' : 'min');
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
    this.verbose = args.verbose ?? 0;
  }

  private improved(value: number, reference: number): boolean {
    return this.mode === 'min' ? value + this.minDelta < reference : value - this.minDelta > reference;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = 0;
    this.bestWeights = null;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      if (epoch === this.startFromEpoch) {
        console.warn(`earlyStopping: '${this.monitor}' is not in the logs (available: ${Object.keys(logs).join(', ')}); it does nothing.`);
      }
      return;
    }
    if (epoch < this.startFromEpoch) return;
    const model = this.model;
    if (this.restoreBestWeights && this.bestWeights === null && model) this.bestWeights = model.getWeights();
    this.wait += 1;
    if (this.improved(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights && model) this.bestWeights = model.getWeights();
      if (this.baseline === null || this.improved(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      if (model) {
        model.stopTraining = true;
        if (this.restoreBestWeights && this.bestWeights) model.setWeights(this.bestWeights);
      }
    }
  }

  onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
  }
}

/** Keras' EarlyStopping as a factory: `callbacks: [earlyStopping({patience: 3})]`. */
export function earlyStopping(args: EarlyStoppingArgs = {}): EarlyStopping {
  return new EarlyStopping(args);
}

/** A callback made of the hook functions given (Keras LambdaCallback). */
export class LambdaCallback extends Callback {
  constructor(hooks: CallbackHooks) {
    super();
    Object.assign(this, hooks);
  }
}

/** `lambdaCallback({onEpochEnd: (epoch, logs) => ...})`. */
export function lambdaCallback(hooks: CallbackHooks): LambdaCallback & CallbackHooks {
  return new LambdaCallback(hooks) as LambdaCallback & CallbackHooks;
}

/** Runs a list of callbacks (plain hook objects or Callback instances) in order, awaiting each. */
export class CallbackList {
  readonly callbacks: CallbackHooks[];
  constructor(callbacks: CallbackLike[]) {
    this.callbacks = callbacks as CallbackHooks[];
  }

  setup(model: CallbackModel, params: TrainParams): void {
    for (const c of this.callbacks) {
      if (c instanceof Callback) {
        c.setModel(model);
        c.setParams(params);
      }
    }
  }

  async trainBegin(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin?.(logs);
  }
  async trainEnd(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd?.(logs);
  }
  async epochBegin(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin?.(epoch, logs);
  }
  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs);
  }
  async batchBegin(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin?.(batch, logs);
  }
  async batchEnd(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd?.(batch, logs);
  }
}
