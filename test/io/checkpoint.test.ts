// Checkpoints and resume: an interrupted fit resumed from its last checkpoint ends bit-for-bit
// equal to an uninterrupted run with the same seed (shuffling, dropout, Adam state).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { layers, sequential, setSeed, type LayersModel } from '../../src/index.js';
import { fitResumable, loadCheckpoint, loadModel, modelCheckpoint } from '../../src/models/io/index.js';
import { randomFloats, tempDir } from './helpers.js';

/** A small model whose training uses every source of state: shuffling, two dropouts, Adam. */
function build(initSeed: number): LayersModel {
  setSeed(initSeed);
  const m = sequential([
    layers.lstm({ units: 4, dropout: 0.2, recurrentDropout: 0.2, inputShape: [3, 2] }),
    layers.dropout({ rate: 0.3 }),
    layers.dense({ units: 1 }),
  ]);
  m.compile({ optimizer: 'adam', loss: 'mse' });
  return m;
}

const x = randomFloats([20, 3, 2], 1);
const y = randomFloats([20, 1], 2);
const FIT = { epochs: 5, batchSize: 4, seed: 7, verbose: 0 as const };

function weightsOf(m: LayersModel): number[][] {
  return m.getWeights().map((w) => Array.from(w.data));
}

class Interrupt extends Error {}

test('interrupted after epoch 2, resumed from the checkpoint: final weights identical to an uninterrupted run', async () => {
  const full = build(1);
  await full.fit(x, y, FIT);
  const expected = weightsOf(full);

  const dir = tempDir('resume');
  const interrupted = build(1);
  const stop = { onEpochEnd: (epoch: number) => { if (epoch === 1) throw new Interrupt('crash'); } };
  await assert.rejects(fitResumable(interrupted, x, y, { ...FIT, resumeFrom: dir, callbacks: [modelCheckpoint({ filepath: dir }), stop] }), Interrupt);
  assert.notDeepEqual(weightsOf(interrupted), expected);

  // A fresh model with different initial weights and a fresh optimizer: everything comes from the checkpoint.
  const resumed = build(999);
  const h = await fitResumable(resumed, x, y, { ...FIT, resumeFrom: dir, callbacks: [modelCheckpoint({ filepath: dir })] });
  assert.deepEqual(h.epoch, [2, 3, 4]);
  assert.deepEqual(weightsOf(resumed), expected);
  assert.equal(resumed.compiled?.optimizer.iterations, full.compiled?.optimizer.iterations);

  // Control (the test can fail): the same weights without the optimizer and RNG state end elsewhere.
  const weightsOnly = build(999);
  weightsOnly.setWeights((await loadModel(dir)).getWeights());
  await weightsOnly.fit(x, y, { ...FIT, initialEpoch: 2 });
  assert.notDeepEqual(weightsOf(weightsOnly), expected);
});

test('modelCheckpoint: saveBestOnly keeps the best epoch by val_loss; {epoch} paths; saveFreq in batches', async () => {
  const base = tempDir('best');
  const m = build(3);
  const seen: number[] = [];
  const cb = modelCheckpoint({ filepath: join(base, 'best'), saveBestOnly: true, monitor: 'val_loss' });
  const h = await m.fit(x, y, { ...FIT, epochs: 4, validationData: [x, y], callbacks: [cb, { onEpochEnd: (_e: number, l: Record<string, number>) => { seen.push(l.val_loss); } }] });
  assert.equal(h.epoch.length, 4);
  const bestEpoch = seen.indexOf(Math.min(...seen));
  const info = await loadCheckpoint(build(4), join(base, 'best'));
  assert.equal(info.epoch, bestEpoch + 1);
  assert.equal(info.checkpoint.best, seen[bestEpoch]);
  let improvements = 0;
  seen.reduce((best, v) => (v < best ? (improvements++, v) : best), Infinity);
  assert.equal(cb.saved.length, improvements);
  const best = await loadModel(join(base, 'best'));
  assert.equal(best.layers.length, 3);

  const m2 = build(3);
  const every = modelCheckpoint({ filepath: join(base, 'ep-{epoch}') });
  const batches = modelCheckpoint({ filepath: join(base, 'batches'), saveFreq: 3 });
  await m2.fit(x, y, { ...FIT, epochs: 2, callbacks: [every, batches] });
  assert.deepEqual(readdirSync(base).filter((f) => f.startsWith('ep-')).sort(), ['ep-1', 'ep-2']);
  assert.equal(batches.saved.length, 3); // 10 batches in 2 epochs, every 3rd
  const last = await loadCheckpoint(build(5), join(base, 'batches'));
  assert.deepEqual([last.epoch, last.batch], [1, 3]); // 9th batch = epoch 1 (0-based), batch index 3
  assert.throws(() => modelCheckpoint({ filepath: base, saveFreq: 0 }), /saveFreq must be 'epoch' or a positive number/);
});
