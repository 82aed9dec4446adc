// Runs every ```ts example of README.md as a user would (imports of 'rnnkit' point at src/index.ts),
// so the README stays true. Blocks fenced as ```typescript are shown to readers but not run (they
// need a long training run or a download); keep those few.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const readme = readFileSync(resolve('README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const entry = pathToFileURL(resolve('src/index.ts')).href;
const dir = mkdtempSync(join(tmpdir(), 'rnnkit-readme-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('README has runnable examples', () => assert.ok(blocks.length >= 8, `found ${blocks.length} ts blocks`));

blocks.forEach((code, i) => {
  const firstLine = code.split('\n').find((l) => l.trim() && !l.startsWith('import')) ?? '';
  test(`README example ${i + 1} runs: ${firstLine.trim().slice(0, 60)}`, () => {
    const file = join(dir, `example${i + 1}.mts`);
    writeFileSync(file, code.replace(/from 'rnnkit'/g, `from '${entry}'`));
    const cache = join(tmpdir(), 'rnnkit-readme-cache'); // IMDB encoding cache shared across runs
    mkdirSync(cache, { recursive: true });
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
      encoding: 'utf8', cwd: resolve('.'), env: { ...process.env, RNNKIT_CACHE_DIR: cache },
    });
    assert.equal(r.status, 0, `example ${i + 1} failed:\n${code}\n--- stderr ---\n${r.stderr}`);
    if (code.includes('console.log')) assert.ok(r.stdout.length > 0, `example ${i + 1} printed nothing`);
  });
});
