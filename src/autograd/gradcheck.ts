import { ValueError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import { record } from './tape.js';

export interface GradcheckOptions {
  /** Finite-difference step (float64). Default 1e-6. */
  eps?: number;
  /** Allowed error: |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|). Defaults 1e-6, 1e-5. */
  atol?: number;
  rtol?: number;
  /** Variables (layer weights) to check as well; they are switched to float64 during the check. */
  params?: Variable[];
  /** Check at most this many elements per tensor (chosen at random, fixed seed). Default 400. */
  maxPerTensor?: number;
  seed?: number;
}

export interface GradcheckMismatch {
  tensor: string;
  index: number;
  analytic: number;
  numeric: number;
}

export interface GradcheckResult {
  ok: boolean;
  checked: number;
  maxAbsError: number;
  /** The worst elements (up to 5) that broke the tolerance. */
  mismatches: GradcheckMismatch[];
}

function toFloat64(t: Tensor): Tensor {
  if (t.dtype === 'int32') return t;
  return new Tensor(Float64Array.from(t.data), t.shape);
}

/**
 * Compares the gradients the tape computes with central finite differences, all in float64.
 * fn must be deterministic (draw any dropout mask from a fixed seed inside fn). The scalar checked is
 * L = Σ_outputs Σ r ⊙ output with fixed random weights r, so every output element matters.
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-6;
  const rtol = opts.rtol ?? 1e-5;
  const maxPer = opts.maxPerTensor ?? 400;
  const rng = new Rng(opts.seed ?? 1234);
  const params = opts.params ?? [];
  const restore = params.map((p) => p.castInPlace('float64'));
  try {
    const xs = inputs.map(toFloat64);
    const run = (): Tensor[] => {
      const out = fn(...xs);
      return Array.isArray(out) ? out : [out];
    };
    const probe = run();
    const weights = probe.map((o) => Float64Array.from({ length: o.size }, () => rng.uniform(-1, 1)));
    const lossOf = (outs: Tensor[]): number => {
      let s = 0;
      outs.forEach((o, k) => {
        for (let i = 0; i < o.size; i++) s += weights[k][i] * o.data[i];
      });
      return s;
    };
    const targets: { name: string; t: Tensor }[] = [
      ...xs.map((t, i) => ({ name: `input ${i}`, t })).filter((e) => e.t.dtype !== 'int32'),
      ...params.map((p) => ({ name: `param '${p.name}'`, t: p as Tensor })),
    ];
    if (targets.length === 0) throw new ValueError('gradcheck: no float inputs or params to check.');
    const savedFlags = targets.map((e) => e.t.requiresGrad);
    for (const e of targets) e.t.requiresGrad = true;
    let analytic: (Float64Array | null)[];
    try {
      const { tape, result } = record(() => run());
      const live = result.map((o, k) => ({ o, w: weights[k] })).filter((e) => e.o.requiresGrad);
      if (live.length > 0) tape.backwardMany(live.map((e) => e.o), live.map((e) => e.w));
      analytic = targets.map((e) => {
        const g = tape.grad(e.t);
        return g ? Float64Array.from(g) : null;
      });
    } finally {
      targets.forEach((e, i) => (e.t.requiresGrad = savedFlags[i]));
    }
    const mismatches: GradcheckMismatch[] = [];
    let checked = 0;
    let maxAbsError = 0;
    targets.forEach((e, ti) => {
      const data = e.t.data as Float64Array;
      const idxs = Array.from({ length: data.length }, (_, i) => i);
      if (idxs.length > maxPer) {
        rng.shuffle(idxs);
        idxs.length = maxPer;
      }
      for (const i of idxs) {
        const orig = data[i];
        data[i] = orig + eps;
        const lp = lossOf(run());
        data[i] = orig - eps;
        const lm = lossOf(run());
        data[i] = orig;
        const numeric = (lp - lm) / (2 * eps);
        const a = analytic[ti]?.[i] ?? 0;
        const err = Math.abs(a - numeric);
        maxAbsError = Math.max(maxAbsError, err);
        checked++;
        if (!(err <= atol + rtol * Math.max(Math.abs(a), Math.abs(numeric)))) {
          mismatches.push({ tensor: e.name, index: i, analytic: a, numeric });
        }
      }
    });
    mismatches.sort((p, q) => Math.abs(q.analytic - q.numeric) - Math.abs(p.analytic - p.numeric));
    return { ok: mismatches.length === 0, checked, maxAbsError, mismatches: mismatches.slice(0, 5) };
  } finally {
    restore.reverse().forEach((r) => r());
  }
}

/** gradcheck that throws a readable error listing the worst mismatches (for tests). */
export function assertGradcheck(fn: (...inputs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  const r = gradcheck(fn, inputs, opts);
  if (!r.ok) {
    const lines = r.mismatches.map((m) => `  ${m.tensor}[${m.index}]: analytic ${m.analytic}, numeric ${m.numeric}`);
    throw new ValueError(`gradcheck failed (${r.checked} elements checked, max abs error ${r.maxAbsError}):\n${lines.join('\n')}`);
  }
  return r;
}
