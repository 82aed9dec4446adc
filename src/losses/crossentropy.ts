import { defineOp } from '../autograd/op.js';
import { scalarLike } from '../ops/elementwise.js';
import { K } from '../ops/util.js';
import { pooledBuffer } from '../tensor/pool.js';
import type { FloatArray, Tensor } from '../tensor/tensor.js';
import { checkLabelShape, checkOneHotShape, checkSparseLabels } from './labels.js';
import { EPSILON, checkSmoothing, namedLoss, type NamedLossFn } from './loss.js';

const LO = EPSILON;
const HI = 1 - EPSILON;

/**
 * A step-scoped buffer of o's length and precision for what the logits paths save for the backward
 * (the kernels write every element; the backward closure is dropped with the tape at the step's end).
 */
function savedLike(o: FloatArray): FloatArray {
  return pooledBuffer(o instanceof Float64Array ? 'float64' : 'float32', o.length);
}

/** Writes the renormalised row q = o/Σo of o[off .. off + c) into saved at the same offsets; returns Σo. */
function rowNormalise(saved: Float64Array, o: FloatArray, off: number, c: number): number {
  let sum = 0;
  for (let j = 0; j < c; j++) sum += o[off + j];
  for (let j = 0; j < c; j++) saved[off + j] = o[off + j] / sum;
  return sum;
}

/**
 * Binary crossentropy, mean over all elements. Targets are smoothed z = t(1−s) + s/2.
 * Logits x: max(x,0) − x·z + log(1 + e^−|x|); dx = σ(x) − z.
 * Probabilities p clipped to [ε, 1−ε]: −(z·log p + (1−z)·log(1−p)); dp = (1−z)/(1−p) − z/p inside
 * the clip range, 0 outside (the clip's gradient, as in Keras).
 */
export const binaryCrossentropyOp = defineOp('binaryCrossentropy', (yTrue: Tensor, yPred: Tensor, fromLogits: boolean, smoothing: number) => {
  checkLabelShape('binaryCrossentropy', yTrue, yPred);
  const p = yPred.floats('binaryCrossentropy (yPred)');
  const t = yTrue.data;
  const n = p.length;
  const keep = 1 - smoothing;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const z = t[i] * keep + 0.5 * smoothing;
    const x = p[i];
    if (fromLogits) {
      s += Math.max(x, 0) - x * z + Math.log1p(Math.exp(-Math.abs(x)));
    } else {
      const pc = Math.min(Math.max(x, LO), HI);
      s -= z * Math.log(pc) + (1 - z) * Math.log(1 - pc);
    }
  }
  return {
    inputs: [yTrue, yPred],
    outputs: scalarLike(n > 0 ? s / n : 0, yPred), // [] (scalar, yPred's precision)
    backward: ([dY], [dTrue, dPred]) => {
      const g = dY[0] / Math.max(n, 1);
      for (let i = 0; i < n; i++) {
        const z = t[i] * keep + 0.5 * smoothing;
        const x = p[i];
        if (fromLogits) {
          const sig = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
          if (dPred) dPred[i] += g * (sig - z);
          if (dTrue) dTrue[i] += -g * x * keep;
        } else {
          const pc = Math.min(Math.max(x, LO), HI);
          if (dPred && x >= LO && x <= HI) dPred[i] += g * ((1 - z) / (1 - pc) - z / pc);
          if (dTrue) dTrue[i] += -g * (Math.log(pc) - Math.log(1 - pc)) * keep;
        }
      }
    },
  };
});

/**
 * Categorical crossentropy over the last axis, mean over the rows. Targets smoothed t(1−s) + s/C.
 * Logits: −Σ t·log_softmax(x); dx = softmax(x)·Σt − t.
 * Probabilities: rows are renormalised q = o/Σo, clipped to [ε, 1−ε]; −Σ t·log q.
 */
