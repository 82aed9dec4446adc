/**
 * The fused recurrent ops: ONE tape record per sequence. Forward = input projection GEMM + the
 * backend's whole-sequence kernel; backward = the backend's BPTT kernel + the projection's
 * gradient GEMMs. Masks and dropout masks are constants (no gradient).
 */
import { defineOp } from '../../../autograd/op.js';
import { isRecording } from '../../../autograd/tape.js';
import { ShapeError, ValueError, fmtShape } from '../../../errors.js';
import { K, empty, sameFloat } from '../../../ops/util.js';
import { bufferLease, inBufferScope, pooledBuffer, pooledZeros } from '../../../tensor/pool.js';
import { Tensor, type FloatArray } from '../../../tensor/tensor.js';
import {
  floatsAs, idsTimeMajor, inputsTimeMajor, kindOf, oneHotColumns, oneHotTable, projectInputs, projectInputsGrad, seqBatchMajor, seqGradTimeMajor,
  timeMaskTimeMajor, type FloatKind, type SeqConstants,
} from './layout.js';
import { uniqueRows, uniqueRowsGrad, type UniqueRows } from './unique.js';

/** Checks shapes common to every cell; returns [B, T, D]. */
function checkSeq(where: string, x: Tensor, W: Tensor, U: Tensor, H: number, gates: number): [number, number, number] {
  if (x.rank !== 3) throw new ShapeError(`${where}: expected input [batch, time, features], got ${fmtShape(x.shape)}.`);
  const [B, T, D] = x.shape;
  if (T === 0) throw new ShapeError(`${where}: the input sequence has 0 time steps (shape ${fmtShape(x.shape)}); need at least 1.`);
  if (W.rank !== 2 || W.shape[0] !== D || W.shape[1] !== gates * H) {
    throw new ShapeError(`${where}: kernel must be [${D}, ${gates * H}], got ${fmtShape(W.shape)}.`);
  }
  if (U.rank !== 2 || U.shape[0] !== H || U.shape[1] !== gates * H) {
    throw new ShapeError(`${where}: recurrent kernel must be [${H}, ${gates * H}], got ${fmtShape(U.shape)}.`);
  }
  return [B, T, D];
}

function checkState(where: string, s: Tensor, B: number, H: number, what: string): void {
  if (s.rank !== 2 || s.shape[0] !== B || s.shape[1] !== H) {
    throw new ShapeError(`${where}: initial ${what} must be [${B}, ${H}] (batch, units), got ${fmtShape(s.shape)}.`);
  }
}

/** Scratch gradient buffer when the tape does not need one (kernels always write dU). */
function orScratch(d: FloatArray | null, like: FloatArray, n: number): FloatArray {
  return d ?? pooledZeros(kindOf(like), n);
}

/**
 * The op's outputs: [seq [B,T,H], ...lasts] when the sequence is used, else only the lasts (the
 * last steps [B,H] of the time-major state sequences [T,B,H]).
 */
function seqOutputs(needSeq: boolean, hSeq: FloatArray, states: FloatArray[], B: number, T: number, H: number, dtype: FloatKind): Tensor[] {
  const lasts = states.map((s) => lastStep(s, B, T, H, dtype)); // each [B,H]
  if (!needSeq) return lasts;
  const seq = seqOutput(hSeq, B, T, H, dtype); // seq [B,T,H]
  timeMajorOf.set(seq, { tm: hSeq, lease: bufferLease(hSeq) }); // seq[b,t] = hSeq[t,b]: a stacked layer reads hSeq instead of transposing seq back
  return [seq, ...lasts];
}

/**
 * The time-major twin [T,B,H] of a sequence output [B,T,H] (the op's hSeq, in the same step
 * order), so the next recurrent layer of a stack skips its batch → time transpose. Both are
 * read-only once made. hSeq may be a pooled buffer: the twin counts only while the pool has not
 * handed it out again (same lease), e.g. not for a sequence tensor kept from an earlier step.
 */
const timeMajorOf = new WeakMap<Tensor, { tm: FloatArray; lease: number }>();

