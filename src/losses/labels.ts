import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

function eq(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Checks that yTrue and yPred have the same shape, up to a trailing axis of size 1 on either side
 * ([B] vs [B, 1], as Keras squeezes or expands), so element i of one matches element i of the other.
 */
export function checkLabelShape(where: string, yTrue: Tensor, yPred: Tensor): void {
  const t = yTrue.shape;
  const p = yPred.shape;
  if (eq(t, p)) return;
  if (t.length === p.length - 1 && p[p.length - 1] === 1 && eq(t, p.slice(0, -1))) return;
  if (t.length === p.length + 1 && t[t.length - 1] === 1 && eq(t.slice(0, -1), p)) return;
  const alt = p.length > 0 && p[p.length - 1] === 1 ? ` or ${fmtShape(p.slice(0, -1))}` : '';
  throw new ShapeError(`${where}: yTrue shape ${fmtShape(t)} does not match yPred shape ${fmtShape(p)} (expected yTrue of shape ${fmtShape(p)}${alt}).`);
}

/** Sparse labels have yPred's shape without the class axis, or with a class axis of size 1. */
export function checkSparseShape(where: string, yTrue: Tensor, yPred: Tensor): void {
  const p = yPred.shape;
  if (p.length < 1) throw new ShapeError(`${where}: yPred needs a class axis, got shape ${fmtShape(p)}.`);
  const lead = p.slice(0, -1);
  const t = yTrue.shape;
  if (!eq(t, lead) && !(t.length === lead.length + 1 && t[t.length - 1] === 1 && eq(t.slice(0, -1), lead))) {
    throw new ShapeError(`${where}: yTrue shape ${fmtShape(t)} does not match yPred shape ${fmtShape(p)} (expected integer class ids of shape ${fmtShape(lead)} or ${fmtShape([...lead, 1])}).`);
  }
}

/**
 * Checks sparse labels: yTrue has yPred's shape without the class axis (or with a class axis of 1),
 * and every id is an integer in [0, classes). Returns the ids.
 */
export function checkSparseLabels(where: string, yTrue: Tensor, yPred: Tensor): Int32Array {
  checkSparseShape(where, yTrue, yPred);
  const classes = yPred.shape[yPred.shape.length - 1];
  const ids = new Int32Array(yTrue.size); // ids [...lead]
  for (let i = 0; i < ids.length; i++) {
    const v = yTrue.data[i];
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new ValueError(`${where}: label ${v} at flat index ${i} is not a class id in [0, ${classes}) (yPred has ${classes} classes).`);
    }
    ids[i] = v;
  }
  return ids;
}

/** yTrue and yPred must have exactly the same shape (categorical labels are one-hot / distributions). */
export function checkOneHotShape(where: string, yTrue: Tensor, yPred: Tensor): void {
  if (eq(yTrue.shape, yPred.shape) && yPred.shape.length >= 1) return;
  const hint = yTrue.shape.length < yPred.shape.length || (yTrue.shape.length > 0 && yTrue.shape[yTrue.shape.length - 1] === 1)
    ? ' For integer class ids use sparseCategoricalCrossentropy.' : '';
  throw new ShapeError(`${where}: yTrue shape ${fmtShape(yTrue.shape)} does not match yPred shape ${fmtShape(yPred.shape)} (expected one-hot labels of shape ${fmtShape(yPred.shape)}).${hint}`);
}
