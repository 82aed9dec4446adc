import type { ConvKernels } from '../../backend/backend.js';
import type { Conv1dDims, ConvLstm1dDims, Pool1dDims, PoolMode } from '../../backend/kernels/conv.js';
import type { UnaryFn } from '../../backend/kernels/core.js';
import type { FloatArray } from '../../tensor/tensor.js';
import { unaryDerivative, unaryScalar } from './elementwise.js';

/**
 * Direct convolution: for each output step, the contributing (tap, channel) pairs are visited with
 * the inner loop over the contiguous output channels, like an i-p-j matmul over an implicit im2col.
 */
export function conv1d(out: FloatArray, x: FloatArray, w: FloatArray, bias: FloatArray | null, d: Conv1dDims): void {
  const { batch, inLen, inCh, outLen, outCh, kernelSize, stride, dilation, padLeft } = d;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLen; t++) {
      const o = (b * outLen + t) * outCh;
      for (let f = 0; f < outCh; f++) out[o + f] = bias ? bias[f] : 0;
      for (let j = 0; j < kernelSize; j++) {
        const s = t * stride + j * dilation - padLeft;
        if (s < 0 || s >= inLen) continue;
        const xo = (b * inLen + s) * inCh;
        for (let c = 0; c < inCh; c++) {
          const xv = x[xo + c];
          if (xv === 0) continue;
          const wo = (j * inCh + c) * outCh;
          for (let f = 0; f < outCh; f++) out[o + f] += xv * w[wo + f];
        }
      }
    }
  }
}

export function conv1dGrad(dX: FloatArray | null, dW: FloatArray | null, dBias: FloatArray | null, dOut: FloatArray,
  x: FloatArray, w: FloatArray, d: Conv1dDims): void {
  const { batch, inLen, inCh, outLen, outCh, kernelSize, stride, dilation, padLeft } = d;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLen; t++) {
      const o = (b * outLen + t) * outCh;
      if (dBias) for (let f = 0; f < outCh; f++) dBias[f] += dOut[o + f];
      for (let j = 0; j < kernelSize; j++) {
        const s = t * stride + j * dilation - padLeft;
        if (s < 0 || s >= inLen) continue;
        const xo = (b * inLen + s) * inCh;
        for (let c = 0; c < inCh; c++) {
          const wo = (j * inCh + c) * outCh;
          if (dW) {
            const xv = x[xo + c];
            if (xv !== 0) for (let f = 0; f < outCh; f++) dW[wo + f] += xv * dOut[o + f];
          }
          if (dX) {
            let acc = 0;
            for (let f = 0; f < outCh; f++) acc += w[wo + f] * dOut[o + f];
            dX[xo + c] += acc;
          }
        }
      }
    }
  }
}

export function pool1d(out: FloatArray, argmax: Int32Array | null, x: FloatArray, d: Pool1dDims, mode: PoolMode): void {
  const { batch, inLen, ch, outLen, poolSize, stride, padLeft } = d;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLen; t++) {
      const start = Math.max(t * stride - padLeft, 0);
      const end = Math.min(t * stride - padLeft + poolSize, inLen);
      const o = (b * outLen + t) * ch;
      for (let c = 0; c < ch; c++) {
        if (mode === 'max') {
          let best = -Infinity;
          let arg = start;
          for (let s = start; s < end; s++) {
            const v = x[(b * inLen + s) * ch + c];
            if (v > best) {
              best = v;
              arg = s;
            }
          }
          out[o + c] = best;
          if (argmax) argmax[o + c] = arg;
        } else {
          let acc = 0;
          for (let s = start; s < end; s++) acc += x[(b * inLen + s) * ch + c];
          out[o + c] = end > start ? acc / (end - start) : 0;
        }
      }
    }
  }
}

export function pool1dGrad(dX: FloatArray, argmax: Int32Array | null, dOut: FloatArray, d: Pool1dDims, mode: PoolMode): void {
  const { batch, inLen, ch, outLen, poolSize, stride, padLeft } = d;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLen; t++) {
      const o = (b * outLen + t) * ch;
      if (mode === 'max') {
        if (!argmax) throw new Error('pool1dGrad: max pooling needs the argmax saved by pool1d.');
        for (let c = 0; c < ch; c++) dX[(b * inLen + argmax[o + c]) * ch + c] += dOut[o + c];
        continue;
      }
      const start = Math.max(t * stride - padLeft, 0);
      const end = Math.min(t * stride - padLeft + poolSize, inLen);
      if (end <= start) continue;
      const inv = 1 / (end - start);
      for (let s = start; s < end; s++) {
        const xo = (b * inLen + s) * ch;
        for (let c = 0; c < ch; c++) dX[xo + c] += dOut[o + c] * inv;
      }
    }
  }
}

/** rec[r, g] += Σ_{j, c} h[r + j − pad, c] · u[j, c, g] over one [rows, F] state ('same', stride 1). */
function recurrentConv(rec: FloatArray, recOff: number, h: FloatArray, hOff: number, u: FloatArray,
  rows: number, F: number, k: number): void {
  const G = 4 * F;
  const pad = Math.floor((k - 1) / 2);
  for (let r = 0; r < rows; r++) {
    const o = recOff + r * G;
    for (let j = 0; j < k; j++) {
      const s = r + j - pad;
      if (s < 0 || s >= rows) continue;
      for (let c = 0; c < F; c++) {
        const hv = h[hOff + s * F + c];
        if (hv === 0) continue;
        const uo = (j * F + c) * G;
        for (let g = 0; g < G; g++) rec[o + g] += hv * u[uo + g];
      }
    }
  }
}

