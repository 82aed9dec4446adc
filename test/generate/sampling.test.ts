import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, ValueError, applyTemperature, argmax, sampleCategorical, sampleNext, topKFilter, topPFilter,
} from '../../src/index.js';

// A fixed distribution over 5 characters; by probability: 1 (0.4), 3 (0.3), 4 (0.15), 0 (0.1), 2 (0.05).
const P = [0.1, 0.4, 0.05, 0.3, 0.15];

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `index ${i}: ${actual[i]} vs ${expected[i]}`);
}

function counts(draw: () => number, n: number, size: number): number[] {
  const c = new Array<number>(size).fill(0);
  for (let i = 0; i < n; i++) c[draw()]++;
  return c;
}

test('argmax takes the first maximum', () => {
  assert.equal(argmax(P), 1);
  assert.equal(argmax([0.2, 0.5, 0.5]), 1);
  assert.throws(() => argmax([]), ValueError);
});

test('greedy returns the argmax whatever the seed', () => {
  for (let s = 0; s < 5; s++) assert.equal(sampleNext(P, { strategy: 'greedy' }, new Rng(s)), 1);
});

test('topKFilter keeps the k most likely, renormalised', () => {
  close(topKFilter(P, 2), [0, 0.4 / 0.7, 0, 0.3 / 0.7, 0]);
  close(topKFilter(P, 1), [0, 1, 0, 0, 0]);
  close(topKFilter(P, 10), P); // k beyond the vocabulary keeps everything
});

test('top-k sampling only ever returns one of the k most likely characters, at their renormalised rates', () => {
  const rng = new Rng(11);
  const n = 4000;
  const c = counts(() => sampleNext(P, { strategy: 'topk', topK: 2 }, rng), n, P.length);
  assert.equal(c[0] + c[2] + c[4], 0, `drew outside the top 2: ${c}`);
  // 0.4/0.7 = 0.571; the binomial standard deviation at n = 4000 is 0.0078.
  assert.ok(Math.abs(c[1] / n - 4 / 7) < 0.03, `share of index 1: ${c[1] / n}`);
  const c3 = counts(() => sampleNext(P, { strategy: 'topk', topK: 3 }, rng), n, P.length);
  assert.equal(c3[0] + c3[2], 0, `drew outside the top 3: ${c3}`);
  assert.ok(c3[4] > 0, 'the third most likely is drawn sometimes');
});

test('topPFilter keeps the smallest most-likely set whose mass reaches p', () => {
  close(topPFilter(P, 0.4), [0, 1, 0, 0, 0]); // 0.4 alone reaches 0.4
  close(topPFilter(P, 0.6), [0, 0.4 / 0.7, 0, 0.3 / 0.7, 0]); // 0.4 + 0.3
  close(topPFilter(P, 0.75), [0, 0.4 / 0.85, 0, 0.3 / 0.85, 0.15 / 0.85]);
  close(topPFilter(P, 1), P);
});

test('top-p sampling only ever returns characters of the nucleus', () => {
  const rng = new Rng(5);
  const c = counts(() => sampleNext(P, { strategy: 'topp', topP: 0.75 }, rng), 3000, P.length);
  assert.equal(c[0] + c[2], 0, `drew outside the nucleus {1, 3, 4}: ${c}`);
  assert.ok(c[1] > 0 && c[3] > 0 && c[4] > 0);
});

test('temperature: p^(1/T) renormalised; T → 0 approaches greedy', () => {
  const s2 = P.reduce((a, p) => a + p * p, 0);
  close(applyTemperature(P, 0.5), P.map((p) => (p * p) / s2), 1e-12);
  close(applyTemperature(P, 1), P, 1e-12);
  close(applyTemperature(P, 0), [0, 1, 0, 0, 0]);
  const cold = applyTemperature(P, 0.02); // (0.3/0.4)^50 ≈ 5.7e-7 for the runner-up
  assert.ok(cold[1] > 1 - 1e-6, `mass on the argmax at T = 0.02: ${cold[1]}`);
  const rng = new Rng(3);
  for (let i = 0; i < 300; i++) assert.equal(sampleNext(P, { strategy: 'temperature', temperature: 0.02 }, rng), 1);
  // A hot temperature flattens: every character is drawn.
  const hot = counts(() => sampleNext(P, { strategy: 'temperature', temperature: 3 }, rng), 2000, P.length);
  assert.ok(hot.every((k) => k > 0), `${hot}`);
});

function draws(seed: number, n: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => sampleNext(P, { strategy: 'temperature' }, rng));
}

test('sampleCategorical follows the probabilities; sampling is deterministic for a seed', () => {
  const n = 20000;
  const rng = new Rng(123);
  const c = counts(() => sampleCategorical(P, rng), n, P.length);
  for (let i = 0; i < P.length; i++) assert.ok(Math.abs(c[i] / n - P[i]) < 0.015, `index ${i}: ${c[i] / n} vs ${P[i]}`);
  assert.deepEqual(draws(9, 50), draws(9, 50));
  assert.notDeepEqual(draws(9, 50), draws(10, 50));
});

test('bad sampling options are named', () => {
  const rng = new Rng(0);
  assert.throws(() => sampleNext(P, { strategy: 'beam' as 'greedy' }, rng), /unknown strategy 'beam'/);
  assert.throws(() => sampleNext(P, { strategy: 'topk', topK: 0 }, rng), /topK must be an integer >= 1/);
  assert.throws(() => sampleNext(P, { strategy: 'topp', topP: 0 }, rng), /topP must be in \(0, 1\]/);
  assert.throws(() => sampleNext(P, { strategy: 'temperature', temperature: -1 }, rng), /temperature must be/);
  assert.throws(() => sampleCategorical([0, 0], rng), /all probabilities are 0/);
  assert.throws(() => topKFilter([0.5, Number.NaN], 1), /finite and >= 0, got NaN at index 1/);
});
