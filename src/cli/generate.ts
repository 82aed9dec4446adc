import { intOption, parseOptions } from './args.js';
import type { Command } from './index.js';
import { samplingFromArgs } from './textgen.js';
import { ValueError } from '../errors.js';

const USAGE = `Usage: rnnkit generate --model DIR [options]

Continues a seed text with a model saved by \`rnnkit textgen\` (model.json + vocabulary metadata).

  --model DIR                 the saved model (required)
  --seed-text "..."           text to continue (default "alice was "); lower-cased when the model was
                              trained on lower-cased text; shorter than the window → left-padded with spaces
  --length N                  characters to generate (default 100)
  --sample greedy|temperature|topk|topp   (default greedy)
  --temperature T  --top-k K  --top-p P
  --seed S                    seed of the sampling generator (default 0)`;

const OPTIONS = {
  model: { type: 'string' }, 'seed-text': { type: 'string' }, length: { type: 'string' }, sample: { type: 'string' },
  temperature: { type: 'string' }, 'top-k': { type: 'string' }, 'top-p': { type: 'string' }, seed: { type: 'string' },
} as const;

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate text with a model saved by `rnnkit textgen`.',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const { values } = parseOptions(args, OPTIONS, USAGE);
    const dir = values.model as string | undefined;
    if (!dir) throw new ValueError(`--model DIR is required.\n\n${USAGE}`);
    const sampling = samplingFromArgs(values);
    await import('../index.js'); // registers the native backend when it loads
    const { loadTextGenerator } = await import('../experiments/textgen.js');
    const { generateText } = await import('../generate/generate.js');
    const { model, vocabulary, metadata } = await loadTextGenerator(dir);
    const raw = (values['seed-text'] as string | undefined) ?? 'alice was ';
    const seedText = metadata.lowercase ? raw.toLowerCase() : raw;
    const g = generateText(model, vocabulary, { ...sampling, seedText, length: intOption(values, 'length', 100, 0), seed: intOption(values, 'seed', 0, 0) });
    console.log(g.text);
    return 0;
  },
};
