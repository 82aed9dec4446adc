import type { Backend } from '../../backend/backend.js';
import { matmul, matmulBias } from './matmul.js';
import { affine, axpy, binary, binaryGrad, unary, unaryGrad } from './elementwise.js';
import { logSoftmax, logSoftmaxGrad, maxMid, maxMidGrad, softmax, softmaxGrad, sumMid, sumMidGrad } from './reduce.js';
import { copyMid, gather, scatterAdd, transpose, transposeGrad, zeroRows } from './indexing.js';
import { powScalar, powScalarGrad, select, selectGrad } from './pointwise.js';
import { adagradUpdate, adamUpdate, rmspropUpdate, sgdUpdate, sumSquares } from './optim.js';
import { rnnKernels } from './rnn/index.js';
import { convKernels } from './conv.js';
import { softmaxXent, softmaxXentGrad, softmaxXentSparse, softmaxXentSparseGrad } from './loss.js';

/** The pure-TypeScript reference backend: the specification every other backend is tested against. */
export const refBackend: Backend = {
  name: 'ref',
  matmul,
  matmulBias,
  unary, unaryGrad, binary, binaryGrad, affine, axpy,
  sumMid, sumMidGrad, maxMid, maxMidGrad, softmax, softmaxGrad, logSoftmax, logSoftmaxGrad,
  gather, scatterAdd, zeroRows, transpose, transposeGrad, copyMid,
  select, selectGrad, powScalar, powScalarGrad,
  sgdUpdate, rmspropUpdate, adamUpdate, adagradUpdate, sumSquares,
  ...rnnKernels,
  ...convKernels,
  softmaxXentSparse, softmaxXentSparseGrad, softmaxXent, softmaxXentGrad,
};
