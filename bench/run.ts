// `npm run bench`: rnnkit (every registered backend, each in its own child process) vs the PyTorch
// peer vs @tensorflow/tfjs, one training step per seed workload, plus one full IMDB epoch of seed 004.
//   npm run bench -- [--only imdb-lstm128,char-lstm128] [--steps 20] [--warmup 3] [--budget-s 30]
//                    [--rounds 2] [--backends native,ref] [--no-torch] [--no-epoch] [--no-tfjs] [--tfjs-steps 1] [--tfjs-warmup 0] [--tfjs-vocab 1000]
//                    [--epoch-max-s 900] [--json out.json]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import { listBackends, nativeInfo } from '../src/index.js';
import { nativeBinding } from '../src/backends/native/register.js';
import { RESULT_PREFIX, intFlag, mean, parseFlags } from './args.js';
import { formatReport, type EpochResult, type Report, type StepRow, type TfjsResult } from './table.js';
import { runTorch, torchUnavailable } from './torch.js';
import { workloadNames } from './workloads.js';

interface ChildResult {
  kind: string;
  [key: string]: unknown;
}

/**
 * Runs a bench script in a child Node process (a .ts script through tsx, a .js one as is); stderr
 * passes through; returns its BENCH_JSON lines.
 */
function runChild(script: string, args: string[], timeoutS = 0): Promise<ChildResult[]> {
  return new Promise((resolve, reject) => {
    const nodeArgs = script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
    const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
      if (err.length > 100_000) err = err.slice(-50_000);
      if (process.env.BENCH_VERBOSE) process.stderr.write(d);
      else for (const l of d.split('\n')) if (l.startsWith('[bench]')) process.stderr.write(`${l}\n`);
    });
    const timer = timeoutS > 0 ? setTimeout(() => {
      err += `\nkilled after ${timeoutS} s`;
      child.kill('SIGKILL');
    }, timeoutS * 1000) : null;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const results = out.split('\n').filter((l) => l.startsWith(RESULT_PREFIX)).map((l) => JSON.parse(l.slice(RESULT_PREFIX.length)) as ChildResult);
      if (code !== 0 && results.length === 0) reject(new Error(`${script} exited with code ${code}:\n${err.slice(-4000)}`));
      else resolve(results);
    });
  });
}

/**
 * The epoch runs as a user's program would: the library compiled to JavaScript under plain node
 * (tsx's on-the-fly TypeScript loader alone adds ~40 MB to a process's RSS). Compiles
 * bench/epoch.ts and the sources it imports into build/bench-js/ (tsconfig.bench.json, ~7 s);
 * falls back to running the .ts through tsx when that fails.
 */
function compiledEpochScript(): string {
  try {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { stdio: ['ignore', 'ignore', 'pipe'] });
    return 'build/bench-js/bench/epoch.js';
  } catch (e) {
    log(`could not compile bench/epoch.ts (${(e as Error).message.split('\n')[0]}); running it through tsx`);
    return 'bench/epoch.ts';
  }
}

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

function cpuModel(): string {
  try {
    const m = /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }));
    if (m) return m[1].trim();
  } catch {
    // no lscpu: fall back to Node's view
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

const flags = parseFlags(process.argv.slice(2));
const all = workloadNames();
const only = flags.get('only')?.split(',').filter((s) => s !== '') ?? all;
const unknown = only.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  console.error(`bench: unknown workload(s) ${unknown.join(', ')}; known: ${all.join(', ')}.`);
  process.exit(2);
}
const steps = intFlag(flags, 'steps', 20);
const warmup = intFlag(flags, 'warmup', 3);
const budget = intFlag(flags, 'budget-s', 30);
const rounds = Math.max(1, intFlag(flags, 'rounds', 2));
const registered = listBackends();
const backends = (flags.get('backends')?.split(',') ?? ['native', 'ref']).filter((b) => b !== '');
const native = nativeInfo();

/**
 * The host's multiply-add peak now ([1 thread, all GEMM threads], GFLOP/s; peak.cc), or undefined
 * without the addon. Measured at the start and the end of the run: a shared VM's speed drifts, and
 * the native GFLOP/s column is read as a share of it.
 */
