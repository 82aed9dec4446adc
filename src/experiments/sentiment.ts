/**
 * The IMDB sentiment experiments of the seeds (`rnnkit sentiment`): trains the models of a preset,
 * with a progress bar per epoch, prints a results table, and writes an HTML report (learning
 * curves, test accuracy, parameters, time per epoch, exact configuration) and results.json.
 * As in the seeds, `validation_data=(x_test, y_test)`: the validation curve IS the test set, and
 * the final test loss/accuracy are the last epoch's validation values (no second pass).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, platform } from 'node:os';
import { join } from 'node:path';
import '../backends/native/register.js';
import { backendName, setBackend } from '../backend/registry.js';
import { ValueError } from '../errors.js';
import { lambdaCallback, type History } from '../models/callbacks.js';
import type { LayersModel } from '../models/model.js';
import { adam, rmsprop } from '../optim/index.js';
import { renderTextTable } from '../report/text.js';
import type { SentimentModelResult, SentimentReportInput } from '../report/types.js';
import { writeSentimentReport } from '../report/write.js';
import { setSeed } from '../tensor/rng.js';
import { convLstmInput, labelColumn, loadImdbForRun, paddedIds, tiledLabels, type ImdbRunData } from './sentiment/data.js';
import { modelSpec, type ModelSpec } from './sentiment/models.js';
import { QUICK, preset, type PresetName } from './sentiment/presets.js';
import { fitSparse } from './sentiment/sparse.js';
import { fitNgramTfidf, transformNgramTfidf } from './sentiment/tfidf.js';

export interface SentimentOptions {
  /** Default 'seed004'. */
  preset?: PresetName;
  /** A subset of the preset's models (or any known model names). */
  models?: string[];
  epochs?: number;
  batchSize?: number;
  vocab?: number;
  maxlen?: number;
  /** Seeds weight initialisation (global generator), shuffling and dropout. Default 1. */
  seed?: number;
  /** 'ref' or 'native'; default the active backend. */
  backend?: string;
  /** Folder for report.html and results.json; null writes nothing. Default null. */
  outDir?: string | null;
  /** Small subset for smoke tests (500 / 500 reviews, 1 epoch, maxlen ≤ 40, vocab ≤ 5000). */
  quick?: boolean;
  /** Number of training / test reviews (default all, or the quick subset). */
  trainSize?: number;
  testSize?: number;
  /** TF-IDF feature count of the 'tfidf' model (default 30,000; quick 2,000). */
  tfidfFeatures?: number;
  /** Keras verbose of fit: 0 silent, 1 progress bar, 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  /** Where text lines go (default console.log). */
  print?: (line: string) => void;
  dataDir?: string;
  cacheDir?: string;
}

/** A trained model's result: the report's fields plus the model itself. */
export interface SentimentModelRun extends SentimentModelResult {
  key: string;
  model: LayersModel;
}

export interface SentimentRun {
  config: Record<string, unknown>;
  models: SentimentModelRun[];
  /** The terminal results table. */
  table: string;
  reportPath: string | null;
  resultsPath: string | null;
}

/** The settings a run resolves from the preset, quick mode and the options. */
export interface ResolvedSettings {
  preset: PresetName;
  models: string[];
  vocab: number;
  maxlen: number;
  epochs: number;
  batchSize: number;
  seed: number;
  trainSize: number | null;
  testSize: number | null;
  tfidfFeatures: number;
}

function posInt(v: number | undefined, name: string): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new ValueError(`sentiment: ${name} must be a positive integer, got ${v}.`);
}

/** Preset defaults, overridden by quick mode, overridden by explicit options. */
export function resolveSettings(o: SentimentOptions): ResolvedSettings {
  const p = preset(o.preset ?? 'seed004');
  for (const k of ['epochs', 'batchSize', 'vocab', 'maxlen', 'trainSize', 'testSize', 'tfidfFeatures'] as const) posInt(o[k], k);
  if (o.seed !== undefined && (!Number.isInteger(o.seed) || o.seed < 0)) throw new ValueError(`sentiment: seed must be a non-negative integer, got ${o.seed}.`);
  const models = o.models && o.models.length > 0 ? o.models : p.models;
  models.forEach(modelSpec);
  const q = o.quick ?? false;
  return {
    preset: p.name,
    models,
    vocab: o.vocab ?? (q ? Math.min(p.vocab, QUICK.vocab) : p.vocab),
    maxlen: o.maxlen ?? (q ? Math.min(p.maxlen, QUICK.maxlen) : p.maxlen),
    epochs: o.epochs ?? (q ? QUICK.epochs : p.epochs),
    batchSize: o.batchSize ?? p.batchSize,
    seed: o.seed ?? 1,
    trainSize: o.trainSize ?? (q ? QUICK.trainSize : null),
    testSize: o.testSize ?? (q ? QUICK.testSize : null),
    tfidfFeatures: o.tfidfFeatures ?? (q ? QUICK.tfidfFeatures : p.tfidfFeatures),
  };
}

