import type { DType } from '../tensor/tensor.js';
import type { Layer } from './layer.js';

/** A shape with unknown dimensions (batch, time) as null. */
export type Shape = (number | null)[];

/** One application of a layer in a functional graph: which symbolic tensors went in and came out. */
export interface GraphNode {
  layer: Layer;
  inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
  /** Extra call arguments recorded at apply time (e.g. { training: false } overrides). */
  callArgs: Record<string, unknown>;
}

let symCounter = 0;

/**
 * A placeholder for a tensor in a functional model: it has a shape (batch as null) and a dtype,
 * and remembers the layer application that produces it.
 */
export class SymbolicTensor {
  readonly id = ++symCounter;
  node: GraphNode | null = null;
  constructor(
    readonly shape: Shape,
    readonly dtype: DType,
    readonly name: string,
    /** Index among the outputs of `node`. */
    readonly outputIndex = 0,
  ) {}
  get rank(): number {
    return this.shape.length;
  }
  toString(): string {
    return `SymbolicTensor(${this.name}, [${this.shape.map((d) => (d == null ? '?' : d)).join(', ')}], ${this.dtype})`;
  }
}
