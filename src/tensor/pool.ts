/**
 * Reuse of big float buffers between training steps.
 *
 * One training step of a recurrent model allocates tens of megabytes of short-lived buffers (the
 * input projections, gate activations, state sequences and their gradients, the gradient of a big
 * embedding table). Fresh typed arrays cost page faults, zero-filling and garbage collection every
 * step; this pool hands the same buffers out again instead.
 *
 * Inside `bufferScope(fn)` (the model's train / evaluate / predict step), `pooledBuffer(dtype, n)`
 * returns a pooled buffer whose contents are whatever an earlier step left there, and
 * `pooledZeros(dtype, n)` one filled with zeros. When the OUTERMOST scope ends, every buffer it
 * handed out goes back to the pool. Outside any scope both simply allocate a fresh zeroed array.
 *
 * Only code that knows its buffer does not outlive the step may take one: scratch that an op's
 * backward closure captures (the tape is dropped at the end of the step) and the tape's own
 * gradient buffers in a training step. Never a tensor that is returned to the caller.
 */
import type { FloatArray } from './tensor.js';

type FloatKind = 'float32' | 'float64';

/** Buffers below this many elements are allocated normally (V8 makes small arrays cheaply). */
const MIN_POOLED = 4096;
/** Bytes the pool may keep between scopes before it drops buffers unused in the last scope. */
const DEFAULT_CAP_BYTES = 256 * 1024 * 1024;

interface PoolState {
  free: Map<string, FloatArray[]>;
  taken: FloatArray[];
  usedKeys: Set<string>;
  depth: number;
  pooledBytes: number;
  capBytes: number;
  poison: boolean;
}

const state: PoolState = {
  free: new Map(), taken: [], usedKeys: new Set(), depth: 0, pooledBytes: 0, capBytes: DEFAULT_CAP_BYTES, poison: false,
};

function keyOf(dtype: FloatKind, n: number): string {
  return `${dtype}:${n}`;
}

/**
 * A float buffer of n elements for this step. Its contents are NOT defined (the caller must write
 * every element before reading it) unless no scope is active, in which case it is a new zeroed array.
 */
export function pooledBuffer(dtype: FloatKind, n: number): FloatArray {
  return take(dtype, n).buf;
}

/** Like `pooledBuffer`, filled with zeros (a buffer known to be zero already is not filled again). */
export function pooledZeros(dtype: FloatKind, n: number): FloatArray {
  const { buf, zero } = take(dtype, n);
  if (!zero) buf.fill(0);
  return buf;
}

/** Hands out a buffer; `zero` tells whether it is known to hold only zeros. */
function take(dtype: FloatKind, n: number): { buf: FloatArray; zero: boolean } {
  if (state.depth === 0 || n < MIN_POOLED) return { buf: dtype === 'float64' ? new Float64Array(n) : new Float32Array(n), zero: true };
  const key = keyOf(dtype, n);
  state.usedKeys.add(key);
  const list = state.free.get(key);
  let buf = list?.pop();
  let zero = true;
  if (buf) {
    state.pooledBytes -= buf.byteLength;
    zero = knownZero.delete(buf);
  } else {
    buf = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  }
  if (state.poison) {
    buf.fill(Number.NaN);
    zero = false;
  }
  state.taken.push(buf);
  leases.set(buf, ++leaseCount);
  return { buf, zero };
}

const leases = new WeakMap<FloatArray, number>();
let leaseCount = 0;

/**
 * Which hand-out of a pooled buffer this is (a number that changes every time the pool hands the
 * buffer out again); 0 for an array the pool never handed out. Code that keeps a reference to a
 * pooled buffer beyond one use can check with it that the buffer was not handed out since.
 */
export function bufferLease(buf: FloatArray): number {
  return leases.get(buf) ?? 0;
}

/** Pooled buffers known to hold only zeros (they need no fill when handed out by pooledZeros). */
const knownZero = new WeakSet<FloatArray>();

/**
 * For a buffer handed out in the open scope that is zero except in some rows of width `dim` (a
 * sparse gradient: an embedding table's, written only by scatter-adds of the looked-up ids):
 * zeroes those rows now, so the buffer returns to the pool known to be all zeros and the next
 * step's pooledZeros skips the full fill (`zeroRows` is the backend's row-clearing kernel). When the
 * rows cover more than a quarter of the buffer nothing is done: the next full fill is cheaper. Only
 * the owner of the buffer may call it, after its last use.
 */
export function releaseSparseRows(buf: FloatArray, rows: readonly Int32Array[], dim: number,
  zeroRows: (buf: FloatArray, ids: Int32Array, nIds: number, dim: number) => void): void {
  if (state.depth === 0 || buf.length < MIN_POOLED) return;
  let touched = 0;
  for (const ids of rows) touched += ids.length * dim;
  if (touched * 4 > buf.length) return; // rows covering much of the table: the next full fill is cheaper
  for (const ids of rows) zeroRows(buf, ids, ids.length, dim);
  knownZero.add(buf);
}

/** Returns the buffers of a finished outermost scope to the pool and keeps the pool under its cap. */
function release(): void {
  for (const buf of state.taken) {
    const key = keyOf(buf instanceof Float64Array ? 'float64' : 'float32', buf.length);
    let list = state.free.get(key);
    if (!list) {
      list = [];
      state.free.set(key, list);
    }
    list.push(buf);
    state.pooledBytes += buf.byteLength;
  }
  state.taken = [];
  if (state.pooledBytes > state.capBytes) {
    for (const [key, list] of state.free) {
      if (state.usedKeys.has(key)) continue;
      for (const b of list) state.pooledBytes -= b.byteLength;
      state.free.delete(key);
    }
    if (state.pooledBytes > state.capBytes) clearBufferPool();
  }
  state.usedKeys.clear();
}

/**
 * Runs fn with the buffer pool active; when the outermost scope ends (normally or by an
 * exception) every buffer handed out inside it returns to the pool. A scope is a model step: its
 * intermediates are the step's own, e.g. an Embedding's output feeding a recurrent layer gets its
 * gradient summed per id rather than per place (src/layers/rnn/fused/unique.ts).
 */
export function bufferScope<T>(fn: () => T): T {
  state.depth++;
  try {
    return fn();
  } finally {
    state.depth--;
    if (state.depth === 0) release();
  }
}

/** True inside a bufferScope. */
export function inBufferScope(): boolean {
  return state.depth > 0;
}

/** Drops every pooled buffer (they become garbage); buffers handed out in an open scope stay valid. */
export function clearBufferPool(): void {
  state.free.clear();
  state.pooledBytes = 0;
}

/** Pool statistics: bytes kept for reuse, buffers handed out in the open scope. */
export function bufferPoolStats(): { pooledBytes: number; takenBuffers: number; capBytes: number } {
  return { pooledBytes: state.pooledBytes, takenBuffers: state.taken.length, capBytes: state.capBytes };
}

/** Sets the byte cap of the pool (default 256 MB); 0 keeps nothing between scopes. */
export function setBufferPoolCap(bytes: number): void {
  state.capBytes = Math.max(0, bytes);
}

/**
 * Testing aid: when on, every `pooledBuffer` buffer is filled with NaN before it is handed out, so code
 * that reads a scratch element before writing it produces NaN instead of a stale value.
 */
export function setBufferPoison(on: boolean): void {
  state.poison = on;
}
