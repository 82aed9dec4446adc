export type { LossFn, NamedLossFn } from './loss.js';
export type { CrossentropyOptions } from './crossentropy.js';
export { binaryCrossentropyOp, categoricalCrossentropyOp, sparseCategoricalCrossentropyOp } from './crossentropy.js';
export { meanAbsoluteErrorOp, meanSquaredErrorOp } from './regression.js';
export { getLoss, lossNames, resolveLoss } from './registry.js';
export { checkLabelShape, checkSparseLabels } from './labels.js';
export * as losses from './api.js';
export { checkBatchWeights, groupRowsByWeight, weightedLoss, weightedLossSums, type WeightGroup } from './weighted.js';
export { checkOutputMask, maskedLoss, maskedRows, type MaskedRows } from './masked.js';
