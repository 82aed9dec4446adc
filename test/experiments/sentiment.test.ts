import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSentiment, resolveSettings, type SentimentOptions } from '../../src/experiments/sentiment.js';
import { MODEL_SPECS } from '../../src/experiments/sentiment/models.js';
import { PRESETS } from '../../src/experiments/sentiment/presets.js';
import { fitNgramTfidf, transformNgramTfidf } from '../../src/experiments/sentiment/tfidf.js';
import { denseRows } from '../../src/experiments/sentiment/sparse.js';
import { padSequences } from '../../src/data/pad.js';
import { Tensor } from '../../src/tensor/tensor.js';

// Tiny runs: 3 epochs on a few dozen reviews, so the training loss must go down.
const TINY: SentimentOptions = { quick: true, trainSize: 40, testSize: 24, maxlen: 12, vocab: 1000, tfidfFeatures: 400, epochs: 3, verbose: 0, print: () => undefined };

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'rnnkit-sentiment-'));
}

async function checkPreset(name: 'seed000' | 'seed001' | 'seed004' | 'best', extra: SentimentOptions = {}): Promise<void> {
  const dir = tmp();
  try {
    const r = await runSentiment({ ...TINY, preset: name, outDir: dir, ...extra });
    assert.deepEqual(r.models.map((m) => m.key), PRESETS[name].models);
    for (const m of r.models) {
      const h = m.history;
      assert.deepEqual(h.epoch, [1, 2, 3], m.key);
      for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy'] as const) {
        assert.equal(h[k]?.length, 3, `${m.key} ${k}`);
        assert.ok(h[k]!.every(Number.isFinite), `${m.key} ${k} finite`);
      }
      assert.ok(h.loss[2] < h.loss[0], `${m.key}: training loss ${h.loss.join(' → ')} should decrease`);
      // test metrics = the last epoch's validation metrics (validation data is the test set, as in the seeds)
      assert.equal(m.test?.accuracy, h.val_accuracy![2]);
      assert.equal(m.secondsPerEpoch.length, 3);
      assert.ok(m.params > 0);
    }
    assert.match(r.table, /test acc/);
    for (const key of PRESETS[name].models) assert.match(r.table, new RegExp(`^${key} `, 'm'));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const id of ['config', 'results', 'curves', 'models', 'config-json']) assert.match(html, new RegExp(`<section id="${id}">`));
    assert.match(html, /id="chart-loss"/);
    assert.match(html, /id="chart-accuracy"/);
    for (let i = 0; i < r.models.length; i++) assert.match(html, new RegExp(`id="chart-model-${i}"`));
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { config: Record<string, unknown>; models: { name: string; history: { loss: number[] } }[] };
    assert.equal(json.config.preset, name);
    assert.equal(json.config.trainSamples, 40);
    assert.equal(json.config.testSamples, 24);
    assert.equal(json.models.length, r.models.length);
    assert.deepEqual(json.models[0].history.loss, r.models[0].history.loss);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('seed004 preset (quick): LSTM(128) trains, loss decreases, report and results.json written', async () => {
  await checkPreset('seed004');
});

test('seed001 preset (quick)', async () => {
  await checkPreset('seed001');
});

