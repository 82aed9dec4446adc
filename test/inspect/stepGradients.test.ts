import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, record, setSeed, tensor, ValueError, type Tensor, type RecurrentLayer, type Variable } from '../../src/engine.js';
import { add, mul, sliceAxis, square, sum } from '../../src/ops/index.js';
import { applyWithStepProbe, gradientNormsCallback, inspectGradients, firstLastRatio } from '../../src/inspect/index.js';

type Kind = 'rnn' | 'lstm' | 'gru';
const B = 2, T = 6, D = 3, H = 3;
const sig = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * Independent float64 forward of the Keras cells with plain arrays, with an additive δ_t inserted
 * into the hidden state h_t after step t (after the skip connection), and the test loss
 *   L = Σ_{b,t,j} C[b,t,j]·out_t[b,j] + Σ_{b,j} out_{T−1}[b,j]²   (out in processing order).
 * delta[t] is indexed by INPUT time step t, like the probe's states.
 */
function oracleLoss(kind: Kind, W: Float64Array, U: Float64Array, bias: Float64Array, x: Float64Array, C: Float64Array,
  skip: number, goBackwards: boolean, delta: Float64Array[]): number {
  const g = kind === 'rnn' ? 1 : kind === 'lstm' ? 4 : 3;
  const G = g * H;
  const hist: Float64Array[] = [];
  let h = new Float64Array(B * H);
  let c = new Float64Array(B * H);
  let L = 0;
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const hn = new Float64Array(B * H);
    const cn = new Float64Array(B * H);
    for (let b = 0; b < B; b++) {
      const xp = new Float64Array(G); // x_t W (+ input bias)
      const rp = new Float64Array(G); // h W_rec (+ recurrent bias for GRU)
      for (let k = 0; k < G; k++) {
        for (let d = 0; d < D; d++) xp[k] += x[(b * T + t) * D + d] * W[d * G + k];
        for (let i = 0; i < H; i++) rp[k] += h[b * H + i] * U[i * G + k];
        if (kind === 'gru') { xp[k] += bias[k]; rp[k] += bias[G + k]; } else xp[k] += bias[k];
      }
      for (let j = 0; j < H; j++) {
        if (kind === 'rnn') hn[b * H + j] = Math.tanh(xp[j] + rp[j]);
        else if (kind === 'lstm') {
          const zi = sig(xp[j] + rp[j]), zf = sig(xp[H + j] + rp[H + j]);
          const zg = Math.tanh(xp[2 * H + j] + rp[2 * H + j]), zo = sig(xp[3 * H + j] + rp[3 * H + j]);
          cn[b * H + j] = zf * c[b * H + j] + zi * zg;
          hn[b * H + j] = zo * Math.tanh(cn[b * H + j]);
        } else {
          const z = sig(xp[j] + rp[j]), r = sig(xp[H + j] + rp[H + j]);
          const hh = Math.tanh(xp[2 * H + j] + r * rp[2 * H + j]);
          hn[b * H + j] = z * h[b * H + j] + (1 - z) * hh;
        }
      }
    }
    if (skip > 0 && s >= skip) for (let i = 0; i < B * H; i++) hn[i] += hist[s - skip][i];
    for (let i = 0; i < B * H; i++) hn[i] += delta[t][i];
    hist.push(hn);
    h = hn;
    c = cn;
    for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) L += C[(b * T + s) * H + j] * hn[b * H + j];
  }
  for (let i = 0; i < B * H; i++) L += h[i] * h[i];
  return L;
}

function makeLayer(kind: Kind, skip: number, goBackwards: boolean): RecurrentLayer {
  const args = { units: H, returnSequences: true, skipStep: skip, goBackwards };
  return kind === 'lstm' ? layers.lstm(args) : kind === 'gru' ? layers.gru(args) : layers.simpleRnn(args);
}

