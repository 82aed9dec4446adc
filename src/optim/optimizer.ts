import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { camelizeKeys } from '../initializers/config.js';
import { K } from '../ops/util.js';
import type { FloatArray, Variable } from '../tensor/tensor.js';

/** One trainable variable and its gradient (same length; the optimizer never writes into grad). */
export interface GradPair {
  variable: Variable;
  grad: FloatArray;
}

/**
 * Everything an optimizer accumulates, so a resumed run continues bit for bit: the step counter and
 * the slot arrays (slot name -> variable name -> values). Typed arrays are copies; structured-clone
 * or write them as binary.
 */
export interface OptimizerState {
  className: string;
  iterations: number;
  slots: Record<string, Record<string, FloatArray>>;
}

/** Options every optimizer takes (Keras names in camelCase; snake_case keys also accepted). */
export interface OptimizerOptions {
  learningRate?: number;
  /** Clip each gradient tensor to this L2 norm (Keras 3 clip_by_norm). */
  clipnorm?: number | null;
  /** Clip each gradient element to [−clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Clip all gradients together to this global L2 norm. */
  globalClipnorm?: number | null;
}

/** Checks that v is a finite number within [lo, hi] (or > lo when exclusive); returns it or the default. */
export function checkNumber(where: string, key: string, v: unknown, dflt: number, lo = 0, hi = Infinity, loExclusive = false): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (loExclusive && v === lo)) {
    const range = hi === Infinity ? (loExclusive ? `> ${lo}` : `>= ${lo}`) : `in ${loExclusive ? '(' : '['}${lo}, ${hi}]`;
    throw new ValueError(`${where}: ${key} must be a number ${range}, got ${JSON.stringify(v)}.`);
  }
  return v;
}

function clipOption(where: string, key: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  return checkNumber(where, key, v, 0, 0, Infinity, true);
}

/**
 * Base optimizer (Keras 3 semantics). `applyGradients` clips the gradients (into scratch copies),
 * then updates each variable in place through the backend's update kernels; slot arrays are created
 * lazily, zero-filled, per variable name. `iterations` counts applyGradients calls.
 */
export abstract class Optimizer {
  abstract readonly className: string;
  learningRate: number;
  clipnorm?: number;
  clipvalue?: number;
  globalClipnorm?: number;
  iterations = 0;
  /** slot name -> variable name -> values. */
  protected readonly slots = new Map<string, Map<string, FloatArray>>();

  constructor(opts: OptimizerOptions, defaultLearningRate: number, where: string) {
    const o = camelizeKeys(opts as Record<string, unknown>);
    this.learningRate = checkNumber(where, 'learningRate', o.learningRate, defaultLearningRate);
    this.clipnorm = clipOption(where, 'clipnorm', o.clipnorm);
    this.clipvalue = clipOption(where, 'clipvalue', o.clipvalue);
    this.globalClipnorm = clipOption(where, 'globalClipnorm', o.globalClipnorm);
    const set = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((c) => c !== undefined).length;
    if (set > 1) {
      throw new ValueError(`${where}: only one of clipnorm, clipvalue and globalClipnorm can be set (as in Keras 3), got ${JSON.stringify({
        clipnorm: this.clipnorm, clipvalue: this.clipvalue, globalClipnorm: this.globalClipnorm })}.`);
    }
  }

  /** Updates one variable in place with its (clipped) gradient; `step` = iterations + 1. */
  protected abstract updateVariable(variable: Variable, grad: FloatArray, step: number): void;

  /** Optimizer-specific arguments for getConfig. */
  protected abstract ownConfig(): Record<string, unknown>;

  /** Applies one step to every variable. */
  applyGradients(pairs: readonly GradPair[]): void {
    const seen = new Set<string>();
    for (const { variable, grad } of pairs) {
      if (grad.length !== variable.size) {
        throw new ShapeError(`${this.className}: gradient for '${variable.name}' has ${grad.length} values, the variable has shape ${fmtShape(variable.shape)} (${variable.size} values).`);
      }
      if (seen.has(variable.name)) {
        throw new ValueError(`${this.className}: two variables are named '${variable.name}'; optimizer slots are keyed by name, so names must be unique.`);
      }
      seen.add(variable.name);
    }
    const grads = this.clipGradients(pairs.map((p) => p.grad));
    const step = this.iterations + 1;
    pairs.forEach((p, i) => this.updateVariable(p.variable, grads[i], step));
    this.iterations = step;
  }

