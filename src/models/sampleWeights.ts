// fit/evaluate's sampleWeight and classWeight (Keras 3 semantics): validation and conversion to one
// float64 weight per sample.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Shape } from '../layers/symbolic.js';
import { Tensor } from '../tensor/tensor.js';

/** One weight per sample: a tensor [N] or [N, 1], or numbers (nested [[w], ...] allowed). */
export type SampleWeightInput = Tensor | number[] | number[][];
/** Class id -> weight (Keras' class_weight); classes not listed weigh 1. */
export type ClassWeight = Record<number, number>;

function checkWeight(v: number, where: string, what: string): void {
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0 || !Number.isFinite(v)) {
    throw new ValueError(`${where}: ${what} is ${v}; weights must be finite numbers >= 0.`);
  }
}

/**
 * User sample weights as a float64 tensor [N]. Accepts [N] or [N, 1]; every weight finite and >= 0.
 */
export function toSampleWeights(sw: SampleWeightInput, n: number, where: string): Tensor {
  let values: ArrayLike<number>;
  let shape: readonly number[];
  if (sw instanceof Tensor) {
    values = sw.data;
    shape = sw.shape;
  } else if (Array.isArray(sw)) {
    const nested = sw.length > 0 && Array.isArray(sw[0]);
    const flat: number[] = [];
    for (let i = 0; i < sw.length; i++) {
      const e = sw[i];
      if (nested) {
        if (!Array.isArray(e) || e.length !== 1) {
          throw new ShapeError(`${where}: sampleWeight must be one weight per sample, [N] or [N, 1]; row ${i} is ${JSON.stringify(e)}.`);
        }
        flat.push(e[0]);
      } else if (Array.isArray(e)) {
        throw new ShapeError(`${where}: sampleWeight mixes numbers and arrays (entry ${i}).`);
      } else {
        flat.push(e);
      }
    }
    values = flat;
    shape = nested ? [flat.length, 1] : [flat.length];
  } else {
    throw new ValueError(`${where}: sampleWeight must be a Tensor or an array of numbers, got ${typeof sw}.`);
  }
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw new ShapeError(`${where}: sampleWeight must have shape [N] or [N, 1] (one weight per sample), got ${fmtShape(shape)}. Per-timestep weights are not supported.`);
  }
  if (shape[0] !== n) {
    throw new ShapeError(`${where}: sampleWeight has ${shape[0]} weights but there are ${n} samples; give one weight per sample.`);
  }
  const out = new Float64Array(n); // out [N]
  for (let i = 0; i < n; i++) {
    checkWeight(values[i], where, `sampleWeight[${i}]`);
    out[i] = values[i];
  }
  return new Tensor(out, [n]);
}

/** Validated class weights: class id -> weight. */
function classWeightMap(cw: ClassWeight, classes: number, outShape: Shape, where: string): Map<number, number> {
  if (cw === null || typeof cw !== 'object' || cw instanceof Tensor) {
    throw new ValueError(`${where}: classWeight must be an object mapping class ids to weights, e.g. {0: 1, 1: 3}; got ${cw === null ? 'null' : typeof cw}.`);
  }
  const map = new Map<number, number>();
  for (const [key, value] of Object.entries(cw)) {
    if (!/^\d+$/.test(key)) {
      throw new ValueError(`${where}: classWeight key '${key}' is not a class id; keys must be integers >= 0 (class ids), e.g. {0: 1, 1: 3}.`);
    }
    const id = Number(key);
    if (id >= classes) {
      const what = classes === 2 && (outShape.length < 2 || outShape[outShape.length - 1] === 1)
        ? `a binary target (output ${fmtShape(outShape)}) has the classes 0 and 1`
        : `the model's output ${fmtShape(outShape)} has ${classes} classes (ids 0..${classes - 1})`;
      throw new ValueError(`${where}: classWeight has key ${id}, but ${what}.`);
    }
    checkWeight(value, where, `classWeight[${id}]`);
    map.set(id, value);
  }
  return map;
}

/**
 * Keras' class_weight_to_sample_weights on prepared labels: the class of a sample is its sparse id,
 * the argmax of a one-hot row [N, C], or the rounded 0/1 label of a binary target [N] / [N, 1];
 * its weight is classWeight[class] (1 for classes not listed). Targets of 3+ dimensions are refused
 * as Keras refuses them (a sequence has no single class).
 */
export function classWeightToSampleWeights(y: Tensor, cw: ClassWeight, outShape: Shape, lossName: string, where: string): Tensor {
  if (outShape.length > 2) {
    throw new ValueError(`${where}: classWeight is not supported for 3+ dimensional targets (the model's output is ${fmtShape(outShape)}); `
      + 'a sample has no single class. Give sampleWeight (one weight per sample) instead.');
  }
  const n = y.shape[0];
  const last = outShape.length === 2 ? outShape[1] : 1;
  const sparse = /sparse/i.test(lossName);
  const classes = last != null && last > 1 ? last : 2;
  const map = classWeightMap(cw, classes, outShape, where);
  const row = n > 0 ? y.size / n : 0;
  const out = new Float64Array(n); // out [N]
  for (let i = 0; i < n; i++) {
    let cls: number;
    if (!sparse && row > 1) {
      cls = 0; // argmax of the one-hot row (first on ties)
      for (let j = 1; j < row; j++) if (y.data[i * row + j] > y.data[i * row + cls]) cls = j;
    } else {
      cls = Math.round(y.data[i * row]);
    }
    if (!(cls >= 0 && cls < classes)) {
      throw new ValueError(`${where}: label ${y.data[i * row]} of sample ${i} is not a class id in 0..${classes - 1}, so classWeight cannot weigh it.`);
    }
    out[i] = map.get(cls) ?? 1;
  }
  return new Tensor(out, [n]);
}

export interface WeightArgs {
  sampleWeight?: SampleWeightInput;
  classWeight?: ClassWeight;
}

/** Keras refuses sampleWeight and classWeight together; so does this. */
export function checkNotBoth(args: WeightArgs, where: string): void {
  if (args.sampleWeight != null && args.classWeight != null) {
    throw new ValueError(`${where}: you cannot give classWeight and sampleWeight at the same time (Keras refuses this too). `
      + 'Fold the class weights into sampleWeight: sampleWeight[i] = w_i · classWeight[class of sample i].');
  }
}

/**
 * The per-sample weights [N] for fit/evaluate, or null when neither option is given. Keras refuses
 * sampleWeight and classWeight together ("You cannot `class_weight` and `sample_weight` at the same
 * time."), and so does this.
 */
export function resolveSampleWeights(args: WeightArgs, y: Tensor, outShape: Shape, lossName: string, where: string): Tensor | null {
  const n = y.shape[0];
  checkNotBoth(args, where);
  if (args.sampleWeight != null) return toSampleWeights(args.sampleWeight, n, where);
  if (args.classWeight != null) return classWeightToSampleWeights(y, args.classWeight, outShape, lossName, where);
  return null;
}
