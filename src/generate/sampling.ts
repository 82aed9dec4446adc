// Choosing the next token from a probability distribution: greedy (argmax), temperature,
// top-k and top-p (nucleus) sampling, all driven by a seedable Rng.
import { ValueError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';

/** How the next character is chosen from the model's distribution. */
export type SamplingStrategy = 'greedy' | 'temperature' | 'topk' | 'topp';

export const SAMPLING_STRATEGIES: readonly SamplingStrategy[] = ['greedy', 'temperature', 'topk', 'topp'];

export interface SamplingOptions {
  /** Default 'greedy' (the seed's np.argmax). */
  strategy?: SamplingStrategy;
  /** Sharpens (< 1) or flattens (> 1) the distribution before sampling: p_i ∝ p_i^(1/T). Default 1. */
  temperature?: number;
  /** 'topk': sample among the k most likely tokens. Default 5. */
  topK?: number;
  /** 'topp': sample among the smallest set of most likely tokens whose mass reaches p. Default 0.9. */
  topP?: number;
}

/** Checks the strategy name and the parameter it uses; returns the resolved options. */
export function resolveSampling(opts: SamplingOptions = {}): Required<SamplingOptions> {
  const strategy = opts.strategy ?? 'greedy';
  if (!SAMPLING_STRATEGIES.includes(strategy)) {
    throw new ValueError(`sampling: unknown strategy '${String(strategy)}'; expected one of ${SAMPLING_STRATEGIES.join(', ')}.`);
  }
  const temperature = opts.temperature ?? 1;
  if (!(typeof temperature === 'number' && temperature >= 0 && Number.isFinite(temperature))) {
    throw new ValueError(`sampling: temperature must be a finite number >= 0, got ${temperature}.`);
  }
  const topK = opts.topK ?? 5;
  if (!Number.isInteger(topK) || topK < 1) throw new ValueError(`sampling: topK must be an integer >= 1, got ${topK}.`);
  const topP = opts.topP ?? 0.9;
  if (!(typeof topP === 'number' && topP > 0 && topP <= 1)) throw new ValueError(`sampling: topP must be in (0, 1], got ${topP}.`);
  return { strategy, temperature, topK, topP };
}

/** Index of the largest value (the first one on ties). */
export function argmax(p: ArrayLike<number>): number {
  if (p.length === 0) throw new ValueError('argmax: empty distribution.');
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

function checkDistribution(p: ArrayLike<number>, where: string): void {
  if (p.length === 0) throw new ValueError(`${where}: empty distribution.`);
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0) || !Number.isFinite(p[i])) throw new ValueError(`${where}: probabilities must be finite and >= 0, got ${p[i]} at index ${i}.`);
  }
}

/**
 * p_i^(1/T) renormalised, computed in log space (stable for small T). T = 0 puts all the mass on
 * the argmax. Zero probabilities stay zero.
 */
export function applyTemperature(p: ArrayLike<number>, temperature: number): Float64Array {
  checkDistribution(p, 'applyTemperature');
  const out = new Float64Array(p.length); // [V]
  if (temperature === 0) {
    out[argmax(p)] = 1;
    return out;
  }
  let maxLog = -Infinity;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) maxLog = Math.max(maxLog, Math.log(p[i]) / temperature);
  if (maxLog === -Infinity) throw new ValueError('applyTemperature: all probabilities are 0.');
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    out[i] = p[i] > 0 ? Math.exp(Math.log(p[i]) / temperature - maxLog) : 0;
    sum += out[i];
  }
  for (let i = 0; i < p.length; i++) out[i] /= sum;
  return out;
}

/** Indices sorted by decreasing probability (ties: lower index first). */
function byProbability(p: ArrayLike<number>): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
}

/** Keeps the k most likely entries (renormalised), zeroes the rest. */
export function topKFilter(p: ArrayLike<number>, k: number): Float64Array {
  checkDistribution(p, 'topKFilter');
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`topKFilter: k must be an integer >= 1, got ${k}.`);
  const out = new Float64Array(p.length); // [V]
  let sum = 0;
  for (const i of byProbability(p).slice(0, k)) {
    out[i] = p[i];
    sum += p[i];
  }
  if (sum <= 0) throw new ValueError('topKFilter: all kept probabilities are 0.');
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/**
 * Nucleus filter: keeps the most likely entries until their cumulative mass reaches `topP`
 * (always at least one), renormalised; zeroes the rest.
 */
export function topPFilter(p: ArrayLike<number>, topP: number): Float64Array {
  checkDistribution(p, 'topPFilter');
  if (!(topP > 0 && topP <= 1)) throw new ValueError(`topPFilter: topP must be in (0, 1], got ${topP}.`);
  let total = 0;
  for (let i = 0; i < p.length; i++) total += p[i];
  if (total <= 0) throw new ValueError('topPFilter: all probabilities are 0.');
  const out = new Float64Array(p.length); // [V]
  let mass = 0;
  for (const i of byProbability(p)) {
    out[i] = p[i];
    mass += p[i];
    if (mass >= topP * total * (1 - 1e-12)) break;
  }
  for (let i = 0; i < out.length; i++) out[i] /= mass;
  return out;
}

/** Draws an index with probability proportional to p (p need not be normalised). */
export function sampleCategorical(p: ArrayLike<number>, rng: Rng): number {
  checkDistribution(p, 'sampleCategorical');
  let total = 0;
  for (let i = 0; i < p.length; i++) total += p[i];
  if (total <= 0) throw new ValueError('sampleCategorical: all probabilities are 0.');
  const u = rng.random() * total;
  let acc = 0;
  let last = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] <= 0) continue;
    acc += p[i];
    last = i;
    if (u < acc) return i;
  }
  return last; // rounding: u landed at the very top
}

/**
 * Picks the next index from a distribution: greedy → argmax; 'temperature' → sample from
 * p^(1/T); 'topk' / 'topp' → temperature first, then the filter, then sample.
 */
export function sampleNext(p: ArrayLike<number>, opts: SamplingOptions, rng: Rng): number {
  const o = resolveSampling(opts);
  if (o.strategy === 'greedy') return argmax(p);
  const q = applyTemperature(p, o.temperature);
  if (o.strategy === 'temperature') return sampleCategorical(q, rng);
  if (o.strategy === 'topk') return sampleCategorical(topKFilter(q, o.topK), rng);
  return sampleCategorical(topPFilter(q, o.topP), rng);
}
