import { ValueError, fmtShape } from '../errors.js';
import { getBackend } from '../backend/registry.js';
import { pooledBuffer, pooledZeros, releaseSparseRows } from '../tensor/pool.js';
import type { FloatArray, Tensor } from '../tensor/tensor.js';

/**
 * Backward of one op: reads the output gradients dOutputs (one per output, same order) and
 * ACCUMULATES (+=) into dInputs (one per input; null where that input needs no gradient).
 * The dInputs buffers are zeroed by the tape before the first op adds into them — except where
 * fresh[i] is true: then dInputs[i] is uninitialised and the backward must WRITE (=) every element
 * of it. Only inputs an op declares in `writesFresh` are ever fresh (the first gradient written
 * for that tensor): it saves a zero-fill and a read pass over large input gradients.
 */
export type Backward = (dOutputs: FloatArray[], dInputs: (FloatArray | null)[], fresh: readonly boolean[]) => void;

export interface TapeRecord {
  name: string;
  inputs: Tensor[];
  outputs: Tensor[];
  backward: Backward;
  /** Input indices whose gradient the backward can write (=) when it is the first one (see Backward). */
  writesFresh?: readonly number[];
}

/**
 * A tape of op records in execution order. `backward(loss)` walks it in reverse, which is a
 * topological order, accumulating each tensor's gradient into one zero-initialised buffer.
 */
export class Tape {
  readonly records: TapeRecord[] = [];
  private readonly grads = new Map<Tensor, FloatArray>();
  /**
   * Pooled tapes: per gradient buffer, the id lists of the `gather` records that wrote it, or
   * 'dense' once anything else wrote it (see dispose).
   */
  private readonly writers = new Map<Tensor, Int32Array[] | 'dense'>();
  /** Tensors whose gradient buffer backward() seeded (written densely). */
  private readonly seeded = new Set<Tensor>();

  /**
   * pooled: gradient buffers come from the buffer pool (src/tensor/pool.ts), so they are only
   * valid until the enclosing bufferScope ends (the model's training step uses this).
   */
  constructor(private readonly pooled = false) {}

  push(record: TapeRecord): void {
    this.records.push(record);
  }

  /** The gradient buffer of t, allocated zeroed on first use (uninitialised for a pooled tape when `fresh`). */
  private gradBuffer(t: Tensor, fresh = false): FloatArray {
    let g = this.grads.get(t);
    if (!g) {
      const dtype = t.dtype === 'float64' ? 'float64' : 'float32';
      if (this.pooled) g = fresh ? pooledBuffer(dtype, t.size) : pooledZeros(dtype, t.size);
      else g = dtype === 'float64' ? new Float64Array(t.size) : new Float32Array(t.size);
      this.grads.set(t, g);
    }
    return g;
  }

  /**
   * Back-propagates from `output` (usually the scalar loss). dOutput defaults to ones, so for a
   * scalar loss every gradient is dLoss/dX.
   */
  backward(output: Tensor, dOutput?: ArrayLike<number>): void {
    this.backwardMany([output], dOutput ? [dOutput] : undefined);
  }

  /**
   * Back-propagates from several outputs at once (each seeded with its dOutput, default ones) in
   * ONE walk of the tape, so work shared by the outputs is counted once.
   */
  backwardMany(outputs: Tensor[], dOutputs?: ArrayLike<number>[]): void {
    outputs.forEach((output, k) => {
      if (!output.requiresGrad) {
        throw new ValueError(`backward(): ${output} does not depend on any tensor that requires a gradient (was it computed inside this tape?).`);
      }
      const seed = this.gradBuffer(output);
      this.seeded.add(output);
      const d = dOutputs?.[k];
      if (d) {
        if (d.length !== output.size) {
          throw new ValueError(`backward(): dOutput has ${d.length} values, output shape ${fmtShape(output.shape)} has ${output.size}.`);
        }
        for (let i = 0; i < seed.length; i++) seed[i] += d[i];
      } else {
        for (let i = 0; i < seed.length; i++) seed[i] += 1;
      }
    });
    for (let r = this.records.length - 1; r >= 0; r--) {
      const rec = this.records[r];
      if (!rec.outputs.some((o) => this.grads.has(o))) continue;
      const dOut = rec.outputs.map((o) => this.gradBuffer(o));
      const fresh = rec.inputs.map((x, i) => rec.writesFresh !== undefined && rec.writesFresh.includes(i) && !this.grads.has(x)
        && x.requiresGrad && x.dtype !== 'int32' && rec.inputs.indexOf(x) === rec.inputs.lastIndexOf(x));
      const dIn = rec.inputs.map((x, i) => (x.requiresGrad && x.dtype !== 'int32' ? this.gradBuffer(x, fresh[i]) : null));
      if (this.pooled) this.noteWriters(rec, dIn);
      rec.backward(dOut, dIn, fresh);
    }
  }

