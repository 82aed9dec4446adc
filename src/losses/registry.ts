import { ValueError, unknownName } from '../errors.js';
import { booleanOption, camelizeKeys, isSerialized, nameKey, serializedClassName, type SerializedObject } from '../initializers/config.js';
import { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, type CrossentropyOptions } from './crossentropy.js';
import type { LossFn, NamedLossFn } from './loss.js';
import { meanAbsoluteError, meanSquaredError } from './regression.js';

/** Reads fromLogits / labelSmoothing from a (camelized) config; other Keras keys (reduction, name) are ignored. */
function crossentropyOptions(where: string, c: Record<string, unknown>): CrossentropyOptions {
  const { labelSmoothing } = c;
  const fromLogits = booleanOption(where, 'fromLogits', c.fromLogits);
  if (labelSmoothing !== undefined && labelSmoothing !== null && typeof labelSmoothing !== 'number') {
    throw new ValueError(`${where}: labelSmoothing must be a number, got ${JSON.stringify(labelSmoothing)}.`);
  }
  return { fromLogits, labelSmoothing: labelSmoothing ?? undefined };
}

/** Canonical loss name -> factory from a camelCase config. */
const LOSSES: Record<string, (c: Record<string, unknown>) => NamedLossFn> = {
  binaryCrossentropy: (c) => binaryCrossentropy(crossentropyOptions('binaryCrossentropy', c)),
  categoricalCrossentropy: (c) => categoricalCrossentropy(crossentropyOptions('categoricalCrossentropy', c)),
  sparseCategoricalCrossentropy: (c) => sparseCategoricalCrossentropy({ fromLogits: crossentropyOptions('sparseCategoricalCrossentropy', c).fromLogits }),
  meanSquaredError: () => meanSquaredError(),
  meanAbsoluteError: () => meanAbsoluteError(),
};

const BY_KEY = new Map<string, string>(Object.keys(LOSSES).map((k) => [nameKey(k), k]));
BY_KEY.set('mse', 'meanSquaredError');
BY_KEY.set('mae', 'meanAbsoluteError');

/** The loss names resolveLoss knows (canonical camelCase, plus the mse / mae aliases). */
export function lossNames(): string[] {
  return [...Object.keys(LOSSES), 'mse', 'mae'];
}

/**
 * Resolves a loss and its canonical name. Strings: 'binaryCrossentropy', 'binary_crossentropy',
 * 'BinaryCrossentropy', 'mse', 'mean_squared_error', 'mae', ... (Keras defaults). `{className,
 * config}` for serialised losses. A function passes through, named by its `lossName` if it came
 * from a factory here, else by its function name (or 'loss').
 */
export function resolveLoss(id: string | LossFn | SerializedObject): { name: string; fn: LossFn } {
  if (typeof id === 'function') {
    const named = (id as Partial<NamedLossFn>).lossName;
    return { name: named ?? (id.name || 'loss'), fn: id };
  }
  if (typeof id === 'string') return build(id, {});
  if (isSerialized(id)) return build(serializedClassName(id), camelizeKeys(id.config));
  throw new ValueError(`resolveLoss: expected a loss name, a function (yTrue, yPred) => Tensor or {className, config}, got ${JSON.stringify(id)}.`);
}

/** The loss function for an id (see resolveLoss). */
export function getLoss(id: string | LossFn | SerializedObject): LossFn {
  return resolveLoss(id).fn;
}

function build(name: string, config: Record<string, unknown>): { name: string; fn: LossFn } {
  const canonical = BY_KEY.get(nameKey(name));
  if (!canonical) unknownName('loss', name, lossNames());
  return { name: canonical, fn: LOSSES[canonical](config) };
}
