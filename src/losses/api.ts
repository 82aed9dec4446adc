// The `losses` namespace: losses.binaryCrossentropy({fromLogits: true}), losses.meanSquaredError().
export { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy } from './crossentropy.js';
export { meanAbsoluteError, meanSquaredError } from './regression.js';
/** Aliases as in Keras. */
export { meanSquaredError as mse, meanAbsoluteError as mae } from './regression.js';
