import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { record } from '../../../src/autograd/tape.js';
import { Conv1D } from '../../../src/layers/conv/index.js';
import { tensor } from '../../../src/tensor/create.js';
import type { ConvPadding } from '../../../src/layers/conv/geometry.js';

interface ConvCase {
  name: string; padding: ConvPadding; strides: number; dilationRate: number; kernelSize: number; filters: number;
  xShape: number[]; x: number[]; kernel: number[]; bias: number[]; yShape: number[]; y: number[]; r: number[];
  dX: number[]; dKernel: number[]; dBias: number[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/conv/conv1d.json', import.meta.url), 'utf8')) as { cases: ConvCase[] };

function assertClose(actual: ArrayLike<number>, expected: number[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: got ${actual[i]}, expected ${expected[i]}`);
  }
}

test('Conv1D matches PyTorch outputs and gradients (float64) for every padding, stride 2 and dilation 2', () => {
  assert.equal(fixture.cases.length, 10);
  for (const c of fixture.cases) {
    const [, , C] = c.xShape;
    const layer = new Conv1D({ filters: c.filters, kernelSize: c.kernelSize, strides: c.strides, dilationRate: c.dilationRate, padding: c.padding });
    layer.ensureBuilt([null, c.xShape[1], C]);
    const restore = layer.weights.map((w) => w.castInPlace('float64'));
    try {
      layer.setWeights([tensor(c.kernel, [c.kernelSize, C, c.filters], 'float64'), tensor(c.bias, [c.filters], 'float64')]);
      const x = tensor(c.x, c.xShape, 'float64');
      x.requiresGrad = true;
      const { tape, result } = record(() => layer.apply(x));
      const y = result as typeof x;
      assert.deepEqual([...y.shape], c.yShape, `${c.name}: output shape`);
      assert.deepEqual(layer.computeOutputShape([null, c.xShape[1], C]), [null, c.yShape[1], c.filters], `${c.name}: computeOutputShape`);
      assertClose(y.data, c.y, 1e-5, `${c.name} y`);
      tape.backward(y, c.r);
      assertClose(tape.grad(x) as Float64Array, c.dX, 1e-5, `${c.name} dX`);
      assertClose(tape.grad(layer.weights[0]) as Float64Array, c.dKernel, 1e-5, `${c.name} dKernel`);
      assertClose(tape.grad(layer.weights[1]) as Float64Array, c.dBias, 1e-5, `${c.name} dBias`);
    } finally {
      restore.forEach((r) => r());
    }
  }
});

test('Conv1D in float32 matches the PyTorch float64 outputs to 1e-5', () => {
  for (const c of fixture.cases) {
    const C = c.xShape[2];
    const layer = new Conv1D({ filters: c.filters, kernelSize: c.kernelSize, strides: c.strides, dilationRate: c.dilationRate, padding: c.padding });
    layer.ensureBuilt([null, c.xShape[1], C]);
    layer.setWeights([tensor(c.kernel, [c.kernelSize, C, c.filters]), tensor(c.bias, [c.filters])]);
    const y = layer.apply(tensor(c.x, c.xShape)) as ReturnType<typeof tensor>;
    assertClose(y.data, c.y, 1e-5, `${c.name} y (float32)`);
  }
});