for (const [kind, skip, back] of [['rnn', 0, false], ['lstm', 0, false], ['gru', 0, false], ['rnn', 2, false], ['lstm', 2, false], ['gru', 3, true], ['rnn', 0, true]] as [Kind, number, boolean][]) {
  test(`inspectGradients: ∂L/∂h_t of ${kind}${skip ? ` skipStep ${skip}` : ''}${back ? ' goBackwards' : ''} equals float64 finite differences of an additive δ_t`, () => {
    setSeed(7 + skip);
    const layer = makeLayer(kind, skip, back);
    const xv = Float64Array.from({ length: B * T * D }, (_, i) => Math.sin(1.3 * i + 0.4)); // [B,T,D]
    const x = tensor(xv, [B, T, D], 'float64');
    layer.apply(tensor(Float32Array.from(xv), [B, T, D])); // build (float32 weights), then switch them to float64
    const restore = layer.weights.map((w: Variable) => w.castInPlace('float64'));
    // Non-trivial biases so every gate matters.
    if (layer.bias) layer.bias.assign(Array.from({ length: layer.bias.size }, (_, i) => 0.3 * Math.cos(i)));
    try {
      const Cv = Float64Array.from({ length: B * T * H }, (_, i) => Math.cos(0.7 * i)); // [B,T,H]
      const C = tensor(Cv, [B, T, H], 'float64');
      const lossOf = (out: Tensor | Tensor[]): Tensor => {
        const seq = out as Tensor; // [B,T,H]
        return add(sum(mul(seq, C)), sum(square(sliceAxis(seq, 1, T - 1, 1))));
      };
      const r = inspectGradients(layer, x, lossOf, { keepGradients: true });
      assert.equal(layer.implementation, 'fused', 'the layer is switched back to its own path');
      assert.equal(r.norms.length, T);
      assert.equal(r.perSample.length, B * T);
      const W = layer.kernel!.data as Float64Array, U = layer.recurrentKernel!.data as Float64Array, b = layer.bias!.data as Float64Array;
      const zero = (): Float64Array[] => Array.from({ length: T }, () => new Float64Array(B * H));
      const L0 = oracleLoss(kind, W, U, b, xv, Cv, skip, back, zero());
      assert.ok(Math.abs(L0 - r.loss) < 1e-10 * Math.max(1, Math.abs(L0)), `oracle loss ${L0} vs engine ${r.loss}`);
      const eps = 1e-5;
      let maxNorm = 0;
      for (let t = 0; t < T; t++) {
        let sq = 0;
        for (let i = 0; i < B * H; i++) {
          const dp = zero(); dp[t][i] = eps;
          const dm = zero(); dm[t][i] = -eps;
          const fd = (oracleLoss(kind, W, U, b, xv, Cv, skip, back, dp) - oracleLoss(kind, W, U, b, xv, Cv, skip, back, dm)) / (2 * eps);
          assert.ok(Math.abs(fd - r.grads![t][i]) < 1e-7 * Math.max(1, Math.abs(fd)), `t=${t} i=${i}: finite difference ${fd}, inspect ${r.grads![t][i]}`);
          sq += fd * fd;
        }
        const fdNorm = Math.sqrt(sq);
        maxNorm = Math.max(maxNorm, fdNorm);
        assert.ok(Math.abs(fdNorm - r.norms[t]) < 1e-7 * Math.max(1, fdNorm), `t=${t}: ‖δL/δh_t‖ ${fdNorm} vs ${r.norms[t]}`);
        let ps = 0;
        for (let bb = 0; bb < B; bb++) ps += r.perSample[bb * T + t] ** 2;
        assert.ok(Math.abs(Math.sqrt(ps) - r.norms[t]) < 1e-12 * Math.max(1, r.norms[t]));
      }
      assert.ok(maxNorm > 0.1, 'the test loss has real gradients');
    } finally {
      restore.forEach((f) => f());
    }
  });
}

test('applyWithStepProbe: needs a recording tape and a recurrent layer', () => {
  setSeed(1);
  const rnn = layers.simpleRnn({ units: 2 });
  const x = tensor(new Float32Array(1 * 3 * 2).fill(0.5), [1, 3, 2]);
  assert.throws(() => applyWithStepProbe(rnn, x), (e: unknown) => e instanceof ValueError && /record/.test(e.message));
  const dense = layers.dense({ units: 2 }) as unknown as RecurrentLayer;
  assert.throws(() => record(() => applyWithStepProbe(dense, x)), (e: unknown) => e instanceof ValueError && /recurrent layer/.test(e.message));
  assert.throws(() => inspectGradients(rnn, x, (o) => o as Tensor), /scalar/);
});

test('gradientNormsCallback records every N steps; a frozen layer still gets state gradients', () => {
  setSeed(3);
  const rnn = layers.gru({ units: 4 });
  const x = tensor(Float32Array.from({ length: 2 * 5 * 3 }, (_, i) => Math.sin(i)), [2, 5, 3]); // [2,5,3]
  const seen: number[] = [];
  const rec = gradientNormsCallback({ every: 3, onNorms: (s, g) => { seen.push(s); assert.equal(g.norms.length, 5); } });
  rnn.apply(x);
  rnn.setTrainable(false);
  for (let step = 0; step < 7; step++) {
    const { tape, result } = record(() => sum(rec.apply(step, rnn, x) as Tensor));
    if (rec.shouldRecord(step)) tape.backward(result);
    rec.collect(step, tape);
  }
  assert.deepEqual(seen, [0, 3, 6]);
  assert.deepEqual(rec.steps, [0, 3, 6]);
  const m = rec.matrix();
  assert.equal(m.length, 3);
  // L = Σ h_T: the last state's gradient is all ones, ‖·‖ = sqrt(B·H) = sqrt(8).
  for (const row of m) assert.ok(Math.abs(row[4] - Math.sqrt(8)) < 1e-6);
  assert.ok(m[0][0] > 0 && m[0][0] < m[0][4]);
  assert.equal(x.requiresGrad, false, 'the input flag is restored');
  assert.ok(Math.abs(firstLastRatio(m[0]) - m[0][0] / m[0][4]) < 1e-15);
  assert.ok(Number.isNaN(firstLastRatio([1, 0])));
  assert.throws(() => gradientNormsCallback({ every: 0 }), ValueError);
});
