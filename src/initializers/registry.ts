import { ValueError, unknownName } from '../errors.js';
import { camelizeKeys, isSerialized, nameKey, serializedClassName, type SerializedObject } from './config.js';
import {
  Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity, LecunNormal, LecunUniform, Ones, Orthogonal,
  RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, Zeros, type Initializer,
} from './initializers.js';

type Factory = (config: Record<string, unknown>) => Initializer;

/** camelCase name -> factory from a camelCase config. */
const FACTORIES: Record<string, Factory> = {
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  constant: (c) => new Constant(c),
  randomNormal: (c) => new RandomNormal(c),
  randomUniform: (c) => new RandomUniform(c),
  truncatedNormal: (c) => new TruncatedNormal(c),
  varianceScaling: (c) => new VarianceScaling(c),
  glorotUniform: (c) => new GlorotUniform(c),
  glorotNormal: (c) => new GlorotNormal(c),
  heUniform: (c) => new HeUniform(c),
  heNormal: (c) => new HeNormal(c),
  lecunUniform: (c) => new LecunUniform(c),
  lecunNormal: (c) => new LecunNormal(c),
  orthogonal: (c) => new Orthogonal(c),
  identity: (c) => new Identity(c),
};

const BY_KEY = new Map<string, Factory>(Object.entries(FACTORIES).map(([k, f]) => [nameKey(k), f]));
// Keras aliases.
BY_KEY.set('zero', FACTORIES.zeros);
BY_KEY.set('one', FACTORIES.ones);

/** The initializer names getInitializer knows (camelCase). */
export function initializerNames(): string[] {
  return Object.keys(FACTORIES);
}

/**
 * Resolves an initializer: an instance passes through; a name ('glorotUniform', 'glorot_uniform',
 * 'GlorotUniform') gives one with default arguments; `{className, config}` (Keras/tfjs serialised
 * form, snake_case or camelCase keys) gives one with those arguments.
 */
export function getInitializer(id: string | Initializer | SerializedObject): Initializer {
  if (typeof id === 'string') return build(id, {});
  if (isSerialized(id) && !('init' in id)) return build(serializedClassName(id), camelizeKeys(id.config));
  if (typeof id === 'object' && id !== null && typeof (id as Initializer).init === 'function') return id as Initializer;
  throw new ValueError(`getInitializer: expected a name, an Initializer or {className, config}, got ${JSON.stringify(id)}.`);
}

function build(name: string, config: Record<string, unknown>): Initializer {
  const f = BY_KEY.get(nameKey(name));
  if (!f) unknownName('initializer', name, initializerNames());
  return f(config);
}
