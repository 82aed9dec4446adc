// camelCase (rnnkit configs) <-> snake_case (Keras / tfjs model.json) conversion of layer configs.
import { snakeToCamel } from '../../initializers/config.js';

/** 'batchInputShape' -> 'batch_input_shape', 'hardSigmoid' -> 'hard_sigmoid'; snake_case stays. */
export function camelToSnake(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

export { snakeToCamel };

/** Config keys whose string values are names Keras writes in snake_case ('hard_sigmoid', 'fan_avg'). */
const SNAKE_VALUE_KEYS = new Set(['activation', 'recurrent_activation', 'mode', 'distribution']);

/** Keys of Keras 3 serialised objects that rnnkit does not use. */
const KERAS3_ONLY = new Set(['module', 'registered_name', 'build_config', 'shared_object_id']);

type Json = unknown;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * An rnnkit camelCase config as Keras writes it: keys in snake_case, `{className, config}` objects
 * (initializers, wrapped layers) as `{class_name, config}`, activation / fan-mode names in snake_case.
 */
export function toKerasConfig(cfg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cfg)) {
    const key = camelToSnake(k);
    out[key] = typeof v === 'string' && SNAKE_VALUE_KEYS.has(key) ? camelToSnake(v) : toKerasValue(v);
  }
  return out;
}

function toKerasValue(v: Json): Json {
  if (Array.isArray(v)) return v.map(toKerasValue);
  if (!isPlainObject(v)) return v;
  if (typeof v.className === 'string') {
    return { class_name: v.className, config: toKerasConfig(isPlainObject(v.config) ? v.config : {}) };
  }
  return toKerasConfig(v);
}

/**
 * A Keras / tfjs config as rnnkit layer factories take it: camelCase keys, `{className, config}`
 * objects; Keras 3 dtype policies (`{class_name: 'DTypePolicy', config: {name}}`) become the name.
 */
export function fromKerasConfig(cfg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cfg)) {
    if (KERAS3_ONLY.has(k)) continue;
    const key = k === 'name' ? k : snakeToCamel(k);
    out[key] = key === 'dtype' ? dtypeName(v) : fromKerasValue(v);
  }
  return out;
}

function fromKerasValue(v: Json): Json {
  if (Array.isArray(v)) return v.map(fromKerasValue);
  if (!isPlainObject(v)) return v;
  const cls = v.class_name ?? v.className;
  if (typeof cls === 'string') return { className: cls, config: fromKerasConfig(isPlainObject(v.config) ? v.config : {}) };
  return fromKerasConfig(v);
}

function dtypeName(v: Json): Json {
  if (isPlainObject(v) && isPlainObject(v.config) && typeof v.config.name === 'string') return v.config.name;
  return v;
}
