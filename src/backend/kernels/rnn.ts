/**
 * Fused whole-sequence recurrent kernels (SimpleRNN, LSTM, GRU): forward over all time steps and
 * BPTT backward, each one kernel call. Owned by the recurrent-layers work (src/layers/rnn/).
 */
export interface RnnKernels {}

export const RNN_KERNELS = [] as const satisfies readonly (keyof RnnKernels)[];
