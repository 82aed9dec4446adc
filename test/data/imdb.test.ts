// IMDB on the shared archive (RNNKIT_DATA_DIR, set by scripts/run-tests.mjs). The archive is
// parsed twice in this file: once to build the encoded cache, once for the raw texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadImdb, loadImdbPadded, loadImdbTexts, getImdbWordIndex, imdbTokens, ImdbData, padSequences } from '../../src/data/index.js';
import { tempDir } from './helpers.js';

const cacheDir = tempDir('imdb-cache');
let base: ImdbData;

test('first load: 25,000 / 25,000 reviews, 12,500 per label, start char, Keras-sized vocabulary', async () => {
  base = await loadImdb({ cacheDir });
  assert.equal(base.train.x.length, 25000);
  assert.equal(base.test.x.length, 25000);
  for (const s of [base.train, base.test]) {
    assert.equal(s.y.length, 25000);
    assert.equal(s.y.reduce((a, b) => a + b, 0), 12500);
    assert.ok(s.x.every((q) => q[0] === 1));
  }
  // Shuffled: labels are not in file order (neg block then pos block).
  const firstHundred = base.train.y.subarray(0, 100).reduce((a, b) => a + b, 0);
  assert.ok(firstHundred > 20 && firstHundred < 80, `first 100 labels sum ${firstHundred}`);
  // Keras' imdb_word_index.json has 88,584 words; our tokeniser is close to theirs, not identical.
  assert.ok(base.vocabulary.length > 85000 && base.vocabulary.length < 92000, `vocabulary ${base.vocabulary.length}`);
  assert.deepEqual(base.vocabulary.slice(0, 5), ['the', 'and', 'a', 'of', 'to']);
  assert.equal(base.getWordIndex().get('the'), 1);
  assert.equal(readdirSync(cacheDir).length, 1);
});

test('ranks and decoding agree with an independent count over the raw training texts', async () => {
  const texts = await loadImdbTexts();
  assert.equal(texts.train.texts.length, 25000);
  assert.equal(texts.test.texts.length, 25000);
  assert.deepEqual(Array.from(texts.train.labels.subarray(12499, 12501)), [0, 1]);
  const count = new Map<string, number>();
  const joined = new Map<string, number>(); // tokenised text -> label
  texts.train.texts.forEach((t, i) => {
    const toks = imdbTokens(t);
    for (const w of toks) count.set(w, (count.get(w) ?? 0) + 1);
    joined.set(toks.join(' '), texts.train.labels[i]);
  });
  assert.equal(count.size, base.vocabulary.length);
  for (let r = 1; r < 2000; r++) assert.ok(count.get(base.vocabulary[r - 1])! >= count.get(base.vocabulary[r])!, `rank ${r}`);
  // The first shuffled review decodes to the tokens of a real training review, with its label.
  const first = base.decode(base.train.x[0]);
  assert.ok(first.split(' ').length > 10);
  assert.equal(joined.get(first), base.train.y[0]);
  assert.match(first, /\b(the|a|and)\b/);
});

test('second load comes from the cache file', async () => {
  // Timings belong in benchmarks; here we check that the encoded cache was written and is read back equal.
  const cached = readdirSync(cacheDir).filter((f) => statSync(join(cacheDir, f)).size > 1_000_000);
  assert.ok(cached.length >= 1, `expected an encoded IMDB cache file in ${cacheDir}, found ${readdirSync(cacheDir).join(', ') || 'nothing'}`);
  const again = await loadImdb({ cacheDir });
  assert.deepEqual(Array.from(again.train.x[7]), Array.from(base.train.x[7]));
  assert.deepEqual(Array.from(again.test.y.slice(0, 50)), Array.from(base.test.y.slice(0, 50)));
  const wi = await getImdbWordIndex({ cacheDir });
  assert.equal(wi.size, base.vocabulary.length);
});

test('numWords / skipTop / oovChar / maxlen / seed as Keras load_data', async () => {
  const nw = await loadImdb({ cacheDir, numWords: 10000 });
  // Same seed and no maxlen: same rows in the same order, ids >= 10000 replaced by 2.
  for (let i = 0; i < 200; i++) {
    assert.deepEqual(Array.from(nw.train.x[i]), Array.from(base.train.x[i], (w) => (w < 10000 ? w : 2)));
  }
  assert.ok(nw.test.x.every((s) => s.every((w) => w < 10000)));
  // Default numWords = max id, which itself becomes oov (Keras does the same).
  const maxId = base.vocabulary.length + 3;
  assert.ok(base.train.x.every((s) => s.every((w) => w < maxId)));

  const ml = await loadImdb({ cacheDir, maxlen: 100 });
  const expectTrain = base.train.x.filter((s) => s.length < 100).length;
  const expectTest = base.test.x.filter((s) => s.length < 100).length;
  assert.equal(ml.train.x.length, expectTrain);
  assert.equal(ml.test.x.length, expectTest);
  assert.ok(expectTrain > 1000 && expectTrain < 10000, `${expectTrain} short training reviews`);
  assert.ok(ml.train.x.every((s) => s.length < 100) && ml.train.y.length === expectTrain);

  const st = await loadImdb({ cacheDir, numWords: 20000, skipTop: 10 });
  assert.equal(st.train.x[0][0], 2, 'skipTop > startChar turns the start char into oov, as in Keras');
  assert.ok(st.train.x[0].every((w) => w === 2 || (w >= 10 && w < 20000)));

  const drop = await loadImdb({ cacheDir, numWords: 50, oovChar: null });
  assert.ok(drop.train.x.every((s) => s.every((w) => w < 50 && w !== 2)));
  assert.ok(drop.train.x[0].length < base.train.x[0].length);

  const other = await loadImdb({ cacheDir, seed: 7 });
  assert.notDeepEqual(Array.from(other.train.y.subarray(0, 50)), Array.from(base.train.y.subarray(0, 50)));
  const same = await loadImdb({ cacheDir, seed: 113 });
  assert.deepEqual(Array.from(same.test.y.subarray(0, 50)), Array.from(base.test.y.subarray(0, 50)));

  const x = padSequences(nw.train.x.slice(0, 4), { maxlen: 80 });
  assert.deepEqual(x.shape, [4, 80]);
  const last = nw.train.x[0];
  assert.equal(x.data[79], last[last.length - 1]);
});

test('loadImdbPadded streams the cache to the same padded rows as loadImdb + padSequences', async () => {
  for (const pad of [{ maxlen: 80 }, { maxlen: 500, padding: 'post' as const, truncating: 'post' as const }]) {
    const p = await loadImdbPadded({ cacheDir, pad });
    for (const s of ['train', 'test'] as const) {
      const want = padSequences(base[s].x, pad);
      assert.deepEqual(p[s].x.shape, want.shape);
      assert.ok(Buffer.from((p[s].x.data as Int32Array).buffer).equals(Buffer.from((want.data as Int32Array).buffer)), `${s} ${JSON.stringify(pad)}`);
      assert.deepEqual(p[s].y, base[s].y);
    }
  }
});
