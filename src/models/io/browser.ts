// Browser-safe part of model I/O: in-memory artefacts, the layers-model JSON, weight dumps (no fs).
export { camelToSnake, fromKerasConfig, toKerasConfig } from './case.js';
export {
  RNNKIT_VERSION, layerFromKeras, layerToKeras, modelFromTopology, modelToTopology, type KerasLayerJSON, type KerasTopology,
} from './topology.js';
export { decodeWeights, encodeWeights, namedWeights, type NamedWeight, type WeightSpecJSON, type WeightsGroupJSON } from './weights.js';
export {
  encodeTrainingState, restoreTrainingState, type RestoreOptions, type RnnkitExtra, type SlotSpecJSON, type TrainingStateOptions,
} from './training-state.js';
export {
  WEIGHTS_FILE, artifactsFromJSON, artifactsMetadata, artifactsToJSON, checkModelJson, modelFromArtifacts, modelFromJSON,
  modelToArtifacts, modelToJSON, type LoadOptions, type ModelArtifacts, type ModelArtifactsJSON, type ModelJSON, type SaveOptions,
} from './artifacts.js';
export { exportWeights, fromNpy, importWeights, toNpy, type WeightDump, type WeightDumpEntry } from './dump.js';
