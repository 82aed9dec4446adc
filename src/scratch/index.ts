// From scratch, for learning (issue 8): the lesson's binary-addition RNN and the homework LSTM,
// with plain typed arrays and no dependency on the engine.
export { ScratchRandom } from './random.js';
export {
  BINARY_DIM,
  OPERAND_LIMIT,
  toBits,
  fromBits,
  formatNumpyFloat,
  formatReport,
  formatAccuracy,
  type BinaryAdditionReport,
  type BinaryAdditionAccuracy,
} from './bits.js';
export {
  trainBinaryAddition,
  evaluateBinaryAddition,
  evaluatePredictor,
  predictBinaryAddition,
  runBinaryAdditionDemo,
  type BinaryAdditionNet,
  type BinaryAdditionOptions,
  type BinaryAdditionTraining,
  type BinaryAdditionDemoOptions,
  type EvaluateOptions,
} from './binaryAddition.js';
export { lstmForward, lstmBackward, type FloatArray, type LstmCache, type LstmForwardResult, type LstmGradients } from './lstm.js';
export {
  trainLstmBinaryAddition,
  evaluateLstmBinaryAddition,
  predictLstmBinaryAddition,
  runLstmBinaryAdditionDemo,
  type LstmBinaryAdditionNet,
  type LstmBinaryAdditionOptions,
  type LstmBinaryAdditionTraining,
  type LstmBinaryAdditionDemoOptions,
} from './lstmBinaryAddition.js';
