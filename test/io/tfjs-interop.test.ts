// Interop with the real @tensorflow/tfjs: rnnkit save -> tfjs load, and tfjs save -> rnnkit load,
// comparing predictions to 1e-5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { input, layers, model, sequential, setSeed, type LayersModel, type Tensor } from '../../src/index.js';
import { loadModel, saveModel } from '../../src/models/io/index.js';
import { assertClose, randomFloats, randomIds, saveTfjsToDir, tempDir, tf, tfjsDirLoader } from './helpers.js';

tf.setBackend('cpu');

/** Saves in rnnkit, loads in tfjs, and compares predict on x. */
async function rnnkitToTfjs(m: LayersModel, x: Tensor, tag: string): Promise<void> {
  const dir = tempDir(tag);
  await saveModel(m, `file://${dir}`);
  const tm = await tf.loadLayersModel(tfjsDirLoader(dir));
  const expected = m.predict(x);
  const tx = tf.tensor(Array.from(x.data), [...x.shape], 'float32');
  const got = tm.predict(tx) as tf.Tensor;
  assert.deepEqual(got.shape, [...expected.shape], `${tag}: output shape`);
  assertClose(got.dataSync(), expected.data, 1e-5, `${tag}: tfjs vs rnnkit`);
  // And back into rnnkit: same predictions.
  const back = await loadModel(`file://${dir}`);
  assertClose(back.predict(x).data, expected.data, 0, `${tag}: reloaded rnnkit`);
}

test('Dense model: rnnkit -> tfjs predictions match', async () => {
  setSeed(1);
  const m = sequential([layers.dense({ units: 5, activation: 'relu', inputShape: [3] }), layers.dense({ units: 2, activation: 'softmax' })]);
  await rnnkitToTfjs(m, randomFloats([4, 3], 11), 'dense');
});

test('Embedding + Flatten + Dense: rnnkit -> tfjs', async () => {
  setSeed(2);
  const m = sequential([
    layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 5 }), layers.flatten(), layers.dense({ units: 1, activation: 'sigmoid' }),
  ]);
  await rnnkitToTfjs(m, randomIds([3, 5], 10, 12), 'embedding');
});

test('SimpleRNN (returnSequences) and LSTM: rnnkit -> tfjs', async () => {
  setSeed(3);
  const x = randomFloats([2, 6, 3], 13);
  await rnnkitToTfjs(sequential([layers.simpleRnn({ units: 4, returnSequences: true, inputShape: [6, 3] })]), x, 'simplernn');
  await rnnkitToTfjs(sequential([layers.lstm({ units: 4, inputShape: [6, 3] }), layers.dense({ units: 2 })]), x, 'lstm');
});

test('Embedding(maskZero) -> LSTM: masks agree with tfjs', async () => {
  setSeed(4);
  const m = sequential([layers.embedding({ inputDim: 8, outputDim: 3, maskZero: true, inputLength: 6 }), layers.lstm({ units: 4 })]);
  const ids = randomIds([3, 6], 8, 14);
  ids.data.set([0, 0, 5], 0); // leading padding in row 0
  await rnnkitToTfjs(m, ids, 'lstm-mask');
});

test('GRU resetAfter=false: rnnkit -> tfjs', async () => {
  setSeed(5);
  const m = sequential([layers.gru({ units: 3, resetAfter: false, returnSequences: true, inputShape: [5, 2] })]);
  await rnnkitToTfjs(m, randomFloats([2, 5, 2], 15), 'gru');
});

test('GRU resetAfter=true (rnnkit default): tfjs 4.22 refuses it with a clear error; rnnkit round-trips it', async () => {
  setSeed(6);
  const m = sequential([layers.gru({ units: 3, resetAfter: true, inputShape: [5, 2] })]);
  const x = randomFloats([2, 5, 2], 16);
  const dir = tempDir('gru-reset-after');
  await saveModel(m, dir);
  await assert.rejects(tf.loadLayersModel(tfjsDirLoader(dir)), /does not support reset_after parameter set to true/);
  const back = await loadModel(dir);
  assert.deepEqual(back.layers[0].weights.map((w) => [...w.shape]), [[2, 9], [3, 9], [2, 9]]);
  assertClose(back.predict(x).data, m.predict(x).data, 0, 'reloaded');
});

