import type { ConvKernels } from '../../backend/backend.js';

/** Reference convolution / pooling kernels (filled in by the sequence-layers work). */
export const convKernels: ConvKernels = {};
