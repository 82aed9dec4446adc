// The layers-model format: model.json contents, names, round trips, extras, validation errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, ShapeError, layers, sequential, setSeed, tensor } from '../../src/index.js';
import {
  exportWeights, fromNpy, importWeights, loadMetadata, loadModel, modelFromJSON, modelToArtifacts, modelToJSON, saveModel, toNpy,
  type ModelJSON,
} from '../../src/models/io/index.js';
import { assertClose, randomFloats, randomIds, tempDir } from './helpers.js';

function textModel(seed: number) {
  setSeed(seed);
  return sequential([
    layers.embedding({ inputDim: 20, outputDim: 4, maskZero: true, inputLength: 6, name: 'emb' }),
    layers.bidirectional(layers.lstm({ units: 3, name: 'enc' }), { name: 'bi' }),
    layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }),
  ]);
}

test('model.json: layers-model header, snake_case Keras configs, explicit activations, tfjs weight names', () => {
  const { modelJson: j } = modelToArtifacts(textModel(1));
  assert.equal(j.format, 'layers-model');
  assert.equal(j.generatedBy, 'rnnkit 0.1.0');
  assert.equal(j.convertedBy, null);
  assert.equal(j.modelTopology.class_name, 'Sequential');
  assert.equal(j.modelTopology.backend, 'tensor_flow.js');
  const ls = j.modelTopology.config.layers as { class_name: string; config: Record<string, unknown> }[];
  assert.deepEqual(ls.map((l) => l.class_name), ['Embedding', 'Bidirectional', 'Dense']);
  assert.deepEqual(ls[0].config.batch_input_shape, [null, 6]);
  assert.equal(ls[0].config.input_dim, 20);
  assert.equal(ls[0].config.output_dim, 4);
  assert.equal(ls[0].config.mask_zero, true);
  assert.deepEqual(ls[0].config.embeddings_initializer, { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } });
  assert.equal(ls[1].config.merge_mode, 'concat');
  const inner = ls[1].config.layer as { class_name: string; config: Record<string, unknown> };
  assert.equal(inner.class_name, 'LSTM');
  assert.equal(inner.config.recurrent_activation, 'sigmoid');
  assert.equal(inner.config.activation, 'tanh');
  assert.equal(inner.config.return_sequences, false);
  assert.equal(inner.config.go_backwards, false);
  assert.equal((inner.config.kernel_initializer as { class_name: string }).class_name, 'GlorotUniform');
  assert.equal(ls[2].config.use_bias, true);
  assert.deepEqual(j.weightsManifest[0].paths, ['group1-shard1of1.bin']);
  assert.deepEqual(j.weightsManifest[0].weights.map((w) => `${w.name} ${w.shape.join('x')} ${w.dtype}`), [
    'emb/embeddings 20x4 float32',
    'bi/forward_enc/kernel 4x12 float32', 'bi/forward_enc/recurrent_kernel 3x12 float32', 'bi/forward_enc/bias 12 float32',
    'bi/backward_enc/kernel 4x12 float32', 'bi/backward_enc/recurrent_kernel 3x12 float32', 'bi/backward_enc/bias 12 float32',
    'out/kernel 6x1 float32', 'out/bias 1 float32',
  ]);
});

test('save/load through files: same config, weights bit-for-bit, same predictions; metadata kept', async () => {
  const m = textModel(2);
  const dir = tempDir('roundtrip');
  const vocab = { words: ['<pad>', '<oov>', 'the'], maxlen: 6 };
  await saveModel(m, `file://${dir}`, { metadata: vocab });
  assert.deepEqual(readdirSync(dir).filter((f) => !f.startsWith('weights-') && !f.startsWith('rnnkit-')), ['model.json']);
  const back = await loadModel(`file://${dir}/model.json`);
  assert.deepEqual(back.layers.map((l) => l.className), ['Embedding', 'Bidirectional', 'Dense']);
  assert.deepEqual(back.getWeights().map((w) => Array.from(w.data)), m.getWeights().map((w) => Array.from(w.data)));
  const x = randomIds([4, 6], 20, 3);
  assertClose(back.predict(x).data, m.predict(x).data, 0, 'predict');
  assert.deepEqual(await loadMetadata(dir), vocab);
});

test('in-memory JSON form (browser): modelToJSON survives JSON.stringify and restores optimizer state', () => {
  setSeed(3);
  const m = sequential([layers.dense({ units: 3, inputShape: [2], activation: 'tanh' }), layers.dense({ units: 1 })]);
  m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
  m.trainOnBatch(tensor([[1, 2], [3, 4]]), tensor([[1], [0]]));
  const j = JSON.parse(JSON.stringify(modelToJSON(m)));
  const back = modelFromJSON(j);
  assert.ok(back.compiled, 'compiled from the saved settings');
  assert.equal(back.compiled.optimizer.className, 'Adam');
  const s0 = m.compiled!.optimizer.getState();
  const s1 = back.compiled.optimizer.getState();
  assert.equal(s1.iterations, 1);
  const names0 = m.weights.map((w) => w.name);
  const names1 = back.weights.map((w) => w.name);
  for (const slot of ['m', 'v'].filter((k) => s0.slots[k])) {
    names0.forEach((n, i) => assert.deepEqual(Array.from(s1.slots[slot][names1[i]]), Array.from(s0.slots[slot][n]), `${slot} of ${n}`));
  }
  // Both continue identically.
  const x = tensor([[0.5, -1], [2, 0]]);
  const y = tensor([[0.3], [0.1]]);
  m.trainOnBatch(x, y);
  back.trainOnBatch(x, y);
  assert.deepEqual(back.getWeights().map((w) => Array.from(w.data)), m.getWeights().map((w) => Array.from(w.data)));
});

