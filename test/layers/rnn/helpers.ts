import { record } from '../../../src/autograd/tape.js';
import { add, mul } from '../../../src/ops/elementwise.js';
import { sum } from '../../../src/ops/reduce.js';
import { tensor } from '../../../src/tensor/create.js';
import { setSeed } from '../../../src/tensor/rng.js';
import { Tensor, type DType } from '../../../src/tensor/tensor.js';
import type { CallOptions } from '../../../src/layers/layer.js';
import { GRU, LSTM, SimpleRNN, type RecurrentLayer } from '../../../src/layers/rnn/index.js';
import type { GruArgs, LstmArgs } from '../../../src/layers/rnn/args.js';

export type Kind = 'simple' | 'lstm' | 'gruAfter' | 'gruBefore';
export const KINDS: Kind[] = ['simple', 'lstm', 'gruAfter', 'gruBefore'];

/** Deterministic values in about [−1, 1]. */
export function wave(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(0.7 * i + seed) * Math.cos(0.31 * i * seed + 1));
}

export function seqInput(B: number, T: number, D: number, seed = 1, dtype: DType = 'float32'): Tensor {
  return tensor(wave(B * T * D, seed), [B, T, D], dtype);
}

export function makeLayer(kind: Kind, args: Omit<LstmArgs & GruArgs, 'units'> & { units: number }): RecurrentLayer {
  switch (kind) {
    case 'simple': return new SimpleRNN(args);
    case 'lstm': return new LSTM(args);
    case 'gruAfter': return new GRU({ ...args, resetAfter: true });
    case 'gruBefore': return new GRU({ ...args, resetAfter: false });
  }
}

/** A fused and a composed layer with identical (non-trivial) weights, built for input dim D. */
export function makePair(kind: Kind, D: number, args: Omit<LstmArgs & GruArgs, 'units'> & { units: number }): [RecurrentLayer, RecurrentLayer] {
  setSeed(7);
  const f = makeLayer(kind, { ...args, implementation: 'fused' });
  const c = makeLayer(kind, { ...args, implementation: 'composed' });
  f.ensureBuilt([null, null, D]);
  c.ensureBuilt([null, null, D]);
  // Non-zero biases so that bias paths are exercised.
  f.setWeights(f.getWeights().map((w, i) => (i === 2 ? tensor(wave(w.size, 11).map((v) => 0.3 * v), w.shape) : w)));
  c.setWeights(f.getWeights());
  return [f, c];
}

/**
 * Runs the layer, builds L = Σ_k Σ r_k ⊙ out_k, and back-propagates. Returns the outputs and the
 * gradients of L w.r.t. x, the initial states given in opts, and every weight.
 */
export function runWithGrads(layer: RecurrentLayer, x: Tensor, opts: CallOptions = {}): { outs: Tensor[]; grads: (Float64Array | null)[] } {
  const init = opts.initialState ?? [];
  const targets: Tensor[] = [x, ...init, ...layer.weights];
  for (const t of [x, ...init]) t.requiresGrad = true;
  try {
    const { tape, result } = record(() => {
      const y = layer.apply(x, opts);
      const outs = Array.isArray(y) ? y : [y];
      let loss: Tensor | null = null;
      outs.forEach((o, k) => {
        const r = tensor(wave(o.size, 3 + k), o.shape, o.dtype);
        const term = sum(mul(o, r));
        loss = loss ? add(loss, term) : term;
      });
      return { outs, loss: loss as unknown as Tensor };
    });
    tape.backward(result.loss);
    return { outs: result.outs, grads: targets.map((t) => { const g = tape.grad(t); return g ? Float64Array.from(g) : null; }) };
  } finally {
    for (const t of [x, ...init]) t.requiresGrad = false;
  }
}

/** max |a − b| over two equal-length arrays (throws on length mismatch). */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A [B,T] 0/1 mask tensor from nested rows. */
export function maskOf(rows: number[][]): Tensor {
  return tensor(rows);
}
