import { noGrad, record } from '../autograd/tape.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { add } from '../ops/elementwise.js';
import { frozenWeightsScope } from '../layers/inference.js';
import { Layer, type CallOptions, type LayerInput, type LayerOutput, type Shape, type WeightSpec } from '../layers/layer.js';
import type { GradPair } from '../optim/index.js';
import { Rng, getGlobalRng } from '../tensor/rng.js';
import { bufferScope } from '../tensor/pool.js';
import { Tensor, allocArray, sizeOf, type DType, type Variable } from '../tensor/tensor.js';
import type { CallbackModel, History, Logs } from './callbacks.js';
import { resolveCompileArgs, type CompileArgs, type Compiled } from './compile.js';
import { sliceRows, toInputTensors, toLabelTensor, type ModelData, type NestedArray } from './data.js';
import { runFit, type FitArgs } from './fit.js';
import { fitLabels } from './labels.js';
import { outputLoss, updateMetrics, type ForwardResult } from './outputMask.js';
import { toSampleWeights, type SampleWeightInput } from './sampleWeights.js';
import { formatSummary, type SummaryRow } from './summary.js';

/** A declared model input: its shape (batch axis null) when known, and its dtype. */
export interface InputSpec {
  shape: Shape | null;
  dtype: DType;
}

export interface EvaluateArgs {
  /** Default 32. */
  batchSize?: number;
  /** One weight per sample ([N] or [N, 1]): weighted loss Σ w_i·L_i / N and weighted metrics (Keras). */
  sampleWeight?: SampleWeightInput;
}

export interface PredictArgs {
  /** Default 32. */
  batchSize?: number;
}

function checkBatchSize(b: number, where: string): number {
  if (!Number.isInteger(b) || b <= 0) throw new ValueError(`${where}: batchSize must be a positive integer, got ${b}.`);
  return b;
}

/**
 * What Sequential and the functional Model share: compile / fit / evaluate / predict, summary,
 * weights in Keras order. A model is a layer too, so it can be used inside another model.
 */
export abstract class LayersModel extends Layer implements CallbackModel {
  /** Set by callbacks (early stopping) to end fit after the current batch. */
  stopTraining = false;
  /** The model's generator (shuffling, dropout); fit({seed}) reseeds it. */
  rng: Rng | null = null;
  /** Optimizer, loss and metrics after compile(). */
  compiled: Compiled | null = null;

  /** The model's layers in order (weights are collected in this order). */
  abstract get layers(): Layer[];
  /** The declared inputs (shape and dtype), one per model input. */
  abstract inputSpecs(): InputSpec[];
  /** Builds the model for concrete inputs if needed and checks their shapes. */
  abstract buildFor(xs: Tensor[]): void;
  /** Forward pass of a built model. */
  protected abstract forward(xs: Tensor[], opts: CallOptions): Tensor;
  /**
   * Forward pass of a built model that also returns the output's mask (computeMask chained through
   * the layers), used by training and evaluation to leave masked positions out of the loss and metrics.
   * Subclasses that propagate masks override it; this default reports no mask.
   */
  forwardWithMask(xs: Tensor[], opts: CallOptions): ForwardResult {
    return { output: this.forward(xs, opts), mask: null };
  }
  /** The output shape (batch axis null) of a built model. */
  abstract outputShapeOf(): Shape;
  /** The rows of summary(). */
  protected abstract summaryRows(): SummaryRow[];

  override sublayers(): Layer[] {
    return this.layers;
  }

  call(inputs: LayerInput, opts: CallOptions): LayerOutput {
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    this.buildFor(xs);
    return this.forward(xs, opts);
  }

  /** Sets the optimizer, loss and metrics used by fit and evaluate. */
  compile(args: CompileArgs): void {
    this.compiled = resolveCompileArgs(args);
  }

  /** The compiled state, or an error telling to call compile(). */
  requireCompiled(where: string): Compiled {
    if (!this.compiled) throw new ValueError(`${where}: the model must be compiled first: model.compile({optimizer: 'adam', loss: 'mse'}).`);
    return this.compiled;
  }

  /** The layer with this name (or at this index). */
  getLayer(nameOrIndex: string | number): Layer {
    const ls = this.layers;
    if (typeof nameOrIndex === 'number') {
      const l = ls[nameOrIndex];
      if (!l) throw new ValueError(`getLayer: index ${nameOrIndex} is out of range; the model has ${ls.length} layers.`);
      return l;
    }
    const l = ls.find((x) => x.name === nameOrIndex);
    if (!l) throw new ValueError(`getLayer: no layer named '${nameOrIndex}'. Layers: ${ls.map((x) => x.name).join(', ')}.`);
    return l;
  }

  /** The model's generator; a new seed replaces it, else it is drawn once from the global one. */
  modelRng(seed?: number | null): Rng {
    if (seed != null) this.rng = new Rng(seed);
    if (!this.rng) this.rng = new Rng(getGlobalRng().nextU32());
    return this.rng;
  }

