import { ValueError } from '../errors.js';
import { renderTextTable } from '../report/text.js';
import { runSentiment, type SentimentOptions } from '../experiments/sentiment.js';
import { MODEL_SPECS } from '../experiments/sentiment/models.js';
import { PRESET_NAMES, type PresetName } from '../experiments/sentiment/presets.js';
import { intOption, parseOptions } from './args.js';
import type { Command } from './index.js';

const USAGE = `Usage: rnnkit sentiment [--preset seed000|seed001|seed004|best] [options]

Trains and evaluates the IMDB sentiment models of a preset (progress bar per epoch), prints a
results table, and writes report.html (learning curves, test accuracy, parameters, time per
epoch, configuration) and results.json to --out.

Presets (exactly as the lesson's notebooks):
  seed000  vocab 10,000, maxlen 100: Embedding(32) → SimpleRNN/LSTM/GRU(32) ×2, and ConvLSTM1D(32, 3, relu);
           rmsprop, 10 epochs, batch 128
  seed001  vocab 20,000, maxlen 80: Embedding(128) → LSTM(64, dropout 0.2, bias L1L2(0.01, 0.01)); adam, batch 16, 1 epoch
  seed004  vocab 20,000, maxlen 80: Embedding(128) → LSTM(128, dropout 0.2, recurrentDropout 0.2); adam, batch 50, 1 epoch
  best     BiLSTM + attention, BiGRU + max pooling, Conv1D text CNN, TF-IDF logistic regression; maxlen 200
Validation data is the test set, as in the seeds.

Options:
  --preset NAME        default seed004
  --models a,b         a subset (known: ${Object.keys(MODEL_SPECS).join(', ')})
  --epochs N  --batch-size N  --vocab N  --maxlen N
  --seed N[,N...]      one run per seed (default 1); several seeds print per-seed accuracies and the mean
  --backend ref|native compute backend (default: native when its addon loads)
  --out DIR            write report.html and results.json (one sub-folder per seed when several)
  --quick              tiny subset (500 train / 500 test reviews, 1 epoch, maxlen ≤ 40, vocab ≤ 5000)
  --train-size N  --test-size N   use the first N reviews of each split
  --verbose 0|1|2      fit output (default 1: progress bar)`;

/** Parses '1,2,3' into seeds. */
export function parseSeeds(v: string | boolean | undefined): number[] {
  if (v === undefined || typeof v === 'boolean') return [1];
  const seeds = v.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new ValueError(`--seed must be non-negative integers separated by commas, got '${v}'.`);
  return seeds;
}

export const sentimentCommand: Command = {
  name: 'sentiment',
  summary: 'IMDB sentiment experiments of the lesson (presets seed000/001/004, best) with an HTML report.',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const { values } = parseOptions(args, {
      preset: { type: 'string' }, models: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' },
      vocab: { type: 'string' }, maxlen: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' },
      out: { type: 'string' }, quick: { type: 'boolean' }, 'train-size': { type: 'string' }, 'test-size': { type: 'string' },
      verbose: { type: 'string' },
    }, USAGE);
    const presetName = (values.preset as string | undefined) ?? 'seed004';
    if (!(PRESET_NAMES as string[]).includes(presetName)) throw new ValueError(`unknown preset '${presetName}'. Expected one of: ${PRESET_NAMES.join(', ')}.`);
    const opt = (name: string): number | undefined => (values[name] === undefined ? undefined : intOption(values, name, 1));
    const verbose = values.verbose === undefined ? 1 : intOption(values, 'verbose', 1, 0);
    if (verbose > 2) throw new ValueError(`--verbose must be 0, 1 or 2, got ${verbose}.`);
    const backend = values.backend as string | undefined;
    if (backend !== undefined && backend !== 'ref' && backend !== 'native') throw new ValueError(`--backend must be 'ref' or 'native', got '${backend}'.`);
    const seeds = parseSeeds(values.seed);
    const out = values.out as string | undefined;
    const base: SentimentOptions = {
      preset: presetName as PresetName,
      models: typeof values.models === 'string' ? values.models.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      epochs: opt('epochs'), batchSize: opt('batch-size'), vocab: opt('vocab'), maxlen: opt('maxlen'),
      trainSize: opt('train-size'), testSize: opt('test-size'), backend, quick: values.quick === true, verbose: verbose as 0 | 1 | 2,
    };
    const perSeed: { seed: number; acc: Record<string, number> }[] = [];
    for (const seed of seeds) {
      const r = await runSentiment({ ...base, seed, outDir: out === undefined ? null : seeds.length > 1 ? `${out}/seed-${seed}` : out });
      perSeed.push({ seed, acc: Object.fromEntries(r.models.map((m) => [m.key, m.test?.accuracy ?? NaN])) });
    }
    if (seeds.length > 1) {
      const names = Object.keys(perSeed[0].acc);
      const rows: (string | number)[][] = perSeed.map((p) => [String(p.seed), ...names.map((k) => p.acc[k])]);
      const col = (k: string): number[] => perSeed.map((p) => p.acc[k]);
      rows.push(['mean', ...names.map((k) => col(k).reduce((a, b) => a + b, 0) / seeds.length)]);
      rows.push(['min', ...names.map((k) => Math.min(...col(k)))]);
      console.log('');
      console.log(renderTextTable(['seed', ...names.map((k) => `${k} test acc`)], rows, { title: `Test accuracy over ${seeds.length} seeds (preset ${presetName})`, digits: 4 }));
    }
    return 0;
  },
};
