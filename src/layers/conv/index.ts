// Convolution, pooling, TimeDistributed and ConvLSTM1D layers (classes, argument types, ops);
// the lower-case factories live in factories.ts.
export { Conv1D, type Conv1DArgs } from './conv1d.js';
export {
  MaxPooling1D, AveragePooling1D, GlobalMaxPooling1D, GlobalAveragePooling1D,
  type Pooling1DArgs, type GlobalPooling1DArgs,
} from './pooling.js';
export { TimeDistributed, type TimeDistributedArgs } from './time-distributed.js';
export { ConvLSTM1D, type ConvLSTM1DArgs } from './conv-lstm.js';
export { conv1dOp, pool1dOp, convLstm1dRecurrence, type Conv1dOpOptions, type Pool1dOpOptions } from './ops.js';
export { convGeometry, type ConvPadding, type PoolPadding } from './geometry.js';
