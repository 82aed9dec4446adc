import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, ValueError } from '../../src/engine.js';
import { markedTokenBatch, runGradientStudy, fmtRatio } from '../../src/experiments/gradients.js';
import { main } from '../../src/cli/index.js';

test('markedTokenBatch: one marker per sequence, the label is the marked token, position fixed or random', () => {
  const rng = new Rng(5);
  const T = 7, K = 3;
  for (const markAt of [0, null]) {
    const { x, y, labels } = markedTokenBatch(rng, 20, T, K, markAt);
    assert.deepEqual(x.shape, [20, T, K + 1]);
    const d = x.data;
    const positions = new Set<number>();
    for (let b = 0; b < 20; b++) {
      let marks = 0;
      for (let t = 0; t < T; t++) {
        const o = (b * T + t) * (K + 1);
        let ones = 0;
        for (let j = 0; j < K; j++) ones += d[o + j];
        assert.equal(ones, 1, 'one token per step');
        if (d[o + K] === 1) {
          marks++;
          positions.add(t);
          assert.equal(d[o + labels[b]], 1, 'the marked step holds the label');
          assert.equal(y.data[b], labels[b]);
        }
      }
      assert.equal(marks, 1);
    }
    if (markAt === 0) assert.deepEqual([...positions], [0]);
    else assert.ok(positions.size > 2, 'random positions in training batches');
  }
});

test('runGradientStudy (quick): norm matrices of shape steps × T, finite ratios and a summary with numbers', () => {
  const lines: string[] = [];
  const r = runGradientStudy({ quick: true, steps: 12, every: 4, onProgress: (l) => lines.push(l) });
  assert.equal(r.models.length, 4);
  assert.deepEqual(r.models.map((m) => m.id), ['rnn', 'lstm', 'gru', 'highway']);
  for (const m of r.models) {
    assert.deepEqual(m.steps, [0, 4, 8, 12]);
    assert.equal(m.norms.length, 4);
    for (const row of m.norms) {
      assert.equal(row.length, r.config.seqLen);
      for (const v of row) assert.ok(Number.isFinite(v) && v > 0, `${m.name}: norm ${v}`);
    }
    assert.equal(m.ratioStart, m.norms[0][0] / m.norms[0][r.config.seqLen - 1]);
    assert.ok(Number.isFinite(m.ratioEnd));
    assert.ok(m.finalAccuracy >= 0 && m.finalAccuracy <= 1);
    assert.equal(m.learned, m.finalAccuracy >= r.config.learnedAt);
    assert.ok(r.summary.includes(m.name) && r.summary.includes(fmtRatio(m.ratioEnd)));
  }
  // Plain SimpleRNN: the gradient shrinks from the last step to the first; the highway carries it back.
  const rnn = r.models[0], hw = r.models[3];
  assert.ok(rnn.ratioStart < 0.1, `SimpleRNN ratio at init ${rnn.ratioStart}`);
  assert.ok(hw.ratioStart > 10 * rnn.ratioStart, `highway ratio ${hw.ratioStart} vs ${rnn.ratioStart}`);
  assert.ok(lines.some((l) => l.startsWith('LSTM(8): test accuracy')));
  // Same seed → same numbers.
  const again = runGradientStudy({ quick: true, steps: 12, every: 4, models: ['rnn'] });
  assert.deepEqual(Array.from(again.models[0].norms[3]), Array.from(rnn.norms[3]));
  assert.throws(() => runGradientStudy({ quick: true, models: ['transformer' as 'rnn'] }), ValueError);
  assert.throws(() => runGradientStudy({ quick: true, seqLen: 0 }), ValueError);
});

test('rnnkit gradients --quick prints the table and writes the HTML report and JSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-grad-'));
  const logs: string[] = [];
  const orig = console.log;
  console.log = (...a: unknown[]): void => { logs.push(a.join(' ')); };
  let code: number;
  try {
    code = await main(['gradients', '--quick', '--steps', '8', '--models', 'rnn,highway', '--out', dir]);
  } finally {
    console.log = orig;
  }
  try {
    assert.equal(code, 0);
    const text = logs.join('\n');
    assert.match(text, /model\s+params\s+‖∂L\/∂h_1‖\/‖∂L\/∂h_T‖ start\s+ratio end\s+test accuracy\s+learned\?/);
    assert.match(text, /SimpleRNN\(8\)\+highway\(k=4\)/);
    assert.match(text, /log10 ‖∂L\/∂h_t‖ over t = 1…20/);
    const html = readFileSync(join(dir, 'gradients.html'), 'utf8');
    assert.match(html, /SimpleRNN\(8\)\+highway\(k=4\)/);
    const json = JSON.parse(readFileSync(join(dir, 'gradients.json'), 'utf8')) as { models: { norms: number[][] }[] };
    assert.equal(json.models.length, 2);
    assert.equal(json.models[0].norms[0].length, 20);
    assert.equal(await main(['gradients', '--models', 'rnn,nope', '--quick', '--out', dir]), 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
