import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, Server } from 'node:http';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { loadImdb, loadImdbTexts, getImdbWordIndex, readTarGz, fetchFile, imdbTokens } from '../../src/data/index.js';
import { DataError } from '../../src/errors.js';
import { TarItem, tarBytes, tempDir, writeTarGz } from './helpers.js';

const dir = tempDir('archive');
const cacheDir = join(dir, 'cache');

// Train: neg 9_2 "b a", neg 10_1 "c c<br />b", pos 3_8 "A, a! d" ; test: pos 1_9 "a z", neg 2_4 "d".
// Sorted train order: neg 9, neg 10, pos 3 (numeric ids). Counts over train: a 3, b 2, c 2, d 1.
// b and c tie at 2: b occurs first in the sorted training text -> rank(b) = 2, rank(c) = 3.
// z occurs only in test: no rank, dropped.
const REVIEWS: TarItem[] = [
  { name: 'aclImdb/test/pos/1_9.txt', body: 'a z' },
  { name: 'aclImdb/train/pos/3_8.txt', body: 'A, a! d' },
  { name: 'aclImdb/train/neg/10_1.txt', body: 'c c<br />b' },
  { name: 'aclImdb/imdb.vocab', body: 'zzz\nyyy\n' },
  { name: 'aclImdb/README', body: 'readme' },
  { name: 'aclImdb/train/', type: 'directory' },
  { name: 'aclImdb/train/unsup/0_0.txt', body: 'unlabelled' },
  { name: 'aclImdb/train/neg/9_2.txt', body: 'b a' },
  { name: 'aclImdb/train/pos/99_9.txt', type: 'symlink', linkname: '/etc/passwd' },
  { name: 'aclImdb/test/neg/2_4.txt', body: 'd' },
];

test('mini archive: Keras ids, tie-break by first occurrence, test-only words dropped, extra entries skipped', async () => {
  const path = await writeTarGz(dir, 'mini.tar.gz', REVIEWS);
  const d = await loadImdb({ path, cacheDir, seed: 1 });
  assert.deepEqual(d.vocabulary, ['a', 'b', 'c', 'd']);
  assert.equal(d.getWordIndex().get('c'), 3);
  const byLabel = (x: Int32Array[], y: Int32Array): string[] => x.map((s, i) => `${y[i]}:${Array.from(s).join(',')}`).sort();
  // 1 = start, ids = rank + 3; default numWords = max id (7 = 'd') so 'd' itself becomes oov 2 (Keras quirk).
  assert.deepEqual(byLabel(d.train.x, d.train.y), ['0:1,5,4', '0:1,6,6,5', '1:1,4,4,2']);
  assert.deepEqual(byLabel(d.test.x, d.test.y), ['0:1,2', '1:1,4']);
  const big = await loadImdb({ path, cacheDir, numWords: 100 });
  assert.deepEqual(byLabel(big.train.x, big.train.y), ['0:1,5,4', '0:1,6,6,5', '1:1,4,4,7']);
  assert.equal(big.decode([0, 1, 4, 2, 7]), 'a <UNK> d');
  assert.equal(big.decode([0, 1, 4], { showSpecial: true }), '<PAD> <START> a');
  const noOov = await loadImdb({ path, cacheDir, numWords: 6, oovChar: null });
  assert.deepEqual(byLabel(noOov.train.x, noOov.train.y), ['0:1,5', '0:1,5,4', '1:1,4,4']);
  const skip = await loadImdb({ path, cacheDir, numWords: 100, skipTop: 5 });
  // skipTop 5 hits start (1) and 'a' (4) too, as in Keras.
  assert.deepEqual(byLabel(skip.train.x, skip.train.y), ['0:2,5,2', '0:2,6,6,5', '1:2,2,2,7']);
});

test('mini archive: maxlen keeps len < maxlen per split; nothing kept is an error', async () => {
  const path = join(dir, 'mini.tar.gz');
  const d = await loadImdb({ path, cacheDir, maxlen: 4, numWords: 100 });
  assert.deepEqual(d.train.x.map((s) => s.length).sort(), [3]);
  assert.deepEqual(d.test.x.map((s) => s.length).sort(), [2, 2]);
  await assert.rejects(loadImdb({ path, cacheDir, maxlen: 2 }), /no sequence was kept. Increase maxlen/);
});