export const categoricalCrossentropyOp = defineOp('categoricalCrossentropy', (yTrue: Tensor, yPred: Tensor, fromLogits: boolean, smoothing: number) => {
  checkOneHotShape('categoricalCrossentropy', yTrue, yPred);
  const o = yPred.floats('categoricalCrossentropy (yPred)');
  const t = yTrue.data;
  const c = yPred.shape[yPred.shape.length - 1];
  const rows = c > 0 ? o.length / c : 0;
  const keep = 1 - smoothing;
  const add = smoothing / c;
  if (fromLogits) {
    const logSm = savedLike(o); // logSm [...yPred.shape]: log-softmax of every row
    const s = K().softmaxXent(logSm, o, t, keep, add, rows, c);
    return {
      inputs: [yTrue, yPred],
      outputs: scalarLike(rows > 0 ? s / rows : 0, yPred), // [] (scalar, yPred's precision)
      backward: ([dY], [dTrue, dPred]) => {
        if (dTrue || dPred) K().softmaxXentGrad(dPred, dTrue, logSm, t, dY[0] / Math.max(rows, 1), keep, add, rows, c);
      },
    };
  }
  // Per-row saved values: the renormalised q (unclipped) and Σo.
  const saved = new Float64Array(o.length); // saved [...yPred.shape]
  const sums = new Float64Array(rows); // sums [rows]: Σo per row
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const off = r * c;
    sums[r] = rowNormalise(saved, o, off, c);
    for (let j = 0; j < c; j++) s -= (t[off + j] * keep + add) * Math.log(Math.min(Math.max(saved[off + j], LO), HI));
  }
  return {
    inputs: [yTrue, yPred],
    outputs: scalarLike(rows > 0 ? s / rows : 0, yPred), // [] (scalar, yPred's precision)
    backward: ([dY], [dTrue, dPred]) => {
      const g = dY[0] / Math.max(rows, 1);
      const dq = new Float64Array(c); // dq [C], dLoss/dq for one row
      for (let r = 0; r < rows; r++) {
        const off = r * c;
        let dot = 0;
        for (let j = 0; j < c; j++) {
          const q = saved[off + j];
          const qc = Math.min(Math.max(q, LO), HI);
          dq[j] = q >= LO && q <= HI ? -(t[off + j] * keep + add) / qc : 0;
          dot += dq[j] * q;
          if (dTrue) dTrue[off + j] += -g * Math.log(qc) * keep;
        }
        // q = o/S: dLoss/do_j = (dq_j − Σ_i dq_i q_i) / S
        if (dPred) for (let j = 0; j < c; j++) dPred[off + j] += (g * (dq[j] - dot)) / sums[r];
      }
    },
  };
});

/**
 * Sparse categorical crossentropy: integer class ids (int32 or integral floats) of shape yPred's
 * without the class axis (or with a trailing 1). Same math as categorical with one-hot targets.
 */
export const sparseCategoricalCrossentropyOp = defineOp('sparseCategoricalCrossentropy', (yTrue: Tensor, yPred: Tensor, fromLogits: boolean) => {
  const ids = checkSparseLabels('sparseCategoricalCrossentropy', yTrue, yPred);
  const o = yPred.floats('sparseCategoricalCrossentropy (yPred)');
  const c = yPred.shape[yPred.shape.length - 1];
  const rows = ids.length;
  if (fromLogits) {
    const probs = savedLike(o); // probs [...yPred.shape]: softmax of every row
    const s = K().softmaxXentSparse(probs, o, ids, rows, c);
    return {
      inputs: [yPred],
      outputs: scalarLike(rows > 0 ? s / rows : 0, yPred), // [] (scalar, yPred's precision)
      backward: ([dY], [dPred]) => {
        if (dPred) K().softmaxXentSparseGrad(dPred, probs, ids, dY[0] / Math.max(rows, 1), rows, c);
      },
    };
  }
  const saved = new Float64Array(o.length); // saved [...yPred.shape]: renormalised q
  const sums = new Float64Array(rows); // sums [rows]
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const off = r * c;
    sums[r] = rowNormalise(saved, o, off, c);
    s -= Math.log(Math.min(Math.max(saved[off + ids[r]], LO), HI));
  }
  return {
    inputs: [yPred],
    outputs: scalarLike(rows > 0 ? s / rows : 0, yPred), // [] (scalar, yPred's precision)
    backward: ([dY], [dPred]) => {
      if (!dPred) return;
      const g = dY[0] / Math.max(rows, 1);
      for (let r = 0; r < rows; r++) {
        const off = r * c;
        const k = ids[r];
        const q = saved[off + k];
        if (!(q >= LO && q <= HI)) continue;
        const dqk = -1 / q; // only q_k carries loss
        for (let j = 0; j < c; j++) dPred[off + j] += (g * dqk * ((j === k ? 1 : 0) - q)) / sums[r];
      }
    },
  };
});

export interface CrossentropyOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
}

/** Binary crossentropy (Keras defaults fromLogits false, labelSmoothing 0). */
export function binaryCrossentropy(opts: CrossentropyOptions = {}): NamedLossFn {
  const fromLogits = opts.fromLogits ?? false;
  const labelSmoothing = checkSmoothing('binaryCrossentropy', opts.labelSmoothing);
  return namedLoss('binaryCrossentropy', { fromLogits, labelSmoothing },
    (yTrue, yPred) => binaryCrossentropyOp(yTrue, yPred, fromLogits, labelSmoothing));
}

/** Categorical crossentropy over one-hot (or soft) labels of yPred's shape. */
export function categoricalCrossentropy(opts: CrossentropyOptions = {}): NamedLossFn {
  const fromLogits = opts.fromLogits ?? false;
  const labelSmoothing = checkSmoothing('categoricalCrossentropy', opts.labelSmoothing);
  return namedLoss('categoricalCrossentropy', { fromLogits, labelSmoothing },
    (yTrue, yPred) => categoricalCrossentropyOp(yTrue, yPred, fromLogits, labelSmoothing));
}

/** Sparse categorical crossentropy over integer class ids. */
export function sparseCategoricalCrossentropy(opts: { fromLogits?: boolean } = {}): NamedLossFn {
  const fromLogits = opts.fromLogits ?? false;
  return namedLoss('sparseCategoricalCrossentropy', { fromLogits },
    (yTrue, yPred) => sparseCategoricalCrossentropyOp(yTrue, yPred, fromLogits));
}