export function convLstm1dForward(hSeq: FloatArray, cSeq: FloatArray, zs: FloatArray, gates: FloatArray, actC: FloatArray,
  xProj: FloatArray, u: FloatArray, d: ConvLstm1dDims, activation: UnaryFn, recurrentActivation: UnaryFn): void {
  const { batch, steps, rows, filters: F, kernelSize } = d;
  const G = 4 * F;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const zOff = (b * steps + t) * rows * G; // z_t [rows, 4F]
      const sOff = (b * steps + t) * rows * F; // h_t, c_t [rows, F]
      const prevOff = sOff - rows * F;
      for (let i = 0; i < rows * G; i++) zs[zOff + i] = xProj[zOff + i];
      if (t > 0) recurrentConv(zs, zOff, hSeq, prevOff, u, rows, F, kernelSize);
      for (let r = 0; r < rows; r++) {
        const zr = zOff + r * G;
        for (let f = 0; f < F; f++) {
          const ig = unaryScalar(recurrentActivation, zs[zr + f]);
          const fg = unaryScalar(recurrentActivation, zs[zr + F + f]);
          const gg = unaryScalar(activation, zs[zr + 2 * F + f]);
          const og = unaryScalar(recurrentActivation, zs[zr + 3 * F + f]);
          gates[zr + f] = ig;
          gates[zr + F + f] = fg;
          gates[zr + 2 * F + f] = gg;
          gates[zr + 3 * F + f] = og;
          const si = sOff + r * F + f;
          const cPrev = t > 0 ? cSeq[prevOff + r * F + f] : 0;
          const c = fg * cPrev + ig * gg;
          const ac = unaryScalar(activation, c);
          cSeq[si] = c;
          actC[si] = ac;
          hSeq[si] = og * ac;
        }
      }
    }
  }
}

export function convLstm1dBackward(dXProj: FloatArray | null, dU: FloatArray | null, dHSeq: FloatArray,
  hSeq: FloatArray, cSeq: FloatArray, zs: FloatArray, gates: FloatArray, actC: FloatArray, u: FloatArray,
  d: ConvLstm1dDims, activation: UnaryFn, recurrentActivation: UnaryFn): void {
  const { batch, steps, rows, filters: F, kernelSize: k } = d;
  const G = 4 * F;
  const pad = Math.floor((k - 1) / 2);
  const Ctor = hSeq instanceof Float64Array ? Float64Array : Float32Array;
  const dh = new Ctor(rows * F); // gradient flowing into h_t from later steps [rows, F]
  const dc = new Ctor(rows * F); // gradient flowing into c_t from later steps [rows, F]
  const dz = new Ctor(rows * G); // gate pre-activation gradient of one step [rows, 4F]
  for (let b = 0; b < batch; b++) {
    dh.fill(0);
    dc.fill(0);
    for (let t = steps - 1; t >= 0; t--) {
      const zOff = (b * steps + t) * rows * G;
      const sOff = (b * steps + t) * rows * F;
      const prevOff = sOff - rows * F;
      for (let r = 0; r < rows; r++) {
        const zr = zOff + r * G;
        for (let f = 0; f < F; f++) {
          const si = sOff + r * F + f;
          const li = r * F + f;
          const dH = dHSeq[si] + dh[li];
          const ig = gates[zr + f];
          const fg = gates[zr + F + f];
          const gg = gates[zr + 2 * F + f];
          const og = gates[zr + 3 * F + f];
          const dC = dc[li] + dH * og * unaryDerivative(activation, cSeq[si], actC[si]);
          const cPrev = t > 0 ? cSeq[prevOff + li] : 0;
          const dr = r * G;
          dz[dr + f] = dC * gg * unaryDerivative(recurrentActivation, zs[zr + f], ig);
          dz[dr + F + f] = dC * cPrev * unaryDerivative(recurrentActivation, zs[zr + F + f], fg);
          dz[dr + 2 * F + f] = dC * ig * unaryDerivative(activation, zs[zr + 2 * F + f], gg);
          dz[dr + 3 * F + f] = dH * actC[si] * unaryDerivative(recurrentActivation, zs[zr + 3 * F + f], og);
          dc[li] = dC * fg;
        }
      }
      if (dXProj) for (let i = 0; i < rows * G; i++) dXProj[zOff + i] += dz[i];
      dh.fill(0);
      if (t === 0) continue;
      // z_t depends on h_{t−1} through the 'same' recurrent convolution.
      for (let r = 0; r < rows; r++) {
        const dr = r * G;
        for (let j = 0; j < k; j++) {
          const s = r + j - pad;
          if (s < 0 || s >= rows) continue;
          for (let c = 0; c < F; c++) {
            const uo = (j * F + c) * G;
            const hv = hSeq[prevOff + s * F + c];
            let acc = 0;
            for (let g = 0; g < G; g++) {
              acc += u[uo + g] * dz[dr + g];
              if (dU) dU[uo + g] += hv * dz[dr + g];
            }
            dh[s * F + c] += acc;
          }
        }
      }
    }
  }
}

/** Reference convolution / pooling / ConvLSTM1D kernels. */
export const convKernels: ConvKernels = {
  conv1d, conv1dGrad, pool1d, pool1dGrad, convLstm1dForward, convLstm1dBackward,
};
