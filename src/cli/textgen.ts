import { ValueError } from '../errors.js';
import { Callback, type Logs } from '../models/callbacks.js';
import { formatSeconds } from '../models/progress.js';
import { SAMPLING_STRATEGIES, type SamplingStrategy } from '../generate/sampling.js';
import type { TextGenCell, TextGenIteration, TextGenOptions } from '../experiments/textgen.js';
import { intOption, numberOption, parseOptions } from './args.js';
import type { Command } from './index.js';

const USAGE = `Usage: rnnkit textgen [options]

Character-level text generation (seeds 001 / 004): trains RNN(units) on one-hot windows of a text
→ Dense(chars) → softmax with rmsprop; after every iteration prints the loss, the time, and a
continuation of a random seed window. Saves the model (+ vocabulary) to --out.

  --text FILE|URL             training text (default: Alice in Wonderland)
  --cell lstm|gru             recurrent cell (default lstm; seed 004 uses gru)
  --iterations N              default 25
  --epochs-per-iteration N    default 1
  --batch N                   default 128
  --window N                  characters per input window (default 10)
  --step N                    distance between windows (default 1)
  --units N                   default 128
  --dropout R                 input dropout of the recurrent layer (default 0.1)
  --bias-l1l2 F               L1L2(F, F) bias regularizer (default 0.01 for lstm as seed 001, 0 for gru); 0 = none
  --learning-rate R           rmsprop learning rate (default 0.001)
  --implementation fused|composed   the recurrent layer's code path (default: the layer's, fused)
  --max-chars N               train on the first N characters only
  --keep-case                 do not lower-case the text
  --length N                  characters generated per iteration (default 100)
  --seed S                    seed of weights, shuffling, dropout and sampling (default 0)
  --sample greedy|temperature|topk|topp   (default greedy, as the seed)
  --temperature T  --top-k K  --top-p P
  --seed-text "..."           fixed seed text for the samples (default: a random window each iteration)
  --out DIR                   where to save the model (default textgen-model)
  --quick                     a tiny run (first 3,000 characters, 32 units, 2 iterations) to try things out`;

const OPTIONS = {
  text: { type: 'string' }, cell: { type: 'string' }, iterations: { type: 'string' }, 'epochs-per-iteration': { type: 'string' },
  batch: { type: 'string' }, window: { type: 'string' }, step: { type: 'string' }, units: { type: 'string' },
  dropout: { type: 'string' }, 'bias-l1l2': { type: 'string' }, 'learning-rate': { type: 'string' }, 'max-chars': { type: 'string' }, implementation: { type: 'string' },
  'keep-case': { type: 'boolean' }, length: { type: 'string' }, seed: { type: 'string' }, sample: { type: 'string' },
  temperature: { type: 'string' }, 'top-k': { type: 'string' }, 'top-p': { type: 'string' }, 'seed-text': { type: 'string' },
  out: { type: 'string' }, quick: { type: 'boolean' },
} as const;

type Values = Record<string, string | boolean | undefined>;

/** The sampling options shared by textgen and generate. */
export function samplingFromArgs(values: Values): { strategy: SamplingStrategy; temperature: number; topK: number; topP: number } {
  const s = (values.sample as string | undefined) ?? 'greedy';
  if (!SAMPLING_STRATEGIES.includes(s as SamplingStrategy)) throw new ValueError(`--sample must be one of ${SAMPLING_STRATEGIES.join(', ')}, got '${s}'.`);
  return {
    strategy: s as SamplingStrategy,
    temperature: numberOption(values, 'temperature', 1, 0),
    topK: intOption(values, 'top-k', 5),
    topP: numberOption(values, 'top-p', 0.9, 0, 1),
  };
}

/** Without a TTY (logs), a line every 10% of an epoch with the running loss and the ETA. */
class LogProgress extends Callback {
  private t0 = 0;
  private next = 0;
  constructor(private readonly print: (line: string) => void) {
    super();
  }
  onEpochBegin(): void {
    this.t0 = performance.now();
    this.next = 1;
  }
  onBatchEnd(batch: number, logs: Logs): void {
    const steps = this.params?.steps ?? 0;
    if (steps < 20 || batch + 1 < Math.ceil((steps * this.next) / 10) || batch + 1 === steps) return;
    this.next++;
    const elapsed = (performance.now() - this.t0) / 1000;
    const eta = (elapsed / (batch + 1)) * (steps - batch - 1);
    this.print(`  ${batch + 1}/${steps} - ${formatSeconds(elapsed)} - ETA ${formatSeconds(eta)} - loss ${logs.loss.toFixed(4)} - ce ${logs.ce?.toFixed(4)}`);
  }
}

