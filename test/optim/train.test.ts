import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/create.js';
import { Variable } from '../../src/tensor/tensor.js';
import { grads } from '../../src/autograd/tape.js';
import { getLoss, losses, type LossFn } from '../../src/losses/index.js';
import { getOptimizer, type Optimizer } from '../../src/optim/index.js';
import { regularizers } from '../../src/regularizers/index.js';
import { add } from '../../src/ops/elementwise.js';

/** Minimises loss(target, w) (+ a penalty) over the variable w with tape gradients. */
function train(opt: Optimizer, lossId: string | LossFn, target: number[], steps: number, penalty = 0): { w: Variable; loss: number } {
  const w = new Variable(Float32Array.from([0.1, -0.2, 0.3, 0]), [4, 1], 'w');
  const y = tensor(target, [4, 1]);
  const loss = getLoss(lossId);
  const reg = regularizers.l2(penalty);
  let last = Infinity;
  for (let s = 0; s < steps; s++) {
    const { value, grads: [g] } = grads(() => (penalty > 0 ? add(loss(y, w), reg.apply(w)) : loss(y, w)), [w]);
    last = value.item();
    opt.applyGradients([{ variable: w, grad: g! }]);
  }
  return { w, loss: last };
}

test('each optimizer drives an MSE problem to its minimum', () => {
  const target = [0.5, -1, 2, 0];
  for (const [id, lr] of [['sgd', 0.5], ['rmsprop', 0.02], ['adam', 0.05], ['adagrad', 0.5]] as const) {
    const opt = getOptimizer({ className: id, config: { learningRate: lr } });
    const { w, loss } = train(opt, 'mse', target, 300);
    assert.ok(loss < 1e-4, `${id}: final loss ${loss}`);
    Array.from(w.data).forEach((v, i) => assert.ok(Math.abs(v - target[i]) < 0.02, `${id}: w[${i}] = ${v}`));
  }
});

test('binary crossentropy on logits drives the probabilities to the soft targets; an L2 penalty shrinks them', () => {
  const target = [0.9, 0.2, 0.5, 0.7];
  const { w } = train(getOptimizer({ className: 'adam', config: { learningRate: 0.1 } }), losses.binaryCrossentropy({ fromLogits: true }), target, 400);
  const sig = Array.from(w.data, (x) => 1 / (1 + Math.exp(-x)));
  sig.forEach((p, i) => assert.ok(Math.abs(p - target[i]) < 0.01, `σ(w[${i}]) = ${p}`));
  const reg = train(getOptimizer({ className: 'adam', config: { learningRate: 0.1 } }), losses.binaryCrossentropy({ fromLogits: true }), target, 400, 0.05);
  assert.ok(Math.abs(reg.w.data[0]) < Math.abs(w.data[0]), 'penalised logit is smaller');
});
