import { record, noGrad } from '../autograd/tape.js';
import { ValueError } from '../errors.js';
import { inspectGradients } from '../inspect/probe.js';
import { firstLastRatio } from '../inspect/recorder.js';
import { dense, gru, lstm, simpleRnn } from '../layers/api.js';
import type { RecurrentLayer } from '../layers/rnn/base.js';
import { sparseCategoricalCrossentropy } from '../losses/api.js';
import { adam } from '../optim/registry.js';
import { Rng, setSeed } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { accuracyOf, markedTokenBatch } from './gradients/task.js';
import { fmtPct, fmtRatio, summarizeGradientStudy } from './gradients/summary.js';

export { fmtPct, fmtRatio, summarizeGradientStudy } from './gradients/summary.js';
export { markedTokenBatch, accuracyOf, type MarkedTokenBatch } from './gradients/task.js';

/** The models of the study: SimpleRNN, LSTM, GRU and SimpleRNN with the gradient highway (skipStep). */
export type GradientModelId = 'rnn' | 'lstm' | 'gru' | 'highway';
export const GRADIENT_MODEL_IDS: readonly GradientModelId[] = ['rnn', 'lstm', 'gru', 'highway'];

export interface GradientStudyOptions {
  /** Sequence length T (default 50; quick 20). */
  seqLen?: number;
  /** Training steps (batches) per model (default 600; quick 40). */
  steps?: number;
  /** Hidden units of every model (default 32; quick 8). */
  hidden?: number;
  /** Training batch size (default 32; quick 16). */
  batch?: number;
  /** Symbols of the task (classes; default 4, chance 25%). */
  classes?: number;
  /** Models to train, in order (default all four). */
  models?: GradientModelId[];
  /** k of the highway model, h_t = h̃_t + h_{t−k} (default 8; quick 4). */
  skipStep?: number;
  /** Record ‖∂L/∂h_t‖ every this many steps (default: steps / 20, at least 1). */
  every?: number;
  /** Adam learning rate (default 0.01). */
  learningRate?: number;
  /** Sequences of the gradient probe batch (default 64; quick 16) and the test set (default 512; quick 64). */
  probeSize?: number;
  testSize?: number;
  /** Accuracy on the long-range test set that counts as "learned" (default 0.9). */
  learnedAt?: number;
  /** Seed of weights and data (default 0); every model sees the same batches. */
  seed?: number;
  /** Small, fast defaults (seconds) for smoke runs and tests. */
  quick?: boolean;
  /** Progress lines (one per model when it finishes, plus a few while it trains). */
  onProgress?: (line: string) => void;
}

/** One trained model. */
export interface GradientStudyModel {
  id: GradientModelId;
  /** Display name, e.g. "LSTM(32)". */
  name: string;
  params: number;
  /** Training steps at which the norms were measured (0 = before the first update). */
  steps: number[];
  /** norms[s][t] = ‖∂L/∂h_t‖ on the probe batch at training step steps[s] (S × T). */
  norms: Float64Array[];
  /** Probe loss and accuracy at each recorded step (length S). */
  probeLoss: number[];
  probeAccuracy: number[];
  /** ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ at the first and the last recording. */
  ratioStart: number;
  ratioEnd: number;
  /** Loss and accuracy on the long-range test set after training. */
  finalLoss: number;
  finalAccuracy: number;
  learned: boolean;
  seconds: number;
}

export interface GradientStudyResult {
  /** The exact configuration that ran (defaults filled in). */
  config: {
    task: string; seqLen: number; steps: number; hidden: number; batch: number; classes: number; skipStep: number;
    every: number; learningRate: number; probeSize: number; testSize: number; learnedAt: number; seed: number; optimizer: string;
  };
  models: GradientStudyModel[];
  /** Plain-text summary with the numbers (which models learned the long-range task, gradient ratios). */
  summary: string;
}

function posInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`runGradientStudy: ${name} must be an integer >= 1, got ${v}.`);
  return v;
}

function modelName(id: GradientModelId, H: number, k: number): string {
  return id === 'rnn' ? `SimpleRNN(${H})` : id === 'lstm' ? `LSTM(${H})` : id === 'gru' ? `GRU(${H})` : `SimpleRNN(${H})+highway(k=${k})`;
}

function makeLayer(id: GradientModelId, H: number, k: number): RecurrentLayer {
  if (id === 'lstm') return lstm({ units: H });
  if (id === 'gru') return gru({ units: H });
  return simpleRnn({ units: H, skipStep: id === 'highway' ? k : 0 });
}

/**
 * The vanishing-gradient study: trains each model on the marked-token task (see gradients/task.ts)
 * with Adam and sparse crossentropy, a Dense readout on the last state, and records
 * ‖∂L/∂h_t‖ for every t on a fixed long-range probe batch (marked token at t = 1) every `every`
 * steps, through the public inspect API. Same seed, data and hidden size for every model.
 */