test('exportWeights/importWeights and .npy', () => {
  const a = textModel(4);
  const b = textModel(5);
  const dump = JSON.parse(JSON.stringify(exportWeights(a)));
  assert.equal(dump.weights[0].name, 'emb/embeddings');
  importWeights(b, dump);
  assert.deepEqual(b.getWeights().map((w) => Array.from(w.data)), a.getWeights().map((w) => Array.from(w.data)));
  dump.weights[0].shape = [19, 4];
  assert.throws(() => importWeights(b, dump), (e: unknown) => e instanceof ShapeError && /emb\/embeddings' has shape \[20, 4\], the dump has \[19, 4\]/.test(e.message));

  const npy = toNpy([1, 2.5, -3, 4, 5, 6], [2, 3]);
  assert.deepEqual(Array.from(npy.subarray(0, 8)), [0x93, 78, 85, 77, 80, 89, 1, 0]);
  assert.equal((10 + new DataView(npy.buffer).getUint16(8, true)) % 64, 0);
  assert.match(new TextDecoder().decode(npy.subarray(10, 80)), /'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\)/);
  const r = fromNpy(npy);
  assert.deepEqual(r.shape, [2, 3]);
  assert.deepEqual(Array.from(r.values), [1, 2.5, -3, 4, 5, 6]);
});

async function savedDir(tag: string): Promise<string> {
  const dir = tempDir(tag);
  await saveModel(textModel(6), dir);
  return dir;
}

function editJson(dir: string, f: (j: ModelJSON) => void): void {
  const p = join(dir, 'model.json');
  const j = JSON.parse(readFileSync(p, 'utf8')) as ModelJSON;
  f(j);
  writeFileSync(p, JSON.stringify(j));
}

test('loading validates: unknown layer class', async () => {
  const dir = await savedDir('bad-class');
  editJson(dir, (j) => { (j.modelTopology.config.layers as { class_name: string }[])[2].class_name = 'FancyDense'; });
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof DataError
    && /layer 2: cannot build layer 'out' \(FancyDense\): Unknown layer class 'FancyDense'\. Expected one of: .*Dense/.test(e.message));
});

test('loading validates: weight shape that does not match the topology names the layer and both shapes', async () => {
  const dir = await savedDir('bad-shape');
  editJson(dir, (j) => { ((j.modelTopology.config.layers as { config: Record<string, unknown> }[])[2].config).units = 2; });
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof ShapeError
    && /layer 'out' \(Dense\): weight 'out\/kernel' has shape \[6, 2\] in the topology, but the file has \[6, 1\]/.test(e.message));
});

test('loading validates: truncated weight file, extra bytes, missing weight, not a model, bad JSON', async () => {
  const dir = await savedDir('bad-bytes');
  const bin = readdirSync(dir).find((f) => f.startsWith('weights-')) as string;
  const full = readFileSync(join(dir, bin));
  truncateSync(join(dir, bin), full.length - 8);
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof DataError && /has \d+ bytes, the manifest describes \d+ bytes .*truncated/.test(e.message));
  writeFileSync(join(dir, bin), Buffer.concat([full, Buffer.alloc(4)]));
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof DataError && /has 1028 bytes|bytes, the manifest describes/.test(e.message));
  writeFileSync(join(dir, bin), full);
  editJson(dir, (j) => { j.weightsManifest[0].weights.pop(); });
  await assert.rejects(loadModel(dir), DataError); // byte length no longer matches
  writeFileSync(join(dir, bin), full.subarray(0, full.length - 4));
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof DataError && /no values for weight 'out\/bias' \[1\] of layer 'out' \(Dense\)/.test(e.message));

  writeFileSync(join(dir, 'model.json'), JSON.stringify({ hello: 'world' }));
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof DataError && /not a model: it has no modelTopology \(keys: hello\)/.test(e.message));
  writeFileSync(join(dir, 'model.json'), '{"format": "layers-model", "modelTop');
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof DataError && /is not valid JSON/.test(e.message));
  await assert.rejects(loadModel(join(dir, 'nope')), (e: unknown) => e instanceof DataError && /no model at .*model\.json does not exist/.test(e.message));
});

test('saving again replaces the files and removes the old versions', async () => {
  const m = textModel(7);
  const dir = tempDir('resave');
  await saveModel(m, dir);
  m.layers[2].setWeights([randomFloats([6, 1], 1), randomFloats([1], 2)]);
  await saveModel(m, dir);
  const files = readdirSync(dir);
  assert.equal(files.filter((f) => f.startsWith('weights-')).length, 1, files.join(', '));
  const back = await loadModel(dir);
  assert.deepEqual(Array.from(back.layers[2].getWeights()[0].data), Array.from(randomFloats([6, 1], 1).data));
});
