// fit / evaluate / predict for a model whose input is a sparse CSR matrix (TF-IDF features):
// the same loop as model.fit (seeded shuffling, progress bar, callbacks, History, validation),
// but each batch is densified on the fly ([batch, features], never the whole [N, features]).
import type { CsrMatrix } from '../../data/tfidf.js';
import { ValueError } from '../../errors.js';
import { CallbackList, History, type CallbackLike, type Logs, type TrainParams } from '../../models/callbacks.js';
import type { LayersModel } from '../../models/model.js';
import { ProgressLogger } from '../../models/progress.js';
import { Tensor } from '../../tensor/tensor.js';

/** Rows idx[start..end) of a CSR matrix as a dense float32 tensor [end − start, cols]. */
export function denseRows(m: CsrMatrix, idx: ArrayLike<number> | null, start: number, end: number): Tensor {
  const n = end - start;
  const out = new Float32Array(n * m.cols); // [n, cols]
  for (let i = 0; i < n; i++) {
    const r = idx ? idx[start + i] : start + i;
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) out[i * m.cols + m.indices[k]] = m.values[k];
  }
  return new Tensor(out, [n, m.cols]);
}

function labelRows(y: Float32Array, idx: ArrayLike<number> | null, start: number, end: number): Tensor {
  const out = new Float32Array(end - start); // [n, 1]
  for (let i = 0; i < out.length; i++) out[i] = y[idx ? idx[start + i] : start + i];
  return new Tensor(out, [out.length, 1]);
}

export interface SparseFitArgs {
  epochs: number;
  batchSize: number;
  seed?: number;
  verbose?: 0 | 1 | 2;
  validationData?: [CsrMatrix, Float32Array];
  callbacks?: CallbackLike[];
}

function checkRows(x: CsrMatrix, y: Float32Array, where: string): void {
  if (x.rows !== y.length) throw new ValueError(`${where}: ${x.rows} feature rows but ${y.length} labels.`);
  if (x.rows === 0) throw new ValueError(`${where}: got 0 samples.`);
}

/** Loss and metrics on a CSR matrix, evaluated in dense chunks of `batchSize` rows (exact means). */
export function evaluateSparse(model: LayersModel, x: CsrMatrix, y: Float32Array, batchSize: number): Logs {
  checkRows(x, y, 'evaluateSparse');
  const sums: Logs = {};
  for (let start = 0; start < x.rows; start += batchSize) {
    const end = Math.min(x.rows, start + batchSize);
    const logs = model.evaluateTensors([denseRows(x, null, start, end)], labelRows(y, null, start, end), end - start);
    for (const [k, v] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + v * (end - start);
  }
  const out: Logs = {};
  for (const [k, v] of Object.entries(sums)) out[k] = v / x.rows;
  return out;
}

/** Predicted outputs [N, 1] for a CSR matrix. */
export function predictSparse(model: LayersModel, x: CsrMatrix, batchSize = 256): Float32Array {
  const out = new Float32Array(x.rows); // [N]
  for (let start = 0; start < x.rows; start += batchSize) {
    const end = Math.min(x.rows, start + batchSize);
    out.set(model.predict(denseRows(x, null, start, end), { batchSize: end - start }).data, start);
  }
  return out;
}

/** Trains a compiled model on CSR features (see the file comment); returns the History. */
export async function fitSparse(model: LayersModel, x: CsrMatrix, y: Float32Array, args: SparseFitArgs): Promise<History> {
  const compiled = model.requireCompiled('fitSparse');
  checkRows(x, y, 'fitSparse');
  const { epochs, batchSize } = args;
  const n = x.rows;
  const steps = Math.ceil(n / batchSize);
  const rng = model.modelRng(args.seed);
  const verbose = args.verbose ?? 1;
  const history = new History();
  const list = new CallbackList([...(args.callbacks ?? []), history, ...(verbose > 0 ? [new ProgressLogger(verbose)] : [])]);
  const names = ['loss', ...compiled.metrics.map((m) => m.key)];
  const val = args.validationData ?? null;
  const params: TrainParams = {
    epochs, initialEpoch: 0, steps, samples: n, batchSize, verbose, doValidation: val !== null,
    metrics: val ? [...names, ...names.map((k) => `val_${k}`)] : names,
  };
  list.setup(model, params);
  const order = new Int32Array(n); // [N]
  for (let i = 0; i < n; i++) order[i] = i;
  await list.trainBegin({});
  for (let epoch = 0; epoch < epochs; epoch++) {
    await list.epochBegin(epoch, {});
    model.resetMetrics();
    rng.shuffle(order);
    let lossSum = 0;
    for (let b = 0; b < steps; b++) {
      const start = b * batchSize;
      const end = Math.min(n, start + batchSize);
      const loss = model.trainStep([denseRows(x, order, start, end)], labelRows(y, order, start, end));
      if (!Number.isFinite(loss)) throw new ValueError(`fitSparse: the loss is ${loss} at epoch ${epoch + 1}, batch ${b + 1}.`);
      lossSum += loss * (end - start);
      await list.batchEnd(b, { loss: lossSum / end, ...model.metricLogs() });
      if (b % 16 === 15) await new Promise<void>((r) => setImmediate(r));
    }
    let logs: Logs = { loss: lossSum / n, ...model.metricLogs() };
    if (val) {
      const v = evaluateSparse(model, val[0], val[1], 256);
      for (const [k, value] of Object.entries(v)) logs = { ...logs, [`val_${k}`]: value };
    }
    await list.epochEnd(epoch, logs);
  }
  await list.trainEnd({});
  return history;
}
