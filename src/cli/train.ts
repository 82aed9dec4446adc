import { ValueError } from '../errors.js';
import { CLASSIFIER_KINDS, trainTextClassifier, type ClassifierKind } from '../experiments/sentiment/classifier.js';
import { readLabelledTexts } from '../experiments/sentiment/labelled.js';
import { intOption, numberOption, parseOptions } from './args.js';
import type { Command } from './index.js';

const USAGE = `Usage: rnnkit train --data FILE.csv|FILE.tsv|DIR [options]

Trains a text classifier (two classes) and saves it, with its vocabulary, to --out, so that
'rnnkit predict --model DIR "some text"' needs nothing else.

Data: a CSV or TSV (by extension) with a header row, a text column and a label column (labels
0/1, or two class names such as negative/positive: sorted, the first becomes 0), or a folder laid
out like aclImdb (pos/ and neg/ of .txt files, or train/pos and train/neg).

Options:
  --data PATH            the labelled texts (required)
  --text-column NAME     default 'text'
  --label-column NAME    default 'label'
  --model KIND           ${CLASSIFIER_KINDS.join(' | ')} (default lstm; tfidf = TF-IDF 1–2-grams + logistic regression)
  --epochs N             default 3
  --batch-size N         default 32
  --vocab N              vocabulary size / TF-IDF features (default 20000)
  --maxlen N             ids per text (default 200)
  --validation-split F   fraction held out to report accuracy (default 0.1)
  --seed N               default 1
  --out DIR              where to save the model (default ./rnnkit-model)`;

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a sentiment / text classifier on a CSV, TSV or aclImdb-style folder and save it.',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const { values } = parseOptions(args, {
      data: { type: 'string' }, 'text-column': { type: 'string' }, 'label-column': { type: 'string' }, model: { type: 'string' },
      epochs: { type: 'string' }, 'batch-size': { type: 'string' }, vocab: { type: 'string' }, maxlen: { type: 'string' },
      'validation-split': { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, verbose: { type: 'string' },
    }, USAGE);
    const data = values.data as string | undefined;
    if (!data) throw new ValueError(`--data is required.\n\n${USAGE}`);
    const kind = (values.model as string | undefined) ?? 'lstm';
    if (!(CLASSIFIER_KINDS as readonly string[]).includes(kind)) throw new ValueError(`--model must be one of ${CLASSIFIER_KINDS.join(', ')}, got '${kind}'.`);
    const verbose = intOption(values, 'verbose', 1, 0);
    if (verbose > 2) throw new ValueError(`--verbose must be 0, 1 or 2, got ${verbose}.`);
    const texts = readLabelledTexts(data, { textColumn: values['text-column'] as string | undefined, labelColumn: values['label-column'] as string | undefined });
    const out = (values.out as string | undefined) ?? 'rnnkit-model';
    const counts = [0, 0];
    for (const l of texts.labels) counts[l]++;
    console.log(`${texts.texts.length} texts from ${texts.source}: ${texts.classNames[0]} (0) ${counts[0]}, ${texts.classNames[1]} (1) ${counts[1]}; model ${kind}`);
    const { classifier } = await trainTextClassifier(texts, {
      kind: kind as ClassifierKind, epochs: intOption(values, 'epochs', 3), batchSize: intOption(values, 'batch-size', 32),
      vocab: intOption(values, 'vocab', 20000, 3), maxlen: intOption(values, 'maxlen', 200), seed: intOption(values, 'seed', 1, 0),
      validationSplit: numberOption(values, 'validation-split', 0.1, 0, 0.9), verbose: verbose as 0 | 1 | 2,
    });
    const dir = await classifier.save(out);
    const va = classifier.meta.trainedOn.validationAccuracy;
    console.log(`${va === null ? '' : `held-out accuracy ${va.toFixed(4)}; `}saved to ${dir}`);
    return 0;
  },
};
