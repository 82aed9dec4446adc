// Child script: times `model.trainOnBatch` (forward, backward, Adam update) of workloads on ONE backend.
//   node --import tsx bench/step.ts --backend native|ref [--only a,b] [--steps 20] [--warmup 3] [--budget-s 30]
// A slow backend stops early: warm-up ends after budget/2 seconds (at least 1 step), timing after
// `budget` seconds (at least 3 steps); `steps` in the result is the number actually timed.
// Prints one `BENCH_JSON {"kind":"step",...}` line per workload.
import { backendName, listBackends, nativeInfo, setBackend, setSeed } from '../src/index.js';
import { emit, intFlag, mean, median, parseFlags } from './args.js';
import { WORKLOADS, buildModel, syntheticBatch } from './workloads.js';

export interface StepResult {
  kind: 'step';
  workload: string;
  backend: string;
  /** Mean ms per step over `steps` timed steps (the PyTorch peer's statistic, so ratios compare like with like). */
  ms: number;
  /** Median ms per step of the same steps. */
  median: number;
  min: number;
  max: number;
  steps: number;
  warmup: number;
  /** Final loss (a finite number shows the step really trained). */
  loss: number;
}

const flags = parseFlags(process.argv.slice(2));
const backend = flags.get('backend') ?? 'ref';
const steps = intFlag(flags, 'steps', 20);
const warmup = intFlag(flags, 'warmup', 3);
const budgetMs = intFlag(flags, 'budget-s', 30) * 1000;
const only = flags.get('only')?.split(',') ?? null;

if (!listBackends().includes(backend)) {
  const why = backend === 'native' ? ` (${nativeInfo().error ?? 'not loaded'})` : '';
  emit({ kind: 'missing', backend, error: `backend '${backend}' is not registered${why}` });
  process.exit(0);
}
setBackend(backend);

for (const wl of WORKLOADS) {
  if (only && !only.includes(wl.name)) continue;
  setSeed(1);
  const model = buildModel(wl);
  const { x, y } = syntheticBatch(wl, 7);
  let loss = NaN;
  let warm = 0;
  const w0 = performance.now();
  while (warm < warmup && (warm === 0 || performance.now() - w0 < budgetMs / 2)) {
    loss = model.trainOnBatch(x, y).loss;
    warm++;
  }
  const times: number[] = [];
  let spent = 0;
  while (times.length < steps && (times.length < 3 || spent < budgetMs)) {
    const t0 = performance.now();
    loss = model.trainOnBatch(x, y).loss;
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  const r: StepResult = {
    kind: 'step', workload: wl.name, backend: backendName(), ms: mean(times), median: median(times),
    min: Math.min(...times), max: Math.max(...times), steps: times.length, warmup: warm, loss,
  };
  emit(r);
}
