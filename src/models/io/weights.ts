// Weights <-> the tfjs weightsManifest + little-endian float32 binary, with validation. No file access.
import { DataError, ShapeError, fmtShape } from '../../errors.js';
import type { Layer } from '../../layers/layer.js';
import { Bidirectional } from '../../layers/rnn/bidirectional.js';
import { sizeOf, type Variable } from '../../tensor/tensor.js';
import { LayersModel } from '../model.js';

/** One weight of the manifest. */
export interface WeightSpecJSON {
  name: string;
  shape: number[];
  dtype: string;
}

/** One group of the manifest: shard files (concatenated in order) and the weights they hold. */
export interface WeightsGroupJSON {
  paths: string[];
  weights: WeightSpecJSON[];
}

/** A model weight with the name tfjs / Keras give it in a layers-model file. */
export interface NamedWeight {
  name: string;
  variable: Variable;
  /** The top-level layer it belongs to (for error messages). */
  layer: Layer;
}

function shortName(v: Variable): string {
  const i = v.name.lastIndexOf('/');
  return i < 0 ? v.name : v.name.slice(i + 1);
}

/**
 * The weights of a model in file order with tfjs names: `dense/kernel`, `lstm/recurrent_kernel`,
 * `bidirectional/forward_lstm/kernel` and `bidirectional/backward_lstm/kernel` (tfjs' Bidirectional
 * scopes), nested models' layers by their own names. A layer shared twice appears once.
 */
export function namedWeights(model: LayersModel): NamedWeight[] {
  const out: NamedWeight[] = [];
  const seen = new Set<Variable>();
  const push = (name: string, variable: Variable, top: Layer): void => {
    if (seen.has(variable)) return;
    seen.add(variable);
    out.push({ name, variable, layer: top });
  };
  const visit = (layer: Layer, prefix: string, top: Layer): void => {
    if (layer instanceof LayersModel) {
      for (const l of layer.layers) visit(l, prefix, l);
      return;
    }
    if (layer instanceof Bidirectional) {
      const p = `${prefix}${layer.name}/`;
      for (const v of layer.forwardLayer.weights) push(`${p}forward_${layer.forwardLayer.name}/${shortName(v)}`, v, top);
      for (const v of layer.backwardLayer.weights) push(`${p}backward_${layer.forwardLayer.name}/${shortName(v)}`, v, top);
      return;
    }
    const subs = layer.sublayers();
    const own = layer.weights.filter((v) => !subs.some((s) => s.weights.includes(v)));
    for (const v of own) push(`${prefix}${layer.name}/${shortName(v)}`, v, top);
    for (const s of subs) visit(s, `${prefix}${layer.name}/`, top);
  };
  for (const l of model.layers) visit(l, '', l);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The manifest entries and the float32 little-endian bytes of a model's weights. */
export function encodeWeights(model: LayersModel): { specs: WeightSpecJSON[]; data: Uint8Array } {
  const ws = namedWeights(model);
  const total = ws.reduce((s, w) => s + w.variable.size, 0);
  const f32 = new Float32Array(total); // [Σ sizes]
  let off = 0;
  for (const w of ws) {
    f32.set(w.variable.data, off);
    off += w.variable.size;
  }
  return { specs: ws.map((w) => ({ name: w.name, shape: [...w.variable.shape], dtype: 'float32' })), data: toLittleEndian(f32) };
}

/** Float32 values as little-endian bytes (a view on little-endian machines, a copy otherwise). */
export function toLittleEndian(f32: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength);
  const out = new Uint8Array(f32.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < f32.length; i++) dv.setFloat32(i * 4, f32[i], true);
  return out;
}

/** Little-endian float32 bytes [offset, offset + 4n) as a Float32Array (a copy). */
export function fromLittleEndian(bytes: Uint8Array, offset: number, n: number): Float32Array {
  const out = new Float32Array(n); // [n]
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + 4 * n));
  } else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, 4 * n);
    for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true);
  }
  return out;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4 };