  /** Keras 3 clipping; returns the caller's arrays untouched when nothing needs clipping. */
  private clipGradients(grads: FloatArray[]): FloatArray[] {
    const k = K();
    if (this.clipvalue !== undefined) {
      const c = this.clipvalue;
      return grads.map((g) => {
        const out = g.slice(); // out [...g]
        for (let i = 0; i < out.length; i++) out[i] = Math.min(Math.max(out[i], -c), c);
        return out;
      });
    }
    if (this.clipnorm !== undefined) {
      const c = this.clipnorm;
      return grads.map((g) => {
        const norm = Math.sqrt(k.sumSquares(g, g.length));
        return norm > c ? scaled(g, c / norm) : g;
      });
    }
    if (this.globalClipnorm !== undefined) {
      const c = this.globalClipnorm;
      let total = 0;
      for (const g of grads) total += k.sumSquares(g, g.length);
      const norm = Math.sqrt(total);
      return norm > c ? grads.map((g) => scaled(g, c / norm)) : grads;
    }
    return grads;
  }

  /** The slot array `slot` of a variable, created on first use filled with `init`. */
  protected slot(slot: string, variable: Variable, init = 0): FloatArray {
    let bySlot = this.slots.get(slot);
    if (!bySlot) {
      bySlot = new Map();
      this.slots.set(slot, bySlot);
    }
    let s = bySlot.get(variable.name);
    if (!s) {
      s = variable.data instanceof Float64Array ? new Float64Array(variable.size) : new Float32Array(variable.size); // s [...variable.shape]
      if (init !== 0) s.fill(init);
      bySlot.set(variable.name, s);
    } else if (s.length !== variable.size) {
      throw new ShapeError(`${this.className}: slot '${slot}' of '${variable.name}' has ${s.length} values, the variable has ${variable.size}.`);
    }
    return s;
  }

  /** Constructor arguments (camelCase Keras names), enough to rebuild the optimizer. */
  getConfig(): Record<string, unknown> {
    const cfg: Record<string, unknown> = { learningRate: this.learningRate, ...this.ownConfig() };
    if (this.clipnorm !== undefined) cfg.clipnorm = this.clipnorm;
    if (this.clipvalue !== undefined) cfg.clipvalue = this.clipvalue;
    if (this.globalClipnorm !== undefined) cfg.globalClipnorm = this.globalClipnorm;
    return cfg;
  }

  /** Copies of the step counter and all slot arrays. */
  getState(): OptimizerState {
    const slots: Record<string, Record<string, FloatArray>> = {};
    for (const [name, byVar] of this.slots) {
      slots[name] = {};
      for (const [v, arr] of byVar) slots[name][v] = arr.slice();
    }
    return { className: this.className, iterations: this.iterations, slots };
  }

  /** Restores a state from getState (copies the arrays in; replaces all current slots). */
  setState(state: OptimizerState): void {
    if (state.className !== this.className) {
      throw new ValueError(`${this.className}.setState: the state was saved by ${state.className}.`);
    }
    if (!Number.isInteger(state.iterations) || state.iterations < 0) {
      throw new ValueError(`${this.className}.setState: iterations must be a non-negative integer, got ${state.iterations}.`);
    }
    this.slots.clear();
    for (const [name, byVar] of Object.entries(state.slots)) {
      const m = new Map<string, FloatArray>();
      // Typed arrays are copied as they are; plain number arrays (e.g. from JSON) become float32.
      for (const [v, arr] of Object.entries(byVar)) m.set(v, arr instanceof Float64Array ? arr.slice() : Float32Array.from(arr as ArrayLike<number>));
      this.slots.set(name, m);
    }
    this.iterations = state.iterations;
  }
}

function scaled(g: FloatArray, s: number): FloatArray {
  const out = g.slice(); // out [...g]
  for (let i = 0; i < out.length; i++) out[i] *= s;
  return out;
}
