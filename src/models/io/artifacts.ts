// In-memory model artefacts (browser-safe): model.json object + weight bytes (+ rnnkit extension),
// and a single JSON-serialisable form with base64 weights.
import { DataError } from '../../errors.js';
import type { LayersModel } from '../model.js';
import { RNNKIT_VERSION, modelFromTopology, modelToTopology, type KerasTopology } from './topology.js';
import { encodeTrainingState, restoreTrainingState, type RestoreOptions, type RnnkitExtra, type TrainingStateOptions } from './training-state.js';
import { decodeWeights, encodeWeights, type WeightsGroupJSON } from './weights.js';

/** The default weight shard name (tfjs' single-shard name). */
export const WEIGHTS_FILE = 'group1-shard1of1.bin';

/** model.json of the TensorFlow.js layers-model format. */
export interface ModelJSON {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: KerasTopology;
  weightsManifest: WeightsGroupJSON[];
  /** rnnkit stores `{rnnkit: {extra, optimizer}}` (side-file names) here; tfjs ignores it. */
  userDefinedMetadata?: Record<string, unknown>;
}

/** A saved model in memory: what the files hold. */
export interface ModelArtifacts {
  modelJson: ModelJSON;
  /** The weights (all shards concatenated), little-endian float32 in manifest order. */
  weightData: Uint8Array;
  /** rnnkit extension: compile settings, optimizer layout, RNG, metadata. */
  extra?: RnnkitExtra;
  /** Optimizer slot arrays, laid out as `extra.optimizer.slots` says. */
  optimizerData?: Uint8Array;
}

export interface SaveOptions extends TrainingStateOptions {
  /** Names of the weight shard (default 'group1-shard1of1.bin'). */
  weightsPath?: string;
}

/** The artefacts of a model: topology, weights, and (when compiled / given) the rnnkit extension. */
export function modelToArtifacts(model: LayersModel, opts: SaveOptions = {}): ModelArtifacts {
  const { specs, data } = encodeWeights(model);
  const modelJson: ModelJSON = {
    format: 'layers-model',
    generatedBy: `rnnkit ${RNNKIT_VERSION}`,
    convertedBy: null,
    modelTopology: modelToTopology(model),
    weightsManifest: [{ paths: [opts.weightsPath ?? WEIGHTS_FILE], weights: specs }],
  };
  const { extra, optimizerData } = encodeTrainingState(model, opts);
  return { modelJson, weightData: data.slice(), extra, ...(optimizerData ? { optimizerData } : {}) };
}

/** Checks that a parsed model.json is a layers-model and returns it typed. */
export function checkModelJson(json: unknown, where = 'load'): ModelJSON {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DataError(`${where}: model.json must be a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}.`);
  }
  const j = json as Record<string, unknown>;
  if (j.format !== undefined && j.format !== 'layers-model') {
    throw new DataError(`${where}: model.json has format '${String(j.format)}'; rnnkit reads 'layers-model' (a tfjs graph-model cannot be loaded as layers).`);
  }
  if (typeof j.modelTopology !== 'object' || j.modelTopology === null) {
    throw new DataError(`${where}: this JSON is not a model: it has no modelTopology (keys: ${Object.keys(j).join(', ') || 'none'}).`);
  }
  const topo = j.modelTopology as Record<string, unknown>;
  // Keras' own model.json nests the topology one level deeper ({model_config: ...}).
  if (topo.model_config && typeof topo.model_config === 'object') j.modelTopology = topo.model_config;
  if (j.weightsManifest !== undefined && !Array.isArray(j.weightsManifest)) {
    throw new DataError(`${where}: weightsManifest must be a list of {paths, weights}.`);
  }
  return { ...(j as unknown as ModelJSON), weightsManifest: (j.weightsManifest as WeightsGroupJSON[] | undefined) ?? [] };
}

export interface LoadOptions extends RestoreOptions {
  /** Restore the optimizer state / compile settings / RNG when saved (default true). */
  includeOptimizer?: boolean;
}

/** Rebuilds a model from artefacts: topology, weights (validated), then the rnnkit extension. */
export function modelFromArtifacts(a: ModelArtifacts, opts: LoadOptions = {}): LayersModel {
  const json = checkModelJson(a.modelJson);
  const model = modelFromTopology(json.modelTopology);
  const specs = json.weightsManifest.flatMap((g) => g.weights ?? []);
  decodeWeights(model, specs, a.weightData);
  if (a.extra && (opts.includeOptimizer ?? true)) restoreTrainingState(model, a.extra, a.optimizerData ?? null, opts);
  return model;
}

/** The saved metadata (tokenizer, vocabulary...) of artefacts, if any. */
export function artifactsMetadata(a: ModelArtifacts): unknown {
  return a.extra?.metadata;
}

/** Artefacts as one JSON-serialisable object (weights in base64), e.g. for localStorage. */
export interface ModelArtifactsJSON {
  modelJson: ModelJSON;
  weightData: string;
  extra?: RnnkitExtra;
  optimizerData?: string;
}

export function artifactsToJSON(a: ModelArtifacts): ModelArtifactsJSON {
  return {
    modelJson: a.modelJson, weightData: toBase64(a.weightData),
    ...(a.extra ? { extra: a.extra } : {}), ...(a.optimizerData ? { optimizerData: toBase64(a.optimizerData) } : {}),
  };
}

export function artifactsFromJSON(j: ModelArtifactsJSON): ModelArtifacts {
  if (typeof j !== 'object' || j === null || typeof j.weightData !== 'string') {
    throw new DataError('fromJSON: expected {modelJson, weightData (base64)}, as modelToJSON writes.');
  }
  return {
    modelJson: checkModelJson(j.modelJson, 'fromJSON'), weightData: fromBase64(j.weightData),
    ...(j.extra ? { extra: j.extra } : {}), ...(j.optimizerData ? { optimizerData: fromBase64(j.optimizerData) } : {}),
  };
}

/** A model as one JSON-serialisable object (browser-friendly save). */
export function modelToJSON(model: LayersModel, opts: SaveOptions = {}): ModelArtifactsJSON {
  return artifactsToJSON(modelToArtifacts(model, opts));
}

/** The model of modelToJSON's object. */
export function modelFromJSON(j: ModelArtifactsJSON, opts: LoadOptions = {}): LayersModel {
  return modelFromArtifacts(artifactsFromJSON(j), opts);
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  let bin: string;
  try {
    bin = atob(s);
  } catch {
    throw new DataError('fromJSON: weightData is not valid base64.');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
