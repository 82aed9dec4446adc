import { ValueError, unknownName } from '../errors.js';
import { camelizeKeys, isSerialized, serializedClassName, type SerializedObject } from '../initializers/config.js';
import { Optimizer } from './optimizer.js';
import { Adagrad, Adam, RMSprop, SGD, type AdagradOptions, type AdamOptions, type RMSpropOptions, type SGDOptions } from './optimizers.js';

export const sgd = (opts: SGDOptions = {}): SGD => new SGD(opts);
export const rmsprop = (opts: RMSpropOptions = {}): RMSprop => new RMSprop(opts);
export const adam = (opts: AdamOptions = {}): Adam => new Adam(opts);
export const adagrad = (opts: AdagradOptions = {}): Adagrad => new Adagrad(opts);

const OPTIMIZERS: Record<string, (c: Record<string, unknown>) => Optimizer> = {
  sgd: (c) => new SGD(c),
  rmsprop: (c) => new RMSprop(c),
  adam: (c) => new Adam(c),
  adagrad: (c) => new Adagrad(c),
};

/**
 * Resolves an optimizer: an instance passes through; a name ('adam', 'SGD', 'rmsprop', 'adagrad',
 * any case) gives one with Keras defaults; `{className, config}` the serialised form.
 */
export function getOptimizer(id: string | Optimizer | SerializedObject): Optimizer {
  if (id instanceof Optimizer) return id;
  if (typeof id === 'string') return build(id, {});
  if (isSerialized(id)) return build(serializedClassName(id), camelizeKeys(id.config));
  throw new ValueError(`getOptimizer: expected a name, an Optimizer or {className, config}, got ${JSON.stringify(id)}.`);
}

function build(name: string, config: Record<string, unknown>): Optimizer {
  const key = name.toLowerCase();
  const f = Object.hasOwn(OPTIMIZERS, key) ? OPTIMIZERS[key] : undefined; // not Object.prototype names
  if (!f) unknownName('optimizer', name, Object.keys(OPTIMIZERS));
  return f(config);
}
