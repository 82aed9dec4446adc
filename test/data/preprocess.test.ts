import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  padSequences, charTokens, wordTokens, ngrams, charNgrams, wordBigrams, wordTrigrams, standardize, lowercase,
  stopWords, removeStopWords, stemTokens, stemmer, buildVocabulary, bagOfWords, csrToDense, idfWeights, tfidf,
  termFrequency, documentFrequency, TextVectorizer, oneHotBatch, CharVocabulary,
} from '../../src/data/index.js';
import { ValueError, DTypeError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/index.js';

const close = (a: ArrayLike<number>, b: readonly number[], tol = 1e-12): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `at ${i}: ${a[i]} vs ${b[i]}`);
};

test('padSequences: Keras defaults pad and truncate at the start', () => {
  const t = padSequences([[1, 2, 3], [4], [5, 6, 7, 8, 9]], { maxlen: 4 });
  assert.equal(t.dtype, 'int32');
  assert.deepEqual(t.shape, [3, 4]);
  assert.deepEqual(t.toArray(), [[0, 1, 2, 3], [0, 0, 0, 4], [6, 7, 8, 9]]);
});

test('padSequences: post padding / post truncating / value / float dtype / default maxlen', () => {
  assert.deepEqual(padSequences([[1, 2, 3], [4]], { maxlen: 2, padding: 'post', truncating: 'post' }).toArray(), [[1, 2], [4, 0]]);
  assert.deepEqual(padSequences([[1, 2, 3], [4]], { maxlen: 2, padding: 'post' }).toArray(), [[2, 3], [4, 0]]);
  assert.deepEqual(padSequences([[1], [2, 3, 4]], { value: -1 }).toArray(), [[-1, -1, 1], [2, 3, 4]]);
  const f = padSequences([Int32Array.from([7])], { maxlen: 3, dtype: 'float32', value: 0.5 });
  assert.equal(f.dtype, 'float32');
  assert.deepEqual(f.toArray(), [[0.5, 0.5, 7]]);
  assert.deepEqual(padSequences([]).shape, [0, 0]);
  assert.deepEqual(padSequences([[1, 2], []], { maxlen: 0 }).shape, [2, 0]);
});

test('padSequences: bad options are named', () => {
  assert.throws(() => padSequences([[1]], { padding: 'middle' as 'pre' }), /padding must be 'pre' or 'post'/);
  assert.throws(() => padSequences([[1]], { maxlen: -1 }), ValueError);
  assert.throws(() => padSequences([[1.5]]), /not an integer/);
  assert.throws(() => padSequences([[1]], { value: 0.5 }), /dtype is int32/);
});

test('tokenizers: characters, words, n-grams', () => {
  assert.deepEqual(charTokens('ab c'), ['a', 'b', ' ', 'c']);
  assert.deepEqual(wordTokens('  The cat\tsat\n'), ['The', 'cat', 'sat']);
  assert.deepEqual(ngrams(['a', 'b', 'c'], [1, 2]), ['a', 'b', 'c', 'a b', 'b c']);
  assert.deepEqual(wordBigrams(['a', 'b', 'c']), ['a b', 'b c']);
  assert.deepEqual(wordTrigrams(['a', 'b', 'c', 'd']), ['a b c', 'b c d']);
  assert.deepEqual(charNgrams('abcd', 2), ['ab', 'bc', 'cd']);
  assert.deepEqual(charNgrams('abc', 3), ['abc']);
  assert.deepEqual(charNgrams('ab', 3), []);
  assert.throws(() => ngrams(['a'], [2, 1]), ValueError);
  assert.equal(standardize("Don't STOP, me-now!"), 'dont stop menow');
  assert.equal(standardize('A.B', 'lower'), 'a.b');
  assert.equal(standardize('A.B', 'strip_punctuation'), 'AB');
  assert.equal(lowercase('ПРИВЕТ World'), 'привет world');
});

