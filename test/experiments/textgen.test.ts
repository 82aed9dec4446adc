import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateText, loadTextGenerator, prepareCharText, trainTextGenerator } from '../../src/index.js';
import { main } from '../../src/cli/index.js';

/** Runs the CLI and returns its exit code and everything it printed with console.log / console.error. */
async function runCli(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  const err = console.error;
  console.log = (...a: unknown[]): void => void lines.push(a.join(' '));
  console.error = (...a: unknown[]): void => void lines.push(a.join(' '));
  try {
    return { code: await main(argv), out: lines.join('\n') };
  } finally {
    console.log = log;
    console.error = err;
  }
}

test('a short training run on a slice of Alice lowers the loss and reports every iteration', async () => {
  const seen: number[] = [];
  const r = await trainTextGenerator({
    maxChars: 2000, units: 24, batchSize: 32, iterations: 3, learningRate: 0.01, biasL1L2: null, generateLength: 30, seed: 1,
    onIteration: (it) => void seen.push(it.iteration),
  });
  assert.deepEqual(seen, [1, 2, 3]);
  assert.equal(r.corpusChars, 2000);
  assert.equal(r.windows, 1990); // 2000 − window 10, step 1
  const text = prepareCharText(readFileSync(join(process.env.RNNKIT_DATA_DIR ?? '', 'alice_in_wonderland.txt'), 'utf8')).slice(0, 2000);
  assert.equal(r.vocabulary.size, new Set(text).size);
  const [a, , c] = r.iterations;
  assert.ok(a.loss < Math.log(r.vocabulary.size) + 0.1, `first-iteration loss ${a.loss} vs uniform ${Math.log(r.vocabulary.size)}`);
  assert.ok(c.loss < a.loss - 0.2, `loss did not fall: ${r.iterations.map((i) => i.loss.toFixed(3)).join(' → ')}`);
  assert.equal(c.lossWithPenalty, c.loss); // no regularizer → Keras' loss is the cross-entropy
  for (const it of r.iterations) {
    assert.equal(it.seedText.length, 10);
    assert.ok(text.includes(it.seedText), `seed window ${JSON.stringify(it.seedText)} comes from the text`);
    assert.equal(it.generated.length, 30);
    assert.ok(it.secondsPerEpoch > 0);
  }
  // The bias regularizer of seed 001 (L1L2(0.01, 0.01), LSTM default) adds its penalty to Keras' loss.
  const reg = await trainTextGenerator({ text: 'abcd abcd abcd abcd abcd abcd', window: 4, units: 4, iterations: 1, generateLength: 5, batchSize: 8 });
  assert.ok(reg.iterations[0].lossWithPenalty > reg.iterations[0].loss + 0.05);
});

test('same seed → same training and samples (greedy and top-p)', async () => {
  const run = (): ReturnType<typeof trainTextGenerator> => trainTextGenerator({
    text: 'the cat sat on the mat. the dog sat on the log. ', window: 5, units: 8, batchSize: 8, iterations: 2,
    generateLength: 20, cell: 'gru', strategy: 'topp', topP: 0.9, seed: 7,
  });
  const [x, y] = [await run(), await run()];
  assert.deepEqual(x.iterations.map((i) => [i.loss, i.seedText, i.generated]), y.iterations.map((i) => [i.loss, i.seedText, i.generated]));
});

test('rnnkit textgen --quick trains and saves; rnnkit generate continues from the saved model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-textgen-'));
  try {
    const out = join(dir, 'model');
    const t = await runCli(['textgen', '--quick', '--iterations', '1', '--max-chars', '1500', '--units', '16', '--out', out, '--seed-text', 'alice was ']);
    assert.equal(t.code, 0, t.out);
    assert.match(t.out, /Iteration #: 1\/1/);
    assert.match(t.out, /loss \d\.\d{4} nats\/char \(with penalty \d\.\d{4}\) - [\d.]+ s\/epoch/);
    assert.match(t.out, /Generating from seed: "alice was "/);
    assert.match(t.out, /Model saved to/);

    const g = await runCli(['generate', '--model', out, '--seed-text', 'Alice', '--length', '25']);
    assert.equal(g.code, 0, g.out);
    assert.equal(g.out.length, 'alice'.length + 25);
    assert.ok(g.out.startsWith('alice'), g.out); // lower-cased like the training text

    // The loaded model generates what the library would from the same model and vocabulary.
    const { model, vocabulary, metadata } = await loadTextGenerator(out);
    assert.equal(metadata.window, 10);
    assert.equal(generateText(model, vocabulary, { seedText: 'alice', length: 25 }).text, g.out);
    const s = await runCli(['generate', '--model', out, '--seed-text', 'alice', '--length', '25', '--sample', 'topk', '--top-k', '3', '--seed', '4']);
    assert.equal(s.out, generateText(model, vocabulary, { seedText: 'alice', length: 25, strategy: 'topk', topK: 3, seed: 4 }).text);

    const bad = await runCli(['generate', '--model', out, '--seed-text', 'Алиса']);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /character\(s\) the model does not know: "а", "л", "и", "с"/);
    writeFileSync(join(dir, 'x.txt'), 'x');
    assert.equal((await runCli(['generate'])).code, 1);
    assert.equal((await runCli(['textgen', '--cell', 'rnn'])).code, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
