// The streamed IMDB paths: the encoded cache read in chunks, loadImdbPadded against
// loadImdb + padSequences, and damaged caches. Uses a synthetic archive of 70 + 50 reviews.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadImdb, loadImdbPadded, padSequences, getImdbWordIndex, encodeImdbArchive, memoryTokenSource, openEncodedCache, readEncodedCache,
  writeEncodedCache, type ImdbOptions, type ImdbPaddedOptions,
} from '../../src/data/index.js';
import { forEachReviewTokens } from '../../src/data/imdbRows.js';
import { DataError } from '../../src/errors.js';
import { TarItem, tempDir, writeTarGz } from './helpers.js';

const dir = tempDir('imdb-stream');

/** Reviews of 0..40 words drawn from 30 words with a skewed frequency (deterministic). */
function reviews(): TarItem[] {
  let s = 12345;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const vocab = Array.from({ length: 30 }, (_, i) => `w${i}`);
  const items: TarItem[] = [];
  for (const [split, n] of [['train', 70], ['test', 50]] as const) {
    for (let i = 0; i < n; i++) {
      const len = Math.floor(rnd() * 41);
      const words = Array.from({ length: len }, () => vocab[Math.floor(rnd() * rnd() * 30)]);
      if (split === 'test' && i % 7 === 0) words.push('testonly'); // no rank: dropped
      items.push({ name: `aclImdb/${split}/${i % 2 ? 'pos' : 'neg'}/${i}_${1 + (i % 10)}.txt`, body: words.join(' ') });
    }
  }
  return items;
}

const archive = writeTarGz(dir, 'synthetic.tar.gz', reviews());

const rows = (x: readonly Int32Array[]): number[][] => x.map((q) => Array.from(q));

test('loadImdbPadded = loadImdb + padSequences, for every option set, cached and uncached', async () => {
  const path = await archive;
  const cacheDir = join(dir, 'cache-a');
  const optionSets: ImdbOptions[] = [
    {}, { numWords: 12 }, { numWords: 10, oovChar: null }, { maxlen: 25, numWords: 20 }, { skipTop: 5, numWords: 15, seed: 3 },
    { startChar: null, indexFrom: 2 }, { startChar: null, oovChar: null, numWords: 9, skipTop: 4 },
  ];
  const pads: ImdbPaddedOptions['pad'][] = [{ maxlen: 8 }, { maxlen: 50 }, { maxlen: 6, padding: 'post', truncating: 'post', value: -1 }, { maxlen: 0 }];
  let checked = 0;
  for (const useCache of [true, false]) {
    for (const o of optionSets) {
      const ragged = await loadImdb({ path, cacheDir, useCache, ...o });
      for (const pad of pads) {
        const p = await loadImdbPadded({ path, cacheDir, useCache, ...o, pad });
        for (const s of ['train', 'test'] as const) {
          const want = padSequences(ragged[s].x, pad);
          assert.deepEqual(p[s].x.shape, want.shape, `${JSON.stringify(o)} ${JSON.stringify(pad)} ${s}`);
          assert.deepEqual(Array.from(p[s].x.data), Array.from(want.data), `${JSON.stringify(o)} ${JSON.stringify(pad)} ${s}`);
          assert.deepEqual(Array.from(p[s].y), Array.from(ragged[s].y));
          checked++;
        }
      }
      assert.deepEqual(ragged.vocabulary, (await loadImdbPadded({ path, cacheDir, ...o, pad: { maxlen: 1 } })).vocabulary);
    }
  }
  assert.equal(checked, 2 * optionSets.length * pads.length * 2);
  assert.equal(readdirSync(cacheDir).length, 1);
});

test('loadImdbPadded: trainSize / testSize keep the head of the shuffled splits; bad pad options are refused', async () => {
  const path = await archive;
  const cacheDir = join(dir, 'cache-b');
  const full = await loadImdb({ path, cacheDir, maxlen: 30 });
  const p = await loadImdbPadded({ path, cacheDir, maxlen: 30, trainSize: 9, testSize: 4, pad: { maxlen: 10 } });
  assert.deepEqual(Array.from(p.train.x.data), Array.from(padSequences(full.train.x.slice(0, 9), { maxlen: 10 }).data));
  assert.deepEqual(Array.from(p.test.x.data), Array.from(padSequences(full.test.x.slice(0, 4), { maxlen: 10 }).data));
  assert.deepEqual(Array.from(p.train.y), Array.from(full.train.y.slice(0, 9)));
  // Without numWords the default (largest id) comes from all kept rows, not from the head.
  const head = await loadImdbPadded({ path, cacheDir, trainSize: 1, testSize: 1, pad: { maxlen: 60 } });
  const all = await loadImdb({ path, cacheDir });
  assert.deepEqual(Array.from(head.train.x.data), Array.from(padSequences(all.train.x.slice(0, 1), { maxlen: 60 }).data));
  assert.equal(p.decode(p.train.x.data.subarray(0, 10)), full.decode(padSequences(full.train.x.slice(0, 1), { maxlen: 10 }).data));
  await assert.rejects(loadImdbPadded({ path, cacheDir, pad: { maxlen: -1 } }), /pad\.maxlen must be a non-negative integer/);
  await assert.rejects(loadImdbPadded({ path, cacheDir, pad: { maxlen: 4, value: 0.5 } }), /not an integer/);
  await assert.rejects(loadImdbPadded({ path, cacheDir, pad: { maxlen: 4, padding: 'mid' as 'pre' } }), /padding must be 'pre' or 'post'/);
  await assert.rejects(loadImdbPadded({ path, cacheDir, trainSize: 1.5, pad: { maxlen: 4 } }), /trainSize must be an integer >= 0/);
  await assert.rejects(loadImdbPadded({ path, cacheDir, maxlen: 1, pad: { maxlen: 4 } }), /no sequence was kept/);
});

