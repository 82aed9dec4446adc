// Runs every ```ts example of src/data/README.md (imports of 'rnnkit' point at src/data).
// The IMDB cache of this test lives in a fixed temp folder, so only the first run parses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { tempDir } from './helpers.js';

const readme = readFileSync(resolve('src/data/README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const dataIndex = pathToFileURL(resolve('src/data/index.ts')).href;

test('README has examples', () => assert.ok(blocks.length >= 3));

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs`, () => {
    const dir = tempDir('readme');
    const file = join(dir, `example${i + 1}.mts`);
    writeFileSync(file, code.replace(/from 'rnnkit'/g, `from '${dataIndex}'`));
    const cache = join(tmpdir(), 'rnnkit-readme-cache');
    mkdirSync(cache, { recursive: true });
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', env: { ...process.env, RNNKIT_CACHE_DIR: cache } });
    assert.equal(r.status, 0, `example ${i + 1} failed:\n${r.stderr}`);
    assert.ok(r.stdout.length > 0 || !code.includes('console.log'));
  });
});
