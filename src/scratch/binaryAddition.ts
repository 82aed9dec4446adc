/**
 * The lesson's recurrent network that learns 8-bit binary addition, ported line by line from the
 * numpy code of seed 004 ("Практика"). Read it next to the lesson: every block below names the
 * numpy lines it replaces. No deep-learning framework, no engine: plain Float64Array and loops.
 *
 * The task. a and b are below 128, so c = a + b fits in 8 bits. The network reads the two
 * numbers one bit position at a time, from the lowest bit to the highest, exactly as we add by
 * hand: at each position it sees the pair (a_bit, b_bit) and must output the bit of c. The only
 * way to get it right is to remember the carry from the previous position, and that is what the
 * hidden state (layer_1, 16 sigmoid units fed back through synapse_h) learns to hold.
 *
 *   x_t  [1, 2]   = (a_bit, b_bit) at position t
 *   h_t  [1, 16]  = sigmoid(x_t · synapse_0 + h_{t-1} · synapse_h)      (layer_1)
 *   y_t  [1, 1]   = sigmoid(h_t · synapse_1)                             (layer_2)
 *
 * Training is plain gradient descent on one random example per iteration, with backpropagation
 * through time (BPTT) over the 8 positions.
 */
import {
  BINARY_DIM,
  OPERAND_LIMIT,
  formatAccuracy,
  formatReport,
  fromBits,
  toBits,
  type BinaryAdditionAccuracy,
  type BinaryAdditionReport,
} from './bits.js';
import { ScratchRandom } from './random.js';

/** The three weight matrices of the lesson (row-major). */
export interface BinaryAdditionNet {
  /** input_dim = 2: one bit of a and one bit of b. */
  inputDim: number;
  /** hidden_dim = 16 in the lesson. */
  hidden: number;
  /** output_dim = 1: one bit of c. */
  outputDim: number;
  /** synapse_0 [inputDim, hidden]: input -> hidden. */
  synapse0: Float64Array;
  /** synapse_1 [hidden, outputDim]: hidden -> output. */
  synapse1: Float64Array;
  /** synapse_h [hidden, hidden]: previous hidden -> hidden (the recurrence). */
  synapseH: Float64Array;
}

export interface BinaryAdditionOptions {
  /** Seed of the random stream that draws the initial weights and the training pairs (default 0, like `np.random.seed(0)`). */
  seed?: number;
  /** Number of training examples (default 10,000, `for j in range(10000)`). */
  iterations?: number;
  /** hidden_dim (default 16). */
  hidden?: number;
  /** alpha, the learning rate (default 0.1). */
  learningRate?: number;
  /** Report every this many iterations (default 1,000, `if j % 1000 == 0`). */
  reportEvery?: number;
  /** Called with each report as it is made. */
  onReport?: (r: BinaryAdditionReport) => void;
}

export interface BinaryAdditionTraining {
  net: BinaryAdditionNet;
  reports: BinaryAdditionReport[];
  /** The (a, b) pairs seen in training, as a * 128 + b, so an evaluation can hold them out. */
  seenPairs: Set<number>;
}

/** `sigmoid(x) = 1 / (1 + e^-x)`. */
function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The derivative of the sigmoid written through its output: σ'(x) = σ(x)(1 − σ(x)). */
function sigmoidOutputToDerivative(output: number): number {
  return output * (1 - output);
}

/** What the forward pass over one pair keeps for the backward pass. */
interface ForwardPass {
  /** layer_1_values: h_0 = 0, then h_1 .. h_8; each [hidden]. */
  layer1Values: Float64Array[];
  /** layer_2 for positions 0..7 (position 0 = lowest bit); [8]. */
  layer2: Float64Array;
}

/**
 * The forward loop `for position in range(binary_dim)` for one pair: walk the bits from the
 * lowest (array index 7) to the highest (index 0), carrying the hidden state forward.
 */
