import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { computeFans, getInitializer, initializers, type Initializer } from '../../src/initializers/index.js';

function stats(x: Float32Array): { mean: number; std: number; maxAbs: number } {
  let s = 0;
  let s2 = 0;
  let maxAbs = 0;
  for (const v of x) {
    s += v;
    s2 += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = s / x.length;
  return { mean, std: Math.sqrt(s2 / x.length - mean * mean), maxAbs };
}

/** (WᵀW)[i][j] for W [rows, cols] row-major. */
function gram(w: Float32Array, rows: number, cols: number, byRows = false): number[][] {
  const n = byRows ? rows : cols;
  const at = (r: number, c: number): number => (byRows ? w[r * cols + c] : w[c * cols + r]);
  const len = byRows ? cols : rows;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let k = 0; k < len; k++) s += at(i, k) * at(j, k);
    return s;
  }));
}

function assertIdentity(g: number[][], scale = 1): void {
  g.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - (i === j ? scale : 0)) < 1e-5, `[${i}][${j}] = ${v}`)));
}

test('computeFans follows Keras (vector, matrix, conv kernel)', () => {
  assert.deepEqual(computeFans([]), { fanIn: 1, fanOut: 1 });
  assert.deepEqual(computeFans([7]), { fanIn: 7, fanOut: 7 });
  assert.deepEqual(computeFans([3, 5]), { fanIn: 3, fanOut: 5 });
  assert.deepEqual(computeFans([3, 4, 5]), { fanIn: 12, fanOut: 15 });
  assert.deepEqual(computeFans([2, 3, 4, 5]), { fanIn: 24, fanOut: 30 });
});

test('constant initializers and identity', () => {
  assert.deepEqual(Array.from(initializers.zeros().init([2, 3], new Rng(1))), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(initializers.ones().init([3], new Rng(1))), [1, 1, 1]);
  assert.deepEqual(Array.from(initializers.constant({ value: 0.25 }).init([2], new Rng(1))), [0.25, 0.25]);
  assert.deepEqual(Array.from(initializers.identity({ gain: 2 }).init([2, 3], new Rng(1))), [2, 0, 0, 0, 2, 0]);
  assert.throws(() => initializers.identity().init([2, 2, 2], new Rng(1)), ShapeError);
});

test('random initializers: Keras defaults and statistics', () => {
  const n = 20000;
  const rn = stats(initializers.randomNormal().init([n], new Rng(1)));
  assert.ok(Math.abs(rn.mean) < 0.002 && Math.abs(rn.std - 0.05) < 0.002, JSON.stringify(rn));
  const ru = initializers.randomUniform().init([n], new Rng(2));
  assert.ok(ru.every((v) => v >= -0.05 && v < 0.05));
  assert.ok(Math.abs(stats(ru).std - 0.1 / Math.sqrt(12)) < 0.001);
  const tn = initializers.truncatedNormal({ mean: 1, stddev: 0.5 }).init([n], new Rng(3));
  assert.ok(tn.every((v) => v >= 0 - 1e-6 && v <= 2 + 1e-6), 'within mean ± 2 stddev');
  // A unit normal truncated at ±2 has std 0.8796.
  assert.ok(Math.abs(stats(tn).std - 0.5 * 0.87962566) < 0.01);
});

test('variance scaling family: limits and standard deviations', () => {
  const [fanIn, fanOut] = [100, 200];
  const gu = initializers.glorotUniform().init([fanIn, fanOut], new Rng(4));
  assert.equal(gu.length, fanIn * fanOut);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const g = stats(gu);
  assert.ok(g.maxAbs <= limit && g.maxAbs > 0.99 * limit, `max ${g.maxAbs} vs limit ${limit}`);
  assert.ok(Math.abs(g.std - limit / Math.sqrt(3)) < 0.02 * limit);
  // Normal variants: std √(scale/n) after the truncation correction, |x| ≤ 2·√(scale/n)/0.8796.
  const cases: [Initializer, number][] = [
    [initializers.glorotNormal(), 2 / (fanIn + fanOut)],
    [initializers.heNormal(), 2 / fanIn],
    [initializers.lecunNormal(), 1 / fanIn],
  ];
  for (const [init, variance] of cases) {
    const s = stats(init.init([fanIn, fanOut], new Rng(5)));
    assert.ok(Math.abs(s.std - Math.sqrt(variance)) < 0.02 * Math.sqrt(variance), `${init.className}: std ${s.std}`);
    assert.ok(s.maxAbs <= (2 * Math.sqrt(variance)) / 0.87962566103423978 + 1e-6, `${init.className}: max ${s.maxAbs}`);
  }
  // Conv kernel [3, 4, 5]: fanIn = 12.
  const he = stats(initializers.heUniform().init([3, 4, 50], new Rng(6)));
  assert.ok(he.maxAbs <= Math.sqrt(6 / 12) && he.maxAbs > 0.98 * Math.sqrt(6 / 12));
  const lu = stats(initializers.lecunUniform().init([40, 10], new Rng(6)));
  assert.ok(lu.maxAbs <= Math.sqrt(3 / 40) && lu.maxAbs > 0.97 * Math.sqrt(3 / 40));
  const vs = initializers.varianceScaling({ scale: 2, mode: 'fan_out', distribution: 'untruncated_normal' });
  assert.ok(Math.abs(stats(vs.init([50, 400], new Rng(7))).std - Math.sqrt(2 / 400)) < 0.002);
});

