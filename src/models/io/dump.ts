// Plain dumps of the weights for other tools: JSON (names, shapes, values) and .npy arrays.
import { DataError, ShapeError, fmtShape } from '../../errors.js';
import { sizeOf } from '../../tensor/tensor.js';
import type { LayersModel } from '../model.js';
import { namedWeights } from './weights.js';

/** One weight of a dump. `values` are row-major. */
export interface WeightDumpEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  values: number[];
}

export interface WeightDump {
  format: 'rnnkit-weights';
  version: 1;
  weights: WeightDumpEntry[];
}

/** All weights with their layers-model names ('lstm/kernel', ...), in the model's weight order. */
export function exportWeights(model: LayersModel): WeightDump {
  return {
    format: 'rnnkit-weights', version: 1,
    weights: namedWeights(model).map((w) => ({ name: w.name, shape: [...w.variable.shape], dtype: 'float32', values: Array.from(w.variable.data) })),
  };
}

/** Sets the weights from a dump, matched by name; everything is checked before anything is set. */
export function importWeights(model: LayersModel, dump: WeightDump): void {
  if (!dump || dump.format !== 'rnnkit-weights' || !Array.isArray(dump.weights)) {
    throw new DataError("importWeights: expected a dump from exportWeights ({format: 'rnnkit-weights', weights: [...]}).");
  }
  const byName = new Map(dump.weights.map((e) => [e.name, e]));
  const plan = namedWeights(model).map((w) => {
    const e = byName.get(w.name);
    if (!e) throw new DataError(`importWeights: the dump has no weight '${w.name}' (layer '${w.layer.name}'); it has ${dump.weights.map((x) => x.name).join(', ')}.`);
    const v = w.variable;
    if (!Array.isArray(e.shape) || e.shape.length !== v.shape.length || e.shape.some((d, i) => d !== v.shape[i])) {
      throw new ShapeError(`importWeights: layer '${w.layer.name}': weight '${w.name}' has shape ${fmtShape(v.shape)}, the dump has ${fmtShape(e.shape ?? [])}.`);
    }
    if (!Array.isArray(e.values) || e.values.length !== sizeOf(e.shape)) {
      throw new DataError(`importWeights: weight '${w.name}' ${fmtShape(e.shape)} needs ${sizeOf(e.shape)} values, the dump has ${e.values?.length ?? 0}.`);
    }
    return { v, values: e.values };
  });
  for (const p of plan) p.v.assign(p.values);
}

/** A float32 array in NumPy's .npy format (version 1.0, little-endian, C order). */
export function toNpy(values: ArrayLike<number>, shape: readonly number[]): Uint8Array {
  if (values.length !== sizeOf(shape)) throw new ShapeError(`toNpy: shape ${fmtShape(shape)} needs ${sizeOf(shape)} values, got ${values.length}.`);
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + 4 * values.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const dv = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < values.length; i++) dv.setFloat32(4 * i, values[i], true);
  return out;
}

/** Reads a float32 / float64 little-endian C-order .npy array (what toNpy and NumPy write). */
export function fromNpy(bytes: Uint8Array): { shape: number[]; values: Float32Array } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw new DataError('fromNpy: not a .npy file (bad magic).');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + hlen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shapeM = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (/'fortran_order':\s*True/.test(header)) throw new DataError('fromNpy: Fortran-order arrays are not supported.');
  if (descr !== '<f4' && descr !== '<f8') throw new DataError(`fromNpy: dtype '${descr}' is not supported; expected '<f4' or '<f8'.`);
  const shape = (shapeM?.[1] ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const n = sizeOf(shape);
  const size = descr === '<f4' ? 4 : 8;
  const off = start + hlen;
  if (bytes.length - off !== n * size) throw new DataError(`fromNpy: shape ${fmtShape(shape)} needs ${n * size} data bytes, the file has ${bytes.length - off}.`);
  const values = new Float32Array(n); // [n]
  for (let i = 0; i < n; i++) values[i] = size === 4 ? dv.getFloat32(off + 4 * i, true) : dv.getFloat64(off + 8 * i, true);
  return { shape, values };
}
