// The experiments' IMDB helpers on a small synthetic archive: the streamed padded loader gives
// exactly loadImdbForRun + paddedIds (the path the sentiment runs and bench/epoch.ts use).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImdbForRun, loadPaddedImdbForRun, paddedIds } from '../../src/experiments/sentiment/data.js';
import { writeTarGz, type TarItem } from '../data/helpers.js';

/** A small IMDB-shaped archive at dir/aclImdb_v1.tar.gz (30 reviews per split). */
async function writeArchive(dir: string): Promise<void> {
  const words = ['good', 'bad', 'film', 'plot', 'actor', 'the', 'a', 'great', 'awful', 'boring', 'fun', 'story'];
  const items: TarItem[] = [];
  for (const split of ['train', 'test']) {
    for (let i = 0; i < 30; i++) {
      const body = Array.from({ length: 3 + ((i * 7) % 23) }, (_, j) => words[(i * 5 + j * j) % words.length]).join(' ');
      items.push({ name: `aclImdb/${split}/${i % 3 ? 'pos' : 'neg'}/${i}_${1 + (i % 10)}.txt`, body });
    }
  }
  await writeTarGz(dir, 'aclImdb_v1.tar.gz', items);
}

test('loadPaddedImdbForRun = loadImdbForRun + paddedIds (full splits and heads)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-imdbdata-'));
  try {
    await writeArchive(dir);
    const cacheDir = join(dir, 'cache');
    for (const [trainSize, testSize] of [[null, null], [12, 5], [100, 0]] as const) {
      for (const maxlen of [4, 10, 30]) {
        const o = { vocab: 9, trainSize, testSize, dataDir: dir, cacheDir };
        const ragged = await loadImdbForRun(o);
        const padded = await loadPaddedImdbForRun({ ...o, maxlen });
        for (const s of ['train', 'test'] as const) {
          const want = paddedIds(ragged[s], maxlen);
          assert.deepEqual(padded[s].x.shape, want.shape);
          assert.deepEqual(Array.from(padded[s].x.data), Array.from(want.data), `${s} ${trainSize} ${maxlen}`);
          assert.deepEqual(Array.from(padded[s].y), Array.from(ragged[s].y));
        }
        assert.equal(padded.train.y.length, Math.min(trainSize ?? 30, 30));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
