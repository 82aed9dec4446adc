import { unknownName } from '../errors.js';
import { UNARY_FNS, type UnaryFn } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { applyUnary } from '../ops/elementwise.js';
import { logSoftmax, softmax } from '../ops/activation.js';

/** A named activation, or a function on tensors. */
export type ActivationId = string | ((x: Tensor) => Tensor);

const ALIASES: Record<string, string> = {
  hard_sigmoid: 'hardSigmoid',
  hardsigmoid: 'hardSigmoid',
  silu: 'swish',
  log_softmax: 'logSoftmax',
  none: 'linear',
};

/** Extra activations that are not elementwise unary kernels (softmax); filled in by ops that provide them. */
const EXTRA = new Map<string, (x: Tensor) => Tensor>([
  ['softmax', (x: Tensor) => softmax(x, -1)],
  ['logSoftmax', (x: Tensor) => logSoftmax(x, -1)],
]);

/** Registers a non-elementwise activation such as softmax. */
export function registerActivation(name: string, fn: (x: Tensor) => Tensor): void {
  EXTRA.set(name, fn);
}

/** Canonical name of an activation id ('hard_sigmoid' -> 'hardSigmoid'); functions keep 'custom'. */
export function activationName(id: ActivationId | undefined | null): string {
  if (id == null) return 'linear';
  if (typeof id === 'function') return 'custom';
  return ALIASES[id] ?? id;
}

/** Resolves an activation name to a function (throws a ValueError listing the known names). */
export function getActivation(id: ActivationId | undefined | null): (x: Tensor) => Tensor {
  if (typeof id === 'function') return id;
  const name = activationName(id);
  const extra = EXTRA.get(name);
  if (extra) return extra;
  if ((UNARY_FNS as readonly string[]).includes(name)) return (x: Tensor) => applyUnary(name as UnaryFn, x);
  return unknownName('activation', String(id), [...UNARY_FNS, ...EXTRA.keys()]);
}

/** The elementwise kernel name of an activation, if it is one (fused kernels take these). */
export function unaryFnOf(id: ActivationId | undefined | null): UnaryFn | null {
  if (typeof id === 'function') return null;
  const name = activationName(id);
  return (UNARY_FNS as readonly string[]).includes(name) ? (name as UnaryFn) : null;
}