export function runGradientStudy(opts: GradientStudyOptions = {}): GradientStudyResult {
  const q = opts.quick === true;
  const T = posInt('seqLen', opts.seqLen ?? (q ? 20 : 50));
  const steps = posInt('steps', opts.steps ?? (q ? 40 : 600));
  const H = posInt('hidden', opts.hidden ?? (q ? 8 : 32));
  const B = posInt('batch', opts.batch ?? (q ? 16 : 32));
  const K = opts.classes ?? 4;
  if (!Number.isInteger(K) || K < 2) throw new ValueError(`runGradientStudy: classes must be an integer >= 2, got ${K}.`);
  const k = posInt('skipStep', opts.skipStep ?? (q ? 4 : 8));
  const every = posInt('every', opts.every ?? Math.max(1, Math.round(steps / 20)));
  const lr = opts.learningRate ?? 0.01;
  if (!(lr > 0)) throw new ValueError(`runGradientStudy: learningRate must be > 0, got ${lr}.`);
  const probeSize = posInt('probeSize', opts.probeSize ?? (q ? 16 : 64));
  const testSize = posInt('testSize', opts.testSize ?? (q ? 64 : 512));
  const learnedAt = opts.learnedAt ?? 0.9;
  const seed = opts.seed ?? 0;
  const ids = opts.models ?? [...GRADIENT_MODEL_IDS];
  if (ids.length === 0) throw new ValueError('runGradientStudy: models must name at least one model.');
  for (const id of ids) {
    if (!GRADIENT_MODEL_IDS.includes(id)) throw new ValueError(`runGradientStudy: unknown model '${String(id)}'; expected one of ${GRADIENT_MODEL_IDS.join(', ')}.`);
  }
  const say = opts.onProgress ?? ((): void => undefined);
  const config = {
    task: `marked token (${K} symbols + marker channel); train: mark at a random step, test/probe: mark at t=1, answer read at t=T`,
    seqLen: T, steps, hidden: H, batch: B, classes: K, skipStep: k, every, learningRate: lr, probeSize, testSize, learnedAt, seed,
    optimizer: 'adam',
  };
  const fixed = new Rng(seed + 1000);
  const probe = markedTokenBatch(fixed, probeSize, T, K, 0);
  const test = markedTokenBatch(fixed, testSize, T, K, 0);
  const lossFn = sparseCategoricalCrossentropy({ fromLogits: true });

  const models = ids.map((id): GradientStudyModel => {
    const name = modelName(id, H, k);
    const t0 = performance.now();
    setSeed(seed);
    const rnn = makeLayer(id, H, k);
    const head = dense({ units: K });
    const opt = adam({ learningRate: lr });
    const data = new Rng(seed + 1); // same batches for every model
    const rec: Pick<GradientStudyModel, 'steps' | 'norms' | 'probeLoss' | 'probeAccuracy'> = { steps: [], norms: [], probeLoss: [], probeAccuracy: [] };
    const measure = (step: number): void => {
      let logits: Tensor | null = null;
      const r = inspectGradients(rnn, probe.x, (h) => {
        logits = head.apply(h as Tensor) as Tensor; // [P,K]
        return lossFn(probe.y, logits);
      });
      rec.steps.push(step);
      rec.norms.push(r.norms);
      rec.probeLoss.push(r.loss);
      rec.probeAccuracy.push(logits ? accuracyOf(logits, probe.labels) : NaN);
    };
    for (let s = 0; s < steps; s++) {
      if (s % every === 0) measure(s);
      const { x, y } = markedTokenBatch(data, B, T, K, null);
      const { tape, result } = record(() => lossFn(y, head.apply(rnn.apply(x) as Tensor) as Tensor));
      tape.backward(result);
      const vars = [...rnn.trainableWeights, ...head.trainableWeights];
      opt.applyGradients(vars.map((v) => ({ variable: v, grad: tape.grad(v) ?? new Float32Array(v.size) })));
      tape.dispose();
      if ((s + 1) % Math.max(1, Math.round(steps / 4)) === 0 && s + 1 < steps) {
        say(`  ${name}: step ${s + 1}/${steps}, batch loss ${result.data[0].toFixed(3)}, probe accuracy ${fmtPct(rec.probeAccuracy[rec.probeAccuracy.length - 1])}`);
      }
    }
    measure(steps);
    const logits = noGrad(() => head.apply(rnn.apply(test.x) as Tensor) as Tensor); // [N,K]
    const finalLoss = noGrad(() => lossFn(test.y, logits).data[0]);
    const finalAccuracy = accuracyOf(logits, test.labels);
    const m: GradientStudyModel = {
      id, name, params: rnn.countParams() + head.countParams(), ...rec,
      ratioStart: firstLastRatio(rec.norms[0]), ratioEnd: firstLastRatio(rec.norms[rec.norms.length - 1]),
      finalLoss, finalAccuracy, learned: finalAccuracy >= learnedAt, seconds: (performance.now() - t0) / 1000,
    };
    say(`${name}: test accuracy ${fmtPct(finalAccuracy)} (loss ${finalLoss.toFixed(3)}), ‖∂L/∂h_1‖/‖∂L/∂h_T‖ ${fmtRatio(m.ratioStart)} → ${fmtRatio(m.ratioEnd)}, ${m.seconds.toFixed(1)} s`);
    return m;
  });
  return { config, models, summary: summarizeGradientStudy(config, models) };
}
