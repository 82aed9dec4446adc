// The benchmark workloads: the seed models with the peer's shapes (../shared/peers/torch_rnn_anchor.py),
// their rnnkit models, synthetic batches and the FLOP count of one training step.
import { Rng, Tensor, layers, losses, optimizers, sequential, type LayersModel } from '../src/index.js';

export type CellKind = 'rnn' | 'lstm' | 'gru';

export interface Workload {
  name: string;
  cell: CellKind;
  /** Token ids are drawn from [0, vocab); with `oneHot` the input is the one-hot vector of the id. */
  vocab: number;
  /** Embedding width (0 for one-hot input). */
  emb: number;
  hidden: number;
  /** Stacked recurrent layers (all but the last return sequences). */
  layers: number;
  /** Time steps. */
  T: number;
  /** Batch size. */
  B: number;
  /** Dense outputs: 1 (binary cross-entropy from logits) or C classes (sparse cross-entropy from logits). */
  out: number;
  oneHot: boolean;
  /** Issue 5's target for native/torch ms per step (at most). */
  targetRatio: number;
  /** Seed the shapes come from. */
  seed: string;
}

const w = (name: string, cell: CellKind, vocab: number, emb: number, hidden: number, nLayers: number,
  T: number, B: number, out: number, targetRatio: number, seed: string): Workload => (
  { name, cell, vocab, emb, hidden, layers: nLayers, T, B, out, oneHot: emb === 0, targetRatio, seed });

/** Same table as the peer's WORK dict (name: cell, vocab, emb, hidden, layers, T, B, out). */
export const WORKLOADS: readonly Workload[] = [
  w('imdb-lstm128', 'lstm', 20000, 128, 128, 1, 80, 50, 1, 0.33, '004'),
  w('imdb-rnn32x2', 'rnn', 10000, 32, 32, 2, 100, 128, 1, 0.25, '000'),
  w('imdb-lstm32x2', 'lstm', 10000, 32, 32, 2, 100, 128, 1, 0.25, '000'),
  w('imdb-gru32x2', 'gru', 10000, 32, 32, 2, 100, 128, 1, 0.25, '000'),
  w('char-lstm128', 'lstm', 60, 0, 128, 1, 10, 128, 60, 0.33, '001'),
];

export function workloadNames(): string[] {
  return WORKLOADS.map((x) => x.name);
}

/** Gate blocks per cell: SimpleRNN 1, LSTM 4 (i, f, c, o), GRU 3 (z, r, h). */
export function gates(cell: CellKind): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

/**
 * Floating-point operations of one training step (forward + backward), GEMMs only (a multiply-add
 * counts 2; activations, the embedding gather/scatter, the loss and the optimizer are left out).
 * Per recurrent layer l with input width D_l, G gate blocks, H units:
 *   forward   input projection  2·B·T·D_l·G·H   +  recurrent  2·B·T·H·G·H
 *   backward  input projection  2·B·T·D_l·G·H (dW) + 2·B·T·D_l·G·H (dX, left out when the input
 *             needs no gradient: the one-hot input of char-lstm128)
 *             recurrent         2·(2·B·T·H·G·H)   (dU and dh)
 * Dense on the last output: 2·B·H·O forward, 2·2·B·H·O backward (dW and dX).
 * With an embedding every layer's input needs dX, so the step is 3× the forward count.
 */
export function flopsPerStep(x: Workload): number {
  const G = gates(x.cell);
  const { B, T, hidden: H } = x;
  let total = 0;
  for (let l = 0; l < x.layers; l++) {
    const D = l === 0 ? (x.oneHot ? x.vocab : x.emb) : H;
    const inputFwd = 2 * B * T * D * G * H;
    const recFwd = 2 * B * T * H * G * H;
    const needsDx = !(l === 0 && x.oneHot);
    total += inputFwd + recFwd; // forward
    total += inputFwd * (needsDx ? 2 : 1) + 2 * recFwd; // backward
  }
  total += 3 * 2 * B * H * x.out; // dense forward + backward
  return total;
}

/** The rnnkit model of a workload, compiled with Adam (default settings) and the peer's loss. */
export function buildModel(x: Workload): LayersModel {
  const cell = x.cell === 'lstm' ? layers.lstm : x.cell === 'gru' ? layers.gru : layers.simpleRnn;
  const stack = [];
  if (x.oneHot) {
    for (let l = 0; l < x.layers; l++) {
      const inputShape = l === 0 ? { inputShape: [x.T, x.vocab] } : {};
      stack.push(cell({ units: x.hidden, returnSequences: l < x.layers - 1, ...inputShape })); // [B, (T,) H]
    }
  } else {
    stack.push(layers.embedding({ inputDim: x.vocab, outputDim: x.emb, inputShape: [x.T] })); // [B, T, emb]
    for (let l = 0; l < x.layers; l++) stack.push(cell({ units: x.hidden, returnSequences: l < x.layers - 1 })); // [B, (T,) H]
  }
  stack.push(layers.dense({ units: x.out })); // [B, out] logits
  const model = sequential({ name: x.name.replace(/-/g, '_'), layers: stack });
  const loss = x.out === 1 ? losses.binaryCrossentropy({ fromLogits: true }) : losses.sparseCategoricalCrossentropy({ fromLogits: true });
  model.compile({ optimizer: optimizers.adam(), loss });
  return model;
}

/** A synthetic batch: random ids (int32 [B, T], or one-hot float32 [B, T, vocab]) and random labels. */
export function syntheticBatch(x: Workload, seed: number): { x: Tensor; y: Tensor } {
  const rng = new Rng(seed);
  const ids = new Int32Array(x.B * x.T); // [B, T]
  for (let i = 0; i < ids.length; i++) ids[i] = rng.int(x.vocab);
  let input: Tensor;
  if (x.oneHot) {
    const oh = new Float32Array(x.B * x.T * x.vocab); // [B, T, vocab]
    for (let i = 0; i < ids.length; i++) oh[i * x.vocab + ids[i]] = 1;
    input = new Tensor(oh, [x.B, x.T, x.vocab]);
  } else {
    input = new Tensor(ids, [x.B, x.T]);
  }
  let y: Tensor;
  if (x.out === 1) {
    const lab = new Float32Array(x.B); // [B, 1]
    for (let i = 0; i < x.B; i++) lab[i] = rng.int(2);
    y = new Tensor(lab, [x.B, 1]);
  } else {
    const lab = new Int32Array(x.B); // [B]
    for (let i = 0; i < x.B; i++) lab[i] = rng.int(x.out);
    y = new Tensor(lab, [x.B]);
  }
  return { x: input, y };
}
