// The benchmark's pure parts: FLOP counts, the workload models' shapes, the peer's output parser,
// flags and the report table. No timing here (timings belong in `npm run bench`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intFlag, mean, median, parseFlags } from '../../bench/args.js';
import { formatReport, gflops, stepTable } from '../../bench/table.js';
import { parseTorchOutput } from '../../bench/torch.js';
import { WORKLOADS, buildModel, flopsPerStep, syntheticBatch, workloadNames } from '../../bench/workloads.js';

const byName = (n: string): (typeof WORKLOADS)[number] => {
  const w = WORKLOADS.find((x) => x.name === n);
  assert.ok(w, `workload ${n}`);
  return w;
};

test('the workloads are the peer\'s five, with its shapes and the issue\'s targets', () => {
  assert.deepEqual(workloadNames(), ['imdb-lstm128', 'imdb-rnn32x2', 'imdb-lstm32x2', 'imdb-gru32x2', 'char-lstm128']);
  const l = byName('imdb-lstm128');
  assert.deepEqual([l.vocab, l.emb, l.hidden, l.layers, l.T, l.B, l.out, l.targetRatio], [20000, 128, 128, 1, 80, 50, 1, 0.33]);
  const c = byName('char-lstm128');
  assert.deepEqual([c.vocab, c.oneHot, c.hidden, c.T, c.B, c.out, c.targetRatio], [60, true, 128, 10, 128, 60, 0.33]);
  for (const n of ['imdb-rnn32x2', 'imdb-lstm32x2', 'imdb-gru32x2']) {
    const s = byName(n);
    assert.deepEqual([s.vocab, s.emb, s.hidden, s.layers, s.T, s.B, s.targetRatio], [10000, 32, 32, 2, 100, 128, 0.25]);
  }
});

test('flopsPerStep: hand-computed counts', () => {
  // imdb-lstm128: forward input 2·50·80·128·512 = 524,288,000 and recurrent the same; ×3 with the
  // embedding's dX; dense 3·2·50·128·1 = 38,400.
  assert.equal(flopsPerStep(byName('imdb-lstm128')), 3 * 2 * 524_288_000 + 38_400);
  // char-lstm128: input 2·128·10·60·512 = 78,643,200 (×2: no dX for the one-hot input),
  // recurrent 2·128·10·128·512 = 167,772,160 (×3), dense 3·2·128·128·60 = 5,898,240.
  assert.equal(flopsPerStep(byName('char-lstm128')), 2 * 78_643_200 + 3 * 167_772_160 + 5_898_240);
  // imdb-rnn32x2: per layer 2·128·100·32·32 = 26,214,400 for input and recurrent, ×3, two layers; dense 3·2·128·32.
  assert.equal(flopsPerStep(byName('imdb-rnn32x2')), 2 * 3 * 2 * 26_214_400 + 3 * 2 * 128 * 32);
  assert.equal(flopsPerStep(byName('imdb-gru32x2')), 3 * 2 * 3 * 2 * 26_214_400 + 3 * 2 * 128 * 32);
  assert.ok(Math.abs(gflops('imdb-lstm128', 1000)! - 3.1457664) < 1e-9);
  assert.equal(gflops('nope', 1), undefined);
});

test('buildModel: parameter counts and output shapes match the peer\'s models (one bias per gate block)', () => {
  const expected: Record<string, number> = {
    'imdb-lstm128': 20000 * 128 + (128 * 512 + 128 * 512 + 512) + (128 + 1),
    'imdb-rnn32x2': 10000 * 32 + 2 * (32 * 32 + 32 * 32 + 32) + 33,
    'imdb-lstm32x2': 10000 * 32 + 2 * (32 * 128 + 32 * 128 + 128) + 33,
    'imdb-gru32x2': 10000 * 32 + 2 * (32 * 96 + 32 * 96 + 2 * 96) + 33, // resetAfter: bias [2, 3H]
    'char-lstm128': (60 * 512 + 128 * 512 + 512) + (128 * 60 + 60),
  };
  for (const w of WORKLOADS) {
    const m = buildModel(w);
    const { x, y } = syntheticBatch(w, 3);
    const p = m.predictOnBatch(x);
    assert.deepEqual(p.shape, [w.B, w.out], w.name);
    assert.equal(m.countParams(), expected[w.name], w.name);
    assert.equal(y.shape[0], w.B);
  }
});