test('cache readers: whole-file and streamed reads agree with the encoding; chunked visits see every wanted review once', async () => {
  const path = await archive;
  const enc = await encodeImdbArchive(path);
  const file = join(dir, 'enc.bin');
  writeEncodedCache(file, enc);
  const whole = readEncodedCache(file);
  assert.deepEqual(whole.vocabulary, enc.vocabulary);
  const src = openEncodedCache(file);
  try {
    for (const s of ['train', 'test'] as const) {
      assert.deepEqual(Array.from(whole[s].tokens), Array.from(enc[s].tokens));
      assert.deepEqual(Array.from(whole[s].offsets), Array.from(enc[s].offsets));
      assert.deepEqual(Array.from(src[s].labels), Array.from(enc[s].labels));
      assert.deepEqual(Array.from(src[s].offsets), Array.from(enc[s].offsets));
      const n = enc[s].labels.length;
      const total = enc[s].offsets[n];
      assert.deepEqual(Array.from(src.readTokens(s, 3, total - 2)), Array.from(enc[s].tokens.subarray(3, total - 2)));
      // All reviews, and some (first and last included); chunks of 1..64 tokens and the default
      // (reviews longer than a chunk are read alone).
      for (const pick of [(): boolean => true, (r: number): boolean => r % 3 !== 1 || r === n - 1]) {
        const want = Uint8Array.from({ length: n }, (_, r) => (pick(r) ? 1 : 0));
        const expected = Array.from({ length: n }, (_, r) => r).filter((r) => want[r]);
        assert.equal(expected.at(-1), n - 1);
        for (const chunk of [1, 7, 64, undefined]) {
          for (const source of [src, memoryTokenSource(enc)]) {
            const seen: number[] = [];
            forEachReviewTokens(source, s, want, (r, ranks) => {
              seen.push(r);
              assert.deepEqual(Array.from(ranks), Array.from(enc[s].tokens.subarray(enc[s].offsets[r], enc[s].offsets[r + 1])), `review ${r}`);
            }, chunk);
            assert.deepEqual(seen, expected);
          }
        }
      }
    }
  } finally {
    src.close();
  }
  assert.throws(() => src.readTokens('train', 0, 1), /used after close/);
});

test('damaged caches: truncated, bad header, bad offsets -> DataError; loaders rebuild them', async () => {
  const path = await archive;
  const cacheDir = join(dir, 'cache-c');
  const good = await loadImdb({ path, cacheDir, numWords: 20 });
  const [name] = readdirSync(cacheDir);
  const file = join(cacheDir, name);
  const bytes = readFileSync(file);
  const damage: [string, Buffer][] = [
    ['truncated', bytes.subarray(0, bytes.length - 8)],
    ['bad magic', Buffer.concat([Buffer.from('XXXXXXXX'), bytes.subarray(8)])],
    ['bad header', (() => { const b = Buffer.from(bytes); b.writeUInt32LE(1 << 30, 12); return b; })()],
    ['empty', Buffer.alloc(0)],
  ];
  // Offsets that go down: the first train offset after 0 set to -1.
  const hlen = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.toString('utf8', 16, 16 + hlen)) as { vocabBytes: number; lengths: number[] };
  let off = 16 + hlen + header.vocabBytes;
  off += (4 - (off % 4)) % 4;
  const badOffsets = Buffer.from(bytes);
  badOffsets.writeInt32LE(-1, off + 4 * header.lengths[0] + 4);
  damage.push(['offsets', badOffsets]);
  for (const [what, b] of damage) {
    writeFileSync(file, b);
    assert.throws(() => openEncodedCache(file), (e: Error) => e instanceof DataError && e.message.includes(file), what);
    assert.throws(() => readEncodedCache(file), (e: Error) => e instanceof DataError && e.message.includes(file), what);
    const again = await loadImdbPadded({ path, cacheDir, numWords: 20, pad: { maxlen: 12 } });
    assert.deepEqual(Array.from(again.train.x.data), Array.from(padSequences(good.train.x, { maxlen: 12 }).data), what);
    assert.deepEqual(readFileSync(file), bytes, `${what}: the cache was rewritten`);
  }
  const wi = await getImdbWordIndex({ path, cacheDir });
  assert.equal(wi.size, good.vocabulary.length);
});