/** The per-iteration report, like the seed's output (plus loss, time and corpus-word share). */
export function formatIteration(r: TextGenIteration): string[] {
  const share = Number.isNaN(r.words.share) ? 'n/a' : `${(100 * r.words.share).toFixed(0)}% (${r.words.known}/${r.words.total})`;
  return [
    `loss ${r.loss.toFixed(4)} nats/char (with penalty ${r.lossWithPenalty.toFixed(4)}) - ${r.secondsPerEpoch.toFixed(1)} s/epoch`,
    `Generating from seed: ${JSON.stringify(r.seedText)}`,
    `${r.seedText}${r.generated}`,
    `corpus words: ${share}${r.words.unknown.length ? ` - not in the corpus: ${r.words.unknown.slice(0, 8).join(', ')}` : ''}`,
  ];
}

export const textgenCommand: Command = {
  name: 'textgen',
  summary: 'Train a character-level LSTM/GRU text generator (Alice in Wonderland by default).',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const { values } = parseOptions(args, OPTIONS, USAGE);
    const { backendName } = await import('../index.js'); // registers the native backend when it loads
    const { trainTextGenerator } = await import('../experiments/textgen.js');
    const quick = values.quick === true;
    const cell = (values.cell as string | undefined) ?? 'lstm';
    if (cell !== 'lstm' && cell !== 'gru') throw new ValueError(`--cell must be 'lstm' or 'gru', got '${cell}'.`);
    const bias = values['bias-l1l2'] === undefined ? undefined : numberOption(values, 'bias-l1l2', 0, 0);
    const impl = values.implementation as string | undefined;
    if (impl !== undefined && impl !== 'fused' && impl !== 'composed') throw new ValueError(`--implementation must be 'fused' or 'composed', got '${impl}'.`);
    const print = (line: string): void => console.log(line);
    const out = (values.out as string | undefined) ?? 'textgen-model';
    const opts: TextGenOptions = {
      textPath: values.text as string | undefined,
      cell: cell as TextGenCell,
      iterations: intOption(values, 'iterations', quick ? 2 : 25),
      epochsPerIteration: intOption(values, 'epochs-per-iteration', 1),
      batchSize: intOption(values, 'batch', quick ? 64 : 128),
      window: intOption(values, 'window', 10),
      step: intOption(values, 'step', 1),
      units: intOption(values, 'units', quick ? 32 : 128),
      dropout: numberOption(values, 'dropout', 0.1, 0, 0.99),
      ...(bias !== undefined ? { biasL1L2: bias === 0 ? null : bias } : {}),
      ...(impl ? { implementation: impl as 'fused' | 'composed' } : {}),
      learningRate: numberOption(values, 'learning-rate', 0.001, 0),
      ...(values['max-chars'] !== undefined || quick ? { maxChars: intOption(values, 'max-chars', 3000) } : {}),
      lowercase: values['keep-case'] !== true,
      generateLength: intOption(values, 'length', quick ? 40 : 100, 0),
      seed: intOption(values, 'seed', 0, 0),
      ...samplingFromArgs(values),
      seedText: values['seed-text'] as string | undefined,
      out,
      verbose: process.stdout.isTTY ? 1 : 2,
      print,
      callbacks: [],
    };
    const per = opts.epochsPerIteration ?? 1;
    const header = {
      onEpochBegin: (epoch: number): void => {
        if (epoch % per !== 0) return;
        print('='.repeat(50));
        print(`Iteration #: ${epoch / per + 1}/${opts.iterations}`);
      },
    };
    opts.callbacks = process.stdout.isTTY ? [header] : [header, new LogProgress(print)];
    print(`rnnkit textgen: backend ${backendName()}, ${cell.toUpperCase()}(${opts.units}), window ${opts.window}, step ${opts.step}, batch ${opts.batchSize}, `
      + `${opts.iterations} × ${opts.epochsPerIteration} epoch(s), sampling ${opts.strategy}${impl ? `, ${impl} RNN` : ""}`);
    const result = await trainTextGenerator({
      ...opts,
      onIteration: (r) => {
        for (const line of formatIteration(r)) print(line);
      },
    });
    print(`Text: ${result.corpusChars} characters (${result.vocabulary.size} distinct), ${result.windows} windows. Model saved to ${out}.`);
    return 0;
  },
};
