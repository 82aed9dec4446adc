export type { RecurrentArgs, GatedArgs, LstmArgs, GruArgs } from './args.js';
export { RecurrentLayer } from './base.js';
export { SimpleRNN } from './simple-rnn.js';
export { LSTM } from './lstm.js';
export { GRU } from './gru.js';
export { Bidirectional, type BidirectionalArgs, type MergeMode } from './bidirectional.js';
export { simpleRnnSequence, lstmSequence, gruSequence } from './fused/ops.js';
export type { SeqConstants } from './fused/layout.js';