  /** User data as input tensors; builds the model for them. */
  prepareInputs(x: ModelData, where: string): Tensor[] {
    const xs = toInputTensors(x, this.inputSpecs().map((s) => s.dtype), where);
    this.buildFor(xs);
    return xs;
  }

  /** User labels as a tensor fitting the loss and the output shape. */
  prepareLabels(y: Tensor | NestedArray, n: number, where: string): Tensor {
    const c = this.requireCompiled(where);
    return fitLabels(toLabelTensor(y, where), this.outputShapeOf(), c.lossName, n, where);
  }

  /** Weight specs without duplicates (a layer shared twice counts once). */
  private uniqueSpecs(): WeightSpec[] {
    const seen = new Set<Variable>();
    return this.weightSpecs().filter((s) => (seen.has(s.variable) ? false : (seen.add(s.variable), true)));
  }

  /** Σ regularizer penalties (a scalar tensor), or null when no weight has a regularizer. */
  private penalty(specs: WeightSpec[]): Tensor | null {
    let total: Tensor | null = null;
    for (const s of specs) {
      if (!s.regularizer) continue;
      const p = s.regularizer.apply(s.variable);
      total = total ? add(total, p) : p;
    }
    return total;
  }

  private lossValue(loss: Tensor, where: string): number {
    if (loss.size !== 1) throw new ShapeError(`${where}: the loss function must return a scalar, got shape ${fmtShape(loss.shape)}.`);
    return loss.data[0];
  }

  /**
   * One optimisation step on a batch: forward (training, the model's rng), loss + penalties,
   * backward, optimizer update, constraints, metric update. `check` sees the loss before any
   * weight changes (fit uses it to stop on NaN). Returns the loss. With `sampleWeight` (float [B]) the
   * loss is Keras' weighted 'sum_over_batch_size' Σ w_i·L_i / B (see weightedLoss) and the metrics are
   * weighted. When the output carries a mask (e.g. [B, T] from Embedding(maskZero) → LSTM(returnSequences)),
   * the loss is Keras' Σ w_b·m_bt·L_bt / Σ m_bt and the metrics count only unmasked steps (see outputMask.ts).
   */
  trainStep(xs: Tensor[], y: Tensor, check: (loss: number) => void = () => undefined, sampleWeight: Tensor | null = null): number {
    const c = this.requireCompiled('fit');
    const rng = this.modelRng();
    const specs = this.uniqueSpecs();
    // The step's scratch buffers and (pooled) gradient buffers return to the pool at the end.
    return bufferScope(() => this.trainStepScoped(xs, y, check, c, rng, specs, sampleWeight));
  }

  private trainStepScoped(xs: Tensor[], y: Tensor, check: (loss: number) => void, c: Compiled, rng: Rng,
    specs: WeightSpec[], sampleWeight: Tensor | null = null): number {
    const { tape, result } = record(() => {
      const { output: yPred, mask } = this.forwardWithMask(xs, { training: true, rng });
      let loss = outputLoss(c.lossFn, y, yPred, mask, sampleWeight);
      const p = this.penalty(specs);
      if (p) loss = add(loss, p);
      return { loss, yPred, mask };
    }, { pooled: true });
    try {
      const value = this.lossValue(result.loss, 'fit');
      check(value);
      if (result.loss.requiresGrad) {
        tape.backward(result.loss);
        const pairs: GradPair[] = [];
        for (const s of specs) {
          const v = s.variable;
          const g = v.trainable ? tape.grad(v) : null;
          if (g) pairs.push({ variable: v, grad: g });
        }
        c.optimizer.applyGradients(pairs);
        for (const s of specs) if (s.constraint && s.variable.trainable) s.constraint.apply(s.variable);
      }
      noGrad(() => updateMetrics(c.metrics, y, result.yPred, result.mask, sampleWeight));
      return value;
    } finally {
      tape.dispose();
    }
  }

  /** Current values of the compiled metrics. */
  metricLogs(): Logs {
    const logs: Logs = {};
    for (const m of this.compiled?.metrics ?? []) logs[m.key] = m.metric.result();
    return logs;
  }

  resetMetrics(): void {
    for (const m of this.compiled?.metrics ?? []) m.metric.reset();
  }

  /** Trains on one batch (metrics reset first), optionally sample-weighted; returns {loss, ...metrics}. */
  trainOnBatch(x: ModelData, y: Tensor | NestedArray, sampleWeight?: SampleWeightInput): Logs {
    const xs = this.prepareInputs(x, 'trainOnBatch');
    const yt = this.prepareLabels(y, xs[0].shape[0], 'trainOnBatch');
    const sw = sampleWeight == null ? null : toSampleWeights(sampleWeight, xs[0].shape[0], 'trainOnBatch');
    this.resetMetrics();
    const loss = this.trainStep(xs, yt, undefined, sw);
    return { loss, ...this.metricLogs() };
  }

