import { existsSync, readFileSync } from 'node:fs';
import { DataError, ValueError } from '../errors.js';
import { loadTextClassifier } from '../experiments/sentiment/classifier.js';
import { parseOptions } from './args.js';
import type { Command } from './index.js';

const USAGE = `Usage: rnnkit predict --model DIR ["text" ...] [--file FILE]

Prints, for every text, the predicted label, its probability, and the text (tab-separated).
Texts come from the arguments, or --file (one text per line), or standard input (one per line).

Options:
  --model DIR   a folder saved by 'rnnkit train' (required)
  --file FILE   read texts from a file, one per line`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim().length > 0);
}

export const predictCommand: Command = {
  name: 'predict',
  summary: "Predict labels of texts with a model saved by 'rnnkit train'.",
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseOptions(args, { model: { type: 'string' }, file: { type: 'string' } }, USAGE);
    const dir = values.model as string | undefined;
    if (!dir) throw new ValueError(`--model is required.\n\n${USAGE}`);
    const clf = await loadTextClassifier(dir);
    let texts = positionals;
    if (typeof values.file === 'string' && !existsSync(values.file)) throw new DataError(`--file ${values.file} does not exist.`);
    if (typeof values.file === 'string') texts = [...texts, ...lines(readFileSync(values.file, 'utf8'))];
    else if (texts.length === 0) {
      if (process.stdin.isTTY) throw new ValueError(`give texts as arguments, with --file, or on standard input.\n\n${USAGE}`);
      texts = lines(await readStdin());
    }
    if (texts.length === 0) throw new ValueError('no texts to predict (the input was empty).');
    for (const [i, p] of clf.predict(texts).entries()) {
      console.log(`${p.label}\t${p.probability.toFixed(4)}\t${texts[i].replace(/\s+/g, ' ')}`);
    }
    return 0;
  },
};
