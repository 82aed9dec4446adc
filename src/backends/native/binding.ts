// Finds and loads the compiled addon (build/Release or prebuilds/, via node-gyp-build) and types it.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Conv1dDims } from '../../backend/kernels/conv.js';

/** The addon's functions: float32 kernels with the reference signatures, plus fn codes (see FN_CODES). */
export interface NativeBinding {
  matmul(out: Float32Array, a: Float32Array, b: Float32Array, m: number, n: number, k: number,
    transA: boolean, transB: boolean, accumulate: boolean): void;
  matmulBias(out: Float32Array, a: Float32Array, b: Float32Array, bias: Float32Array, m: number, n: number, k: number): void;
  /** matmul forced onto `threads` threads (tests and benchmarks). */
  matmulThreads(out: Float32Array, a: Float32Array, b: Float32Array, m: number, n: number, k: number,
    transA: boolean, transB: boolean, accumulate: boolean, threads: number): void;
  unary(out: Float32Array, x: Float32Array, n: number, fn: number): void;
  unaryGrad(dX: Float32Array, x: Float32Array, y: Float32Array, dY: Float32Array, n: number, fn: number): void;
  binary(out: Float32Array, a: Float32Array, b: Float32Array, outShape: readonly number[],
    aStrides: readonly number[], bStrides: readonly number[], fn: number): void;
  binaryGrad(dA: Float32Array | null, dB: Float32Array | null, a: Float32Array, b: Float32Array, dOut: Float32Array,
    outShape: readonly number[], aStrides: readonly number[], bStrides: readonly number[], fn: number): void;
  affine(out: Float32Array, x: Float32Array, n: number, alpha: number, beta: number): void;
  axpy(y: Float32Array, x: Float32Array, n: number, alpha: number): void;
  sumMid(out: Float32Array, x: Float32Array, outer: number, mid: number, inner: number): void;
  sumMidGrad(dX: Float32Array, dOut: Float32Array, outer: number, mid: number, inner: number): void;
  softmax(out: Float32Array, x: Float32Array, rows: number, cols: number): void;
  logSoftmax(out: Float32Array, x: Float32Array, rows: number, cols: number): void;
  softmaxGrad(dX: Float32Array, y: Float32Array, dY: Float32Array, rows: number, cols: number): void;
  logSoftmaxGrad(dX: Float32Array, y: Float32Array, dY: Float32Array, rows: number, cols: number): void;
  gather(out: Float32Array, table: Float32Array, ids: Int32Array, nIds: number, dim: number): void;
  scatterAdd(dTable: Float32Array, ids: Int32Array, dOut: Float32Array, nIds: number, dim: number): void;
  zeroRows(table: Float32Array, ids: Int32Array, nIds: number, dim: number): void;
  copyMid(dst: Float32Array, src: Float32Array, outer: number, inner: number, dstMid: number, dstStart: number,
    srcMid: number, srcStart: number, len: number, accumulate: boolean): void;
  transpose(out: Float32Array, x: Float32Array, shape: readonly number[], perm: readonly number[]): void;
  transposeGrad(dX: Float32Array, dOut: Float32Array, shape: readonly number[], perm: readonly number[]): void;
  conv1d(out: Float32Array, x: Float32Array, w: Float32Array, bias: Float32Array | null, d: Conv1dDims): void;
  conv1dGrad(dX: Float32Array | null, dW: Float32Array | null, dBias: Float32Array | null, dOut: Float32Array,
    x: Float32Array, w: Float32Array, d: Conv1dDims): void;
  // Softmax cross-entropy from logits: the signatures of src/backend/kernels/loss.ts, float32 only.
  softmaxXentSparse(probs: Float32Array, x: Float32Array, ids: Int32Array, rows: number, c: number): number;
  softmaxXentSparseGrad(dX: Float32Array, probs: Float32Array, ids: Int32Array, g: number, rows: number, c: number): void;
  softmaxXent(logSm: Float32Array, x: Float32Array, t: Float32Array, keep: number, add: number, rows: number, c: number): number;
  softmaxXentGrad(dX: Float32Array | null, dT: Float32Array | null, logSm: Float32Array, t: Float32Array, g: number,
    keep: number, add: number, rows: number, c: number): void;
  sgdUpdate(w: Float32Array, v: Float32Array, g: Float32Array, n: number, lr: number, momentum: number, nesterov: boolean): void;
  rmspropUpdate(w: Float32Array, v: Float32Array, g: Float32Array, n: number, lr: number, rho: number, eps: number): void;
  adamUpdate(w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, n: number, alpha: number,
    beta1: number, beta2: number, eps: number): void;
  adagradUpdate(w: Float32Array, a: Float32Array, g: Float32Array, n: number, lr: number, eps: number): void;
  sumSquares(g: Float32Array, n: number): number;
  // Fused recurrent kernels: the signatures of src/backend/kernels/rnn.ts, float32 only.
  simpleRnnSeqForward(hSeq: Float32Array, xProj: Float32Array, xIds: Int32Array | null, U: Float32Array, h0: Float32Array,
    recMask: Float32Array | null, timeMask: Float32Array | null, T: number, B: number, H: number): void;
  simpleRnnSeqBackward(dXProj: Float32Array, dU: Float32Array, dBias: Float32Array | null, dH0: Float32Array | null, dHSeq: Float32Array | null, dHLast: Float32Array | null,
    hSeq: Float32Array, U: Float32Array, h0: Float32Array, recMask: Float32Array | null, timeMask: Float32Array | null,
    T: number, B: number, H: number): void;
  lstmSeqForward(hSeq: Float32Array, cSeq: Float32Array, gates: Float32Array | null, xProj: Float32Array, xIds: Int32Array | null, U: Float32Array,
    h0: Float32Array, c0: Float32Array, recMask: Float32Array | null, timeMask: Float32Array | null,
    T: number, B: number, H: number): void;
  lstmSeqBackward(dXProj: Float32Array, dU: Float32Array, dBias: Float32Array | null, dH0: Float32Array | null, dC0: Float32Array | null,
    dHSeq: Float32Array | null, dHLast: Float32Array | null, dCLast: Float32Array | null, hSeq: Float32Array, cSeq: Float32Array, gates: Float32Array,
    U: Float32Array, h0: Float32Array, c0: Float32Array, recMask: Float32Array | null, timeMask: Float32Array | null,
    T: number, B: number, H: number): void;
  gruSeqForward(hSeq: Float32Array, cache: Float32Array | null, xProj: Float32Array, xIds: Int32Array | null, U: Float32Array, bRec: Float32Array | null,
    h0: Float32Array, recMask: Float32Array | null, timeMask: Float32Array | null,
    T: number, B: number, H: number, resetAfter: boolean): void;
  gruSeqBackward(dXProj: Float32Array, dU: Float32Array, dBias: Float32Array | null, dBRec: Float32Array | null, dH0: Float32Array | null,
    dHSeq: Float32Array | null, dHLast: Float32Array | null, hSeq: Float32Array, cache: Float32Array, U: Float32Array, bRec: Float32Array | null,
    h0: Float32Array, recMask: Float32Array | null, timeMask: Float32Array | null,
    T: number, B: number, H: number, resetAfter: boolean): void;
  /**
   * The recurrent multiply-adds per call from which the fused kernels split the batch over threads;
   * with an argument, sets it first (tests pass 0 to exercise the split on small shapes).
   */
  rnnParallelMacs(macs?: number): number;
  /** SIMD path chosen at run time ('avx512' | 'avx2' | 'baseline') and GEMM threads. */
  info(): { simd: string; threads: number };
  /** GFLOP/s of independent vector multiply-add chains on `threads` threads for `seconds` (peak.cc): the CPU's peak now. */
  fmaPeak(threads: number, seconds: number): number;
  setThreads(n: number): void;
}

