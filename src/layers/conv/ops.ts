import { defineOp } from '../../autograd/op.js';
import type { UnaryFn } from '../../backend/backend.js';
import type { Conv1dDims, ConvLstm1dDims, Pool1dDims, PoolMode } from '../../backend/kernels/conv.js';
import { ShapeError, fmtShape } from '../../errors.js';
import { K, empty, sameFloat } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { convGeometry, type ConvPadding, type PoolPadding } from './geometry.js';

export interface Conv1dOpOptions {
  stride?: number;
  dilation?: number;
  padding?: ConvPadding;
}

/**
 * 1-D convolution, channels last: x [B, T, C] ⊛ w [k, C, F] (+ bias [F]) → [B, T', F] with T' as
 * Keras computes it for the padding. One record: forward and backward are one kernel call each.
 */
export const conv1dOp = defineOp('conv1d', (x: Tensor, w: Tensor, bias: Tensor | null = null, opts: Conv1dOpOptions = {}) => {
  const where = 'conv1d';
  const dtype = bias ? sameFloat(where, x, w, bias) : sameFloat(where, x, w);
  if (x.rank !== 3) throw new ShapeError(`${where}: expected input x of rank 3 [batch, steps, channels], got ${fmtShape(x.shape)}.`);
  if (w.rank !== 3) throw new ShapeError(`${where}: expected kernel of rank 3 [kernelSize, inChannels, filters], got ${fmtShape(w.shape)}.`);
  const [batch, inLen, inCh] = x.shape;
  const [kernelSize, wIn, outCh] = w.shape;
  if (wIn !== inCh) throw new ShapeError(`${where}: kernel ${fmtShape(w.shape)} expects ${wIn} input channels, x ${fmtShape(x.shape)} has ${inCh}.`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outCh)) {
    throw new ShapeError(`${where}: bias must have shape [${outCh}], got ${fmtShape(bias.shape)}.`);
  }
  const stride = opts.stride ?? 1;
  const dilation = opts.dilation ?? 1;
  const padding = opts.padding ?? 'valid';
  const { outLen, padLeft } = convGeometry(inLen, kernelSize, stride, dilation, padding);
  if (inLen === 0) throw new ShapeError(`${where}: the input sequence has 0 steps (x ${fmtShape(x.shape)}).`);
  if (outLen <= 0) {
    const keff = (kernelSize - 1) * dilation + 1;
    throw new ShapeError(`${where}: input of ${inLen} steps is shorter than the (dilated) kernel of ${keff} steps with padding 'valid' (x ${fmtShape(x.shape)}, kernel ${fmtShape(w.shape)}).`);
  }
  const d: Conv1dDims = { batch, inLen, inCh, outLen, outCh, kernelSize, stride, dilation, padLeft };
  const y = empty([batch, outLen, outCh], dtype); // y [B, T', F]
  K().conv1d(y.floats(), x.floats(), w.floats(), bias ? bias.floats() : null, d);
  return {
    inputs: bias ? [x, w, bias] : [x, w],
    outputs: y,
    backward: ([dY], [dX, dW, dBias]) => K().conv1dGrad(dX, dW, dBias ?? null, dY, x.floats(), w.floats(), d),
  };
});

export interface Pool1dOpOptions {
  poolSize?: number;
  stride?: number;
  padding?: PoolPadding;
}

/** 1-D max or average pooling over the time axis of x [B, T, C] → [B, T', C] (TF padding rules). */
export const pool1dOp = defineOp('pool1d', (x: Tensor, mode: PoolMode, opts: Pool1dOpOptions = {}) => {
  const where = mode === 'max' ? 'maxPool1d' : 'avgPool1d';
  const dtype = sameFloat(where, x);
  if (x.rank !== 3) throw new ShapeError(`${where}: expected input of rank 3 [batch, steps, channels], got ${fmtShape(x.shape)}.`);
  const [batch, inLen, ch] = x.shape;
  const poolSize = opts.poolSize ?? 2;
  const stride = opts.stride ?? poolSize;
  const { outLen, padLeft } = convGeometry(inLen, poolSize, stride, 1, opts.padding ?? 'valid');
  if (inLen === 0) throw new ShapeError(`${where}: the input sequence has 0 steps (x ${fmtShape(x.shape)}).`);
  if (outLen <= 0) {
    throw new ShapeError(`${where}: input of ${inLen} steps is shorter than the pool size ${poolSize} with padding 'valid' (x ${fmtShape(x.shape)}).`);
  }
  const d: Pool1dDims = { batch, inLen, ch, outLen, poolSize, stride, padLeft };
  const y = empty([batch, outLen, ch], dtype); // y [B, T', C]
  const argmax = mode === 'max' ? new Int32Array(y.size) : null; // winning input step [B, T', C]
  K().pool1d(y.floats(), argmax, x.floats(), d, mode);
  return {
    inputs: [x],
    outputs: y,
    backward: ([dY], [dX]) => dX && K().pool1dGrad(dX, argmax, dY, d, mode),
  };
});

/**
 * The ConvLSTM1D recurrence over a whole sequence as one record: xProj [B, T, R, 4F] (input
 * convolution + bias of every step) and recurrent kernel u [k, F, 4F] → hSeq [B, T, R, F].
 */
export const convLstm1dRecurrence = defineOp('convLstm1d', (xProj: Tensor, u: Tensor, activation: UnaryFn, recurrentActivation: UnaryFn) => {
  const where = 'convLstm1d';
  const dtype = sameFloat(where, xProj, u);
  if (xProj.rank !== 4 || u.rank !== 3) {
    throw new ShapeError(`${where}: expected xProj [batch, steps, rows, 4·filters] and u [k, filters, 4·filters], got ${fmtShape(xProj.shape)} and ${fmtShape(u.shape)}.`);
  }
  const [batch, steps, rows, G] = xProj.shape;
  const [kernelSize, F, G2] = u.shape;
  if (G !== 4 * F || G2 !== 4 * F) {
    throw new ShapeError(`${where}: xProj ${fmtShape(xProj.shape)} and recurrent kernel ${fmtShape(u.shape)} disagree on 4·filters.`);
  }
  const d: ConvLstm1dDims = { batch, steps, rows, filters: F, kernelSize };
  const hSeq = empty([batch, steps, rows, F], dtype); // h_t for every step [B, T, R, F]
  const cSeq = empty([batch, steps, rows, F], dtype); // c_t [B, T, R, F]
  const actC = empty([batch, steps, rows, F], dtype); // activation(c_t) [B, T, R, F]
  const zs = empty([batch, steps, rows, G], dtype); // gate pre-activations [B, T, R, 4F]
  const gates = empty([batch, steps, rows, G], dtype); // activated gates i, f, c̃, o [B, T, R, 4F]
  K().convLstm1dForward(hSeq.floats(), cSeq.floats(), zs.floats(), gates.floats(), actC.floats(),
    xProj.floats(), u.floats(), d, activation, recurrentActivation);
  return {
    inputs: [xProj, u],
    outputs: hSeq,
    backward: ([dH], [dXProj, dU]) => K().convLstm1dBackward(dXProj, dU, dH, hSeq.floats(), cSeq.floats(), zs.floats(),
      gates.floats(), actC.floats(), u.floats(), d, activation, recurrentActivation),
  };
});
