import { ValueError } from '../errors.js';
import { InputLayer } from '../layers/core/input.js';
import type { CallOptions, Layer, MaskOutput, Shape } from '../layers/layer.js';
import { SymbolicTensor, type GraphNode } from '../layers/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkShape } from './data.js';
import { LayersModel, type InputSpec } from './model.js';
import type { ForwardResult } from './outputMask.js';
import type { SummaryRow } from './summary.js';

export interface ModelArgs {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
}

/**
 * A functional model: the graph of layer applications between `inputs` (from input()) and one
 * output. Layers run in topological order; masks from computeMask reach the next layers' opts.mask.
 */
export class Model extends LayersModel {
  readonly className: string = 'Model';
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  /** Non-input nodes in execution (topological) order. */
  private readonly nodes: GraphNode[];
  private readonly layerList: Layer[];

  constructor(args: ModelArgs) {
    super({ name: args.name }, 'model');
    this.inputs = Array.isArray(args.inputs) ? [...args.inputs] : [args.inputs];
    this.outputs = Array.isArray(args.outputs) ? [...args.outputs] : [args.outputs];
    if (this.inputs.length === 0) throw new ValueError('model(): give at least one input (from input()).');
    if (this.outputs.length !== 1) throw new ValueError(`model(): exactly one output is supported, got ${this.outputs.length}.`);
    for (const t of [...this.inputs, ...this.outputs]) {
      if (!(t instanceof SymbolicTensor)) throw new ValueError('model(): inputs and outputs must be symbolic tensors (from input() and layer.apply()).');
    }
    this.inputs.forEach((t, i) => {
      if (!(t.node?.layer instanceof InputLayer)) throw new ValueError(`model(): input ${i} (${t.name}) is not an input() tensor.`);
    });
    const { nodes, depth } = this.sortNodes();
    this.nodes = nodes.filter((nd) => nd.inputs.length > 0);
    // Layers as Keras lists them: deepest (closest to the inputs) first, inputs in the given order.
    const order = nodes.map((nd, i) => ({ nd, i, d: depth.get(nd) ?? 0 }));
    order.sort((a, b) => b.d - a.d || a.i - b.i);
    const layers: Layer[] = this.inputs.map((t) => (t.node as GraphNode).layer);
    for (const { nd } of order) if (!layers.includes(nd.layer)) layers.push(nd.layer);
    this.layerList = layers;
    this.built = true;
  }

  /** Depth-first topological order from the output; depth = longest path to the output. */
  private sortNodes(): { nodes: GraphNode[]; depth: Map<GraphNode, number> } {
    const order: GraphNode[] = [];
    const state = new Map<GraphNode, 'visiting' | 'done'>();
    const depth = new Map<GraphNode, number>();
    const inputIds = new Set(this.inputs.map((t) => t.id));
    const visit = (t: SymbolicTensor, d: number): void => {
      const node = t.node;
      if (!node) throw new ValueError(`model(): tensor ${t} was not produced by a layer.`);
      depth.set(node, Math.max(depth.get(node) ?? 0, d));
      if (node.inputs.length === 0 && !inputIds.has(t.id)) {
        throw new ValueError(`model(): the graph needs input '${t.name}', which is not in the model's inputs (graph disconnected).`);
      }
      const st = state.get(node);
      if (st === 'visiting') throw new ValueError(`model(): the graph has a cycle through layer '${node.layer.name}'.`);
      for (const x of node.inputs) visit(x, d + 1);
      if (st !== 'done') order.push(node);
      state.set(node, 'done');
    };
    for (const o of this.outputs) visit(o, 0);
    return { nodes: order, depth };
  }

  get layers(): Layer[] {
    return [...this.layerList];
  }

  inputSpecs(): InputSpec[] {
    return this.inputs.map((t) => ({ shape: t.shape, dtype: t.dtype }));
  }

  buildFor(xs: Tensor[]): void {
    if (xs.length !== this.inputs.length) {
      throw new ValueError(`${this.name}: the model has ${this.inputs.length} input(s) (${this.inputs.map((t) => t.name).join(', ')}), got ${xs.length}.`);
    }
    xs.forEach((x, i) => checkShape(x, this.inputs[i].shape, `${this.name} input '${this.inputs[i].name}'`));
  }

  protected forward(xs: Tensor[], opts: CallOptions): Tensor {
    return this.forwardWithMask(xs, opts).output;
  }

  /** The forward pass with the output's mask (null when none). */
  override forwardWithMask(xs: Tensor[], opts: CallOptions): ForwardResult {
    const values = new Map<number, Tensor>();
    const masks = new Map<number, Tensor | null>();
    this.inputs.forEach((t, i) => {
      values.set(t.id, xs[i]);
      masks.set(t.id, null);
    });
    for (const node of this.nodes) {
      const ins = node.inputs.map((t) => values.get(t.id) as Tensor);
      const inMasks = node.inputs.map((t) => masks.get(t.id) ?? null);
      const arg = ins.length === 1 ? ins[0] : ins;
      const maskArg: MaskOutput = ins.length === 1 ? inMasks[0] : inMasks;
      const extra: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node.callArgs)) if (!(v instanceof SymbolicTensor)) extra[k] = v;
      const out = node.layer.call(arg, { ...opts, ...extra, mask: maskArg });
      const outs = Array.isArray(out) ? out : [out];
      const outMask = node.layer.computeMask(arg, maskArg);
      node.outputs.forEach((t, k) => {
        values.set(t.id, outs[k]);
        masks.set(t.id, Array.isArray(outMask) ? (outMask[k] ?? null) : outMask);
      });
    }
    return { output: values.get(this.outputs[0].id) as Tensor, mask: masks.get(this.outputs[0].id) ?? null };
  }

  outputShapeOf(): Shape {
    return this.outputs[0].shape;
  }

  override computeOutputShape(_inputShape: Shape | Shape[]): Shape {
    return this.outputs[0].shape;
  }

  protected summaryRows(): SummaryRow[] {
    const rows: SummaryRow[] = [];
    for (const layer of this.layerList) {
      const nodes = layer instanceof InputLayer ? layer.inboundNodes.slice(0, 1) : this.nodes.filter((nd) => nd.layer === layer);
      const shapes = nodes.flatMap((nd) => nd.outputs.map((o) => o.shape));
      const connectedTo = nodes.flatMap((nd) => nd.inputs.map((t) => (t.node ? t.node.layer.name : t.name)));
      rows.push({
        name: layer.name, type: layer.className, outputShape: shapes.length === 1 ? shapes[0] : shapes,
        params: layer.countParams(), connectedTo,
      });
    }
    return rows;
  }

  override getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      layers: this.layerList.map((l) => ({ className: l.className, name: l.name, config: l.getConfig() })),
      inputLayers: this.inputs.map((t) => t.name),
      outputLayers: this.outputs.map((t) => t.name),
    };
  }
}
