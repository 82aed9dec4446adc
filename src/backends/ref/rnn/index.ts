import type { RnnKernels } from '../../../backend/backend.js';

/** Reference fused recurrent kernels (filled in by the recurrent-layers work). */
export const rnnKernels: RnnKernels = {};