function forwardPair(net: BinaryAdditionNet, a: readonly number[], b: readonly number[]): ForwardPass {
  const H = net.hidden;
  const layer1Values: Float64Array[] = [new Float64Array(H)]; // layer_1_values.append(np.zeros(hidden_dim)): h_0 [H]
  const layer2 = new Float64Array(BINARY_DIM); // [8]
  for (let position = 0; position < BINARY_DIM; position++) {
    // X = [[a[binary_dim - position - 1], b[binary_dim - position - 1]]]: the bits at this position.
    const x0 = a[BINARY_DIM - position - 1];
    const x1 = b[BINARY_DIM - position - 1];
    const prev = layer1Values[layer1Values.length - 1]; // layer_1_values[-1] [H]
    // layer_1 = sigmoid(np.dot(X, synapse_0) + np.dot(layer_1_values[-1], synapse_h)):
    // the new hidden state mixes the input bits with the previous hidden state.
    const layer1 = new Float64Array(H); // [H]
    for (let j = 0; j < H; j++) {
      let z = x0 * net.synapse0[j] + x1 * net.synapse0[H + j];
      for (let k = 0; k < H; k++) z += prev[k] * net.synapseH[k * H + j];
      layer1[j] = sigmoid(z);
    }
    // layer_2 = sigmoid(np.dot(layer_1, synapse_1)): the predicted probability that this bit of c is 1.
    let z2 = 0;
    for (let j = 0; j < H; j++) z2 += layer1[j] * net.synapse1[j];
    layer2[position] = sigmoid(z2);
    // layer_1_values.append(copy.deepcopy(layer_1)): keep every hidden state for BPTT.
    layer1Values.push(layer1);
  }
  return { layer1Values, layer2 };
}

/** `d`: the rounded predictions, most significant bit first (np.round sends 0.5 to 0, so "> 0.5"). */
function decode(layer2: Float64Array): number[] {
  const d = new Array<number>(BINARY_DIM).fill(0); // d = np.zeros_like(c) [8]
  for (let position = 0; position < BINARY_DIM; position++) d[BINARY_DIM - position - 1] = layer2[position] > 0.5 ? 1 : 0;
  return d;
}

/** The network's answer to a + b (a, b < 128), as a number. */
export function predictBinaryAddition(net: BinaryAdditionNet, a: number, b: number): number {
  return fromBits(decode(forwardPair(net, toBits(a), toBits(b)).layer2));
}

function checkOptions(iterations: number, hidden: number, learningRate: number, reportEvery: number): void {
  if (!Number.isInteger(iterations) || iterations < 0) throw new RangeError(`trainBinaryAddition: iterations must be an integer >= 0, got ${iterations}.`);
  if (!Number.isInteger(hidden) || hidden < 1) throw new RangeError(`trainBinaryAddition: hidden must be an integer >= 1, got ${hidden}.`);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new RangeError(`trainBinaryAddition: learningRate must be a positive number, got ${learningRate}.`);
  if (!Number.isInteger(reportEvery) || reportEvery < 1) throw new RangeError(`trainBinaryAddition: reportEvery must be an integer >= 1, got ${reportEvery}.`);
}

