// The tape's fresh-gradient contract: an op that declares `writesFresh` gets an uninitialised
// buffer (and fresh = true) only for the FIRST gradient of that input; later writers accumulate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineOp } from '../../src/autograd/op.js';
import { record } from '../../src/autograd/tape.js';
import { bufferScope, setBufferPoison } from '../../src/tensor/pool.js';
import { tensor } from '../../src/tensor/create.js';
import { empty } from '../../src/ops/util.js';
import * as ops from '../../src/ops/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const seen: boolean[] = [];

/** y = k·x; its backward writes dX when fresh, else adds (a correct writesFresh op). */
const scale = defineOp('testScale', (x: Tensor, k: number) => {
  const y = empty(x.shape, 'float32'); // y [...x.shape]
  const xs = x.floats();
  const ys = y.floats();
  for (let i = 0; i < ys.length; i++) ys[i] = k * xs[i];
  return {
    inputs: [x],
    outputs: y,
    writesFresh: [0],
    backward: ([dY], [dX], fresh) => {
      seen.push(fresh[0]);
      if (!dX) return;
      for (let i = 0; i < dX.length; i++) dX[i] = (fresh[0] ? 0 : dX[i]) + k * dY[i];
    },
  };
});

for (const pooled of [false, true]) {
  test(`fresh gradient buffers (${pooled ? 'pooled' : 'plain'} tape): first writer writes, later writers add`, () => {
    seen.length = 0;
    setBufferPoison(true); // pooled fresh buffers start as NaN: any read before the write shows
    try {
      bufferScope(() => {
        const x = tensor([1, 2, 3], [3]);
        x.requiresGrad = true;
        const { tape, result } = record(() => ops.sum(ops.add(ops.mul(x, x), ops.add(scale(x, 2), scale(x, 3)))), { pooled });
        tape.backward(result);
        assert.deepEqual(Array.from(tape.grad(x) ?? []), [2 + 3 + 2, 2 + 3 + 4, 2 + 3 + 6]);
        tape.dispose();
      });
    } finally {
      setBufferPoison(false);
    }
    // reverse order of the tape: the second scale runs first (fresh), then the first and x·x add
    assert.deepEqual(seen, [true, false]);
  });
}
