// The rnnkit extension of a saved model: compile settings, optimizer state (slot arrays as binary),
// the model's RNG state, the epoch, and user metadata (tokenizer / vocabulary). tfjs ignores it.
import { ValueError } from '../../errors.js';
import { resolveLoss } from '../../losses/index.js';
import { resolveMetric } from '../../metrics/index.js';
import { getOptimizer, type OptimizerState } from '../../optim/index.js';
import { Rng, type RngState } from '../../tensor/rng.js';
import type { FloatArray } from '../../tensor/tensor.js';
import type { LayersModel } from '../model.js';
import { fromLittleEndian, namedWeights, toLittleEndian } from './weights.js';

/** Where one optimizer slot array lies in the optimizer binary. */
export interface SlotSpecJSON {
  slot: string;
  /** Index of the variable in the model's weight order (names can differ between processes). */
  weight: number;
  /** The weight's file name (for people reading the JSON). */
  name: string;
  dtype: 'float32' | 'float64';
  /** Number of values. */
  length: number;
}

/** The rnnkit side file (`rnnkit.json`) / `extra` of in-memory artefacts. */
export interface RnnkitExtra {
  format: 'rnnkit-extra';
  version: 1;
  /** Anything JSON the user saves with the model (tokenizer, vocabulary, labels...). */
  metadata?: unknown;
  /** compile() arguments, when they have names (custom functions are not saved). */
  compile?: { optimizer: { className: string; config: Record<string, unknown> }; loss: string | null; metrics: string[] };
  /** Optimizer step counter and slot layout; the values are in the optimizer binary. */
  optimizer?: { className: string; iterations: number; slots: SlotSpecJSON[] };
  /** The model's generator (shuffling, dropout), so a resumed fit continues the same stream. */
  rng?: RngState | null;
  /** Checkpoints: the epoch to resume at (epochs done), the batch within it (null = epoch end). */
  epoch?: number;
  batch?: number | null;
  /** Checkpoint callback state (e.g. the best monitored value). */
  checkpoint?: Record<string, unknown>;
}

export interface TrainingStateOptions {
  /** Save compile settings and optimizer slots (default true when the model is compiled). */
  includeOptimizer?: boolean;
  metadata?: unknown;
  epoch?: number;
  batch?: number | null;
  checkpoint?: Record<string, unknown>;
}

/** The extension JSON and the optimizer binary (slot arrays concatenated, little-endian). */
export function encodeTrainingState(model: LayersModel, opts: TrainingStateOptions = {}): { extra: RnnkitExtra; optimizerData: Uint8Array | null } {
  const extra: RnnkitExtra = { format: 'rnnkit-extra', version: 1 };
  if (opts.metadata !== undefined) extra.metadata = opts.metadata;
  if (opts.epoch !== undefined) extra.epoch = opts.epoch;
  if (opts.batch !== undefined) extra.batch = opts.batch;
  if (opts.checkpoint !== undefined) extra.checkpoint = opts.checkpoint;
  extra.rng = model.rng ? model.rng.getState() : null;
  let optimizerData: Uint8Array | null = null;
  const c = model.compiled;
  if (c && (opts.includeOptimizer ?? true)) {
    const lossOk = (() => {
      try {
        return resolveLoss(c.lossName).name === c.lossName;
      } catch {
        return false;
      }
    })();
    extra.compile = {
      optimizer: { className: c.optimizer.className, config: c.optimizer.getConfig() },
      loss: lossOk ? c.lossName : null,
      metrics: c.metrics.map((m) => m.key),
    };
    const state = c.optimizer.getState();
    const index = new Map(namedWeights(model).map((w, i) => [w.variable.name, { i, name: w.name }]));
    const slots: SlotSpecJSON[] = [];
    const arrays: FloatArray[] = [];
    for (const [slot, byVar] of Object.entries(state.slots)) {
      for (const [varName, arr] of Object.entries(byVar)) {
        const w = index.get(varName);
        if (!w) throw new ValueError(`save: optimizer slot '${slot}' belongs to '${varName}', which is not a weight of the model.`);
        slots.push({ slot, weight: w.i, name: w.name, dtype: arr instanceof Float64Array ? 'float64' : 'float32', length: arr.length });
        arrays.push(arr);
      }
    }
    extra.optimizer = { className: state.className, iterations: state.iterations, slots };
    optimizerData = concatBytes(arrays);
  }
  return { extra, optimizerData };
}

function concatBytes(arrays: FloatArray[]): Uint8Array {
  const total = arrays.reduce((s, a) => s + a.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const a of arrays) {
    const bytes = a instanceof Float32Array ? toLittleEndian(a) : f64Bytes(a);
    out.set(bytes, off);
    off += bytes.byteLength;
  }
  return out;
}

function f64Bytes(a: Float64Array): Uint8Array {
  const out = new Uint8Array(a.length * 8);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) dv.setFloat64(8 * i, a[i], true);
  return out;
}

export interface RestoreOptions {
  /** Compile the model from the saved settings when it is not compiled (default true). */
  compile?: boolean;
}

/**
 * Restores compile settings (if the model is not compiled yet), the optimizer state and the RNG.
 * The slot arrays are checked against the model's weights first.
 */
export function restoreTrainingState(model: LayersModel, extra: RnnkitExtra, optimizerData: Uint8Array | null, opts: RestoreOptions = {}): void {
  if (extra.compile && !model.compiled && (opts.compile ?? true) && extra.compile.loss) {
    const metrics: string[] = [];
    for (const m of extra.compile.metrics) {
      try {
        resolveMetric(m, extra.compile.loss);
        metrics.push(m);
      } catch {
        // A metric that cannot be rebuilt by name is left out; the user can compile again.
      }
    }
    model.compile({ optimizer: getOptimizer(extra.compile.optimizer), loss: extra.compile.loss, metrics });
  }
  if (extra.optimizer && model.compiled) {
    const weights = namedWeights(model);
    const data = optimizerData ?? new Uint8Array(0);
    const slots: OptimizerState['slots'] = {};
    let off = 0;
    for (const s of extra.optimizer.slots) {
      const w = weights[s.weight];
      if (!w || w.variable.size !== s.length) {
        throw new ValueError(`load: optimizer slot '${s.slot}' of weight ${s.weight} ('${s.name}', ${s.length} values) does not fit the model`
          + `${w ? ` (that weight '${w.name}' has ${w.variable.size} values)` : ''}.`);
      }
      const bytes = s.dtype === 'float64' ? 8 : 4;
      if (off + bytes * s.length > data.byteLength) {
        throw new ValueError(`load: the optimizer state file has ${data.byteLength} bytes, slot '${s.slot}' of '${s.name}' needs bytes up to ${off + bytes * s.length} (truncated file).`);
      }
      let arr: FloatArray;
      if (s.dtype === 'float64') {
        const dv = new DataView(data.buffer, data.byteOffset + off, 8 * s.length);
        arr = new Float64Array(s.length); // [length]
        for (let i = 0; i < s.length; i++) arr[i] = dv.getFloat64(8 * i, true);
      } else {
        arr = fromLittleEndian(data, off, s.length);
      }
      off += bytes * s.length;
      (slots[s.slot] ??= {})[w.variable.name] = arr;
    }
    if (off !== data.byteLength) throw new ValueError(`load: the optimizer state file has ${data.byteLength} bytes, the slots need ${off}.`);
    model.compiled.optimizer.setState({ className: extra.optimizer.className, iterations: extra.optimizer.iterations, slots });
  }
  if (extra.rng) {
    const rng = new Rng(0);
    rng.setState(extra.rng);
    model.rng = rng;
  }
}