  /** Loss (with regularization penalties, as Keras) and metrics on data, in inference mode. */
  evaluate(x: ModelData, y: Tensor | NestedArray, args: EvaluateArgs = {}): Logs {
    const xs = this.prepareInputs(x, 'evaluate');
    const yt = this.prepareLabels(y, xs[0].shape[0], 'evaluate');
    const sw = args.sampleWeight == null ? null : toSampleWeights(args.sampleWeight, xs[0].shape[0], 'evaluate');
    return this.evaluateTensors(xs, yt, args.batchSize ?? 32, sw);
  }

  /**
   * evaluate() on prepared tensors (fit uses it for validation). With `sampleWeight` (float [N]) the
   * loss is Σ_batches B_b·(Σ_i w_i·L_i / B_b) / N = Σ_i w_i·L_i / N (+ penalties), as Keras' loss tracker.
   * A masked output weighs each batch's loss as in trainStep (masked steps left out).
   */
  evaluateTensors(xs: Tensor[], y: Tensor, batchSize: number, sampleWeight: Tensor | null = null): Logs {
    const c = this.requireCompiled('evaluate');
    checkBatchSize(batchSize, 'evaluate');
    const n = xs[0].shape[0];
    if (n === 0) throw new ValueError('evaluate: got 0 samples.');
    this.resetMetrics();
    return noGrad(() => frozenWeightsScope(n, () => {
      const p = this.penalty(this.uniqueSpecs());
      const pv = p ? p.data[0] : 0;
      let sum = 0;
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(n, start + batchSize);
        const bx = xs.map((t) => sliceRows(t, start, end));
        const by = sliceRows(y, start, end);
        const bw = sampleWeight ? sliceRows(sampleWeight, start, end) : null; // [end − start]
        bufferScope(() => {
          const { output: yPred, mask } = this.forwardWithMask(bx, { training: false });
          const loss = outputLoss(c.lossFn, by, yPred, mask, bw);
          sum += (this.lossValue(loss, 'evaluate') + pv) * (end - start);
          updateMetrics(c.metrics, by, yPred, mask, bw);
        });
      }
      return { loss: sum / n, ...this.metricLogs() };
    }));
  }

  /** Outputs for inputs, in inference mode, computed batch by batch: [N, ...outputShape]. */
  predict(x: ModelData, args: PredictArgs = {}): Tensor {
    const batchSize = checkBatchSize(args.batchSize ?? 32, 'predict');
    const xs = this.prepareInputs(x, 'predict');
    const n = xs[0].shape[0];
    return noGrad(() => frozenWeightsScope(n, () => {
      let out: Tensor | null = null;
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(n, start + batchSize);
        bufferScope(() => {
          const yb = this.forward(xs.map((t) => sliceRows(t, start, end)), { training: false });
          const row = sizeOf(yb.shape.slice(1));
          out ??= new Tensor(allocArray(yb.dtype, n * row), [n, ...yb.shape.slice(1)]); // [N, ...outputShape]
          out.data.set(yb.data, start * row);
        });
      }
      if (!out) {
        const rest = this.outputShapeOf().slice(1).map((d) => d ?? 0);
        out = new Tensor(allocArray('float32', 0), [0, ...rest]);
      }
      return out;
    }));
  }

  /** Outputs for one batch (no batching). */
  predictOnBatch(x: ModelData): Tensor {
    const xs = this.prepareInputs(x, 'predictOnBatch');
    return noGrad(() => this.forward(xs, { training: false }));
  }

  /**
   * Trains for a number of epochs (Keras semantics, see FitArgs); returns the History
   * (`history.history.loss`, `...val_loss`). Async only to let the event loop run between batches.
   */
  fit(x: ModelData, y: Tensor | NestedArray, args: FitArgs = {}): Promise<History> {
    return runFit(this, x, y, args);
  }

  /** Prints a Keras-like table of the layers, output shapes and parameter counts. */
  /**
   * Saves the model in the TensorFlow.js layers-model format ('file://dir' or a path; Node only),
   * atomically, with the optimizer state and `metadata` beside it (see src/models/io).
   */
  async save(url: string, opts: { metadata?: Record<string, unknown>; includeOptimizer?: boolean } = {}): Promise<string> {
    // Loaded on demand so that this core module has no static dependency on node:fs.
    const io = await import('./io/files.js');
    return io.saveModel(this, url, opts);
  }

  summary(printFn: (line: string) => void = (line) => console.log(line)): void {
    const seen = new Set<Variable>();
    let trainable = 0;
    let total = 0;
    for (const w of this.weights) {
      if (seen.has(w)) continue;
      seen.add(w);
      total += w.size;
      if (w.trainable && this.trainable) trainable += w.size;
    }
    const text = formatSummary(this.name, this.summaryRows(), { total, trainable });
    for (const line of text.split('\n')) printFn(line);
  }
}
