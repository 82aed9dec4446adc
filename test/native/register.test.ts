// Registration: importing rnnkit makes 'native' the active backend when the addon loads,
// RNNKIT_BACKEND=ref keeps the reference one, and a missing addon gives exactly one warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { backendName, nativeInfo, ops, setBackend, tensor } from '../../src/index.js';
import { skip } from './helpers.js';

/** Imports rnnkit in a fresh node with the given environment; returns its stdout and stderr. */
function probe(env: Record<string, string>): { out: string; err: string } {
  const code = "const m = await import('./src/index.ts'); console.log(m.backendName());";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code],
    { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { out: r.stdout.trim(), err: r.stderr.trim() };
}

test('importing rnnkit activates the native backend and reports the SIMD path', { skip }, () => {
  if (process.env.RNNKIT_BACKEND !== 'ref') assert.equal(backendName(), 'native');
  const info = nativeInfo();
  assert.equal(info.loaded, true);
  assert.ok(['avx512', 'avx2', 'baseline'].includes(info.simd ?? ''), `simd path ${info.simd}`);
  assert.ok(info.threads >= 1);
});

test('RNNKIT_BACKEND=ref keeps the reference backend; a missing addon warns once and falls back', { skip }, () => {
  assert.deepEqual(probe({ RNNKIT_BACKEND: 'ref' }), { out: 'ref', err: '' });
  const missing = probe({ RNNKIT_BACKEND: '', RNNKIT_NATIVE_PATH: '/nonexistent/rnnkit.node' });
  assert.equal(missing.out, 'ref');
  const warnings = missing.err.split('\n').filter((l) => l.startsWith('rnnkit:'));
  assert.equal(warnings.length, 1, missing.err);
  assert.match(warnings[0], /native addon did not load .*TypeScript backend/);
  assert.deepEqual(probe({ RNNKIT_BACKEND: 'ref', RNNKIT_NATIVE_PATH: '/nonexistent/rnnkit.node' }), { out: 'ref', err: '' });
});

test('ops through the public API give the same values on native and ref', { skip }, () => {
  const a = tensor(Array.from({ length: 17 * 3 }, (_, i) => Math.sin(i)), [17, 3]);
  const b = tensor(Array.from({ length: 3 * 5 }, (_, i) => Math.cos(i)), [3, 5]);
  const before = backendName();
  try {
    setBackend('ref');
    const want = ops.tanh(ops.matmul(a, b)).toArray();
    setBackend('native');
    const got = ops.tanh(ops.matmul(a, b)).toArray() as number[][];
    (want as number[][]).forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(got[i][j] - v) <= 1e-5 * Math.max(1, Math.abs(v)), `[${i},${j}]`)));
  } finally {
    setBackend(before);
  }
});
