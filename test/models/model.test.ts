import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Layer, ShapeError, type SymbolicTensor, ValueError, input, layers, model, ops, sequential, setSeed, tensor,
  type CallOptions, type LayerInput, type LayerOutput, type Shape, type Tensor,
} from '../../src/index.js';

/** Test helper layer: concatenates its inputs on the last axis. */
class Concat extends Layer {
  readonly className = 'TestConcat';
  call(inputs: LayerInput): LayerOutput {
    return ops.concat(inputs as Tensor[], -1);
  }
  override computeOutputShape(s: Shape | Shape[]): Shape {
    const shapes = s as Shape[];
    const last = shapes.reduce((a, x) => (a == null || x[x.length - 1] == null ? null : a + (x[x.length - 1] as number)), 0 as number | null);
    return [...shapes[0].slice(0, -1), last];
  }
}

/** Test helper layer: identity that records the mask it receives. */
class MaskSpy extends Layer {
  readonly className = 'MaskSpy';
  seen: (Tensor | null)[] = [];
  call(inputs: LayerInput, opts: CallOptions): LayerOutput {
    this.seen.push((opts.mask as Tensor | null | undefined) ?? null);
    return inputs as Tensor;
  }
}

test('summary() prints the Keras table with param counts (Embedding(1000, 16) + Flatten + Dense)', () => {
  const m = sequential({ name: 'imdb_like', layers: [
    layers.embedding({ inputDim: 1000, outputDim: 16, inputLength: 10, name: 'emb' }),
    layers.flatten({ name: 'flat' }),
    layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }),
  ] });
  const lines: string[] = [];
  m.summary((l) => lines.push(l));
  assert.deepEqual(lines, [
    'Model: "imdb_like"',
    '_'.repeat(65),
    ' Layer (type)                Output Shape              Param #',
    '='.repeat(65),
    ' emb (Embedding)             (None, 10, 16)            16000',
    '',
    ' flat (Flatten)              (None, 160)               0',
    '',
    ' out (Dense)                 (None, 1)                 161',
    '='.repeat(65),
    'Total params: 16,161',
    'Trainable params: 16,161',
    'Non-trainable params: 0',
    '_'.repeat(65),
  ]);
  m.getLayer('emb').setTrainable(false);
  const l2: string[] = [];
  m.summary((l) => l2.push(l));
  assert.ok(l2.includes('Trainable params: 161') && l2.includes('Non-trainable params: 16,000'));
  const unbuilt = sequential({ layers: [layers.dense({ units: 2 })] });
  assert.throws(() => unbuilt.summary(() => undefined), /needs a built model/);
});