function measurePeak(): [number, number] | undefined {
  const nb = nativeBinding();
  if (!nb || native.threads < 1) return undefined;
  nb.fmaPeak(native.threads, 0.05); // wakes the pool's workers
  return [nb.fmaPeak(1, 0.3), nb.fmaPeak(native.threads, 0.3)];
}
const peakStart = measurePeak();

const header = [
  `rnnkit benchmark, ${new Date().toISOString()}`,
  `machine: ${cpuModel()}, ${cpus().length} logical CPUs, load average at start ${loadavg().map((x) => x.toFixed(2)).join(' ')}; Node ${process.version}`,
  `rnnkit backends registered: ${registered.join(', ')}; native: ${native.loaded ? `loaded (${native.simd}, ${native.threads} GEMM threads)` : `not loaded (${native.error})`}`,
  `timing: model.trainOnBatch (forward, backward, Adam), synthetic batch (seed 7), ${warmup} warm-up steps, mean of up to ${steps} steps, as the peer times (budget ${budget} s per workload)`,
];

const rows = new Map<string, StepRow>(only.map((n) => [n, { workload: n }]));
const raw: ChildResult[] = [];
const stepArgs = ['--steps', String(steps), '--warmup', String(warmup), '--budget-s', String(budget)];
for (const b of backends) {
  if (b !== 'native' && b !== 'ref') {
    console.error(`bench: --backends takes native and/or ref, got '${b}'.`);
    process.exit(2);
  }
}
const skipped = new Set<string>(); // backends found missing

/**
 * One rnnkit (backend, workload) measurement in its own child process (a fresh heap and JIT, and a
 * crash costs one cell); returns its ms per step (undefined when it did not run).
 */
async function runStep(b: 'native' | 'ref', name: string): Promise<number | undefined> {
  if (skipped.has(b)) return undefined;
  log(`rnnkit ${b}: ${name}`);
  let results: ChildResult[];
  try {
    results = await runChild('bench/step.ts', ['--backend', b, '--only', name, ...stepArgs]);
  } catch (e) {
    const first = (e as Error).message.split('\n').find((l) => /Error/.test(l)) ?? (e as Error).message.split('\n')[0];
    header.push(`rnnkit ${b} ${name}: failed, ${first.trim()}`);
    log(`  failed: ${first.trim()}`);
    return undefined;
  }
  const missing = results.find((r) => r.kind === 'missing');
  if (missing) {
    header.push(`rnnkit ${b}: skipped, ${String(missing.error)}`);
    skipped.add(b);
    return undefined;
  }
  let ms: number | undefined;
  for (const r of results.filter((x) => x.kind === 'step')) {
    raw.push(r);
    ms = Number(r.ms);
    log(`  ${String(r.workload)}: ${ms.toFixed(1)} ms/step (${String(r.steps)} steps, loss ${Number(r.loss).toFixed(4)})`);
  }
  return ms;
}

/** The mean of the measurements that ran (undefined when none did). */
function meanOf(xs: (number | undefined)[]): number | undefined {
  const ok = xs.filter((x): x is number => x !== undefined);
  return ok.length ? mean(ok) : undefined;
}

const torchWhy = flags.has('no-torch') ? 'skipped (--no-torch)' : torchUnavailable();
let torchHeader: string | null = null;

/** The PyTorch peer on one workload, right after rnnkit's native run of it; returns its ms per step. */
function runTorchFor(name: string): number | undefined {
  log(`torch peer: ${name}`);
  try {
    const t = runTorch([name]);
    torchHeader ??= t.header;
    const ms = t.ms.get(name);
    if (ms !== undefined) raw.push({ kind: 'torch', workload: name, ms });
    return ms;
  } catch (e) {
    header.push(`torch ${name}: failed, ${(e as Error).message}`);
    return undefined;
  }
}

