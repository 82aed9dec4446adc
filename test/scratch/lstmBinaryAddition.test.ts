import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluateLstmBinaryAddition,
  predictLstmBinaryAddition,
  runLstmBinaryAdditionDemo,
  trainLstmBinaryAddition,
} from '../../src/scratch/index.js';

test('hand-written LSTM reaches 100% on 1,000 held-out pairs with the default settings (seed 0)', () => {
  const untrained = trainLstmBinaryAddition({ seed: 0, iterations: 0 });
  assert.ok(evaluateLstmBinaryAddition(untrained.net, { seed: 1 }).accuracy < 0.05);

  const lines: string[] = [];
  const res = runLstmBinaryAdditionDemo((l) => lines.push(l), { seed: 0 });
  assert.deepEqual(res.reports.map((r) => r.iteration), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  assert.equal(res.accuracy.total, 1000);
  assert.equal(res.accuracy.correct, 1000, `mistakes: ${JSON.stringify(res.accuracy.mistakes)}`);
  assert.equal(lines.length, 10 * 5 + 1);
  assert.match(lines[0], /^Error:\[\d+\.\d*\]$/);
  assert.equal(lines[4], '-----');
  assert.equal(lines[50], 'Held-out accuracy: 1000/1000 = 100.0% (random pairs a, b < 128, evaluation seed 1)');
  assert.ok(res.reports[0].error > 3, `first error ${res.reports[0].error}`);
  assert.ok(res.reports[9].error < 0.5, `last error ${res.reports[9].error}`);
  assert.equal(predictLstmBinaryAddition(res.net, 127, 127), 254);
  assert.equal(predictLstmBinaryAddition(res.net, 0, 0), 0);
});

test('LSTM trainer is deterministic for a seed', () => {
  const a = trainLstmBinaryAddition({ seed: 9, iterations: 150, reportEvery: 50 });
  const b = trainLstmBinaryAddition({ seed: 9, iterations: 150, reportEvery: 50 });
  assert.deepEqual(a.reports, b.reports);
  assert.deepEqual(Array.from(a.net.U), Array.from(b.net.U));
  const c = trainLstmBinaryAddition({ seed: 10, iterations: 150, reportEvery: 50 });
  assert.notDeepEqual(Array.from(a.net.U), Array.from(c.net.U));
  assert.throws(() => trainLstmBinaryAddition({ batchSize: 0 }), /batchSize must be a positive integer, got 0/);
});
