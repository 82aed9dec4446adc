// Child script: one full IMDB epoch of the seed-004 model on ONE backend: load the data
// (imdb.load_data(num_words=20000), pad_sequences(maxlen=80)), then fit 1 epoch on the 25,000
// training reviews (batch 50, Adam) and evaluate on the 25,000 test reviews (batch 50, as Keras'
// validation_data does). Reports seconds (train, evaluate, both) and the peak RSS of this process.
//   node --import tsx bench/epoch.ts --backend native [--train N] [--test N]
// Prints one `BENCH_JSON {"kind":"epoch",...}` line.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backendName, listBackends, setBackend, setSeed } from '../src/index.js';
import { MODEL_SPECS } from '../src/experiments/sentiment/models.js';
import { labelColumn, loadPaddedImdbForRun } from '../src/experiments/sentiment/data.js';
import { emit, intFlag, parseFlags } from './args.js';

const VOCAB = 20000;
const MAXLEN = 80;
const BATCH = 50;

const flags = parseFlags(process.argv.slice(2));
const backend = flags.get('backend') ?? 'native';
if (!listBackends().includes(backend)) {
  emit({ kind: 'missing', backend, error: `backend '${backend}' is not registered` });
  process.exit(0);
}
setBackend(backend);
const trainSize = intFlag(flags, 'train', 25000);
const testSize = intFlag(flags, 'test', 25000);

// The archive: RNNKIT_DATA_DIR, else the project's shared copy when there, else ~/.cache/rnnkit.
const shared = resolve('..', 'shared', 'datasets');
const dataDir = process.env.RNNKIT_DATA_DIR ?? (existsSync(join(shared, 'aclImdb_v1.tar.gz')) ? shared : undefined);

const t0 = performance.now();
// Streamed from the encoded cache: only the padded matrices are held (no ragged sequences).
const { train, test: testSplit } = await loadPaddedImdbForRun({ vocab: VOCAB, trainSize, testSize, dataDir, maxlen: MAXLEN });
const xTrain = train.x; // [25000, 80] int32
const yTrain = labelColumn(train.y); // [25000, 1]
const xTest = testSplit.x; // [25000, 80] int32
const yTest = labelColumn(testSplit.y); // [25000, 1]
const loadS = (performance.now() - t0) / 1000;

const spec = MODEL_SPECS.lstm128; // Embedding(20000, 128) → LSTM(128, dropout 0.2, recurrentDropout 0.2) → Dense(1, sigmoid)
setSeed(1);
const model = spec.build({ vocab: VOCAB, maxlen: MAXLEN });
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });

const t1 = performance.now();
const history = await model.fit(xTrain, yTrain, { epochs: 1, batchSize: BATCH, verbose: 0, seed: 1 });
const t2 = performance.now();
const test = model.evaluate(xTest, yTest, { batchSize: BATCH });
const t3 = performance.now();

emit({
  kind: 'epoch', backend: backendName(), train: xTrain.shape[0], test: xTest.shape[0],
  loadS, trainS: (t2 - t1) / 1000, evalS: (t3 - t2) / 1000, totalS: (t3 - t1) / 1000,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
  trainLoss: history.history.loss.at(-1), trainAccuracy: history.history.accuracy?.at(-1),
  testLoss: test.loss, testAccuracy: test.accuracy,
});