/** Integer codes of the functions the addon implements (native/src/kernels/kernels.h). */
export const UNARY_CODES: Readonly<Record<string, number>> = { tanh: 0, sigmoid: 1, relu: 2 };
export const BINARY_CODES: Readonly<Record<string, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };

export interface LoadedBinding {
  binding: NativeBinding;
  /** The .node file that was loaded. */
  path: string;
}

/** The package root: the nearest folder above this module whose package.json is rnnkit's. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'rnnkit') return dir;
      } catch {
        // not a readable package.json: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find rnnkit's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/**
 * Loads the addon: RNNKIT_NATIVE_PATH (an explicit .node file, e.g. the AddressSanitizer build) if
 * set, else node-gyp-build's search (build/Release, then prebuilds/<platform>-<arch>/). Throws when
 * none is found or it does not load.
 */
export function loadBinding(): LoadedBinding {
  const require = createRequire(import.meta.url);
  const explicit = process.env.RNNKIT_NATIVE_PATH;
  let path: string;
  if (explicit) {
    path = explicit;
  } else {
    const nodeGypBuild = require('node-gyp-build') as { path(dir: string): string };
    path = nodeGypBuild.path(packageRoot());
  }
  const binding = require(path) as NativeBinding;
  if (typeof binding.matmul !== 'function' || typeof binding.info !== 'function') {
    throw new Error(`${path} is not the rnnkit addon (no matmul/info exports)`);
  }
  return { binding, path };
}