test('getWeights/setWeights round trip in Keras order, with errors naming the weight', () => {
  setSeed(1);
  const m = sequential({ layers: [layers.dense({ units: 3, inputShape: [2], name: 'h' }), layers.dense({ units: 1, name: 'o' })] });
  const ws = m.getWeights();
  assert.deepEqual(ws.map((w) => w.shape), [[2, 3], [3], [3, 1], [1]]);
  assert.deepEqual(m.weights.map((w) => w.name), ['h/kernel', 'h/bias', 'o/kernel', 'o/bias']);
  const x = tensor([[0.5, -1], [2, 0.1]]);
  const before = m.predict(x);
  const fresh = ws.map((w) => tensor(Array.from(w.data, (v, i) => v + 0.01 * i), w.shape));
  m.setWeights(fresh);
  assert.deepEqual(m.getWeights().map((w) => Array.from(w.data)), fresh.map((w) => Array.from(w.data)));
  assert.notDeepEqual(Array.from(m.predict(x).data), Array.from(before.data));
  m.setWeights(ws);
  assert.deepEqual(Array.from(m.predict(x).data), Array.from(before.data));
  // getWeights returns copies
  ws[0].data[0] = 123;
  assert.notEqual(m.getWeights()[0].data[0], 123);
  assert.throws(() => m.setWeights(ws.slice(0, 3)), (e: Error) => e instanceof ValueError && /expected 4 arrays/.test(e.message));
  assert.throws(() => m.setWeights([tensor([[1, 2, 3]]), ws[1], ws[2], ws[3]]), (e: Error) => e instanceof ShapeError && /kernel' has shape \[2, 3\], got \[1, 3\]/.test(e.message));
});

test('Sequential without inputShape builds on the first data; layers, getLayer, input checks', () => {
  const m = sequential();
  m.add(layers.dense({ units: 4, activation: 'relu', name: 'h' }));
  m.add(layers.dense({ units: 2, name: 'o' }));
  assert.equal(m.getWeights().length, 0);
  const y = m.predict(tensor([[1, 2, 3]]));
  assert.deepEqual(y.shape, [1, 2]);
  assert.deepEqual(m.getWeights().map((w) => w.shape), [[3, 4], [4], [4, 2], [2]]);
  assert.equal(m.getLayer('o'), m.layers[1]);
  assert.equal(m.getLayer(0).name, 'h');
  assert.throws(() => m.getLayer('nope'), /no layer named 'nope'. Layers: h, o/);
  assert.throws(() => m.predict(tensor([[1, 2]])), /expected shape \[\?, 3\], got \[1, 2\]/);
  m.resetStates();
  const withInput = sequential({ layers: [input({ shape: [5], dtype: 'int32' }), layers.embedding({ inputDim: 10, outputDim: 3 })] });
  assert.deepEqual(withInput.predict([[1, 2, 3, 4, 5]]).shape, [1, 5, 3]);
});

test('functional model with two inputs: forward equals the layers applied by hand; fit works', async () => {
  setSeed(2);
  const a = input({ shape: [3], name: 'a' });
  const b = input({ shape: [2], name: 'b' });
  const da = layers.dense({ units: 4, activation: 'tanh', name: 'da' });
  const db = layers.dense({ units: 4, activation: 'tanh', name: 'db' });
  const cat = new Concat({ name: 'cat' });
  const out = layers.dense({ units: 1, name: 'out' });
  const y = out.apply(cat.apply([da.apply(a), db.apply(b)]) as SymbolicTensor);
  assert.deepEqual(y.shape, [null, 1]);
  const m = model({ inputs: [a, b], outputs: y, name: 'two_in' });
  assert.deepEqual(m.layers.map((l) => l.name), ['a', 'b', 'da', 'db', 'cat', 'out']);
  assert.equal(m.getWeights().length, 6);
  const xa = tensor([[1, 0, -1], [0.5, 0.5, 0.5]]);
  const xb = tensor([[2, -2], [0, 1]]);
  const got = m.predict([xa, xb]);
  const manual = out.apply(ops.concat([da.apply(xa) as Tensor, db.apply(xb) as Tensor], -1)) as Tensor;
  assert.deepEqual(Array.from(got.data), Array.from(manual.data));
  m.compile({ optimizer: 'adam', loss: 'mse' });
  const h = await m.fit([xa, xb], tensor([[1], [-1]]), { epochs: 5, verbose: 0 });
  assert.equal(h.history.loss.length, 5);
  assert.ok(h.history.loss[4] < h.history.loss[0]);
  assert.throws(() => m.predict(xa), /has 2 input\(s\), got 1/);
  const lines: string[] = [];
  m.summary((l) => lines.push(l));
  assert.ok(lines.some((l) => /^ cat \(TestConcat\)\s+\(None, 8\)\s+0\s+da$/.test(l)), lines.join('\n'));
  assert.ok(lines.includes(`${' '.repeat(65)}db`));
  assert.throws(() => model({ inputs: [a], outputs: y }), /needs input 'b', which is not in the model's inputs/);
});

test('embedding maskZero: the mask reaches the next layer (Sequential and functional)', () => {
  const ids = tensor([[3, 0, 2], [0, 0, 1]], undefined, 'int32');
  const spy = new MaskSpy({});
  const s = sequential({ layers: [layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true, inputLength: 3 }), spy] });
  s.predict(ids);
  assert.deepEqual((spy.seen[0] as Tensor).toArray(), [[1, 0, 1], [0, 0, 1]]);
  const spy2 = new MaskSpy({});
  const inp = input({ shape: [3], dtype: 'int32' });
  const emb = layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true });
  // Dense passes the mask through (supportsMasking), as in Keras
  const f = model({ inputs: inp, outputs: spy2.apply(layers.dense({ units: 2 }).apply(emb.apply(inp))) });
  f.predict(ids);
  assert.deepEqual((spy2.seen[0] as Tensor).toArray(), [[1, 0, 1], [0, 0, 1]]);
  const spy3 = new MaskSpy({});
  sequential({ layers: [layers.embedding({ inputDim: 5, outputDim: 2, inputLength: 3 }), spy3] }).predict(ids);
  assert.equal(spy3.seen[0], null);
});
