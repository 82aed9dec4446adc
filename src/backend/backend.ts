import { CORE_KERNELS, type CoreKernels } from './kernels/core.js';
import { OPTIM_KERNELS, type OptimKernels } from './kernels/optim.js';
import { RNN_KERNELS, type RnnKernels } from './kernels/rnn.js';
import { CONV_KERNELS, type ConvKernels } from './kernels/conv.js';
import { LOSS_KERNELS, type LossKernels } from './kernels/loss.js';

export type { CoreKernels, UnaryFn, BinaryFn } from './kernels/core.js';
export { UNARY_FNS, BINARY_FNS } from './kernels/core.js';
export type { OptimKernels } from './kernels/optim.js';
export type { RnnKernels } from './kernels/rnn.js';
export type { ConvKernels } from './kernels/conv.js';
export type { LossKernels } from './kernels/loss.js';

/**
 * A backend is a set of kernels: plain synchronous functions over typed arrays and sizes.
 * The reference backend (TypeScript) implements all of them and is the specification; the native
 * backend overrides the ones that pay and inherits the rest.
 */
export interface Backend extends CoreKernels, OptimKernels, RnnKernels, ConvKernels, LossKernels {
  readonly name: string;
}

/** The one list of kernel names every backend provides. */
export const KERNEL_NAMES = [...CORE_KERNELS, ...OPTIM_KERNELS, ...RNN_KERNELS, ...CONV_KERNELS, ...LOSS_KERNELS] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];
