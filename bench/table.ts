// The benchmark report: one table of ms/step per workload and backend, ratios, targets, GFLOP/s.
import { WORKLOADS, flopsPerStep } from './workloads.js';

export interface StepRow {
  workload: string;
  /** ms/step by column: 'native', 'ref', 'torch' (absent = not measured). */
  native?: number;
  ref?: number;
  torch?: number;
}

export interface EpochResult {
  backend: string;
  train: number;
  test: number;
  loadS: number;
  trainS: number;
  evalS: number;
  totalS: number;
  maxRssMB: number;
  testAccuracy?: number;
  /** How the epoch process ran: 'compiled' (the library as JavaScript, plain node) or 'tsx'. */
  runner?: 'compiled' | 'tsx';
}

export interface TfjsResult {
  backend: string;
  ms: number;
  /** Embedding rows tfjs ran with; below 20000 its time is a lower bound for imdb-lstm128. */
  vocab: number;
}

/** The host's measured multiply-add peak (GFLOP/s; [1 thread, `threads` threads]) at the start and end of a run. */
export interface PeakResult {
  simd: string;
  threads: number;
  start: [number, number];
  end: [number, number];
}

export interface Report {
  header: string[];
  rows: StepRow[];
  epoch: EpochResult | string | null;
  tfjs: TfjsResult | string | null;
  /** ref ms/step on imdb-lstm128 (for the tfjs comparison). */
  refLstm128?: number;
  /** The FMA peak the native GFLOP/s are read against (absent without the addon). */
  peak?: PeakResult | null;
}

export const EPOCH_TARGET_S = 15;
export const RSS_TARGET_MB = 300;
export const TFJS_TARGET_SPEEDUP = 20;

const fmt = (v: number | undefined, digits = 1): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const yesNo = (ok: boolean | null): string => (ok === null ? '—' : ok ? 'yes' : 'NO');

/** GFLOP/s of a step of `ms` milliseconds on a workload (see flopsPerStep). */
export function gflops(workload: string, ms: number | undefined): number | undefined {
  const w = WORKLOADS.find((x) => x.name === workload);
  if (!w || ms === undefined) return undefined;
  return flopsPerStep(w) / (ms * 1e6);
}

/** The all-threads peak the run's GFLOP/s are read against: the mean of its start and end figures. */
export function meanPeak(p: PeakResult | null | undefined): number | undefined {
  return p ? (p.start[1] + p.end[1]) / 2 : undefined;
}

/** Markdown table rows (one string per line); with a peak, native GFLOP/s as a share of it. */
export function stepTable(rows: readonly StepRow[], peak?: PeakResult | null): string[] {
  const peakN = meanPeak(peak);
  const head = ['workload', 'rnnkit native ms/step', 'rnnkit ref ms/step', 'torch ms/step', 'native/torch', 'target', 'met',
    'GFLOP/step', 'GFLOP/s native', ...(peakN ? ['native % of FMA peak'] : []), 'GFLOP/s ref', 'GFLOP/s torch'];
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const w = WORKLOADS.find((x) => x.name === r.workload);
    const ratio = r.native !== undefined && r.torch !== undefined ? r.native / r.torch : undefined;
    const target = w ? w.targetRatio : undefined;
    const met = ratio === undefined || target === undefined ? null : ratio <= target;
    out.push(`| ${[
      r.workload, fmt(r.native), fmt(r.ref), fmt(r.torch), fmt(ratio, 3), target === undefined ? '—' : `≤ ${target}`, yesNo(met),
      w ? (flopsPerStep(w) / 1e9).toFixed(2) : '—',
      fmt(gflops(r.workload, r.native), 2),
      ...(peakN ? [fmt(((gflops(r.workload, r.native) ?? NaN) / peakN) * 100, 0)] : []),
      fmt(gflops(r.workload, r.ref), 2), fmt(gflops(r.workload, r.torch), 2),
    ].join(' | ')} |`);
  }
  return out;
}

/** The lines after the table: the full epoch, peak RSS, and the tfjs comparison. */
export function extraLines(r: Report): string[] {
  const out: string[] = [];
  if (r.peak) {
    const p = r.peak;
    out.push(`- host FMA peak (the addon's independent ${p.simd} multiply-add chains, peak.cc), start → end of the run: `
      + `1 thread ${p.start[0].toFixed(0)} → ${p.end[0].toFixed(0)} GFLOP/s, ${p.threads} threads ${p.start[1].toFixed(0)} → ${p.end[1].toFixed(0)} GFLOP/s; `
      + `the native % column divides by the mean ${p.threads}-thread figure (${meanPeak(p)!.toFixed(0)} GFLOP/s)`);
  }
  if (typeof r.epoch === 'string') out.push(`- seed-004 full IMDB epoch: ${r.epoch}`);
  else if (r.epoch) {
    const e = r.epoch;
    out.push(`- seed-004 full IMDB epoch (${e.backend}; train ${e.train} + evaluate ${e.test}, batch 50): `
      + `${e.totalS.toFixed(1)} s (train ${e.trainS.toFixed(1)} s, evaluate ${e.evalS.toFixed(1)} s; data load ${e.loadS.toFixed(1)} s not counted)`
      + ` — target ≤ ${EPOCH_TARGET_S} s: ${yesNo(e.totalS <= EPOCH_TARGET_S)}`
      + (e.testAccuracy !== undefined ? `; test accuracy ${e.testAccuracy.toFixed(4)}` : ''));
    const how = e.runner === 'compiled' ? ' (compiled library under plain node)' : e.runner === 'tsx' ? ' (TypeScript through tsx)' : '';
    out.push(`- peak RSS of that process${how}: ${e.maxRssMB.toFixed(0)} MB — target ≤ ${RSS_TARGET_MB} MB: ${yesNo(e.maxRssMB <= RSS_TARGET_MB)}`);
  }
  if (typeof r.tfjs === 'string') out.push(`- ref vs tfjs on imdb-lstm128: ${r.tfjs}`);
  else if (r.tfjs) {
    const speedup = r.refLstm128 !== undefined ? r.tfjs.ms / r.refLstm128 : undefined;
    const bound = r.tfjs.vocab < 20000;
    const met = speedup === undefined ? null : speedup >= TFJS_TARGET_SPEEDUP ? true : bound ? null : false;
    out.push(`- ref vs ${r.tfjs.backend} on imdb-lstm128: tfjs ${bound ? '≥ ' : ''}${r.tfjs.ms.toFixed(0)} ms/step`
      + `${bound ? ` (lower bound: measured with a ${r.tfjs.vocab}-row embedding instead of 20000; more rows only slow tfjs down)` : ''}, `
      + `ref ${fmt(r.refLstm128, 0)} ms/step, ref is ${bound ? '≥ ' : ''}${fmt(speedup, 1)}× faster — target ≥ ${TFJS_TARGET_SPEEDUP}×: `
      + `${met === null && bound && speedup !== undefined ? 'not shown by the bound' : yesNo(met)}`);
  }
  return out;
}

/** The whole report as Markdown-ish text. */
export function formatReport(r: Report): string {
  return [...r.header, '', ...stepTable(r.rows, r.peak), '', ...extraLines(r)].join('\n');
}
