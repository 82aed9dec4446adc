import { defineOp } from '../autograd/op.js';
import { ValueError } from '../errors.js';
import { numberOption, resolveNamed, type SerializedObject } from '../initializers/config.js';
import { empty } from '../ops/util.js';
import type { Tensor } from '../tensor/tensor.js';

/** A weight penalty added to the loss. */
export interface Regularizer {
  /** Keras class name ('L1', 'L2', 'L1L2'). */
  readonly className: string;
  /** The penalty of w as a differentiable scalar tensor (same precision as w). */
  apply(w: Tensor): Tensor;
  getConfig(): Record<string, unknown>;
}

/** l1·Σ|w| + l2·Σw², one fused op (the gradient of |w| at 0 is 0). */
export const l1l2Penalty = defineOp('l1l2Penalty', (w: Tensor, l1: number, l2: number) => {
  const x = w.floats('regularizer');
  const y = empty([], w.dtype); // y [] (scalar)
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    s1 += Math.abs(x[i]);
    s2 += x[i] * x[i];
  }
  y.data[0] = l1 * s1 + l2 * s2;
  return {
    inputs: [w],
    outputs: y,
    backward: ([dY], [dW]) => {
      if (!dW) return;
      const g = dY[0];
      for (let i = 0; i < x.length; i++) dW[i] += g * (l1 * Math.sign(x[i]) + 2 * l2 * x[i]);
    },
  };
});

function checkFactor(where: string, key: string, v: unknown, dflt: number): number {
  const f = numberOption(where, key, v, dflt);
  if (f < 0) throw new ValueError(`${where}: ${key} must be >= 0, got ${f}.`);
  return f;
}

/** Keras L1L2: both factors default to 0 (use l1() / l2() for the 0.01 defaults). */
export class L1L2 implements Regularizer {
  readonly className: string = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(opts: { l1?: number; l2?: number } = {}) {
    this.l1 = checkFactor('L1L2', 'l1', opts.l1, 0);
    this.l2 = checkFactor('L1L2', 'l2', opts.l2, 0);
  }
  apply(w: Tensor): Tensor {
    return l1l2Penalty(w, this.l1, this.l2);
  }
  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** l1·Σ|w|, l1 defaults to 0.01. */
export class L1 extends L1L2 {
  override readonly className = 'L1';
  constructor(opts: { l1?: number } = {}) {
    super({ l1: checkFactor('L1', 'l1', opts.l1, 0.01), l2: 0 });
  }
  override getConfig(): Record<string, unknown> {
    return { l1: this.l1 };
  }
}

/** l2·Σw² (no ½), l2 defaults to 0.01. */
export class L2 extends L1L2 {
  override readonly className = 'L2';
  constructor(opts: { l2?: number } = {}) {
    super({ l1: 0, l2: checkFactor('L2', 'l2', opts.l2, 0.01) });
  }
  override getConfig(): Record<string, unknown> {
    return { l2: this.l2 };
  }
}

/** `l1(0.01)` or `l1({l1: 0.01})`. */
export function l1(factor: number | { l1?: number } = {}): Regularizer {
  return new L1(typeof factor === 'number' ? { l1: factor } : factor);
}
/** `l2(0.01)` or `l2({l2: 0.01})`. */
export function l2(factor: number | { l2?: number } = {}): Regularizer {
  return new L2(typeof factor === 'number' ? { l2: factor } : factor);
}
/** Keras L1L2 (defaults l1 = 0, l2 = 0). */
export function l1l2(opts: { l1?: number; l2?: number } = {}): Regularizer {
  return new L1L2(opts);
}

const REGULARIZERS: Record<string, (c: Record<string, unknown>) => Regularizer> = {
  l1: (c) => new L1(c),
  l2: (c) => new L2(c),
  l1l2: (c) => new L1L2(c),
};

/**
 * Resolves a regularizer: an instance passes through; 'l1' / 'l2' / 'l1_l2' (any case) give the
 * Keras defaults; `{className: 'L2', config: {l2: 0.001}}` the serialised form.
 */
export function getRegularizer(id: string | Regularizer | SerializedObject): Regularizer {
  return resolveNamed('Regularizer', id, (x) => typeof (x as Regularizer).apply === 'function', REGULARIZERS, ['l1', 'l2', 'l1l2']);
}
