import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { loadAlice, loadText, stripGutenberg, prepareCharText, charWindows, CharVocabulary } from '../../src/data/index.js';
import { DataError } from '../../src/errors.js';
import { tempDir } from './helpers.js';

test('loadAlice: shared copy without BOM and CRLF, book text only', async () => {
  const t = await loadAlice();
  assert.notEqual(t.charCodeAt(0), 0xfeff);
  assert.ok(!t.includes('\r'));
  assert.ok(t.startsWith('CHAPTER I. Down the Rabbit-Hole'));
  assert.ok(t.endsWith('the happy summer days.'));
  assert.ok(t.length > 140000 && t.length < 147651);
  assert.ok((await loadAlice({ lowercase: true })).startsWith('chapter i.'));
  const empty = tempDir('alice');
  await assert.rejects(loadAlice({ dataDir: empty, download: false }), (e: Error) =>
    e instanceof DataError && e.message.includes(join(empty, 'alice_in_wonderland.txt')) && /RNNKIT_DATA_DIR/.test(e.message));
});

test('stripGutenberg removes the licence header and footer, BOM and CRLF', () => {
  const raw = '\ufeffThe Project Gutenberg eBook\r\n*** START OF THE PROJECT GUTENBERG EBOOK 11 ***\r\n\r\nCHAPTER I.\r\nAlice.\r\n\r\n*** END OF THE PROJECT GUTENBERG EBOOK 11 ***\r\nlicence text\r\n';
  assert.equal(stripGutenberg(raw), 'CHAPTER I.\nAlice.');
  assert.equal(stripGutenberg('no markers\r\nhere '), 'no markers\nhere');
});

test('loadText: files and URLs (downloaded once, then cached)', async () => {
  const d = tempDir('text');
  const f = join(d, 'a.txt');
  writeFileSync(f, '\ufeffLine one\r\nLine TWO\r\n');
  assert.equal(await loadText(f), 'Line one\nLine TWO\n');
  assert.equal(await loadText(f, { lowercase: true }), 'line one\nline two\n');
  await assert.rejects(loadText(join(d, 'missing.txt')), /Text file not found/);
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('*** START OF X ***\nbody\n*** END OF X ***\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/book.txt`;
  try {
    assert.equal(await loadText(url, { cacheDir: d, gutenberg: true }), 'body');
    assert.equal(await loadText(url, { cacheDir: d, gutenberg: true }), 'body');
    assert.equal(hits, 1);
  } finally {
    server.close();
  }
});

// Expected numbers from seed 001's own Python preprocessing run on the shared file:
// 142,554 characters, 42 distinct, 142,544 windows of 10 (47,515 with step 3).
test('char windows on Alice match seed 001 (window 10, step 1) without a one-hot corpus', async () => {
  const text = prepareCharText(await loadAlice());
  assert.equal(text.length, 142554);
  const w = charWindows(text, { window: 10, step: 1 });
  assert.equal(w.vocabulary.size, 42);
  assert.equal(w.vocabulary.chars.join(''), ' !"\'()*,-.:;?[]_abcdefghijklmnopqrstuvwxyz');
  assert.deepEqual(w.x.shape, [142544, 10]);
  assert.equal(w.x.dtype, 'int32');
  assert.deepEqual(w.y.shape, [142544]);
  assert.equal(w.vocabulary.decode(w.x.data.subarray(0, 10)), 'chapter i.');
  assert.equal(w.vocabulary.decode([w.y.data[0]]), ' ');
  assert.equal(w.vocabulary.decode(w.x.data.subarray(10, 20)), 'hapter i. ');
  const last = w.x.data.subarray((142544 - 1) * 10);
  assert.equal(w.vocabulary.decode(last) + w.vocabulary.decode([w.y.data[142543]]), 'ummer days.');
  assert.equal(charWindows(text, { window: 10, step: 3 }).x.shape[0], 47515);
  const b = w.batch(0, 4, true);
  assert.deepEqual(b.x.shape, [4, 10, 42]);
  assert.deepEqual(b.y.shape, [4, 42]);
  assert.equal(Array.from(b.x.data).reduce((s, v) => s + v, 0), 40);
  assert.equal(b.y.data[w.y.data[0]], 1);
  assert.throws(() => w.batch(0, 142545), /outside/);
});

test('charWindows edge cases', () => {
  assert.deepEqual(charWindows('abc', { window: 3 }).x.shape, [0, 3]);
  const w = charWindows('abcd', { window: 3 });
  assert.deepEqual(w.x.toArray(), [[0, 1, 2]]);
  assert.deepEqual(Array.from(w.y.data), [3]);
  assert.throws(() => charWindows('abc', { window: 0 }), /window must be an integer >= 1/);
  const v = new CharVocabulary(['a', 'b']);
  assert.throws(() => charWindows('abc', { vocabulary: v }), /"c" is not in the vocabulary/);
  assert.deepEqual(charWindows('ABc', { window: 1, lowercase: true }).vocabulary.chars, ['a', 'b', 'c']);
  assert.equal(prepareCharText('  Hi \u00e9there \r\n\r\n  Bye\n'), 'hi there bye');
});
