import type { RnnKernels } from '../../../backend/backend.js';
import { simpleRnnSeqBackward, simpleRnnSeqForward } from './simple.js';
import { lstmSeqBackward, lstmSeqForward } from './lstm.js';
import { gruSeqBackward, gruSeqForward } from './gru.js';

/** Reference fused recurrent kernels (whole-sequence forward and BPTT backward). */
export const rnnKernels: RnnKernels = {
  simpleRnnSeqForward, simpleRnnSeqBackward,
  lstmSeqForward, lstmSeqBackward,
  gruSeqForward, gruSeqBackward,
};