// The host's speed drifts within minutes, so native and torch run back to back per workload (the
// ratio compares measurements seconds apart), alternating for `rounds` rounds, each side the mean
// of its rounds; the slow reference backend runs once afterwards.
for (const name of only) {
  const nat: (number | undefined)[] = [];
  const tor: (number | undefined)[] = [];
  for (let r = 0; r < rounds; r++) {
    if (backends.includes('native')) nat.push(await runStep('native', name));
    if (!torchWhy) tor.push(runTorchFor(name));
  }
  const row = rows.get(name);
  if (row) {
    row.native = meanOf(nat);
    row.torch = meanOf(tor);
  }
}
if (backends.includes('ref')) {
  for (const name of only) {
    const ms = await runStep('ref', name);
    const row = rows.get(name);
    if (row && ms !== undefined) row.ref = ms;
  }
}
header.push(torchWhy
  ? `torch: ${torchWhy.startsWith('skipped') ? torchWhy : `not run, ${torchWhy}`}`
  : `torch peer: ${torchHeader ?? 'torch'} (../shared/peers/torch_rnn_anchor.py, mean of 20 steps after 3 warm-up; native and torch alternate ${rounds} round${rounds > 1 ? 's' : ''} per workload, each side the mean of its rounds)`);

let tfjs: TfjsResult | string | null = null;
const refLstm128 = rows.get('imdb-lstm128')?.ref;
if (!flags.has('no-tfjs') && only.includes('imdb-lstm128')) {
  log('tfjs: imdb-lstm128');
  try {
    // tfjs's embedding gradient costs ~0.1 s per table row on this CPU (a full 20000-row step takes
    // most of an hour), so by default it runs with a 1000-row table: a LOWER BOUND on its step time.
    const tfVocab = intFlag(flags, 'tfjs-vocab', 1000);
    const tfArgs = ['--steps', String(intFlag(flags, 'tfjs-steps', 1)), '--warmup', flags.get('tfjs-warmup') ?? '0', '--vocab', String(tfVocab)];
    const r = (await runChild('bench/tfjs.ts', tfArgs)).find((x) => x.kind === 'tfjs');
    tfjs = r ? { backend: String(r.backend), ms: Number(r.ms), vocab: Number(r.vocab) } : 'tfjs child printed no result';
    if (r) raw.push(r);
  } catch (e) {
    tfjs = `failed, ${(e as Error).message}`;
  }
}

let epoch: EpochResult | string | null = null;
if (!flags.has('no-epoch')) {
  const rowL = rows.get('imdb-lstm128');
  // The fastest backend measured on imdb-lstm128 (native when nothing was measured and it loads).
  const measured = (['native', 'ref'] as const).filter((b) => rowL?.[b] !== undefined).sort((a, b) => rowL![a]! - rowL![b]!);
  const fastest = measured[0] ?? (registered.includes('native') ? 'native' : 'ref');
  const stepMs = rowL?.[fastest];
  // 500 training steps + 500 evaluation batches (a forward pass costs about a third of a step).
  const estimateS = stepMs !== undefined ? (500 * stepMs * (1 + 1 / 3)) / 1000 : undefined;
  const maxS = intFlag(flags, 'epoch-max-s', 900);
  if (estimateS !== undefined && estimateS > maxS) {
    epoch = `skipped on ${fastest}: estimated ${estimateS.toFixed(0)} s from the imdb-lstm128 step (> --epoch-max-s ${maxS})`;
  } else {
    log(`seed-004 epoch on ${fastest}${estimateS !== undefined ? ` (estimated ${estimateS.toFixed(0)} s)` : ''}`);
    try {
      const script = compiledEpochScript();
      const r = (await runChild(script, ['--backend', fastest], 2 * maxS)).find((x) => x.kind === 'epoch');
      if (r) raw.push(r);
      epoch = r ? ({ ...r, runner: script.endsWith('.ts') ? 'tsx' : 'compiled' } as unknown as EpochResult) : 'epoch child printed no result';
    } catch (e) {
      epoch = `failed, ${(e as Error).message}`;
    }
  }
}

const peakEnd = measurePeak();
const peak = peakStart && peakEnd ? { simd: native.simd ?? '?', threads: native.threads, start: peakStart, end: peakEnd } : null;
const report: Report = { header, rows: [...rows.values()], epoch, tfjs, refLstm128, peak };
console.log(formatReport(report));
const jsonPath = flags.get('json');
if (jsonPath) {
  writeFileSync(jsonPath, `${JSON.stringify({ ...report, raw }, null, 2)}\n`);
  log(`wrote ${jsonPath}`);
}