test('Bidirectional LSTM (concat) and GRU (sum): rnnkit -> tfjs', async () => {
  setSeed(7);
  const x = randomFloats([2, 5, 3], 17);
  await rnnkitToTfjs(sequential([layers.bidirectional(layers.lstm({ units: 3, returnSequences: true }), { inputShape: [5, 3] })]), x, 'bilstm');
  await rnnkitToTfjs(sequential([
    layers.bidirectional(layers.gru({ units: 2, resetAfter: false }), { mergeMode: 'sum', inputShape: [5, 3] }), layers.dense({ units: 1 }),
  ]), x, 'bigru');
});

test('Conv1D + pooling + Dense: rnnkit -> tfjs', async () => {
  setSeed(8);
  const m = sequential([
    layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [7, 2] }),
    layers.maxPooling1d({ poolSize: 2 }), layers.conv1d({ filters: 3, kernelSize: 2 }), layers.globalMaxPooling1d(), layers.dense({ units: 2 }),
  ]);
  await rnnkitToTfjs(m, randomFloats([3, 7, 2], 18), 'conv1d');
});

test('functional model (input -> LSTM -> Dense): rnnkit -> tfjs', async () => {
  setSeed(9);
  const inp = input({ shape: [4, 3] });
  const h = layers.lstm({ units: 3 }).apply(inp);
  const out = layers.dense({ units: 2, activation: 'tanh' }).apply(h);
  const m = model({ inputs: inp, outputs: out });
  await rnnkitToTfjs(m, randomFloats([2, 4, 3], 19), 'functional');
});

/** Builds in tfjs, saves to files, loads in rnnkit, compares predict. */
async function tfjsToRnnkit(tm: tf.LayersModel, x: Tensor, tag: string): Promise<LayersModel> {
  const dir = tempDir(tag);
  await saveTfjsToDir(tm, dir);
  const m = await loadModel(dir);
  const expected = tm.predict(tf.tensor(Array.from(x.data), [...x.shape], 'float32')) as tf.Tensor;
  const got = m.predict(x);
  assert.deepEqual([...got.shape], expected.shape, `${tag}: output shape`);
  assertClose(got.data, expected.dataSync(), 1e-5, `${tag}: rnnkit vs tfjs`);
  return m;
}

test('tfjs -> rnnkit: Embedding + LSTM(sigmoid) + Dense', async () => {
  const tm = tf.sequential();
  tm.add(tf.layers.embedding({ inputDim: 12, outputDim: 4, inputLength: 6 }));
  tm.add(tf.layers.lstm({ units: 5, recurrentActivation: 'sigmoid' }));
  tm.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  await tfjsToRnnkit(tm, randomIds([3, 6], 12, 21), 'tf-lstm');
});

test('tfjs -> rnnkit: GRU with tfjs defaults (hardSigmoid gates) is honoured', async () => {
  const tm = tf.sequential();
  tm.add(tf.layers.gru({ units: 3, returnSequences: true, inputShape: [5, 2] }));
  const m = await tfjsToRnnkit(tm, randomFloats([2, 5, 2], 22), 'tf-gru-hard');
  assert.equal(m.layers[0].getConfig().recurrentActivation, 'hardSigmoid');
});

test('tfjs -> rnnkit: Bidirectional SimpleRNN, Conv1D and a functional model', async () => {
  const a = tf.sequential();
  a.add(tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 3, returnSequences: true }) as tf.RNN, inputShape: [5, 2], mergeMode: 'ave' }));
  a.add(tf.layers.conv1d({ filters: 2, kernelSize: 2, activation: 'relu' }));
  a.add(tf.layers.globalAveragePooling1d());
  await tfjsToRnnkit(a, randomFloats([2, 5, 2], 23), 'tf-bi-conv');

  const inp = tf.input({ shape: [4, 3] });
  const h = tf.layers.gru({ units: 3, recurrentActivation: 'sigmoid', returnSequences: true }).apply(inp) as tf.SymbolicTensor;
  const o = tf.layers.dense({ units: 2 }).apply(h) as tf.SymbolicTensor;
  await tfjsToRnnkit(tf.model({ inputs: inp, outputs: o }), randomFloats([2, 4, 3], 24), 'tf-functional');
});
