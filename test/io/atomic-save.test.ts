// Atomic saves: a child process saving in a loop is killed (SIGKILL) at random moments; the
// directory must always load, with the weights of one whole save (never a mix, never broken).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Rng, layers, sequential, setSeed } from '../../src/index.js';
import { loadMetadata, loadModel, saveModel } from '../../src/models/io/index.js';
import { tempDir } from './helpers.js';

const CHILD = fileURLToPath(new URL('./fixtures/save-loop.ts', import.meta.url));

/** Runs the child until `ready`, lets it save for `delayMs`, kills it; returns the last k it reported. */
function runAndKill(dir: string, start: number, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(start)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let last = start - 1;
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
        const m = /^saved (\d+)$/.exec(line);
        if (m) last = Number(m[1]);
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve(last));
  });
}

test('kill -9 during save, 20 times at random moments: the model always loads, old or new, never mixed', async () => {
  setSeed(1);
  const dir = tempDir('atomic');
  const m = sequential([layers.dense({ units: 256, inputShape: [128], name: 'big' }), layers.dense({ units: 4, name: 'small' })]);
  for (const w of m.weights) w.data.fill(0);
  await saveModel(m, dir, { metadata: { k: 0 } });
  const rng = new Rng(2024);
  let committed = 0;
  let midSave = 0;
  for (let it = 0; it < 20; it++) {
    const lastReported = await runAndKill(dir, committed + 1, rng.int(120));
    const back = await loadModel(dir);
    const values = new Set<number>();
    for (const w of back.weights) for (const v of w.data) values.add(v);
    assert.equal(values.size, 1, `iteration ${it}: weights mix several saves: ${[...values].slice(0, 5).join(', ')}`);
    const k = [...values][0];
    assert.ok(k >= committed && k >= lastReported && k <= lastReported + 2, `iteration ${it}: loaded k=${k}, before ${committed}, child reported ${lastReported}`);
    assert.deepEqual(await loadMetadata(dir), { k }, 'side files belong to the same save');
    if (k === lastReported + 1) midSave++;
    committed = k;
  }
  // Killed saves leave at most a few unreferenced files; the next save cleans them up.
  await saveModel(m, dir);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), []);
  assert.ok(committed > 0, 'the child got to save at least once');
  console.log(`# atomic: ${committed} saves committed; ${midSave} kills landed after a save the child had not reported`);
});