test('seed000 preset (quick): the four models of the notebook, ConvLSTM1D predicts per window', async () => {
  const dir = tmp();
  try {
    const r = await runSentiment({ ...TINY, preset: 'seed000', models: ['convlstm1d'], outDir: dir });
    const m = r.models[0].model;
    const ids = padSequences([[1, 5, 9, 3]], { maxlen: 12 });
    const out = m.predict(new Tensor(Float32Array.from(ids.data), [1, 1, 12, 1])); // (N, 1, maxlen, 1)
    assert.deepEqual(out.shape, [1, 10, 1]); // one prediction per 3-id window
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await checkPreset('seed000');
});

test('best preset (quick): BiLSTM+attention, BiGRU+pool, CNN and TF-IDF logistic regression', async () => {
  await checkPreset('best', { trainSize: 40, maxlen: 10 });
});

test('presets hold the seeds\' exact settings; parameter counts match Keras', () => {
  assert.deepEqual(resolveSettings({ preset: 'seed004' }), {
    preset: 'seed004', models: ['lstm128'], vocab: 20000, maxlen: 80, epochs: 1, batchSize: 50, seed: 1, trainSize: null, testSize: null, tfidfFeatures: 30000,
  });
  const s0 = resolveSettings({ preset: 'seed000' });
  assert.deepEqual([s0.vocab, s0.maxlen, s0.epochs, s0.batchSize], [10000, 100, 10, 128]);
  const s1 = resolveSettings({ preset: 'seed001' });
  assert.deepEqual([s1.vocab, s1.maxlen, s1.epochs, s1.batchSize], [20000, 80, 1, 16]);
  const q = resolveSettings({ preset: 'seed004', quick: true, batchSize: 7 });
  assert.deepEqual([q.vocab, q.maxlen, q.epochs, q.batchSize, q.trainSize, q.testSize], [5000, 40, 1, 7, 500, 500]);
  // Keras model.summary() totals: 20000·128 + 4·128·(128 + 128 + 1) + 129 = 2,691,713 (seed 004)
  const count = (name: string, vocab: number, maxlen: number): number => MODEL_SPECS[name].build({ vocab, maxlen }).countParams();
  assert.equal(count('lstm128', 20000, 80), 2_691_713);
  // seed 001: 20000·128 + 4·64·(128 + 64 + 1) + 65
  assert.equal(count('lstm64_l1l2', 20000, 80), 2_560_000 + 49_408 + 65);
  // seed 000: 10000·32 + 2 cells + 33; GRU (reset_after) has 3·32·(32 + 32 + 2) per layer
  assert.equal(count('simple_rnn', 10000, 100), 320_000 + 2 * (32 * 32 + 32 * 32 + 32) + 33);
  assert.equal(count('lstm', 10000, 100), 320_000 + 2 * 4 * 32 * 65 + 33);
  assert.equal(count('gru', 10000, 100), 320_000 + 2 * 3 * 32 * 66 + 33);
  // ConvLSTM1D(32, 3) on 1 channel: kernel 3·1·128 + recurrent 3·32·128 + bias 128; Dense 33
  assert.equal(count('convlstm1d', 10000, 100), 384 + 12_288 + 128 + 33);
  assert.throws(() => resolveSettings({ preset: 'seed999' as never }), /Unknown preset 'seed999'/);
  assert.throws(() => resolveSettings({ models: ['nope'] }), /Unknown model 'nope'/);
  assert.throws(() => resolveSettings({ epochs: 0 }), /epochs must be a positive integer/);
});

test('TF-IDF 1–2-grams on ids: most frequent n-grams, l2 rows, sklearn idf; dense batches from CSR', () => {
  const V = 10;
  // ids < 3 are padding/start/OOV and never features
  const docs = [Int32Array.from([1, 3, 4, 3, 4]), Int32Array.from([1, 3, 5]), Int32Array.from([2, 4, 4])];
  const { features, matrix } = fitNgramTfidf(docs, V, 3);
  // counts: 3→3, 4→4, 5→1, (3,4)→2, (4,3)→1, (3,5)→1, (4,4)→1: top 3 = 4, 3, bigram (3,4)
  assert.deepEqual([...features.columns.entries()], [[4, 0], [3, 1], [V + 3 * V + 4, 2]]);
  // df: col0 in docs 0 and 2, col1 in 0 and 1, col2 in doc 0; smooth idf = ln(4 / (1 + df)) + 1
  const idf = [Math.log(4 / 3) + 1, Math.log(4 / 3) + 1, Math.log(4 / 2) + 1];
  features.idf.forEach((v, i) => assert.ok(Math.abs(v - idf[i]) < 1e-12));
  // doc 0: tf 4→2, 3→2, (3,4)→2 -> sublinear 1 + ln 2 each, times idf, l2-normalised
  const raw = idf.map((w) => (1 + Math.log(2)) * w);
  const norm = Math.hypot(...raw);
  const d = denseRows(matrix, null, 0, 1);
  assert.deepEqual(d.shape, [1, 3]);
  raw.forEach((v, i) => assert.ok(Math.abs(d.data[i] - v / norm) < 1e-6));
  const t = transformNgramTfidf([Int32Array.from([9, 9])], features); // no known n-gram: an empty row
  assert.deepEqual(Array.from(denseRows(t, null, 0, 1).data), [0, 0, 0]);
  const rows = denseRows(matrix, Int32Array.from([2, 0]), 0, 2); // rows picked through an index
  assert.equal(rows.data[0], 1); // doc 2 holds only id 4 (its bigram (4,4) is not a feature): l2 row [1, 0, 0]
  assert.ok(Math.abs(rows.data[3] - raw[0] / norm) < 1e-6);
});
