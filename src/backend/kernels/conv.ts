import type { FloatArray } from '../../tensor/tensor.js';
import type { UnaryFn } from './core.js';

/** Pooling mode of the pool1d kernels. */
export type PoolMode = 'max' | 'avg';

/** Geometry of a 1-D convolution over channels-last [batch, inLen, inCh] input. */
export interface Conv1dDims {
  batch: number;
  inLen: number;
  inCh: number;
  outLen: number;
  outCh: number;
  kernelSize: number;
  stride: number;
  dilation: number;
  /** Zeros virtually added before the first step (TF 'same': floor(total/2); 'causal': (k−1)·d). */
  padLeft: number;
}

/** Geometry of a 1-D pooling window over [batch, inLen, ch] input. */
export interface Pool1dDims {
  batch: number;
  inLen: number;
  ch: number;
  outLen: number;
  poolSize: number;
  stride: number;
  padLeft: number;
}

/** Geometry of a ConvLSTM1D recurrence over [batch, steps, rows, 4·filters] input projections. */
export interface ConvLstm1dDims {
  batch: number;
  steps: number;
  rows: number;
  filters: number;
  /** Size of the recurrent kernel (always 'same' padding, stride 1). */
  kernelSize: number;
}

/**
 * Convolution and pooling kernels (Conv1D, pooling, ConvLSTM1D). Outputs first, then inputs,
 * then sizes; `*Grad` / `*Backward` kernels ACCUMULATE into zeroed buffers. Layouts are Keras's
 * (channels last): x [batch, inLen, inCh], kernel w [kernelSize, inCh, outCh], out [batch, outLen, outCh].
 */
export interface ConvKernels {
  /**
   * out[b, t, f] = bias[f] + Σ_{j, c} x[b, t·stride + j·dilation − padLeft, c] · w[j, c, f]
   * (x is zero outside [0, inLen)). bias may be null.
   */
  conv1d(out: FloatArray, x: FloatArray, w: FloatArray, bias: FloatArray | null, d: Conv1dDims): void;
  /** Gradients of conv1d: dX, dW, dBias += … from dOut (any of them may be null). */
  conv1dGrad(dX: FloatArray | null, dW: FloatArray | null, dBias: FloatArray | null, dOut: FloatArray,
    x: FloatArray, w: FloatArray, d: Conv1dDims): void;

  /**
   * out[b, t, c] = max (or mean) of x[b, t·stride − padLeft + j, c] over the j < poolSize that fall
   * inside [0, inLen) (padding is never counted, as in TF). For max, argmax[b, t, c] receives the
   * winning input step (argmax is ignored for avg and may be null).
   */
  pool1d(out: FloatArray, argmax: Int32Array | null, x: FloatArray, d: Pool1dDims, mode: PoolMode): void;
  /** Gradient of pool1d: dX += dOut routed to the argmax (max) or spread evenly over the window (avg). */
  pool1dGrad(dX: FloatArray, argmax: Int32Array | null, dOut: FloatArray, d: Pool1dDims, mode: PoolMode): void;

  /**
   * The whole ConvLSTM1D recurrence (zero initial state). xProj [batch, steps, rows, 4F] holds the
   * input convolution plus bias for every step; u [k, F, 4F] is the recurrent kernel ('same'
   * padding). Per step: z = xProj_t + conv_same(h_{t−1}, u); gate blocks i, f, c, o:
   * i = ra(z_i), f = ra(z_f), g = a(z_c), o = ra(z_o); c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ a(c_t).
   * Writes hSeq, cSeq [batch, steps, rows, F]; saves for the backward z and the activated gates
   * (zs, gates [batch, steps, rows, 4F]) and a(c_t) (actC [batch, steps, rows, F]).
   */
  convLstm1dForward(hSeq: FloatArray, cSeq: FloatArray, zs: FloatArray, gates: FloatArray, actC: FloatArray,
    xProj: FloatArray, u: FloatArray, d: ConvLstm1dDims, activation: UnaryFn, recurrentActivation: UnaryFn): void;
  /**
   * BPTT of convLstm1dForward: from dHSeq [batch, steps, rows, F] (gradient of every h_t) it
   * accumulates dXProj [batch, steps, rows, 4F] and dU [k, F, 4F] (either may be null).
   */
  convLstm1dBackward(dXProj: FloatArray | null, dU: FloatArray | null, dHSeq: FloatArray,
    hSeq: FloatArray, cSeq: FloatArray, zs: FloatArray, gates: FloatArray, actC: FloatArray, u: FloatArray,
    d: ConvLstm1dDims, activation: UnaryFn, recurrentActivation: UnaryFn): void;
}

export const CONV_KERNELS = [
  'conv1d', 'conv1dGrad', 'pool1d', 'pool1dGrad', 'convLstm1dForward', 'convLstm1dBackward',
] as const satisfies readonly (keyof ConvKernels)[];
