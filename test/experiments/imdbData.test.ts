// The experiments' IMDB helpers on a small synthetic archive: the streamed padded loader gives
// exactly loadImdbForRun + paddedIds (the path the sentiment runs and bench/epoch.ts use).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { loadImdbForRun, loadPaddedImdbForRun, paddedIds } from '../../src/experiments/sentiment/data.js';

async function writeArchive(file: string): Promise<void> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((res, rej) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => res());
    pack.on('error', rej);
  });
  const words = ['good', 'bad', 'film', 'plot', 'actor', 'the', 'a', 'great', 'awful', 'boring', 'fun', 'story'];
  for (const split of ['train', 'test']) {
    for (let i = 0; i < 30; i++) {
      const body = Array.from({ length: 3 + ((i * 7) % 23) }, (_, j) => words[(i * 5 + j * j) % words.length]).join(' ');
      pack.entry({ name: `aclImdb/${split}/${i % 3 ? 'pos' : 'neg'}/${i}_${1 + (i % 10)}.txt` }, body);
    }
  }
  pack.finalize();
  await done;
  writeFileSync(file, gzipSync(Buffer.concat(chunks)));
}

test('loadPaddedImdbForRun = loadImdbForRun + paddedIds (full splits and heads)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-imdbdata-'));
  try {
    await writeArchive(join(dir, 'aclImdb_v1.tar.gz'));
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