/** Trains the lesson's RNN; returns the weights and the reports made every `reportEvery` iterations. */
export function trainBinaryAddition(opts: BinaryAdditionOptions = {}): BinaryAdditionTraining {
  const seed = opts.seed ?? 0;
  const iterations = opts.iterations ?? 10000;
  const H = opts.hidden ?? 16;
  const alpha = opts.learningRate ?? 0.1;
  const reportEvery = opts.reportEvery ?? 1000;
  checkOptions(iterations, H, alpha, reportEvery);
  const rng = new ScratchRandom(seed); // np.random.seed(0)
  const inputDim = 2;
  const outputDim = 1;

  // Weight initialisation: `2 * np.random.random(shape) - 1`, uniform in [-1, 1), drawn in the
  // lesson's order synapse_0, synapse_1, synapse_h, each filled row by row like numpy.
  const init = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
  const net: BinaryAdditionNet = {
    inputDim,
    hidden: H,
    outputDim,
    synapse0: init(inputDim * H), // [2, H]
    synapse1: init(H * outputDim), // [H, 1]
    synapseH: init(H * H), // [H, H]
  };
  // synapse_*_update = np.zeros_like(synapse_*): the gradients summed over the 8 positions.
  const synapse0Update = new Float64Array(inputDim * H); // [2, H]
  const synapse1Update = new Float64Array(H * outputDim); // [H, 1]
  const synapseHUpdate = new Float64Array(H * H); // [H, H]

  const reports: BinaryAdditionReport[] = [];
  const seenPairs = new Set<number>();
  const futureLayer1Delta = new Float64Array(H); // [H]
  const layer1Delta = new Float64Array(H); // [H]
  const layer2Deltas = new Float64Array(BINARY_DIM); // [8]

  for (let j = 0; j < iterations; j++) {
    // Generate a simple addition problem (a + b = c): a_int = np.random.randint(largest_number / 2), etc.
    const aInt = rng.int(OPERAND_LIMIT);
    const bInt = rng.int(OPERAND_LIMIT);
    seenPairs.add(aInt * OPERAND_LIMIT + bInt);
    const a = toBits(aInt); // a = int2binary[a_int]
    const b = toBits(bInt);
    const cInt = aInt + bInt; // the right answer
    const c = toBits(cInt);

    // Forward through the 8 positions, keeping every hidden state.
    const { layer1Values, layer2 } = forwardPair(net, a, b);
    let overallError = 0;
    for (let position = 0; position < BINARY_DIM; position++) {
      const y = c[BINARY_DIM - position - 1]; // y = the bit of c at this position
      // layer_2_error = y - layer_2: did we miss, and by how much?
      const layer2Error = y - layer2[position];
      // layer_2_deltas.append(layer_2_error * sigmoid_output_to_derivative(layer_2)):
      // the error pushed back through the output sigmoid (this is −∂(½ error²)/∂z₂).
      layer2Deltas[position] = layer2Error * sigmoidOutputToDerivative(layer2[position]);
      overallError += Math.abs(layer2Error); // overallError += np.abs(layer_2_error[0])
    }
    const d = decode(layer2); // d[binary_dim - position - 1] = np.round(layer_2[0][0])

    // Backward through time: `for position in range(binary_dim)` walks from the last step
    // (the highest bit, array index `position`) back to the first.
    futureLayer1Delta.fill(0); // future_layer_1_delta = np.zeros(hidden_dim): nothing after the last step
    for (let position = 0; position < BINARY_DIM; position++) {
      const x0 = a[position]; // X = [[a[position], b[position]]]: the input of that step
      const x1 = b[position];
      const layer1 = layer1Values[BINARY_DIM - position]; // layer_1 = layer_1_values[-position-1]
      const prevLayer1 = layer1Values[BINARY_DIM - position - 1]; // prev_layer_1 = layer_1_values[-position-2]
      const layer2Delta = layer2Deltas[BINARY_DIM - position - 1]; // layer_2_delta = layer_2_deltas[-position-1]
      // layer_1_delta = (future_layer_1_delta · synapse_hᵀ + layer_2_delta · synapse_1ᵀ) * σ'(layer_1):
      // the hidden state's error comes from two places, the next step (through synapse_h) and
      // this step's output (through synapse_1); then back through the hidden sigmoid.
      for (let k = 0; k < H; k++) {
        let e = layer2Delta * net.synapse1[k];
        for (let m = 0; m < H; m++) e += futureLayer1Delta[m] * net.synapseH[k * H + m];
        layer1Delta[k] = e * sigmoidOutputToDerivative(layer1[k]);
      }
      // synapse_1_update += layer_1ᵀ · layer_2_delta
      for (let k = 0; k < H; k++) synapse1Update[k] += layer1[k] * layer2Delta;
      // synapse_h_update += prev_layer_1ᵀ · layer_1_delta
      for (let k = 0; k < H; k++) {
        for (let m = 0; m < H; m++) synapseHUpdate[k * H + m] += prevLayer1[k] * layer1Delta[m];
      }
      // synapse_0_update += Xᵀ · layer_1_delta
      for (let m = 0; m < H; m++) {
        synapse0Update[m] += x0 * layer1Delta[m];
        synapse0Update[H + m] += x1 * layer1Delta[m];
      }
      futureLayer1Delta.set(layer1Delta); // future_layer_1_delta = layer_1_delta
    }

    // synapse_* += synapse_*_update * alpha; synapse_*_update *= 0. The deltas were built from
    // (y − prediction), so adding them moves the weights down the error's gradient.
    for (let i = 0; i < synapse0Update.length; i++) net.synapse0[i] += synapse0Update[i] * alpha;
    for (let i = 0; i < synapse1Update.length; i++) net.synapse1[i] += synapse1Update[i] * alpha;
    for (let i = 0; i < synapseHUpdate.length; i++) net.synapseH[i] += synapseHUpdate[i] * alpha;
    synapse0Update.fill(0);
    synapse1Update.fill(0);
    synapseHUpdate.fill(0);

    // if (j % 1000 == 0): print the progress (error, predicted bits, true bits, a + b = out).
    if (j % reportEvery === 0) {
      const r: BinaryAdditionReport = { iteration: j, error: overallError, pred: d, true: c, a: aInt, b: bInt, predicted: fromBits(d) };
      reports.push(r);
      opts.onReport?.(r);
    }
  }
  return { net, reports, seenPairs };
}