/** Names Keras / the tfjs converter give that tfjs shortens: 'lstm/lstm_cell/kernel' -> 'lstm/kernel'. */
function candidates(name: string): string[] {
  const n = name.replace(/:\d+$/, '');
  const t = n.split('/');
  return t.length > 2 ? [n, [...t.slice(0, -2), t[t.length - 1]].join('/')] : [n];
}

/**
 * Sets a model's weights from manifest entries and their concatenated bytes, checking everything
 * first (names, shapes, dtypes, byte length) so a bad file leaves the model untouched.
 */
export function decodeWeights(model: LayersModel, specs: WeightSpecJSON[], data: Uint8Array, matchBy: 'name' | 'order' = 'name'): void {
  const expected = namedWeights(model);
  if (matchBy === 'order') {
    // Checkpoints loaded into a model built again in this process: layer names may have other
    // suffixes (dense_3 vs dense), so weights are matched by position (shapes are still checked).
    if (specs.length !== expected.length) {
      throw new DataError(`load: the file has ${specs.length} weights, the model has ${expected.length} (${expected.map((w) => w.name).join(', ')}).`);
    }
    specs = specs.map((s, i) => ({ ...s, name: expected[i].name }));
  }
  const byName = new Map(expected.map((w) => [w.name, w]));
  let need = 0;
  for (const s of specs) {
    if (!s || typeof s.name !== 'string' || !Array.isArray(s.shape)) {
      throw new DataError(`load: bad weightsManifest entry ${JSON.stringify(s)}; expected {name, shape, dtype}.`);
    }
    const b = BYTES[s.dtype ?? 'float32'];
    if (!b) throw new DataError(`load: weight '${s.name}' has dtype '${s.dtype}'; rnnkit reads float32 (and int32) weights, not quantized ones.`);
    need += sizeOf(s.shape) * b;
  }
  if (data.byteLength !== need) {
    throw new DataError(`load: the weight data has ${data.byteLength} bytes, the manifest describes ${need} bytes `
      + `(${specs.length} weights)${data.byteLength < need ? '; the weight file is truncated' : ''}.`);
  }
  const assigned = new Map<NamedWeight, Float32Array>();
  let off = 0;
  for (const s of specs) {
    const n = sizeOf(s.shape);
    const target = candidates(s.name).map((c) => byName.get(c)).find((w) => w !== undefined);
    if (!target) {
      throw new DataError(`load: the file has weight '${s.name}' ${fmtShape(s.shape)}, which matches no weight of the model `
        + `(expected: ${expected.map((w) => w.name).join(', ') || 'none'}).`);
    }
    const v = target.variable;
    if (s.shape.length !== v.shape.length || s.shape.some((d, i) => d !== v.shape[i])) {
      throw new ShapeError(`load: layer '${target.layer.name}' (${target.layer.className}): weight '${target.name}' has shape `
        + `${fmtShape(v.shape)} in the topology, but the file has ${fmtShape(s.shape)}.`);
    }
    if (assigned.has(target)) throw new DataError(`load: the file has weight '${target.name}' twice.`);
    if (s.dtype === 'int32') {
      const dv = new DataView(data.buffer, data.byteOffset + off, 4 * n);
      const f = new Float32Array(n); // [n]
      for (let i = 0; i < n; i++) f[i] = dv.getInt32(4 * i, true);
      assigned.set(target, f);
    } else {
      assigned.set(target, fromLittleEndian(data, off, n));
    }
    off += 4 * n;
  }
  const missing = expected.filter((w) => !assigned.has(w));
  if (missing.length > 0) {
    const m = missing[0];
    throw new DataError(`load: the file has no values for weight '${m.name}' ${fmtShape(m.variable.shape)} of layer '${m.layer.name}' (${m.layer.className})`
      + `${missing.length > 1 ? ` and ${missing.length - 1} more (${missing.slice(1).map((w) => w.name).join(', ')})` : ''}.`);
  }
  for (const [w, values] of assigned) w.variable.assign(values);
}