function paramCount(m: LayersModel): number {
  const seen = new Set<unknown>();
  let n = 0;
  for (const w of m.weights) {
    if (seen.has(w) || !w.trainable) continue;
    seen.add(w);
    n += w.size;
  }
  return n;
}

function summaryText(m: LayersModel): string {
  const lines: string[] = [];
  m.summary((l) => lines.push(l));
  return lines.join('\n');
}

function optimizerOf(spec: ModelSpec): ReturnType<typeof adam> | ReturnType<typeof rmsprop> {
  const lr = spec.learningRate === undefined ? {} : { learningRate: spec.learningRate };
  return spec.optimizer === 'adam' ? adam(lr) : rmsprop(lr);
}

/** Per-epoch wall-clock seconds (training and validation, as Keras' epoch time). */
function epochTimer(): { seconds: number[]; callback: ReturnType<typeof lambdaCallback> } {
  const seconds: number[] = [];
  let t0 = 0;
  const callback = lambdaCallback({
    onEpochBegin: () => {
      t0 = performance.now();
    },
    onEpochEnd: () => {
      seconds.push((performance.now() - t0) / 1000);
    },
  });
  return { seconds, callback };
}

/** In a log file (stdout not a terminal) the progress bar is off: print every tenth of an epoch instead. */
function logProgress(samples: number, batchSize: number, print: (l: string) => void): ReturnType<typeof lambdaCallback> {
  const steps = Math.ceil(samples / batchSize);
  const every = Math.max(1, Math.ceil(steps / 10));
  let t0 = 0;
  return lambdaCallback({
    onEpochBegin: () => {
      t0 = performance.now();
    },
    onBatchEnd: (b: number, logs: Record<string, number>) => {
      if ((b + 1) % every !== 0 || b + 1 === steps) return;
      const vals = Object.entries(logs).map(([k, v]) => ` - ${k}: ${v.toFixed(4)}`).join('');
      print(`  ${b + 1}/${steps} - ${((performance.now() - t0) / 1000).toFixed(0)}s${vals}`);
    },
  });
}

