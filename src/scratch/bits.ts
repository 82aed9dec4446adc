/**
 * Binary encoding and the printing format shared by the from-scratch binary-addition demos.
 *
 * The lesson builds a table `int2binary` with `np.unpackbits`, which writes the most
 * significant bit first: 9 -> [0 0 0 0 1 0 0 1]. We keep that order everywhere, so
 * `bits[BINARY_DIM - 1]` is the lowest bit and the network reads the arrays from the end.
 */

/** Number of bits of every number in the task (`binary_dim = 8` in the lesson). */
export const BINARY_DIM = 8;

/** Training and evaluation draw a and b below this (`largest_number / 2` = 128), so a + b < 256 fits in 8 bits. */
export const OPERAND_LIMIT = 2 ** (BINARY_DIM - 1);

/** `int2binary[n]`: the 8 bits of n, most significant first. */
export function toBits(n: number, bits = BINARY_DIM): number[] {
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** bits) {
    throw new RangeError(`toBits: expected an integer in [0, ${2 ** bits}), got ${n}.`);
  }
  const out: number[] = new Array<number>(bits); // [bits], most significant first
  for (let k = 0; k < bits; k++) out[bits - 1 - k] = (n >> k) & 1;
  return out;
}

/** The inverse of `toBits`: the lesson's `for index, x in enumerate(reversed(d)): out += x * 2**index`. */
export function fromBits(bits: readonly number[]): number {
  let out = 0;
  for (let index = 0; index < bits.length; index++) out += bits[bits.length - 1 - index] * 2 ** index;
  return out;
}

/** What every demo reports every 1,000 iterations (the lesson prints exactly these values). */
export interface BinaryAdditionReport {
  /** The training iteration (0, 1000, 2000, ...). */
  iteration: number;
  /** Sum over the 8 positions of |true bit - predicted probability| (`overallError`). */
  error: number;
  /** The rounded predictions, most significant bit first (`d`). */
  pred: number[];
  /** The true bits of a + b, most significant bit first (`c`). */
  true: number[];
  /** The two operands of this training example. */
  a: number;
  b: number;
  /** The number the predicted bits spell (`out`); equals a + b once the net has learned. */
  predicted: number;
}

/** numpy prints float64 with 8 significant decimals after the point, trailing zeros dropped: 3.5852713. */
export function formatNumpyFloat(x: number): string {
  const s = x.toFixed(8);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '.') : s;
}

/** The five lines the lesson prints every 1,000 iterations. */
export function formatReport(r: BinaryAdditionReport): string[] {
  return [
    `Error:[${formatNumpyFloat(r.error)}]`,
    `Pred:[${r.pred.join(' ')}]`,
    `True:[${r.true.join(' ')}]`,
    `${r.a} + ${r.b} = ${r.predicted}`,
    '-----',
  ];
}

/** The line printed after training. */
export function formatAccuracy(correct: number, total: number, seed: number): string {
  const pct = total === 0 ? 0 : (100 * correct) / total;
  return `Held-out accuracy: ${correct}/${total} = ${pct.toFixed(1)}% (random pairs a, b < ${OPERAND_LIMIT}, evaluation seed ${seed})`;
}

/** Accuracy of a predictor on `pairs` random pairs: a pair counts when all 8 bits are right. */
export interface BinaryAdditionAccuracy {
  accuracy: number;
  correct: number;
  total: number;
  /** Up to 10 pairs the net got wrong, for a person to look at. */
  mistakes: Array<{ a: number; b: number; predicted: number }>;
}
