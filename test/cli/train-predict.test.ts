import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/index.js';
import { parseDelimited } from '../../src/experiments/sentiment/csv.js';
import { loadTextClassifier, trainTextClassifier } from '../../src/experiments/sentiment/classifier.js';
import { readLabelledTexts } from '../../src/experiments/sentiment/labelled.js';
import { Rng } from '../../src/tensor/rng.js';
import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/models/index.js';
import { saveModel } from '../../src/models/io/files.js';

/** Runs the CLI, capturing what it prints. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

const POS = ['great movie, loved it', 'wonderful acting and a superb story', 'excellent, brilliant fun', 'a masterpiece, beautiful'];
const NEG = ['terrible movie, hated it', 'awful acting and a boring story', 'bad, dull and stupid', 'a disaster, ugly and boring'];

/** A CSV with quoted fields holding commas, quotes and newlines; labels as class names. */
function smallCsv(dir: string, n = 60): string {
  const rng = new Rng(3);
  const lines = ['id,review,sentiment'];
  for (let i = 0; i < n; i++) {
    const pos = rng.random() < 0.5;
    const pick = (a: string[]): string => a[rng.int(a.length)];
    const text = `${pick(pos ? POS : NEG)}, "really",\n${pick(pos ? POS : NEG)}`;
    lines.push(`${i},"${text.replace(/"/g, '""')}",${pos ? 'positive' : 'negative'}`);
  }
  const path = join(dir, 'reviews.csv');
  writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`);
  return path;
}

test('CSV parser: quotes, embedded commas / newlines / quotes, CRLF, BOM, blank lines, start lines', () => {
  const recs = parseDelimited('\uFEFFa,b\r\n"x, ""y""\nz",2\n\nplain,3\n,\n');
  assert.deepEqual(recs.map((r) => r.fields), [['a', 'b'], ['x, "y"\nz', '2'], ['plain', '3'], ['', '']]);
  assert.deepEqual(recs.map((r) => r.line), [1, 2, 5, 6]);
  assert.deepEqual(parseDelimited('t\tl\n"a\tb"\t1', '\t').map((r) => r.fields), [['t', 'l'], ['a\tb', '1']]);
  assert.throws(() => parseDelimited('a,b\n"open,1\n'), /opened on line 2 is never closed/);
});

test('train → save → load → predict round trip (library), class names mapped and saved', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-train-'));
  try {
    const data = readLabelledTexts(smallCsv(dir), { textColumn: 'review', labelColumn: 'sentiment' });
    assert.equal(data.texts.length, 60);
    assert.deepEqual(data.classNames, ['negative', 'positive']);
    assert.match(data.texts[0], /really",\n/);
    const { classifier, history } = await trainTextClassifier(data, { kind: 'lstm', epochs: 8, batchSize: 8, maxlen: 16, verbose: 0 });
    assert.ok(history.history.loss[7] < history.history.loss[0]);
    const texts = ['what a wonderful, superb story', 'boring and awful, a disaster', 'great brilliant fun'];
    const before = classifier.probabilities(texts);
    const saved = await classifier.save(join(dir, 'model'));
    const loaded = await loadTextClassifier(saved);
    assert.deepEqual(Array.from(loaded.probabilities(texts)), Array.from(before)); // same weights, same vocabulary
    const preds = loaded.predict(texts);
    assert.deepEqual(preds.map((p) => p.label), ['positive', 'negative', 'positive']);
    for (const p of preds) assert.ok(p.probability >= 0.5 && p.probability <= 1);
    assert.equal(loaded.meta.kind, 'lstm');
    assert.equal(loaded.meta.maxlen, 16);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rnnkit train / predict (CLI): tfidf model, an aclImdb-style folder, predict from --file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-cli-'));
  try {
    const csv = smallCsv(dir);
    const m = join(dir, 'tfidf');
    const t = await cli(['train', '--data', csv, '--text-column', 'review', '--label-column', 'sentiment', '--model', 'tfidf', '--epochs', '15', '--batch-size', '8', '--out', m, '--verbose', '0']);
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /60 texts from .*: negative \(0\) \d+, positive \(1\) \d+; model tfidf/);
    assert.match(t.out, /saved to /);
    const p = await cli(['predict', '--model', m, 'superb and wonderful', 'dull and boring']);
    assert.equal(p.code, 0, p.err);
    const rows = p.out.split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows.map((r) => [r[0], r[2]]), [['positive', 'superb and wonderful'], ['negative', 'dull and boring']]);
    for (const r of rows) assert.ok(Number(r[1]) >= 0.5 && Number(r[1]) <= 1, r[1]);
    const f = join(dir, 'texts.txt');
    writeFileSync(f, 'loved it, excellent\n\nhated it, terrible\n');
    const pf = await cli(['predict', '--model', m, '--file', f]);
    assert.deepEqual(pf.out.split('\n').map((l) => l.split('\t')[0]), ['positive', 'negative']);

    // aclImdb layout: train/pos, train/neg of .txt files
    const acl = join(dir, 'acl');
    for (const [sub, texts] of [['pos', POS], ['neg', NEG]] as const) {
      mkdirSync(join(acl, 'train', sub), { recursive: true });
      texts.forEach((x, i) => writeFileSync(join(acl, 'train', sub, `${i}_7.txt`), x));
    }
    const folder = readLabelledTexts(acl);
    assert.deepEqual(Array.from(folder.labels), [0, 0, 0, 0, 1, 1, 1, 1]);
    assert.deepEqual(folder.classNames, ['negative', 'positive']);
    const ta = await cli(['train', '--data', acl, '--model', 'cnn', '--epochs', '1', '--maxlen', '8', '--out', join(dir, 'cnn'), '--verbose', '0']);
    assert.equal(ta.code, 0, ta.err);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('clear errors: missing column, empty file, bad label with its line, not an rnnkit model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-err-'));
  try {
    const csv = smallCsv(dir, 12);
    const miss = await cli(['train', '--data', csv, '--out', join(dir, 'x')]);
    assert.equal(miss.code, 1);
    assert.match(miss.err, /no text column 'text'\. Columns found: 'id', 'review', 'sentiment'/);
    assert.doesNotMatch(miss.err, /\n\s+at /); // no stack trace

    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    assert.match((await cli(['train', '--data', empty])).err, /empty\.csv is empty/);
    const headerOnly = join(dir, 'header.tsv');
    writeFileSync(headerOnly, 'text\tlabel\n');
    assert.match((await cli(['train', '--data', headerOnly])).err, /has a header but no rows/);

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'text,label\ngood film,pos\nbad film,neg\n"multi\nline",pos\nmeh,maybe\n');
    const b = await cli(['train', '--data', bad]);
    assert.equal(b.code, 1);
    assert.match(b.err, /bad\.csv, line 6: label 'maybe' is not 0\/1 or one of the class names 'pos' and 'neg'/);
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, 'text,label\na,1\nb,0\nc,yes\n');
    assert.match((await cli(['train', '--data', mixed])).err, /line 4: label 'yes' is not 0\/1 \(the labels start as 0\/1 on line 2\)/);
    const one = join(dir, 'one.csv');
    writeFileSync(one, 'text,label\na,pos\nb,pos\n');
    assert.match((await cli(['train', '--data', one])).err, /every label is 'pos'/);

    const notModel = join(dir, 'nomodel');
    mkdirSync(notModel);
    const nm = await cli(['predict', '--model', notModel, 'hello']);
    assert.equal(nm.code, 1);
    assert.match(nm.err, /'.*nomodel' is not an rnnkit model: .*model\.json does not exist/);
    const garbage = join(dir, 'garbage');
    mkdirSync(garbage);
    writeFileSync(join(garbage, 'model.json'), '{"hello": 1}');
    assert.match((await cli(['predict', '--model', garbage, 'hello'])).err, /is not an rnnkit model: .*no modelTopology/);
    const plain = join(dir, 'plain');
    await saveModel(sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] }), plain);
    assert.match((await cli(['predict', '--model', plain, 'hello'])).err, /holds a model but not an rnnkit text classifier/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