async function trainOne(spec: ModelSpec, data: ImdbRunData, s: ResolvedSettings, verbose: 0 | 1 | 2, print: (l: string) => void): Promise<SentimentModelRun> {
  setSeed(s.seed); // weight initialisation
  const timer = epochTimer();
  let model: LayersModel;
  let history: History;
  const callbacks = [timer.callback];
  if (verbose === 1 && !process.stdout.isTTY) callbacks.push(logProgress(data.train.y.length, s.batchSize, print));
  const fitArgs = { epochs: s.epochs, batchSize: s.batchSize, seed: s.seed, verbose, callbacks };
  if (spec.input === 'tfidf') {
    const { features, matrix } = fitNgramTfidf(data.train.x, s.vocab, s.tfidfFeatures);
    const test = transformNgramTfidf(data.test.x, features);
    model = spec.build({ vocab: s.vocab, maxlen: s.maxlen, features: features.columns.size });
    model.compile({ optimizer: optimizerOf(spec), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    print(`\n${spec.name}: ${spec.title} (${paramCount(model).toLocaleString('en-US')} parameters, ${features.columns.size} features)`);
    history = await fitSparse(model, matrix, Float32Array.from(data.train.y), { ...fitArgs, validationData: [test, Float32Array.from(data.test.y)] });
  } else {
    let xTrain = paddedIds(data.train, s.maxlen); // int32 [N, maxlen]
    let xTest = paddedIds(data.test, s.maxlen);
    let yTrain = labelColumn(data.train.y); // [N, 1]
    let yTest = labelColumn(data.test.y);
    if (spec.input === 'convlstm') {
      if (s.maxlen < 3) throw new ValueError(`sentiment: the ConvLSTM1D model needs maxlen >= 3 (kernel 3), got ${s.maxlen}.`);
      xTrain = convLstmInput(xTrain); // [N, 1, maxlen, 1]
      xTest = convLstmInput(xTest);
      yTrain = tiledLabels(data.train.y, s.maxlen - 2); // [N, maxlen − 2, 1]: Keras broadcasts the label over the windows
      yTest = tiledLabels(data.test.y, s.maxlen - 2);
    }
    model = spec.build({ vocab: s.vocab, maxlen: s.maxlen });
    model.compile({ optimizer: optimizerOf(spec), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    print(`\n${spec.name}: ${spec.title} (${paramCount(model).toLocaleString('en-US')} parameters)`);
    history = await model.fit(xTrain, yTrain, { ...fitArgs, validationData: [xTest, yTest] });
  }
  const h = history.history;
  const last = (k: string): number => h[k][h[k].length - 1];
  return {
    key: spec.name,
    name: `${spec.name}: ${spec.title}`,
    params: paramCount(model),
    summary: summaryText(model),
    history: {
      epoch: history.epoch.map((e) => e + 1),
      loss: h.loss,
      accuracy: h.accuracy,
      val_loss: h.val_loss,
      val_accuracy: h.val_accuracy,
    },
    test: { loss: last('val_loss'), accuracy: last('val_accuracy') },
    secondsPerEpoch: timer.seconds,
    model,
  };
}

/** The terminal table of a run's models. */
export function resultsTable(models: readonly SentimentModelResult[]): string {
  const rows = models.map((m) => {
    const secs = m.secondsPerEpoch;
    return [
      m.name.split(':')[0], m.params, m.test?.accuracy ?? null, m.test?.loss ?? null,
      m.history.accuracy?.[m.history.accuracy.length - 1] ?? null, secs.length ? secs.reduce((a, b) => a + b, 0) / secs.length : null,
    ];
  });
  return renderTextTable(['model', 'params', 'test acc', 'test loss', 'train acc', 's/epoch'], rows, { digits: [0, 0, 4, 4, 4, 1] });
}

/** Runs a preset (see SentimentOptions); returns the results, the table, and the written paths. */
export async function runSentiment(opts: SentimentOptions = {}): Promise<SentimentRun> {
  const print = opts.print ?? ((l: string) => console.log(l));
  if (opts.backend !== undefined) setBackend(opts.backend);
  const s = resolveSettings(opts);
  const verbose = opts.verbose ?? 1;
  const t0 = Date.now();
  const data = await loadImdbForRun({ vocab: s.vocab, trainSize: s.trainSize, testSize: s.testSize, dataDir: opts.dataDir, cacheDir: opts.cacheDir });
  const config: Record<string, unknown> = {
    preset: s.preset, models: s.models, vocab: s.vocab, maxlen: s.maxlen, batchSize: s.batchSize, epochs: s.epochs, seed: s.seed,
    backend: backendName(), quick: opts.quick ?? false,
    trainSamples: data.train.y.length, testSamples: data.test.y.length,
    validation: 'validation_data = (x_test, y_test), as the seeds: the val curves are the test set',
    data: 'IMDB aclImdb_v1: load_data(num_words=vocab) shuffled with seed 113, pad_sequences(maxlen) pre/pre',
    optimizers: Object.fromEntries(s.models.map((m) => { const sp = modelSpec(m); return [m, sp.learningRate === undefined ? sp.optimizer : `${sp.optimizer}(lr=${sp.learningRate})`]; })),
    loss: 'binaryCrossentropy',
    ...(s.models.includes('tfidf') ? { tfidfFeatures: s.tfidfFeatures, tfidf: 'word 1–2-grams, sublinear tf, smooth idf, l2 rows' } : {}),
    ...(s.models.includes('convlstm1d') ? { convlstm1d: 'input (N, 1, maxlen, 1) raw ids; output one prediction per 3-id window; loss/accuracy per window, as Keras computes them' } : {}),
    source: preset(s.preset).source,
    node: process.version, platform: platform(), cpus: cpus().length,
  };
  print(`rnnkit sentiment: preset ${s.preset}, backend ${backendName()}, ${data.train.y.length} train / ${data.test.y.length} test reviews, vocab ${s.vocab}, maxlen ${s.maxlen}, batch ${s.batchSize}, epochs ${s.epochs}, seed ${s.seed}`);
  const runs: SentimentModelRun[] = [];
  for (const name of s.models) runs.push(await trainOne(modelSpec(name), data, s, verbose, print));
  config.totalSeconds = Math.round((Date.now() - t0) / 100) / 10;
  const table = resultsTable(runs);
  print('');
  for (const line of table.split('\n')) print(line);
  let reportPath: string | null = null;
  let resultsPath: string | null = null;
  if (opts.outDir) {
    mkdirSync(opts.outDir, { recursive: true });
    const input: SentimentReportInput = {
      title: `rnnkit sentiment: preset ${s.preset}${opts.quick ? ' (quick)' : ''}`,
      config,
      models: runs.map(({ model: _m, key: _k, ...r }) => r),
      generatedAt: new Date().toISOString(),
      notes: 'IMDB movie-review sentiment. As in the seeds, the validation data is the test set; the test accuracy is the last epoch\'s validation accuracy.',
    };
    reportPath = writeSentimentReport(join(opts.outDir, 'report.html'), input);
    resultsPath = join(opts.outDir, 'results.json');
    writeFileSync(resultsPath, JSON.stringify({ config, models: input.models, generatedAt: input.generatedAt }, null, 2));
    print(`\nreport: ${reportPath}\nresults: ${resultsPath}`);
  }
  return { config, models: runs, table, reportPath, resultsPath };
}
