// The modelCheckpoint callback (Keras ModelCheckpoint): saves a checkpoint every epoch or every N
// batches, optionally only when the monitored value improves. Node only (writes files).
import { ValueError } from '../../errors.js';
import { Callback, type Logs } from '../callbacks.js';
import { saveCheckpoint } from '../io/checkpoint.js';
import { LayersModel } from '../model.js';

export interface ModelCheckpointArgs {
  /** Directory ('file://dir' or a path); '{epoch}' is replaced by the 1-based epoch (Keras style). */
  filepath: string;
  /** Logged value to compare with saveBestOnly. Default 'val_loss'. */
  monitor?: string;
  /** Save only when `monitor` improves on the best so far. Default false. */
  saveBestOnly?: boolean;
  /** 'min', 'max' or 'auto' (max for accuracies and AUC). Default 'auto'. */
  mode?: 'auto' | 'min' | 'max';
  /** 'epoch' (default) or a number of batches between saves. */
  saveFreq?: 'epoch' | number;
  /** Extra JSON saved with every checkpoint (tokenizer, vocabulary...). */
  metadata?: unknown;
  verbose?: number;
}

/** Saves checkpoints during fit; resume with fitResumable({resumeFrom}) or loadCheckpoint. */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly saveFreq: 'epoch' | number;
  readonly metadata: unknown;
  readonly verbose: number;
  best: number;
  /** Directories written, in order. */
  readonly saved: string[] = [];
  private epoch = 0;
  private batchesSeen = 0;

  constructor(args: ModelCheckpointArgs) {
    super();
    if (!args || typeof args.filepath !== 'string' || args.filepath.length === 0) throw new ValueError("modelCheckpoint: give a filepath, e.g. modelCheckpoint({filepath: 'file://ckpt'}).");
    this.filepath = args.filepath;
    this.monitor = args.monitor ?? 'val_loss';
    this.saveBestOnly = args.saveBestOnly ?? false;
    const mode = args.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(mode)) throw new ValueError(`modelCheckpoint: mode must be 'auto', 'min' or 'max', got '${mode}'.`);
    const name = this.monitor.toLowerCase();
    this.mode = mode !== 'auto' ? mode : name.includes('acc') || name.endsWith('auc') ? 'max' : 'min';
    const f = args.saveFreq ?? 'epoch';
    if (f !== 'epoch' && !(typeof f === 'number' && Number.isInteger(f) && f > 0)) {
      throw new ValueError(`modelCheckpoint: saveFreq must be 'epoch' or a positive number of batches, got ${String(f)}.`);
    }
    this.saveFreq = f;
    this.metadata = args.metadata;
    this.verbose = args.verbose ?? 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  private fullModel(): LayersModel {
    if (!(this.model instanceof LayersModel)) throw new ValueError('modelCheckpoint: the callback needs an rnnkit model (set by fit).');
    return this.model;
  }

  onTrainBegin(): void {
    this.batchesSeen = 0;
  }

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  async onBatchEnd(batch: number, logs: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    this.batchesSeen++;
    if (this.batchesSeen % this.saveFreq === 0) await this.maybeSave(this.epoch, batch, logs);
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') await this.maybeSave(epoch + 1, null, logs);
  }

  private async maybeSave(epoch: number, batch: number | null, logs: Logs): Promise<void> {
    if (this.saveBestOnly) {
      const v = logs[this.monitor];
      if (v === undefined) {
        console.warn(`modelCheckpoint: '${this.monitor}' is not in the logs (available: ${Object.keys(logs).join(', ')}); skipping the save.`);
        return;
      }
      if (!(this.mode === 'min' ? v < this.best : v > this.best)) return;
      this.best = v;
    }
    const path = this.filepath.replace(/\{epoch\}/g, String(batch === null ? epoch : epoch + 1));
    await saveCheckpoint(this.fullModel(), path, { epoch, batch, checkpoint: { monitor: this.monitor, best: this.best }, metadata: this.metadata });
    this.saved.push(path);
    if (this.verbose > 0) console.log(`modelCheckpoint: saved ${path} (epoch ${epoch}${batch === null ? '' : `, batch ${batch + 1}`})`);
  }
}

/** `callbacks: [modelCheckpoint({filepath: 'file://ckpt', saveBestOnly: true})]`. */
export function modelCheckpoint(args: ModelCheckpointArgs): ModelCheckpoint {
  return new ModelCheckpoint(args);
}