  /** The accumulated gradient of t after backward(), or null if t got none. */
  grad(t: Tensor): FloatArray | null {
    return this.grads.get(t) ?? null;
  }

  /** Pooled tapes: remembers which records write which gradient buffers (a gather writes rows only). */
  private noteWriters(rec: TapeRecord, dIn: (FloatArray | null)[]): void {
    const ids = rec.inputs[1];
    rec.inputs.forEach((x, i) => {
      const w = this.writers.get(x);
      if (!dIn[i] || w === 'dense') return;
      const rowsOnly = rec.name === 'gather' && i === 0 && ids?.dtype === 'int32'; // scatter-adds into the rows of ids
      if (!rowsOnly) this.writers.set(x, 'dense');
      else if (w) w.push(ids.data as Int32Array);
      else this.writers.set(x, [ids.data as Int32Array]);
    });
  }

  /**
   * Drops records and gradients so their memory can be reclaimed. A pooled tape first zeroes the
   * rows that gathers wrote into otherwise untouched gradient buffers (an embedding table's), so
   * the pool need not clear the whole table's gradient again next step. Call it only after the
   * gradients were used.
   */
  dispose(): void {
    if (this.pooled) {
      for (const [t, g] of this.grads) {
        const w = this.writers.get(t);
        const seeded = this.seeded.has(t);
        if (w !== 'dense' && !seeded && t.rank === 2) releaseSparseRows(g, w ?? [], t.shape[1], (b, ids, n, d) => getBackend().zeroRows(b, ids, n, d));
      }
      this.writers.clear();
      this.seeded.clear();
    }
    this.records.length = 0;
    this.grads.clear();
  }
}

let active: Tape | null = null;
let paused = 0;

/** True while a tape records (inside `record`) and not inside `noGrad`. */
export function isRecording(): boolean {
  return active !== null && paused === 0;
}

/** The tape that records now, if any. */
export function activeTape(): Tape | null {
  return paused === 0 ? active : null;
}

/**
 * Runs fn while a new tape records every op whose inputs require gradients.
 * Returns the tape (call tape.backward(loss), then tape.grad(x)) and fn's result. `pooled`: the
 * gradient buffers come from the buffer pool (valid only inside the enclosing bufferScope).
 */
export function record<T>(fn: (tape: Tape) => T, opts: { pooled?: boolean } = {}): { tape: Tape; result: T } {
  const tape = new Tape(opts.pooled ?? false);
  const prev = active;
  active = tape;
  try {
    const result = fn(tape);
    return { tape, result };
  } finally {
    active = prev;
  }
}

/** Runs fn with recording paused (inference, metric computation). */
export function noGrad<T>(fn: () => T): T {
  paused++;
  try {
    return fn();
  } finally {
    paused--;
  }
}

/**
 * Convenience: gradients of a scalar function with respect to some tensors.
 * `const [dW, dB] = grads(() => loss(model(x)), [w, b])`.
 */
export function grads(fn: () => Tensor, wrt: Tensor[]): { value: Tensor; grads: (FloatArray | null)[] } {
  const saved = wrt.map((t) => t.requiresGrad);
  for (const t of wrt) t.requiresGrad = true;
  try {
    const { tape, result } = record(() => fn());
    tape.backward(result);
    return { value: result, grads: wrt.map((t) => tape.grad(t)) };
  } finally {
    wrt.forEach((t, i) => (t.requiresGrad = saved[i]));
  }
}