function twinOf(x: Tensor): FloatArray | undefined {
  const t = timeMajorOf.get(x);
  return t && bufferLease(t.tm) === t.lease ? t.tm : undefined;
}

/** Splits the output gradients as seqOutputs laid them out: dSeq (null when unused) and the lasts'. */
function splitGrads(needSeq: boolean, dOuts: FloatArray[]): { dSeq: FloatArray | null; dLasts: FloatArray[] } {
  return needSeq ? { dSeq: dOuts[0], dLasts: dOuts.slice(1) } : { dSeq: null, dLasts: dOuts };
}

/** The public result [seq, ...lasts]: when the sequence is not used, its slot holds the last h. */
function withSeqSlot(needSeq: boolean, outs: Tensor[]): Tensor[] {
  return needSeq ? outs : [outs[0], ...outs];
}

/**
 * The constant inputs of a sequence in the op's precision: dropout masks, time mask [T,B], x
 * time-major [T,B,D] (null when the projection is read from a table) and the input projection
 * the forward kernel reads: xProj [T,B,G], or (xIds [T,B] given) a table [V,G] and the ids of its
 * rows — an inference projection table E·W + b, or W + b for one-hot input (`hot`: the column of
 * each row's 1, processing order, which the backward scatters dW by).
 */
function seqInputs(where: string, x: Tensor, W: Tensor, bias: FloatArray | null, c: SeqConstants, B: number, T: number, D: number,
  G: number, dtype: FloatKind): {
    inMask: FloatArray | null; recMask: FloatArray | null; tMask: FloatArray | null; src: InputSource;
    xProj: FloatArray; xIds: Int32Array | null;
  } {
  const inMask = floatsAs(c.inMask, dtype);
  const recMask = floatsAs(c.recMask, dtype);
  const tMask = timeMaskTimeMajor(c.timeMask, B, T, c.goBackwards, dtype); // [T,B]
  if (c.projected) {
    if (isRecording() || inMask) throw new ValueError(`${where}: a projection table is an inference-only shortcut (no tape, no input dropout).`);
    const xIds = idsTimeMajor(c.projected.ids.data, B, T, c.goBackwards); // [T,B]
    return { inMask, recMask, tMask, src: NO_SOURCE, xProj: c.projected.table, xIds };
  }
  if (c.rowIds && c.rowIds.ids.dtype === 'int32') {
    // An Embedding's output: repeated tokens share one projection (fused/unique.ts).
    const shared = uniqueRows(x.floats(), c.rowIds.ids.data as Int32Array, c.rowIds.V, c.rowIds.summedOnly, inMask, W.floats(), bias, B, T, D, G, c.goBackwards);
    if (shared) return { inMask, recMask, tMask, src: { xTM: null, hot: null, uniq: shared.u }, xProj: shared.table, xIds: shared.u.idxTM };
  }
  const twin = !inMask && !c.goBackwards ? twinOf(x) : undefined;
  const useTwin = twin !== undefined && twin.length === T * B * D && kindOf(twin) === dtype; // a stacked layer's states
  // One-hot input (a character model's; input dropout makes rows non-one-hot): table row lookups.
  const hotBM = useTwin || inMask ? null : oneHotColumns(x.floats(), B * T, D); // [B,T]
  if (hotBM) {
    const hot = idsTimeMajor(hotBM, B, T, c.goBackwards); // [T,B]
    return { inMask, recMask, tMask, src: { xTM: null, hot, uniq: null }, xProj: oneHotTable(W.floats(), bias, D, G), xIds: hot };
  }
  const xTM = useTwin ? twin : inputsTimeMajor(x.floats(), inMask, B, T, D, c.goBackwards); // [T,B,D]
  return { inMask, recMask, tMask, src: { xTM, hot: null, uniq: null }, xProj: projectInputs(xTM, W.floats(), bias, T * B, D, G), xIds: null }; // xProj [T,B,G]
}

/**
 * Where a sequence's input projection came from, for its gradient: the time-major inputs xTM
 * [T,B,D] (the dense GEMM), the hot columns [T,B] of a one-hot input, or the distinct rows of an
 * Embedding's output (all null: an inference table, no gradient).
 */
