// Checkpoints: a saved model plus optimizer state, RNG state and the epoch, and resuming fit from one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { History } from '../callbacks.js';
import type { ModelData, NestedArray } from '../data.js';
import type { FitArgs } from '../fit.js';
import type { LayersModel } from '../model.js';
import { checkModelJson } from './artifacts.js';
import { MODEL_JSON, dirOfUrl, readArtifacts, saveModel } from './files.js';
import { restoreTrainingState } from './training-state.js';
import { decodeWeights } from './weights.js';

export interface CheckpointInfo {
  /** Epochs completed: pass as fit's initialEpoch. */
  epoch: number;
  /** Batch within `epoch` for mid-epoch checkpoints (saveFreq = N batches), else null. */
  batch: number | null;
  /** State a checkpoint callback stored (e.g. {best}). */
  checkpoint: Record<string, unknown>;
}

/** Saves weights, optimizer state (the model must be compiled to have one), RNG state and the epoch. */
export async function saveCheckpoint(model: LayersModel, url: string, info: Partial<CheckpointInfo> & { metadata?: unknown } = {}): Promise<string> {
  return saveModel(model, url, {
    includeOptimizer: true, epoch: info.epoch ?? 0, batch: info.batch ?? null, checkpoint: info.checkpoint ?? {}, metadata: info.metadata,
  });
}

/** True if `url` holds a saved model. */
export function hasCheckpoint(url: string): boolean {
  return existsSync(join(dirOfUrl(url), MODEL_JSON));
}

/**
 * Restores a checkpoint into a model built (and compiled) the same way: weights (matched by
 * position, shapes checked), optimizer slots and step counter, the model's RNG. Returns the epoch
 * to pass as `initialEpoch`.
 */
export async function loadCheckpoint(model: LayersModel, url: string): Promise<CheckpointInfo> {
  const a = await readArtifacts(url);
  const json = checkModelJson(a.modelJson);
  decodeWeights(model, json.weightsManifest.flatMap((g) => g.weights ?? []), a.weightData, 'order');
  if (!a.extra) throw new DataError(`loadCheckpoint: '${url}' is a plain model without training state (save it with saveCheckpoint or modelCheckpoint).`);
  restoreTrainingState(model, a.extra, a.optimizerData ?? null);
  return { epoch: a.extra.epoch ?? 0, batch: a.extra.batch ?? null, checkpoint: a.extra.checkpoint ?? {} };
}

export interface ResumableFitArgs extends FitArgs {
  /** A checkpoint directory: if it holds a checkpoint, training resumes from it (seed is then ignored). */
  resumeFrom?: string;
}

/**
 * fit() that resumes from `resumeFrom` when a checkpoint is there: weights, optimizer state, RNG
 * and initialEpoch come from the checkpoint, so with the same data and arguments the run ends with
 * the same weights, bit for bit, as one that was never interrupted (epoch-end checkpoints).
 */
export async function fitResumable(model: LayersModel, x: ModelData, y: Tensor | NestedArray, args: ResumableFitArgs = {}): Promise<History> {
  const { resumeFrom, ...fitArgs } = args;
  if (resumeFrom && hasCheckpoint(resumeFrom)) {
    const info = await loadCheckpoint(model, resumeFrom);
    const { seed: _seed, ...rest } = fitArgs;
    return model.fit(x, y, { ...rest, initialEpoch: info.epoch });
  }
  return model.fit(x, y, fitArgs);
}