export interface EvaluateOptions {
  /** How many random pairs (default 1,000). */
  pairs?: number;
  /** Seed of the evaluation stream (default 1; keep it apart from the training seed). */
  seed?: number;
  /** Pairs (as a * 128 + b) never to draw, e.g. `seenPairs` from training, to hold them out. */
  exclude?: ReadonlySet<number>;
}

/**
 * Draws `pairs` random pairs a, b < 128 (skipping `exclude`) and counts how many sums a predictor
 * gets exactly right. Shared by the RNN and the LSTM demos.
 */
export function evaluatePredictor(predict: (a: number, b: number) => number, opts: EvaluateOptions = {}): BinaryAdditionAccuracy {
  const total = opts.pairs ?? 1000;
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`evaluate: pairs must be an integer >= 1, got ${total}.`);
  const exclude = opts.exclude ?? new Set<number>();
  if (exclude.size >= OPERAND_LIMIT * OPERAND_LIMIT) throw new RangeError('evaluate: every pair is excluded; nothing is held out.');
  const rng = new ScratchRandom(opts.seed ?? 1);
  let correct = 0;
  const mistakes: Array<{ a: number; b: number; predicted: number }> = [];
  for (let n = 0; n < total; n++) {
    let a: number;
    let b: number;
    do {
      a = rng.int(OPERAND_LIMIT);
      b = rng.int(OPERAND_LIMIT);
    } while (exclude.has(a * OPERAND_LIMIT + b));
    const predicted = predict(a, b);
    if (predicted === a + b) correct++;
    else if (mistakes.length < 10) mistakes.push({ a, b, predicted });
  }
  return { accuracy: correct / total, correct, total, mistakes };
}

/** Accuracy of the trained RNN on random held-out pairs (target 100%). */
export function evaluateBinaryAddition(net: BinaryAdditionNet, opts: EvaluateOptions = {}): BinaryAdditionAccuracy {
  return evaluatePredictor((a, b) => predictBinaryAddition(net, a, b), opts);
}

export interface BinaryAdditionDemoOptions extends Omit<BinaryAdditionOptions, 'onReport'> {
  /** Held-out pairs to evaluate on afterwards (default 1,000). */
  evalPairs?: number;
  /** Seed of the evaluation pairs (default: training seed + 1). */
  evalSeed?: number;
}

/**
 * Runs the lesson: trains, printing the five lines of the lesson every 1,000 iterations, then
 * prints the accuracy on held-out pairs (pairs never drawn in training).
 */
export function runBinaryAdditionDemo(
  print: (line: string) => void,
  opts: BinaryAdditionDemoOptions = {},
): BinaryAdditionTraining & { accuracy: BinaryAdditionAccuracy } {
  const training = trainBinaryAddition({ ...opts, onReport: (r) => formatReport(r).forEach((line) => print(line)) });
  const evalSeed = opts.evalSeed ?? (opts.seed ?? 0) + 1;
  const accuracy = evaluateBinaryAddition(training.net, { pairs: opts.evalPairs ?? 1000, seed: evalSeed, exclude: training.seenPairs });
  print(formatAccuracy(accuracy.correct, accuracy.total, evalSeed));
  return { ...training, accuracy };
}