test('orthogonal: WᵀW = I (tall), WWᵀ = I (wide), gain, rank-3 shapes', () => {
  const tall = initializers.orthogonal().init([6, 4], new Rng(8));
  assertIdentity(gram(tall, 6, 4));
  const wide = initializers.orthogonal().init([4, 6], new Rng(8));
  assertIdentity(gram(wide, 4, 6, true));
  const square = initializers.orthogonal({ gain: 2 }).init([5, 5], new Rng(9));
  assertIdentity(gram(square, 5, 5), 4);
  assertIdentity(gram(square, 5, 5, true), 4);
  const r3 = initializers.orthogonal().init([2, 3, 4], new Rng(10)); // flattened to [6, 4]
  assertIdentity(gram(r3, 6, 4));
  // An LSTM recurrent kernel [H, 4H]: rows orthonormal.
  const u = initializers.orthogonal().init([16, 64], new Rng(11));
  assertIdentity(gram(u, 16, 64, true));
  assert.throws(() => initializers.orthogonal().init([5], new Rng(1)), /Orthogonal: needs a weight of rank >= 2, got shape \[5\]/);
});

test('determinism: same generator seed or a fixed seed option gives the same values', () => {
  for (const name of ['glorotUniform', 'glorotNormal', 'heNormal', 'orthogonal', 'randomNormal', 'truncatedNormal', 'randomUniform']) {
    const init = getInitializer(name);
    const a = init.init([8, 6], new Rng(123));
    const b = init.init([8, 6], new Rng(123));
    const c = init.init([8, 6], new Rng(124));
    assert.deepEqual(Array.from(a), Array.from(b), name);
    assert.notDeepEqual(Array.from(a), Array.from(c), name);
  }
  const seeded = initializers.glorotUniform({ seed: 7 });
  const shared = new Rng(1);
  assert.deepEqual(Array.from(seeded.init([3, 3], shared)), Array.from(seeded.init([3, 3], shared)));
});

test('getInitializer: camelCase, snake_case, class names, serialised configs, unknown names', () => {
  assert.equal(getInitializer('glorotUniform').className, 'GlorotUniform');
  assert.equal(getInitializer('glorot_uniform').className, 'GlorotUniform');
  assert.equal(getInitializer('GlorotUniform').className, 'GlorotUniform');
  assert.equal(getInitializer('he_normal').className, 'HeNormal');
  assert.equal(getInitializer('zeros').className, 'Zeros');
  const inst = initializers.orthogonal({ gain: 3 });
  assert.equal(getInitializer(inst), inst);
  const rn = getInitializer({ className: 'RandomNormal', config: { mean: 1, stddev: 0.1, seed: null } });
  assert.deepEqual(rn.getConfig(), { mean: 1, stddev: 0.1, seed: null });
  const vs = getInitializer({ className: 'VarianceScaling', config: { scale: 2, mode: 'fan_in', distribution: 'uniform' } });
  assert.deepEqual(vs.getConfig(), { scale: 2, mode: 'fanIn', distribution: 'uniform', seed: null });
  // getConfig round-trips: same config + same generator -> same values.
  for (const init of [initializers.randomUniform({ minval: -1, maxval: 2 }), initializers.orthogonal({ gain: 0.5 }), initializers.constant({ value: 3 })]) {
    const again = getInitializer({ className: init.className, config: init.getConfig() });
    assert.deepEqual(Array.from(again.init([3, 2], new Rng(5))), Array.from(init.init([3, 2], new Rng(5))));
  }
  assert.throws(() => getInitializer('glorot'), (e: unknown) => e instanceof ValueError
    && /Unknown initializer 'glorot'. Expected one of: zeros, ones, constant, randomNormal, .*glorotUniform.*orthogonal/.test(e.message));
  assert.throws(() => initializers.randomNormal({ stddev: -1 }), /stddev must be >= 0/);
  assert.throws(() => initializers.varianceScaling({ mode: 'fan_sum' }), /mode must be one of fanIn, fanOut, fanAvg/);
});