interface InputSource {
  xTM: FloatArray | null;
  hot: Int32Array | null;
  uniq: UniqueRows | null;
}

const NO_SOURCE: InputSource = { xTM: null, hot: null, uniq: null };

/** dX (+)= and dW += the input projection's gradient from dXProj [T,B,G] (either may be null). */
function inputsGrad(src: InputSource, dX: FloatArray | null, dW: FloatArray | null, dXProj: FloatArray, W: Tensor,
  inMask: FloatArray | null, B: number, T: number, D: number, G: number, reverse: boolean, writeDX: boolean): void {
  if (src.uniq) uniqueRowsGrad(dX, dW, dXProj, src.uniq, W.floats(), inMask, B, T, D, G, reverse, writeDX);
  else projectInputsGrad(dX, dW, dXProj, src.xTM, W.floats(), inMask, B, T, D, G, reverse, src.hot, writeDX);
}

/** Whether defineOp will put this op on the tape (a tape records and some input requires a gradient): only then is a BPTT cache kept. */
function willRecord(inputs: Tensor[]): boolean {
  return isRecording() && inputs.some((t) => t.requiresGrad);
}

/** The BPTT cache of a recorded op (never null there). */
function kept(cache: FloatArray | null): FloatArray {
  if (!cache) throw new ValueError('fused recurrent op: backward of an inference-only call (no BPTT cache was kept).');
  return cache;
}

/** The output sequence [B,T,H] of a time-major hSeq [T,B,H]. */
function seqOutput(hSeq: FloatArray, B: number, T: number, H: number, dtype: FloatKind): Tensor {
  // Inside a training step (a tape records in the step's bufferScope) the sequence is an
  // intermediate no caller keeps past the step, so it takes a pooled buffer (like an Embedding's
  // output, GatherOptions.stepOutput); otherwise (inference, a user's own scope) a fresh one.
  const stepOnly = inBufferScope() && isRecording();
  const seq = stepOnly ? new Tensor(pooledBuffer(dtype, B * T * H), [B, T, H]) : empty([B, T, H], dtype); // seq [B,T,H]
  seqBatchMajor(seq.floats(), hSeq, B, T, H);
  return seq;
}

/** The last step [B,H] of a time-major sequence [T,B,H]. */
function lastStep(sTM: FloatArray, B: number, T: number, H: number, dtype: FloatKind): Tensor {
  const last = empty([B, H], dtype); // last [B,H]
  last.floats().set(sTM.subarray((T - 1) * B * H));
  return last;
}

/**
 * Fused SimpleRNN (tanh): returns [seq [B,T,H], last [B,H]].
 * x [B,T,D] · kernel [D,H] · recurrentKernel [H,H] · bias [H]|null · h0 [B,H].
 */
export function simpleRnnSequence(x: Tensor, W: Tensor, U: Tensor, bias: Tensor | null, h0: Tensor, c: SeqConstants): Tensor[] {
  return withSeqSlot(c.needSeq !== false, simpleRnnOp(x, W, U, bias, h0, c));
}

