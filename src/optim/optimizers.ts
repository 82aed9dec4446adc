import { booleanOption, camelizeKeys } from '../initializers/config.js';
import { K } from '../ops/util.js';
import type { FloatArray, Variable } from '../tensor/tensor.js';
import { Optimizer, checkNumber, type OptimizerOptions } from './optimizer.js';

let zeroScratch: Float32Array = new Float32Array(0);
/** A scratch buffer for kernels that ignore an argument (plain SGD's velocity). */
function scratch(n: number): Float32Array {
  if (zeroScratch.length < n) zeroScratch = new Float32Array(n);
  return zeroScratch;
}

export interface SGDOptions extends OptimizerOptions {
  momentum?: number;
  nesterov?: boolean;
}

/**
 * Keras 3 SGD (lr 0.01): v = momentum·v − lr·g; w += nesterov ? momentum·v − lr·g : v.
 * With momentum 0 it is w −= lr·g and keeps no slot.
 */
export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  constructor(opts: SGDOptions = {}) {
    super(opts, 0.01, 'SGD');
    const o = camelizeKeys(opts as Record<string, unknown>);
    this.momentum = checkNumber('SGD', 'momentum', o.momentum, 0, 0, 1);
    this.nesterov = booleanOption('SGD', 'nesterov', o.nesterov) ?? false;
  }
  protected updateVariable(variable: Variable, g: FloatArray): void {
    const v = this.momentum === 0 ? scratch(g.length) : this.slot('momentum', variable);
    K().sgdUpdate(variable.floats('SGD'), v, g, g.length, this.learningRate, this.momentum, this.nesterov);
  }
  protected ownConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

export interface RMSpropOptions extends OptimizerOptions {
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/**
 * Keras 3 RMSprop (lr 1e-3, rho 0.9, momentum 0, epsilon 1e-7, centered false):
 * v = ρv + (1−ρ)g²; centered: ḡ = ρḡ + (1−ρ)g, denominator v − ḡ² + ε, else v + ε;
 * increment = lr·g/√denominator; with momentum m = momentum·m + increment, w −= m; else w −= increment.
 */
export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  constructor(opts: RMSpropOptions = {}) {
    super(opts, 0.001, 'RMSprop');
    const o = camelizeKeys(opts as Record<string, unknown>);
    this.rho = checkNumber('RMSprop', 'rho', o.rho, 0.9, 0, 1);
    this.momentum = checkNumber('RMSprop', 'momentum', o.momentum, 0, 0, 1);
    this.epsilon = checkNumber('RMSprop', 'epsilon', o.epsilon, 1e-7);
    this.centered = booleanOption('RMSprop', 'centered', o.centered) ?? false;
  }
  protected updateVariable(variable: Variable, g: FloatArray): void {
    const w = variable.floats('RMSprop');
    const v = this.slot('velocity', variable);
    const n = g.length;
    const { rho, epsilon: eps, learningRate: lr } = this;
    if (this.momentum === 0 && !this.centered) {
      K().rmspropUpdate(w, v, g, n, lr, rho, eps);
      return;
    }
    // General form (momentum and/or centered): no kernel, plain loops.
    const avg = this.centered ? this.slot('averageGradient', variable) : null;
    const mom = this.momentum > 0 ? this.slot('momentum', variable) : null;
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      v[i] = rho * v[i] + (1 - rho) * gi * gi;
      let denom = v[i] + eps;
      if (avg) {
        avg[i] = rho * avg[i] + (1 - rho) * gi;
        denom = v[i] - avg[i] * avg[i] + eps;
      }
      const inc = (lr * gi) / Math.sqrt(denom);
      if (mom) {
        mom[i] = this.momentum * mom[i] + inc;
        w[i] -= mom[i];
      } else {
        w[i] -= inc;
      }
    }
  }
  protected ownConfig(): Record<string, unknown> {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

export interface AdamOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

/**
 * Keras 3 Adam (lr 1e-3, β1 0.9, β2 0.999, ε 1e-7): m += (g − m)(1−β1); v += (g² − v)(1−β2);
 * α = lr·√(1−β2^t)/(1−β1^t); w −= α·m/(√v + ε). amsgrad uses v̂ = max(v̂, v) in place of v.
 */
export class Adam extends Optimizer {
  readonly className = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  constructor(opts: AdamOptions = {}) {
    super(opts, 0.001, 'Adam');
    const o = camelizeKeys(opts as Record<string, unknown>);
    // Keras spells them beta_1 / beta_2 (camelized: beta1 / beta2).
    this.beta1 = checkNumber('Adam', 'beta1', o.beta1, 0.9, 0, 1);
    this.beta2 = checkNumber('Adam', 'beta2', o.beta2, 0.999, 0, 1);
    this.epsilon = checkNumber('Adam', 'epsilon', o.epsilon, 1e-7);
    this.amsgrad = booleanOption('Adam', 'amsgrad', o.amsgrad) ?? false;
  }
  protected updateVariable(variable: Variable, g: FloatArray, step: number): void {
    const w = variable.floats('Adam');
    const m = this.slot('momentum', variable);
    const v = this.slot('velocity', variable);
    const alpha = (this.learningRate * Math.sqrt(1 - this.beta2 ** step)) / (1 - this.beta1 ** step);
    if (!this.amsgrad) {
      K().adamUpdate(w, m, v, g, g.length, alpha, this.beta1, this.beta2, this.epsilon);
      return;
    }
    const vhat = this.slot('velocityHat', variable);
    const c1 = 1 - this.beta1;
    const c2 = 1 - this.beta2;
    for (let i = 0; i < g.length; i++) {
      const gi = g[i];
      m[i] += (gi - m[i]) * c1;
      v[i] += (gi * gi - v[i]) * c2;
      vhat[i] = Math.max(vhat[i], v[i]);
      w[i] -= (alpha * m[i]) / (Math.sqrt(vhat[i]) + this.epsilon);
    }
  }
  protected ownConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

export interface AdagradOptions extends OptimizerOptions {
  initialAccumulatorValue?: number;
  epsilon?: number;
}

/** Keras 3 Adagrad (lr 1e-3, accumulator starts at 0.1, ε 1e-7): a += g²; w −= lr·g/√(a + ε). */
export class Adagrad extends Optimizer {
  readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  constructor(opts: AdagradOptions = {}) {
    super(opts, 0.001, 'Adagrad');
    const o = camelizeKeys(opts as Record<string, unknown>);
    this.initialAccumulatorValue = checkNumber('Adagrad', 'initialAccumulatorValue', o.initialAccumulatorValue, 0.1);
    this.epsilon = checkNumber('Adagrad', 'epsilon', o.epsilon, 1e-7);
  }
  protected updateVariable(variable: Variable, g: FloatArray): void {
    const a = this.slot('accumulator', variable, this.initialAccumulatorValue);
    K().adagradUpdate(variable.floats('Adagrad'), a, g, g.length, this.learningRate, this.epsilon);
  }
  protected ownConfig(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
