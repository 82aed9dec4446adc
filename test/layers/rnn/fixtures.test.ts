import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tensor } from '../../../src/tensor/create.js';
import { GRU, LSTM, SimpleRNN, type RecurrentLayer } from '../../../src/layers/rnn/index.js';
import { maxDiff } from './helpers.js';
import { record } from '../../../src/autograd/tape.js';
import { add, mul } from '../../../src/ops/elementwise.js';
import { sum } from '../../../src/ops/reduce.js';
import type { Tensor } from '../../../src/tensor/tensor.js';

// Reference values from PyTorch (scripts/make-rnn-fixtures.py, float64); rnnkit runs in float32.
interface Fixture {
  name: string; kind: 'lstm' | 'gru' | 'simple'; resetAfter: boolean; goBackwards: boolean;
  B: number; T: number; D: number; H: number;
  x: number[]; kernel: number[]; recurrentKernel: number[]; bias: number[]; biasShape: number[];
  r: number[]; rLast: number[]; rC: number[];
  seq: number[]; lastH: number[]; lastC: number[] | null; loss: number;
  dx: number[]; dKernel: number[]; dRecurrentKernel: number[]; dBias: number[];
}

const dir = join('test', 'fixtures', 'rnn');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('fixture files are present', () => {
  assert.deepEqual(files, ['gru-reset-after.json', 'gru-reset-before.json', 'lstm-backwards.json', 'lstm.json', 'simple-rnn.json']);
});

for (const file of files) {
  const fx = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
  for (const impl of ['fused', 'composed'] as const) {
    test(`PyTorch fixture ${fx.name} (${impl}): outputs and gradients to 1e-5`, () => {
      const args = { units: fx.H, returnSequences: true, returnState: true, goBackwards: fx.goBackwards, implementation: impl };
      const layer: RecurrentLayer = fx.kind === 'lstm' ? new LSTM(args)
        : fx.kind === 'gru' ? new GRU({ ...args, resetAfter: fx.resetAfter }) : new SimpleRNN(args);
      layer.ensureBuilt([null, fx.T, fx.D]);
      const kH = layer.weights[0].shape[1];
      layer.setWeights([tensor(fx.kernel, [fx.D, kH]), tensor(fx.recurrentKernel, [fx.H, kH]), tensor(fx.bias, fx.biasShape)]);
      const x = tensor(fx.x, [fx.B, fx.T, fx.D]);
      x.requiresGrad = true;
      const { tape, result } = record(() => {
        const [seq, h, c] = layer.apply(x) as Tensor[];
        let loss = add(sum(mul(seq, tensor(fx.r, seq.shape))), sum(mul(h, tensor(fx.rLast, h.shape))));
        if (c) loss = add(loss, sum(mul(c, tensor(fx.rC, c.shape))));
        return { seq, h, c, loss };
      });
      tape.backward(result.loss);
      assert.ok(maxDiff(result.seq.data, fx.seq) < 1e-5, `seq differs by ${maxDiff(result.seq.data, fx.seq)}`);
      assert.ok(maxDiff(result.h.data, fx.lastH) < 1e-5);
      if (fx.lastC) assert.ok(maxDiff(result.c.data, fx.lastC) < 1e-5);
      assert.ok(Math.abs(result.loss.item() - fx.loss) < 1e-5);
      const [W, U, b] = layer.weights;
      const check = (g: ArrayLike<number> | null, want: number[], what: string): void => {
        assert.ok(g, `${what}: no gradient`);
        assert.ok(maxDiff(g, want) < 1e-5, `${what} differs by ${maxDiff(g, want)}`);
      };
      check(tape.grad(x), fx.dx, 'dx');
      check(tape.grad(W), fx.dKernel, 'dKernel');
      check(tape.grad(U), fx.dRecurrentKernel, 'dRecurrentKernel');
      check(tape.grad(b), fx.dBias, 'dBias');
    });
  }
}