const simpleRnnOp = defineOp('simpleRnnSequence', (x: Tensor, W: Tensor, U: Tensor, bias: Tensor | null,
  h0: Tensor, c: SeqConstants) => {
  const where = 'SimpleRNN';
  const H = U.shape[0];
  const dtype = sameFloat(where, x, W, U, h0, ...(bias ? [bias] : []));
  const [B, T, D] = checkSeq(where, x, W, U, H, 1);
  checkState(where, h0, B, H, 'state');
  const { inMask, recMask, tMask, src, xProj, xIds } = seqInputs(where, x, W, bias ? bias.floats() : null, c, B, T, D, H, dtype); // xProj [T,B,H] or a table
  const hSeq = pooledBuffer(dtype, T * B * H); // hSeq [T,B,H]
  K().simpleRnnSeqForward(hSeq, xProj, xIds, U.floats(), h0.floats(), recMask, tMask, T, B, H);
  const needSeq = c.needSeq !== false;
  const inputs = bias ? [x, W, U, bias, h0] : [x, W, U, h0];
  return {
    inputs,
    writesFresh: [0], // dX: written by a transpose when it is the first gradient of x
    outputs: seqOutputs(needSeq, hSeq, [hSeq], B, T, H, dtype), // [seq [B,T,H],] last [B,H]
    backward: (dOuts, dIns, fresh) => {
      const [dX, dW, dU, dB, dH0] = bias ? dIns : [dIns[0], dIns[1], dIns[2], null, dIns[3]];
      const { dSeq, dLasts: [dLast] } = splitGrads(needSeq, dOuts);
      const dHSeq = seqGradTimeMajor(dSeq, B, T, H); // [T,B,H] or null
      const dXProj = pooledBuffer(dtype, T * B * H); // [T,B,H] (written by the kernel)
      K().simpleRnnSeqBackward(dXProj, orScratch(dU, hSeq, H * H), dB, dH0, dHSeq, dLast, hSeq, U.floats(), h0.floats(), recMask, tMask, T, B, H);
      inputsGrad(src, dX, dW, dXProj, W, inMask, B, T, D, H, c.goBackwards, fresh[0]);
    },
  };
});

/**
 * Fused LSTM (tanh / sigmoid): returns [seq [B,T,H], lastH [B,H], lastC [B,H]].
 * x [B,T,D] · kernel [D,4H] · recurrentKernel [H,4H] · bias [4H]|null · h0 [B,H] · c0 [B,H].
 */
export function lstmSequence(x: Tensor, W: Tensor, U: Tensor, bias: Tensor | null, h0: Tensor, c0: Tensor, c: SeqConstants): Tensor[] {
  return withSeqSlot(c.needSeq !== false, lstmOp(x, W, U, bias, h0, c0, c));
}

const lstmOp = defineOp('lstmSequence', (x: Tensor, W: Tensor, U: Tensor, bias: Tensor | null,
  h0: Tensor, c0: Tensor, c: SeqConstants) => {
  const where = 'LSTM';
  const H = U.shape[0];
  const G = 4 * H;
  const dtype = sameFloat(where, x, W, U, h0, c0, ...(bias ? [bias] : []));
  const [B, T, D] = checkSeq(where, x, W, U, H, 4);
  checkState(where, h0, B, H, 'state h');
  checkState(where, c0, B, H, 'state c');
  const { inMask, recMask, tMask, src, xProj, xIds } = seqInputs(where, x, W, bias ? bias.floats() : null, c, B, T, D, G, dtype); // xProj [T,B,4H] or a table
  const inputs = bias ? [x, W, U, bias, h0, c0] : [x, W, U, h0, c0];
  const hSeq = pooledBuffer(dtype, T * B * H); // hSeq [T,B,H]
  const cSeq = pooledBuffer(dtype, T * B * H); // cSeq [T,B,H]
  // gates [T,B,4H]: the BPTT cache, training only; written over the dense xProj (an op-internal
  // buffer nothing reads after the forward), so one [T,B,4H] array serves both
  const gates = !willRecord(inputs) ? null : xIds ? pooledBuffer(dtype, T * B * G) : xProj;
  K().lstmSeqForward(hSeq, cSeq, gates, xProj, xIds, U.floats(), h0.floats(), c0.floats(), recMask, tMask, T, B, H);
  const needSeq = c.needSeq !== false;
  return {
    inputs,
    writesFresh: [0], // dX: written by a transpose when it is the first gradient of x
    outputs: seqOutputs(needSeq, hSeq, [hSeq, cSeq], B, T, H, dtype), // [seq [B,T,H],] lastH [B,H], lastC [B,H]
    backward: (dOuts, dIns, fresh) => {
      const [dX, dW, dU, dB, dH0, dC0] = bias ? dIns : [dIns[0], dIns[1], dIns[2], null, dIns[3], dIns[4]];
      const { dSeq, dLasts: [dLastH, dLastC] } = splitGrads(needSeq, dOuts);
      const dHSeq = seqGradTimeMajor(dSeq, B, T, H); // [T,B,H] or null
      const dXProj = pooledBuffer(dtype, T * B * G); // [T,B,4H] (written by the kernel)
      K().lstmSeqBackward(dXProj, orScratch(dU, hSeq, H * G), dB, dH0, dC0, dHSeq, dLastH, dLastC, hSeq, cSeq, kept(gates),
        U.floats(), h0.floats(), c0.floats(), recMask, tMask, T, B, H);
      inputsGrad(src, dX, dW, dXProj, W, inMask, B, T, D, G, c.goBackwards, fresh[0]);
    },
  };
});

