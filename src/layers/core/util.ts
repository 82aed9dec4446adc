import { ValueError } from '../../errors.js';
import type { Shape } from '../symbolic.js';

/** The JSON form of an initializer / regularizer / constraint id for getConfig (strings stay strings). */
export function serializeId(id: unknown): unknown {
  if (id == null) return null;
  if (typeof id === 'string') return id;
  const o = id as { className?: unknown; getConfig?: () => Record<string, unknown>; config?: Record<string, unknown> };
  if (typeof o.className === 'string') {
    const config = typeof o.getConfig === 'function' ? o.getConfig() : (o.config ?? {});
    return { className: o.className, config };
  }
  return 'custom';
}

/** Checks a positive integer argument of a layer. */
export function checkPositiveInt(value: unknown, what: string, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${where}: ${what} must be a positive integer, got ${String(value)}.`);
  }
  return value;
}

/** Product of known dimensions, or null if any is unknown. */
export function knownSize(dims: Shape): number | null {
  let n = 1;
  for (const d of dims) {
    if (d == null) return null;
    n *= d;
  }
  return n;
}