test('mini archive: entry order in the tar does not matter; raw texts come sorted', async () => {
  const rev = await writeTarGz(dir, 'mini-reversed.tar.gz', [...REVIEWS].reverse());
  const wi = await getImdbWordIndex({ path: rev, cacheDir });
  assert.deepEqual([...wi], [['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
  const t = await loadImdbTexts({ path: rev });
  assert.deepEqual(t.train.texts, ['b a', 'c c<br />b', 'A, a! d']);
  assert.deepEqual(Array.from(t.train.labels), [0, 0, 1]);
  assert.deepEqual(Array.from(t.train.ids), [9, 10, 3]);
  assert.deepEqual(Array.from(t.train.ratings), [2, 1, 8]);
  assert.deepEqual(t.test.texts, ['d', 'a z']);
});

test('encoded cache is written, reused, and rebuilt when damaged', async () => {
  const path = await writeTarGz(dir, 'cached.tar.gz', REVIEWS);
  const cdir = join(dir, 'cache2');
  await loadImdb({ path, cacheDir: cdir });
  const files = readdirSync(cdir);
  assert.equal(files.length, 1);
  assert.match(files[0], /^imdb-encoded-v1-\d+-\d+\.bin$/);
  writeFileSync(join(cdir, files[0]), 'garbage');
  const d = await loadImdb({ path, cacheDir: cdir, numWords: 100 });
  assert.deepEqual(d.vocabulary, ['a', 'b', 'c', 'd']);
  assert.ok(readFileSync(join(cdir, files[0])).length > 100, 'the damaged cache was rewritten');
});

test('tokeniser: lower-case, <br /> and punctuation out, apostrophes kept', () => {
  assert.deepEqual(imdbTokens("It's GREAT!<br /><br />Really...great (10/10)"), ["it's", 'great', 'really', 'great', '10', '10']);
});

test('unsafe entries: ../ and absolute paths are refused with the entry named', async () => {
  const evil = await writeTarGz(dir, 'evil.tar.gz', [{ name: 'aclImdb/train/pos/1_9.txt', body: 'ok' }, { name: '../evil', body: 'x' }]);
  await assert.rejects(loadImdb({ path: evil, cacheDir }), (e: Error) => e instanceof DataError && /unsafe entry '\.\.\/evil'/.test(e.message) && e.message.includes(evil));
  const nested = await writeTarGz(dir, 'nested.tar.gz', [{ name: 'aclImdb/../../x.txt', body: 'x' }]);
  await assert.rejects(readTarGz(nested, () => true, () => undefined), /unsafe entry/);
  const abs = await writeTarGz(dir, 'abs.tar.gz', [{ name: '/etc/evil.txt', body: 'x' }]);
  await assert.rejects(loadImdbTexts({ path: abs }), (e: Error) => e instanceof DataError && /unsafe entry '\/etc\/evil.txt'/.test(e.message));
});

test('truncated and corrupt archives give a DataError naming the file', async () => {
  const good = readFileSync(join(dir, 'mini.tar.gz'));
  const cut = join(dir, 'truncated.tar.gz');
  writeFileSync(cut, good.subarray(0, Math.floor(good.length / 2)));
  await assert.rejects(loadImdb({ path: cut, cacheDir }), (e: Error) => e instanceof DataError && e.message.includes(cut) && /truncated or corrupt/.test(e.message));
  const notGz = join(dir, 'notgz.tar.gz');
  writeFileSync(notGz, 'this is not gzip data at all');
  await assert.rejects(loadImdbTexts({ path: notGz }), (e: Error) => e instanceof DataError && e.message.includes(notGz));
  // A complete gzip stream holding a tar cut in the middle of an entry.
  const tarCut = join(dir, 'tarcut.tar.gz');
  const t = await tarBytes([{ name: 'aclImdb/train/pos/1_9.txt', body: 'x'.repeat(3000) }]);
  writeFileSync(tarCut, gzipSync(t.subarray(0, 1024)));
  await assert.rejects(loadImdbTexts({ path: tarCut }), (e: Error) => e instanceof DataError && e.message.includes(tarCut));
  await assert.rejects(loadImdb({ path: join(dir, 'nope.tar.gz') }), /IMDB archive not found at .*nope\.tar\.gz/);
});

test('missing data set with no network: clear error with the path and RNNKIT_DATA_DIR', async () => {
  const empty = tempDir('empty');
  await assert.rejects(loadImdb({ dataDir: empty, download: false, cacheDir }), (e: Error) =>
    e instanceof DataError && e.message.includes(join(empty, 'aclImdb_v1.tar.gz')) && /Put the file at .* or set RNNKIT_DATA_DIR/.test(e.message));
  // A refused connection (port 9 on loopback) stands in for "no network".
  await assert.rejects(fetchFile('x.bin', 'http://127.0.0.1:9/x.bin', { dataDir: empty }), (e: Error) =>
    e instanceof DataError && /downloading it from http:\/\/127\.0\.0\.1:9\/x\.bin failed/.test(e.message) && /set RNNKIT_DATA_DIR/.test(e.message));
  assert.deepEqual(readdirSync(empty), []);
});

function serve(body: Buffer): Promise<{ server: Server; url: string }> {
  return new Promise((res) => {
    const server = createServer((req, resp) => {
      if (req.url === '/missing') {
        resp.statusCode = 404;
        resp.end('no');
        return;
      }
      resp.end(body);
    });
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      res({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

test('downloads: checksum verified, temp file renamed only when good, HTTP errors named', async () => {
  const body = Buffer.from('hello data');
  const sha = createHash('sha256').update(body).digest('hex');
  const { server, url } = await serve(body);
  try {
    const d = tempDir('dl');
    await assert.rejects(fetchFile('f.txt', `${url}/f.txt`, { dataDir: d, sha256: ['0'.repeat(64)] }), (e: Error) =>
      e instanceof DataError && /Checksum mismatch/.test(e.message) && e.message.includes(sha));
    assert.deepEqual(readdirSync(d), [], 'no file and no leftover temp file');
    await assert.rejects(fetchFile('m.txt', `${url}/missing`, { dataDir: d }), /HTTP 404/);
    const p = await fetchFile('f.txt', `${url}/f.txt`, { dataDir: d, sha256: [sha] });
    assert.equal(readFileSync(p, 'utf8'), 'hello data');
    assert.deepEqual(readdirSync(d), ['f.txt']);
    rmSync(d, { recursive: true });
    assert.equal(existsSync(d), false);
  } finally {
    server.close();
  }
});
