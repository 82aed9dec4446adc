import { ValueError, unknownName } from '../errors.js';

/** A serialised object as Keras/tfjs write it: `{className, config}` (`class_name` also accepted). */
export interface SerializedObject {
  className: string;
  config?: Record<string, unknown>;
}

/** 'max_value' -> 'maxValue'; camelCase keys pass through unchanged. */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A copy of a config with snake_case keys (as Keras writes them) turned into camelCase. */
export function camelizeKeys(config: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config ?? {})) out[snakeToCamel(k)] = v;
  return out;
}

/** Lookup key for names: 'glorot_uniform', 'glorotUniform' and 'GlorotUniform' all give 'glorotuniform'. */
export function nameKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/** True for a `{className, config}` (or `{class_name, config}`) object. */
export function isSerialized(x: unknown): x is SerializedObject {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.className === 'string' || typeof r.class_name === 'string';
}

/** The class name of a serialised object, whichever spelling it uses. */
export function serializedClassName(x: SerializedObject): string {
  const r = x as unknown as Record<string, unknown>;
  return String(r.className ?? r.class_name);
}

/** Reads a finite number option (undefined/null -> default); names it in the error. */
export function numberOption(where: string, key: string, v: unknown, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValueError(`${where}: ${key} must be a finite number, got ${JSON.stringify(v)}.`);
  }
  return v;
}

/** Reads a boolean option (undefined/null -> undefined); names it in the error. */
export function booleanOption(where: string, key: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ValueError(`${where}: ${key} must be true or false, got ${JSON.stringify(v)}.`);
  return v;
}

/** Reads an optional integer seed (undefined/null -> null). */
export function seedOption(where: string, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ValueError(`${where}: seed must be an integer or null, got ${JSON.stringify(v)}.`);
  }
  return v;
}

/**
 * Resolves a name or `{className, config}` (snake_case or camelCase keys) with the factory stored
 * under its nameKey, or passes an instance (isInstance) through. `kind` names the class in errors
 * ('Regularizer'); unknown names list `names`.
 */
export function resolveNamed<T>(kind: string, id: unknown, isInstance: (x: object) => boolean,
  factories: Record<string, (config: Record<string, unknown>) => T>, names: readonly string[]): T {
  const build = (name: string, config: Record<string, unknown>): T => {
    const key = nameKey(name);
    const f = Object.hasOwn(factories, key) ? factories[key] : undefined; // not Object.prototype names
    if (!f) unknownName(kind.toLowerCase(), name, names);
    return f(config);
  };
  if (typeof id === 'string') return build(id, {});
  if (typeof id === 'object' && id !== null && isInstance(id)) return id as T;
  if (isSerialized(id)) return build(serializedClassName(id), camelizeKeys(id.config));
  throw new ValueError(`get${kind}: expected a name, a ${kind} or {className, config}, got ${JSON.stringify(id)}.`);
}
