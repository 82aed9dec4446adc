import { ValueError } from '../../errors.js';
import type { ConstraintId, InitializerId, RegularizerId } from '../layer.js';
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

/** Checks a rate in [0, 1) (dropout rates). */
export function checkRate(where: string, what: string, v: number): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new ValueError(`${where}: ${what} must be in [0, 1), got ${v}.`);
  return v;
}

/** The weights whose initializer / regularizer / constraint a layer's args may name. */
export type WeightName = 'kernel' | 'recurrent' | 'bias';

/** The per-weight ids of a layer's args (kernelInitializer, recurrentRegularizer, ...). */
export type WeightIdArgs = {
  [W in WeightName as `${W}Initializer`]?: InitializerId;
} & {
  [W in WeightName as `${W}Regularizer`]?: RegularizerId | null;
} & {
  [W in WeightName as `${W}Constraint`]?: ConstraintId | null;
};

/** Keras defaults of the recurrent layers (SimpleRNN, LSTM, GRU, ConvLSTM1D). */
export const RECURRENT_INITIALIZERS = { kernel: 'glorotUniform', recurrent: 'orthogonal', bias: 'zeros' } as const;

/** getConfig entries `<weight>Initializer` (Keras order), serialised, unset ones replaced by the layer's defaults. */
export function initializersConfig(args: WeightIdArgs, defaults: Partial<Record<WeightName, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [w, dflt] of Object.entries(defaults) as [WeightName, string][]) {
    out[`${w}Initializer`] = serializeId(args[`${w}Initializer`] ?? dflt);
  }
  return out;
}

/** getConfig entries `<weight>Regularizer` then `<weight>Constraint` (Keras order), serialised (null when unset). */
export function penaltiesConfig(args: WeightIdArgs, weights: readonly WeightName[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const w of weights) out[`${w}Regularizer`] = serializeId(args[`${w}Regularizer`]);
  for (const w of weights) out[`${w}Constraint`] = serializeId(args[`${w}Constraint`]);
  return out;
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
