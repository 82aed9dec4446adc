import { defineOp } from '../autograd/op.js';
import { ValueError } from '../errors.js';
import { Tensor, allocArray, type DType } from '../tensor/tensor.js';
import { K, allocFloat } from './util.js';

const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

/**
 * Converts to another dtype (float -> int32 truncates toward zero). Between float precisions the
 * gradient passes through; to or from int32 there is none. Returns x itself when the dtype matches.
 */
export const cast = defineOp('cast', (x: Tensor, dtype: DType) => {
  if (!DTYPES.includes(dtype)) throw new ValueError(`cast: unknown dtype '${String(dtype)}'. Expected one of: ${DTYPES.join(', ')}.`);
  if (x.dtype === dtype) return { inputs: [], outputs: x, backward: () => undefined };
  const data = allocArray(dtype, x.size); // y [...x.shape]
  const src = x.data;
  if (dtype === 'int32') for (let i = 0; i < src.length; i++) data[i] = Math.trunc(src[i]);
  else data.set(src);
  const y = new Tensor(data, x.shape);
  const floatPair = x.dtype !== 'int32' && dtype !== 'int32';
  return {
    inputs: floatPair ? [x] : [],
    outputs: y,
    backward: ([dY], [dX]) => {
      if (!dX) return;
      const g = allocFloat(x.dtype === 'float64' ? 'float64' : 'float32', x.size); // dY in x's precision
      g.set(dY);
      K().axpy(dX, g, x.size, 1);
    },
  };
});
