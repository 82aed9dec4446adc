import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CharVocabulary, ValueError, corpusWordShare, corpusWords, generateText, layers, seedWindowIds, sequential, setSeed, tensor,
} from '../../src/index.js';

// Characters ' ', 'a', 'b', 'c' (ids 0..3); windows of 3 one-hot characters, flattened to 12 features.
const VOCAB = new CharVocabulary([' ', 'a', 'b', 'c']);
const W = 3;
const V = 4;

/**
 * A model whose next character depends only on the last one: ' '→a, a→b, b→c, c→a, with
 * probabilities softmax(5 on the successor, 0 elsewhere) = 0.9802 / 0.0066.
 */
function cycleModel(): ReturnType<typeof sequential> {
  const m = sequential({ layers: [layers.flatten({ inputShape: [W, V] }), layers.dense({ units: V }), layers.activation({ activation: 'softmax' })] });
  m.buildFor([tensor(new Array<number>(W * V).fill(0), [1, W, V])]);
  const kernel = new Array<number>(W * V * V).fill(0); // [12, 4]
  const succ = [1, 2, 3, 1];
  for (let c = 0; c < V; c++) kernel[((W - 1) * V + c) * V + succ[c]] = 5; // the last position's one-hot row
  m.getLayer(1).setWeights([tensor(kernel, [W * V, V]), tensor([0, 0, 0, 0], [V])]);
  return m;
}

test('greedy generation follows the most likely successor (hand-computed) and pads short seeds with spaces', () => {
  const m = cycleModel();
  const g = generateText(m, VOCAB, { seedText: 'ab', length: 7 });
  assert.equal(g.generated, 'cabcabc');
  assert.equal(g.text, 'abcabcabc');
  assert.equal(g.seedText, 'ab');
  // The window is inferred from the model (3); a longer seed uses its last 3 characters.
  assert.equal(generateText(m, VOCAB, { seedText: 'cccca', length: 2 }).generated, 'bc');
  assert.equal(generateText(m, VOCAB, { seedText: '', length: 3 }).generated, 'abc'); // '   ' → a
  assert.deepEqual(seedWindowIds('b', VOCAB, 3), [0, 0, 2]);
});

test('sampled generation is deterministic for a seed and differs between seeds', () => {
  setSeed(4);
  const m = sequential({ layers: [layers.lstm({ units: 8, inputShape: [W, V] }), layers.dense({ units: V }), layers.activation({ activation: 'softmax' })] });
  const run = (seed: number, strategy: 'temperature' | 'topk' | 'topp'): string =>
    generateText(m, VOCAB, { seedText: 'abc', length: 60, strategy, temperature: 2, topK: 3, topP: 0.95, seed }).generated;
  for (const s of ['temperature', 'topk', 'topp'] as const) {
    assert.equal(run(1, s), run(1, s));
    assert.equal(run(1, s).length, 60);
    assert.notEqual(run(1, s), run(2, s));
  }
  // Greedy ignores the seed.
  const greedy = (seed: number): string => generateText(m, VOCAB, { seedText: 'abc', length: 30, seed }).generated;
  assert.equal(greedy(1), greedy(2));
});

test('top-k 1 and temperature 0 equal greedy on a real model', () => {
  setSeed(5);
  const m = sequential({ layers: [layers.gru({ units: 6, inputShape: [W, V] }), layers.dense({ units: V }), layers.activation({ activation: 'softmax' })] });
  const greedy = generateText(m, VOCAB, { seedText: 'cab', length: 40 }).generated;
  assert.equal(generateText(m, VOCAB, { seedText: 'cab', length: 40, strategy: 'topk', topK: 1, seed: 3 }).generated, greedy);
  assert.equal(generateText(m, VOCAB, { seedText: 'cab', length: 40, strategy: 'temperature', temperature: 0, seed: 3 }).generated, greedy);
});

test('unknown seed characters and impossible seeds are named', () => {
  const m = cycleModel();
  assert.throws(() => generateText(m, VOCAB, { seedText: 'abzxz', length: 3 }), (e: Error) =>
    e instanceof ValueError && /"z", "x"/.test(e.message) && /vocabulary has 4/.test(e.message));
  assert.throws(() => generateText(m, VOCAB, { seedText: 'aB', length: 3 }), /lower-case the seed text/);
  assert.throws(() => generateText(m, VOCAB, { seedText: 'ab', length: 3, pad: 'error' }), /has 2 characters; the model reads windows of 3/);
  assert.throws(() => generateText(m, new CharVocabulary(['a', 'b', 'c', 'd']), { seedText: 'ab', length: 3 }), /padding character " " is not in the vocabulary/);
  assert.throws(() => generateText(m, new CharVocabulary(['a', 'b', 'c']), { seedText: 'abc', length: 3 }), /takes 4 features per character, the vocabulary has 3/);
  assert.throws(() => generateText(m, VOCAB, { seedText: 'abc', length: -1 }), /length must be an integer >= 0/);
});

test('corpusWordShare counts the generated words found in the corpus (a word cut at the end is left out)', () => {
  const words = corpusWords("The cat sat on the mat; the cat's hat.");
  assert.ok(words.has("cat's") && words.has('the') && !words.has('The'));
  // Judged: 'sat', 'on', 'tha' ('the' lies in the seed; 'mat' touches the end).
  const r = corpusWordShare('the cat ', 'sat on tha mat', words);
  assert.deepEqual({ total: r.total, known: r.known, unknown: r.unknown }, { total: 3, known: 2, unknown: ['tha'] });
  assert.ok(Math.abs(r.share - 2 / 3) < 1e-12);
  // A word spanning seed and generated text counts (it has generated characters).
  assert.deepEqual(corpusWordShare('the c', 'at is', words).unknown, []);
  assert.equal(corpusWordShare('the c', 'at is', words).total, 1);
  assert.ok(Number.isNaN(corpusWordShare('abc', '   ', words).share));
});