test('stop words and Snowball stemming, English and Russian', () => {
  assert.ok(stopWords('en').has('the') && stopWords('ru').has('и'));
  assert.deepEqual(removeStopWords(['the', 'cat', 'is', 'on', 'the', 'mat'], 'en'), ['cat', 'mat']);
  assert.deepEqual(removeStopWords(['я', 'вижу', 'кота', 'и', 'собаку'], 'ru'), ['вижу', 'кота', 'собаку']);
  assert.deepEqual(removeStopWords(['x', 'y'], ['y']), ['x']);
  assert.deepEqual(stemTokens(['running', 'cats', 'generously', 'connection'], 'english'), ['run', 'cat', 'generous', 'connect']);
  assert.deepEqual(stemTokens(['книги', 'бегающий'], 'ru'), ['книг', 'бега']);
  assert.equal(stemmer('en')('jumped'), 'jump');
  assert.throws(() => stopWords('xx' as 'en'), /Unknown stop-word language 'xx'/);
  assert.throws(() => stemmer('klingon' as 'en'), /Unknown stemmer language/);
});

const DOCS = [['a', 'b', 'a'], ['b', 'c'], ['a']];
// Expected values computed by hand (ln((1+n)/(1+df)) + 1, then l2 rows), checked with Python's math.
test('TF-IDF matches hand-computed sklearn values (smooth idf, l2)', () => {
  const vocab = buildVocabulary(DOCS, { order: 'alphabetical' });
  assert.deepEqual([...vocab], [['a', 0], ['b', 1], ['c', 2]]);
  const counts = bagOfWords(DOCS, vocab);
  assert.deepEqual(Array.from(counts.indptr), [0, 2, 4, 5]);
  assert.deepEqual(Array.from(counts.indices), [0, 1, 1, 2, 0]);
  assert.deepEqual(Array.from(counts.values), [2, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(documentFrequency(counts)), [2, 2, 1]);
  close(idfWeights(counts), [1.2876820724517808, 1.2876820724517808, 1.6931471805599454]);
  close(idfWeights(counts, { smoothIdf: false }), [1.4054651081081644, 1.4054651081081644, 2.09861228866811]);
  const { matrix } = tfidf(counts);
  close(csrToDense(matrix, 'float64').data, [0.8944271909999159, 0.4472135954999579, 0, 0, 0.6053485081062916, 0.7959605415681652, 1, 0, 0]);
  const sub = tfidf(counts, { sublinearTf: true }).matrix;
  close(csrToDense(sub, 'float64').data, [0.8610369959439763, 0.5085423203783267, 0, 0, 0.6053485081062916, 0.7959605415681652, 1, 0, 0]);
  const raw = tfidf(counts, { smoothIdf: false, norm: null }).matrix;
  close(raw.values, [2 * 1.4054651081081644, 1.4054651081081644, 1.4054651081081644, 2.09861228866811, 1.4054651081081644]);
  const l1 = termFrequency(counts, { norm: 'l1' });
  close(l1.values, [2 / 3, 1 / 3, 0.5, 0.5, 1]);
  assert.throws(() => tfidf(counts, { idf: new Float64Array(2) }), /idf has 2 weights/);
});

test('buildVocabulary: frequency order, ties by first occurrence, maxTokens', () => {
  const v = buildVocabulary([['x', 'y', 'z', 'y'], ['z', 'w']], { maxTokens: 3 });
  assert.deepEqual([...v.keys()], ['y', 'z', 'x']);
});

test('TextVectorizer int mode: reserved ids, OOV, padding post, JSON round trip', () => {
  const tv = new TextVectorizer({ maxTokens: 5, outputSequenceLength: 4 }).fit(['The cat sat.', 'the cat ran', 'The dog!']);
  assert.deepEqual(tv.vocabulary, ['', '[UNK]', 'the', 'cat', 'sat']);
  assert.deepEqual(Array.from(tv.encode('the dog sat')), [2, 1, 4]);
  assert.deepEqual(tv.transform(['the dog sat', 'cat cat cat cat cat']).toArray(), [[2, 1, 4, 0], [3, 3, 3, 3]]);
  assert.equal(tv.decode([2, 1, 4, 0]), 'the [UNK] sat');
  const back = TextVectorizer.fromJSON(JSON.parse(JSON.stringify(tv.toJSON())));
  assert.deepEqual(back.vocabulary, tv.vocabulary);
  assert.deepEqual(back.transform(['the dog sat']).toArray(), [[2, 1, 4, 0]]);
  assert.throws(() => new TextVectorizer().encode('x'), /call fit/);
  assert.throws(() => new TextVectorizer({ maxTokens: 1 }), /maxTokens must be an integer >= 2/);
});

test('TextVectorizer multiHot / count / tfidf modes, bigrams, stop words, stemming', () => {
  const mh = new TextVectorizer({ outputMode: 'multiHot' }).fit(['a b b', 'b c']);
  assert.deepEqual(mh.vocabulary, ['[UNK]', 'b', 'a', 'c']);
  assert.deepEqual(mh.transform(['b b z', 'a']).toArray(), [[1, 1, 0, 0], [0, 0, 1, 0]]);
  const ct = new TextVectorizer({ outputMode: 'count' }).fit(['a b b', 'b c']);
  assert.deepEqual(ct.transform(['b b z z z']).toArray(), [[3, 2, 0, 0]]);
  const bi = new TextVectorizer({ outputMode: 'count', ngrams: 2 }).fit(['a b c']);
  assert.deepEqual(bi.vocabulary, ['[UNK]', 'a', 'b', 'c', 'a b', 'b c']);
  const nlp = new TextVectorizer({ stopWords: 'en', stemmer: 'english' }).fit(['The cats are running']);
  assert.deepEqual(nlp.tokens('The cats are running'), ['cat', 'run']);
  // tfidf: docs a b a | b c | a; OOV column 0 never occurs in fit: smoothed idf ln(4/1) + 1.
  const tf = new TextVectorizer({ outputMode: 'tfidf' }).fit(['a b a', 'b c', 'a']);
  assert.deepEqual(tf.vocabulary, ['[UNK]', 'a', 'b', 'c']);
  close(tf.idfWeights!, [Math.log(4) + 1, 1.2876820724517808, 1.2876820724517808, 1.6931471805599454]);
  close(tf.transform(['b c']).data, [0, 0, 0.6053485081062916, 0.7959605415681652], 1e-7);
  const back = TextVectorizer.fromJSON(tf.toJSON());
  close(back.transformSparse(['a b a']).values, [0.8944271909999159, 0.4472135954999579]);
  assert.throws(() => new TextVectorizer({ outputMode: 'int' }).fit(['a']).transformSparse(['a']), /outputMode 'int'/);
});

test('TextVectorizer: custom functions must be passed back to fromJSON', () => {
  const tv = new TextVectorizer({ standardize: 'lower', split: (s) => s.split(',') }).fit(['a,b']);
  const j = tv.toJSON();
  assert.equal(j.config.split, 'custom');
  assert.throws(() => TextVectorizer.fromJSON(j), /custom split function/);
  assert.deepEqual(TextVectorizer.fromJSON(j, { split: (s) => s.split(',') }).tokens('b,a'), ['b', 'a']);
});

test('oneHotBatch and CharVocabulary', () => {
  const oh = oneHotBatch(tensor([[0, 2], [1, 1]], [2, 2], 'int32'), 3);
  assert.deepEqual(oh.shape, [2, 2, 3]);
  assert.deepEqual(oh.toArray(), [[[1, 0, 0], [0, 0, 1]], [[0, 1, 0], [0, 1, 0]]]);
  assert.throws(() => oneHotBatch([3], 3), /id 3 at position 0 is outside \[0, 3\)/);
  assert.throws(() => oneHotBatch(tensor([0.5], [1]), 3), DTypeError);
  const v = CharVocabulary.fromText('hello');
  assert.deepEqual(v.chars, ['e', 'h', 'l', 'o']);
  assert.deepEqual(Array.from(v.encode('hole')), [1, 3, 2, 0]);
  assert.equal(v.decode([1, 0, 2, 2, 3]), 'hello');
  assert.throws(() => v.encode('x'), /"x" is not in the vocabulary/);
});
