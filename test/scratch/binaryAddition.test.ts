import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ScratchRandom,
  evaluateBinaryAddition,
  formatNumpyFloat,
  fromBits,
  predictBinaryAddition,
  runBinaryAdditionDemo,
  toBits,
  trainBinaryAddition,
  type BinaryAdditionNet,
} from '../../src/scratch/index.js';

test('seed-004 RNN reaches 100% on 1,000 held-out pairs within 10,000 iterations (seed 0)', () => {
  const before = trainBinaryAddition({ seed: 0, iterations: 0 });
  const untrained = evaluateBinaryAddition(before.net, { pairs: 1000, seed: 1 });
  assert.ok(untrained.accuracy < 0.05, `an untrained net should be near 0%, got ${untrained.accuracy}`);

  const { net, reports, seenPairs } = trainBinaryAddition({ seed: 0 });
  assert.deepEqual(reports.map((r) => r.iteration), [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
  assert.ok(seenPairs.size > 5000 && seenPairs.size < 10000, `distinct training pairs: ${seenPairs.size}`);
  const acc = evaluateBinaryAddition(net, { pairs: 1000, seed: 1, exclude: seenPairs });
  assert.equal(acc.total, 1000);
  assert.equal(acc.correct, 1000, `mistakes: ${JSON.stringify(acc.mistakes)}`);
  assert.equal(acc.accuracy, 1);
  // The error falls as in the lesson (~4 at the start, ~1 at the end) and the last report is right.
  assert.ok(reports[0].error > 3, `first error ${reports[0].error}`);
  assert.ok(reports[9].error < 1.5, `last error ${reports[9].error}`);
  const last = reports[9];
  assert.equal(last.predicted, last.a + last.b);
  assert.deepEqual(last.pred, last.true);
  assert.deepEqual(last.true, toBits(last.a + last.b));
  assert.equal(predictBinaryAddition(net, 100, 27), 127);
  assert.equal(predictBinaryAddition(net, 127, 127), 254);
});

test('one training step is gradient descent on ½Σ(y − p)², checked with an independent forward pass and finite differences', () => {
  const seed = 5;
  const alpha = 0.1;
  const w0 = trainBinaryAddition({ seed, iterations: 0, hidden: 4 }).net;
  const step = trainBinaryAddition({ seed, iterations: 1, hidden: 4, learningRate: alpha, reportEvery: 1 });
  const { a, b } = step.reports[0];
  const H = 4;
  // The lesson's network, written again from the formulas: h_t = σ(x_t S0 + h_{t−1} Sh), p_t = σ(h_t S1).
  const halfSquaredError = (net: BinaryAdditionNet): number => {
    const sig = (z: number): number => 1 / (1 + Math.exp(-z));
    const A = toBits(a), Bb = toBits(b), C = toBits(a + b);
    let h = new Array<number>(H).fill(0);
    let E = 0;
    for (let k = 7; k >= 0; k--) {
      const next = h.map((_, j) => sig(A[k] * net.synapse0[j] + Bb[k] * net.synapse0[H + j] + h.reduce((s, hv, m) => s + hv * net.synapseH[m * H + j], 0)));
      const p = sig(next.reduce((s, hv, j) => s + hv * net.synapse1[j], 0));
      E += 0.5 * (C[k] - p) ** 2;
      h = next;
    }
    return E;
  };
  const eps = 1e-6;
  for (const name of ['synapse0', 'synapse1', 'synapseH'] as const) {
    const w = w0[name];
    for (let k = 0; k < w.length; k++) {
      const keep = w[k];
      w[k] = keep + eps;
      const up = halfSquaredError(w0);
      w[k] = keep - eps;
      const down = halfSquaredError(w0);
      w[k] = keep;
      const grad = (up - down) / (2 * eps);
      const update = step.net[name][k] - keep; // = −alpha · ∂E/∂w
      assert.ok(Math.abs(update + alpha * grad) < 1e-9, `${name}[${k}]: update ${update}, −alpha·grad ${-alpha * grad}`);
    }
  }
});

test('same seed gives the same reports and weights; another seed differs', () => {
  const r1 = trainBinaryAddition({ seed: 42, iterations: 3000 });
  const r2 = trainBinaryAddition({ seed: 42, iterations: 3000 });
  assert.deepEqual(r1.reports, r2.reports);
  assert.deepEqual(Array.from(r1.net.synapseH), Array.from(r2.net.synapseH));
  const r3 = trainBinaryAddition({ seed: 43, iterations: 3000 });
  assert.notDeepEqual(r1.reports, r3.reports);
});

test('runBinaryAdditionDemo prints the lesson format, then the held-out accuracy', () => {
  const lines: string[] = [];
  const res = runBinaryAdditionDemo((l) => lines.push(l), { seed: 0 });
  assert.equal(lines.length, 10 * 5 + 1);
  for (let k = 0; k < 10; k++) {
    const [err, pred, tru, sum, sep] = lines.slice(5 * k, 5 * k + 5);
    const r = res.reports[k];
    assert.match(err, /^Error:\[\d+\.\d*\]$/);
    assert.equal(err, `Error:[${formatNumpyFloat(r.error)}]`);
    assert.match(pred, /^Pred:\[[01]( [01]){7}\]$/);
    assert.match(tru, /^True:\[[01]( [01]){7}\]$/);
    assert.equal(sum, `${r.a} + ${r.b} = ${fromBits(r.pred)}`);
    assert.equal(sep, '-----');
  }
  assert.equal(lines[0], 'Error:[4.18997966]');
  assert.equal(lines[50], 'Held-out accuracy: 1000/1000 = 100.0% (random pairs a, b < 128, evaluation seed 1)');
});

test('bits, numpy float format and the PRNG', () => {
  assert.deepEqual(toBits(9), [0, 0, 0, 0, 1, 0, 0, 1]); // np.unpackbits order: most significant first
  assert.deepEqual(toBits(255), [1, 1, 1, 1, 1, 1, 1, 1]);
  for (const n of [0, 1, 77, 128, 255]) assert.equal(fromBits(toBits(n)), n);
  assert.throws(() => toBits(256), /expected an integer in \[0, 256\), got 256/);
  assert.throws(() => toBits(-1), RangeError);
  assert.equal(formatNumpyFloat(3.5852713), '3.5852713');
  assert.equal(formatNumpyFloat(0.215950371234), '0.21595037');
  assert.equal(formatNumpyFloat(3), '3.');
  // The PRNG is mulberry32: compare with the well-known reference snippet.
  const reference = (seed: number): (() => number) => {
    let s = seed;
    return () => {
      let t = (s += 0x6d2b79f5);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };
  for (const seed of [0, 1, 123456789]) {
    const ours = new ScratchRandom(seed);
    const ref = reference(seed);
    for (let k = 0; k < 100; k++) assert.equal(ours.next(), ref());
  }
  const rng = new ScratchRandom(7);
  const counts = new Array<number>(4).fill(0);
  for (let k = 0; k < 4000; k++) counts[rng.int(4)]++;
  for (const c of counts) assert.ok(c > 850 && c < 1150, `int(4) counts ${counts.join(',')}`);
  assert.throws(() => rng.int(0), /positive integer/);
});

test('bad options are rejected with a message', () => {
  assert.throws(() => trainBinaryAddition({ hidden: 0 }), /hidden must be an integer >= 1, got 0/);
  assert.throws(() => trainBinaryAddition({ learningRate: -1 }), /learningRate must be a positive number/);
  const { net } = trainBinaryAddition({ iterations: 0 });
  assert.throws(() => evaluateBinaryAddition(net, { pairs: 0 }), /pairs must be an integer >= 1/);
});
