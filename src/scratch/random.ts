/**
 * A tiny seedable random number generator for the from-scratch lessons (mulberry32).
 *
 * The numpy code of the lesson calls `np.random.seed(0)` so that every run prints the same
 * numbers. This module must not depend on the engine, so it carries its own 32-bit generator:
 * mulberry32 is six lines long, passes the usual statistical tests for this kind of use, and
 * gives the same stream on every platform for the same seed.
 */
export class ScratchRandom {
  /** The 32-bit state; every call to `next` advances it by a fixed odd constant. */
  private state: number;

  constructor(seed = 0) {
    if (!Number.isFinite(seed)) throw new RangeError(`ScratchRandom: the seed must be a finite number, got ${seed}.`);
    this.state = Math.floor(seed) >>> 0;
  }

  /** Uniform in [0, 1), like `np.random.random()`. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [lo, hi). `uniform(-1, 1)` is the lesson's `2 * np.random.random() - 1`. */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [0, n), like `np.random.randint(n)`. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`ScratchRandom.int: n must be a positive integer, got ${n}.`);
    return Math.floor(this.next() * n);
  }
}