test('syntheticBatch: ids in range, one-hot rows, labels in range, deterministic per seed', () => {
  const c = byName('char-lstm128');
  const a = syntheticBatch(c, 5);
  assert.deepEqual(a.x.shape, [128, 10, 60]);
  for (let r = 0; r < 128 * 10; r++) {
    let s = 0;
    for (let k = 0; k < 60; k++) s += a.x.data[r * 60 + k];
    assert.equal(s, 1);
  }
  assert.ok(Array.from(a.y.data).every((v) => Number.isInteger(v) && v >= 0 && v < 60));
  const l = byName('imdb-lstm128');
  const b1 = syntheticBatch(l, 5);
  const b2 = syntheticBatch(l, 5);
  assert.equal(b1.x.dtype, 'int32');
  assert.deepEqual(Array.from(b1.x.data), Array.from(b2.x.data));
  assert.ok(Array.from(b1.x.data).every((v) => v >= 0 && v < 20000));
  assert.ok(Array.from(b1.y.data).every((v) => v === 0 || v === 1));
  assert.notDeepEqual(Array.from(syntheticBatch(l, 6).x.data), Array.from(b1.x.data));
});

test('parseTorchOutput reads the peer\'s header and ms/step lines', () => {
  const r = parseTorchOutput('torch 1.13.0a0 threads 1\nimdb-lstm128\tms/step=257.28\tsamples/s=194\nnoise\nchar-lstm128\tms/step=47.62\tsamples/s=2688\n');
  assert.equal(r.header, 'torch 1.13.0a0 threads 1');
  assert.deepEqual([...r.ms], [['imdb-lstm128', 257.28], ['char-lstm128', 47.62]]);
});

test('flags, mean and median', () => {
  const f = parseFlags(['--only', 'a,b', '--no-torch', '--steps=5', '--json', 'o.json']);
  assert.equal(f.get('only'), 'a,b');
  assert.equal(f.get('no-torch'), 'true');
  assert.equal(intFlag(f, 'steps', 20), 5);
  assert.equal(intFlag(f, 'warmup', 3), 3);
  assert.throws(() => intFlag(parseFlags(['--steps', '0']), 'steps', 1), /positive integer/);
  assert.throws(() => parseFlags(['oops']), /unexpected argument/);
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(mean([4, 1, 3, 2, 40]), 10);
  assert.ok(Number.isNaN(mean([])));
});

test('the table shows ratios against the targets and whether each is met', () => {
  const lines = stepTable([
    { workload: 'imdb-lstm128', native: 30, ref: 900, torch: 100 },
    { workload: 'imdb-gru32x2', native: 60, torch: 200 },
    { workload: 'char-lstm128', ref: 50 },
  ]);
  assert.equal(lines.length, 5);
  assert.match(lines[2], /^\| imdb-lstm128 \| 30\.0 \| 900\.0 \| 100\.0 \| 0\.300 \| ≤ 0\.33 \| yes \| 3\.15 \| 104\.86 \| 3\.50 \| 31\.46 \|$/);
  assert.match(lines[3], /\| imdb-gru32x2 \| 60\.0 \| — \| 200\.0 \| 0\.300 \| ≤ 0\.25 \| NO \|/);
  assert.match(lines[4], /\| char-lstm128 \| — \| 50\.0 \| — \| — \| ≤ 0\.33 \| — \|/);
  const text = formatReport({
    header: ['h'], rows: [], refLstm128: 500,
    epoch: { backend: 'native', train: 25000, test: 25000, loadS: 2, trainS: 10, evalS: 3, totalS: 13, maxRssMB: 320 },
    tfjs: { backend: 'tfjs 4.22.0 (cpu)', ms: 20000, vocab: 20000 },
  });
  assert.match(text, /13\.0 s .*target ≤ 15 s: yes/);
  assert.match(text, /peak RSS of that process: 320 MB — target ≤ 300 MB: NO/);
  assert.match(text, /ref is 40\.0× faster — target ≥ 20×: yes/);
  const bound = (ms: number): string => formatReport({ header: [], rows: [], refLstm128: 1000, epoch: null,
    tfjs: { backend: 'tfjs', ms, vocab: 1000 } });
  assert.match(bound(30000), /tfjs ≥ 30000 ms\/step \(lower bound.*ref is ≥ 30\.0× faster — target ≥ 20×: yes/);
  assert.match(bound(5000), /ref is ≥ 5\.0× faster — target ≥ 20×: not shown by the bound/);
});

test('with a measured FMA peak the table shows native GFLOP/s as a share of it', () => {
  const peak = { simd: 'avx2', threads: 2, start: [90, 180] as [number, number], end: [80, 160] as [number, number] };
  const lines = stepTable([{ workload: 'imdb-lstm128', native: 30, ref: 900, torch: 100 }], peak);
  assert.match(lines[0], /\| GFLOP\/s native \| native % of FMA peak \| GFLOP\/s ref \|/);
  // 104.86 GFLOP/s against the mean 2-thread peak (180 + 160) / 2 = 170: 62 %
  assert.match(lines[2], /\| 104\.86 \| 62 \| 3\.50 \| 31\.46 \|$/);
  const text = formatReport({ header: [], rows: [], epoch: null, tfjs: null, peak });
  assert.match(text, /1 thread 90 → 80 GFLOP\/s, 2 threads 180 → 160 GFLOP\/s; .*mean 2-thread figure \(170 GFLOP\/s\)/);
});
