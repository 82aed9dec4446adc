/**
 * Convolution and pooling kernels (Conv1D, pooling, ConvLSTM1D helpers). Owned by the
 * sequence-layers work (src/layers/conv*.ts, pooling).
 */
export interface ConvKernels {}

export const CONV_KERNELS = [] as const satisfies readonly (keyof ConvKernels)[];