/**
 * Fused GRU (tanh / sigmoid): returns [seq [B,T,H], last [B,H]].
 * x [B,T,D] · kernel [D,3H] · recurrentKernel [H,3H] · bias ([2,3H] if resetAfter, else [3H]) | null · h0 [B,H].
 */
export function gruSequence(x: Tensor, W: Tensor, U: Tensor, bias: Tensor | null, h0: Tensor, resetAfter: boolean,
  c: SeqConstants): Tensor[] {
  return withSeqSlot(c.needSeq !== false, gruOp(x, W, U, bias, h0, resetAfter, c));
}

const gruOp = defineOp('gruSequence', (x: Tensor, W: Tensor, U: Tensor, bias: Tensor | null,
  h0: Tensor, resetAfter: boolean, c: SeqConstants) => {
  const where = 'GRU';
  const H = U.shape[0];
  const G = 3 * H;
  const dtype = sameFloat(where, x, W, U, h0, ...(bias ? [bias] : []));
  const [B, T, D] = checkSeq(where, x, W, U, H, 3);
  checkState(where, h0, B, H, 'state');
  if (bias && bias.size !== (resetAfter ? 2 * G : G)) {
    throw new ShapeError(`${where}: bias must be ${resetAfter ? `[2, ${G}]` : `[${G}]`} (resetAfter ${resetAfter}), got ${fmtShape(bias.shape)}.`);
  }
  const bIn = bias ? bias.floats().subarray(0, G) : null; // [3H]
  const bRec = bias && resetAfter ? bias.floats().subarray(G, 2 * G) : null; // [3H]
  const { inMask, recMask, tMask, src, xProj, xIds } = seqInputs(where, x, W, bIn, c, B, T, D, G, dtype); // xProj [T,B,3H] or a table
  const inputs = bias ? [x, W, U, bias, h0] : [x, W, U, h0];
  const hSeq = pooledBuffer(dtype, T * B * H); // hSeq [T,B,H]
  const cache = willRecord(inputs) ? pooledBuffer(dtype, T * B * 4 * H) : null; // cache [T,B,4H] (the BPTT cache, training only)
  K().gruSeqForward(hSeq, cache, xProj, xIds, U.floats(), bRec, h0.floats(), recMask, tMask, T, B, H, resetAfter);
  const needSeq = c.needSeq !== false;
  return {
    inputs,
    writesFresh: [0], // dX: written by a transpose when it is the first gradient of x
    outputs: seqOutputs(needSeq, hSeq, [hSeq], B, T, H, dtype), // [seq [B,T,H],] last [B,H]
    backward: (dOuts, dIns, fresh) => {
      const [dX, dW, dU, dB, dH0] = bias ? dIns : [dIns[0], dIns[1], dIns[2], null, dIns[3]];
      const { dSeq, dLasts: [dLast] } = splitGrads(needSeq, dOuts);
      const dHSeq = seqGradTimeMajor(dSeq, B, T, H); // [T,B,H] or null
      const dXProj = pooledBuffer(dtype, T * B * G); // [T,B,3H] (written by the kernel)
      const dBRec = dB && resetAfter ? dB.subarray(G, 2 * G) : null;
      K().gruSeqBackward(dXProj, orScratch(dU, hSeq, H * G), dB ? dB.subarray(0, G) : null, dBRec, dH0, dHSeq, dLast, hSeq, kept(cache), U.floats(), bRec,
        h0.floats(), recMask, tMask, T, B, H, resetAfter);
      inputsGrad(src, dX, dW, dXProj, W, inMask, B, T, D, G, c.goBackwards, fresh[0]);
    },
  };
});
