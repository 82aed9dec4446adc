// Child script: one training step of imdb-lstm128 in @tensorflow/tfjs (pure-JS CPU backend), the
// same model as rnnkit's (Embedding(20000,128) → LSTM(128, sigmoid gates) → Dense(1) logits, Adam,
// sigmoid cross-entropy), timed with `model.trainOnBatch`.
//   node --import tsx bench/tfjs.ts [--steps 3] [--warmup 1]
// Prints one `BENCH_JSON {"kind":"tfjs",...}` line.
import * as tf from '@tensorflow/tfjs';
import { emit, intFlag, median, parseFlags } from './args.js';
import { WORKLOADS } from './workloads.js';

const flags = parseFlags(process.argv.slice(2));
const steps = intFlag(flags, 'steps', 1);
const warmup = flags.get('warmup') === '0' ? 0 : intFlag(flags, 'warmup', 1);
const base = WORKLOADS.find((x) => x.name === 'imdb-lstm128');
if (!base) throw new Error('bench/tfjs: workload imdb-lstm128 is missing');
// --vocab N: a smaller table (probing how the step scales with the vocabulary; not the workload).
const wl = { ...base, vocab: intFlag(flags, 'vocab', base.vocab) };

await tf.setBackend('cpu');
await tf.ready();

const model = tf.sequential({
  layers: [
    tf.layers.embedding({ inputDim: wl.vocab, outputDim: wl.emb, inputLength: wl.T }), // [B, T, 128]
    tf.layers.lstm({ units: wl.hidden, recurrentActivation: 'sigmoid' }), // [B, 128]
    tf.layers.dense({ units: 1 }), // [B, 1] logits
  ],
});
model.compile({
  optimizer: tf.train.adam(0.001),
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.sigmoidCrossEntropy(yTrue, yPred),
});

// Same synthetic scheme as rnnkit's batch: uniform ids in [0, vocab), labels 0/1.
let s = 7;
const rand = (n: number): number => {
  s = (s * 1103515245 + 12345) >>> 0;
  return s % n;
};
const ids = new Int32Array(wl.B * wl.T); // [B, T]
for (let i = 0; i < ids.length; i++) ids[i] = rand(wl.vocab);
const lab = new Float32Array(wl.B); // [B, 1]
for (let i = 0; i < wl.B; i++) lab[i] = rand(2);
const x = tf.tensor2d(ids, [wl.B, wl.T], 'int32');
const y = tf.tensor2d(lab, [wl.B, 1]);

let loss = NaN;
const step = async (): Promise<void> => {
  const r = await model.trainOnBatch(x, y);
  loss = Array.isArray(r) ? r[0] : r;
};
const times: number[] = [];
for (let i = 0; i < warmup + steps; i++) {
  const t0 = performance.now();
  await step();
  const dt = performance.now() - t0;
  if (i >= warmup) times.push(dt);
  process.stderr.write(`[bench] tfjs ${i < warmup ? 'warm-up' : 'timed'} step: ${(dt / 1000).toFixed(1)} s (rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB)\n`);
}
emit({ kind: 'tfjs', workload: wl.name, vocab: wl.vocab, backend: `tfjs ${tf.version.tfjs} (${tf.getBackend()})`, ms: median(times), steps, warmup, loss });
