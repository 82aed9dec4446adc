import { defineOp } from '../autograd/op.js';
import { Tensor } from '../tensor/tensor.js';
import { K, allocFloat, empty, normAxis, sameFloat, splitAt, type FloatArray } from './util.js';

type RowKernel = 'softmax' | 'logSoftmax';

/**
 * softmax / logSoftmax over any axis. The kernels work on the last axis of a [rows, cols] view; when
 * the axis is followed by non-trivial axes, the op moves it last with a transpose and back.
 */
function rowwiseOp(name: RowKernel) {
  return defineOp(name, (x: Tensor, axis: number = -1) => {
    const dtype = sameFloat(name, x);
    const a = normAxis(axis, x.rank, name);
    const [outer, cols, inner] = splitAt(x.shape, a);
    const rows = outer * inner;
    const y = empty(x.shape, dtype); // y [...x.shape]
    const fwd = (out: FloatArray, inp: FloatArray): void =>
      name === 'softmax' ? K().softmax(out, inp, rows, cols) : K().logSoftmax(out, inp, rows, cols);
    const bwd = (dX: FloatArray, yv: FloatArray, dY: FloatArray): void =>
      name === 'softmax' ? K().softmaxGrad(dX, yv, dY, rows, cols) : K().logSoftmaxGrad(dX, yv, dY, rows, cols);
    if (inner === 1) {
      fwd(y.floats(), x.floats());
      return {
        inputs: [x],
        outputs: y,
        backward: ([dY], [dX]) => dX && bwd(dX, y.floats(), dY),
      };
    }
    // move the axis last: perm = [..., others, axis]; tShape = x.shape permuted
    const perm = [...x.shape.keys()].filter((d) => d !== a).concat([a]);
    const tShape = perm.map((d) => x.shape[d]);
    const back = perm.map((_, d) => perm.indexOf(d)); // inverse permutation
    const xt = allocFloat(dtype, x.size); // x permuted [...tShape]
    K().transpose(xt, x.floats(), x.shape, perm);
    const yt = allocFloat(dtype, x.size); // y permuted [...tShape]
    fwd(yt, xt);
    K().transpose(y.floats(), yt, tShape, back);
    return {
      inputs: [x],
      outputs: y,
      backward: ([dY], [dX]) => {
        if (!dX) return;
        const dYt = allocFloat(dtype, x.size); // [...tShape]
        K().transpose(dYt, dY, x.shape, perm);
        const dXt = allocFloat(dtype, x.size); // [...tShape]
        bwd(dXt, yt, dYt);
        K().transposeGrad(dX, dXt, x.shape, perm);
      },
    };
  });
}

/** softmax(x) along an axis (default last): exp(x − max) / Σ exp(x − max). */
export const softmax = rowwiseOp('softmax');
/** log(softmax(x)) along an axis (default last), computed stably. */
export const logSoftmax = rowwiseOp('logSoftmax');
