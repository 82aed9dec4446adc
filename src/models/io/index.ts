// Model I/O for Node: the browser-safe part plus files (atomic saves) and checkpoints.
export * from './browser.js';
export { MODEL_JSON, dirOfUrl, loadMetadata, loadModel, readArtifacts, saveArtifacts, saveModel, syncDir, writeFileAtomic } from './files.js';
export { fitResumable, hasCheckpoint, loadCheckpoint, saveCheckpoint, type CheckpointInfo, type ResumableFitArgs } from './checkpoint.js';
export { ModelCheckpoint, modelCheckpoint, type ModelCheckpointArgs } from '../callbacks/checkpoint.js';
