// Model <-> Keras topology JSON (the `modelTopology` of a tfjs layers-model), without file access.
import { DataError, ValueError } from '../../errors.js';
import { getInitializer } from '../../initializers/index.js';
import { getRegularizer } from '../../regularizers/index.js';
import { InputLayer } from '../../layers/core/input.js';
import { Layer } from '../../layers/layer.js';
import { deserializeLayer } from '../../layers/registry.js';
import { Bidirectional } from '../../layers/rnn/bidirectional.js';
import { TimeDistributed } from '../../layers/conv/time-distributed.js';
import { SymbolicTensor, type GraphNode } from '../../layers/symbolic.js';
import { Model } from '../functional.js';
import type { LayersModel } from '../model.js';
import { Sequential } from '../sequential.js';
import { fromKerasConfig, toKerasConfig } from './case.js';

/** The version string written as `generatedBy` / `keras_version`. */
export const RNNKIT_VERSION = '0.1.0';

/** One layer as Keras serialises it. Functional models add `name` and `inbound_nodes`. */
export interface KerasLayerJSON {
  class_name: string;
  config: Record<string, unknown>;
  name?: string;
  /** Keras 2 form: one entry per node, each a list of [layerName, nodeIndex, tensorIndex, kwargs]. */
  inbound_nodes?: unknown[];
}

/** `modelTopology` of model.json. */
export interface KerasTopology {
  class_name: string;
  config: Record<string, unknown>;
  keras_version?: string;
  backend?: string;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Initializer / regularizer ids given as strings become `{className, config}` (tfjs needs objects). */
function serializeIds(layer: Layer, cfg: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(cfg)) {
    if (v === 'custom') {
      throw new ValueError(`save: layer '${layer.name}' (${layer.className}) has a custom function as '${k}'; only named ones can be saved.`);
    }
    if (k.endsWith('Initializer') && isObject(v) && typeof v.className === 'string' && typeof v.getConfig !== 'function') {
      // {className, config} as given by the user: normalise through the initializer (explicit seed etc.).
      const init = getInitializer(v as { className: string; config?: Record<string, unknown> });
      cfg[k] = { className: init.className, config: init.getConfig() };
      continue;
    }
    if (typeof v !== 'string') continue;
    if (k.endsWith('Initializer')) {
      const init = getInitializer(v);
      cfg[k] = { className: init.className, config: init.getConfig() };
    } else if (k.endsWith('Regularizer')) {
      const r = getRegularizer(v) as unknown as { className?: string; getConfig?: () => Record<string, unknown> };
      if (typeof r.className === 'string' && typeof r.getConfig === 'function') cfg[k] = { className: r.className, config: r.getConfig() };
    }
  }
}

/** A layer as `{class_name, config}` in Keras form (wrapped layers included). */
export function layerToKeras(layer: Layer): KerasLayerJSON {
  const cfg: Record<string, unknown> = { ...layer.getConfig() };
  serializeIds(layer, cfg);
  if (layer instanceof Bidirectional) {
    const fwd = layer.forwardLayer;
    cfg.layer = { class_name: fwd.className, config: layerToKeras(fwd).config };
    // The default backward layer is a copy of the forward one: tfjs and Keras rebuild it themselves.
    if (layer.backwardLayer.name === `backward_${fwd.name}`) delete cfg.backwardLayer;
    else cfg.backwardLayer = layerToKeras(layer.backwardLayer);
  } else if (layer instanceof TimeDistributed) {
    cfg.layer = layerToKeras(layer.layer);
  }
  const keras = toKerasConfig(stripLayerObjects(cfg));
  if (layer instanceof Bidirectional || layer instanceof TimeDistributed) {
    keras.layer = cfg.layer;
    if (cfg.backwardLayer) keras.backward_layer = cfg.backwardLayer;
  }
  return { class_name: layer.className, config: keras };
}

/** The config without the already-converted layer entries (they are put back after conversion). */
function stripLayerObjects(cfg: Record<string, unknown>): Record<string, unknown> {
  const { layer: _l, backwardLayer: _b, ...rest } = cfg;
  return rest;
}

/** The graph nodes of a functional model (reachable from its outputs), in creation order per layer. */
function modelNodes(m: Model): Set<GraphNode> {
  const nodes = new Set<GraphNode>();
  const visit = (t: SymbolicTensor): void => {
    const nd = t.node;
    if (!nd || nodes.has(nd)) return;
    nodes.add(nd);
    for (const x of nd.inputs) visit(x);
  };
  for (const o of m.outputs) visit(o);
  return nodes;
}

/** Keras functional config: layers with inbound_nodes, input_layers, output_layers. */
function functionalToKeras(m: Model): Record<string, unknown> {
  const nodes = modelNodes(m);
  const nodeIndex = new Map<GraphNode, number>();
  for (const layer of m.layers) {
    let i = 0;
    for (const nd of layer.inboundNodes) if (nodes.has(nd)) nodeIndex.set(nd, i++);
  }
  const ref = (t: SymbolicTensor): [string, number, number] => {
    const nd = t.node as GraphNode;
    return [nd.layer.name, nodeIndex.get(nd) ?? 0, t.outputIndex];
  };
  const layers = m.layers.map((layer) => {
    const own = layer.inboundNodes.filter((nd) => nodes.has(nd) && nd.inputs.length > 0);
    const inbound = own.map((nd) => nd.inputs.map((t) => [...ref(t), plainKwargs(nd.callArgs)]));
    const k = layer instanceof InputLayer ? inputLayerToKeras(layer) : layerToKeras(layer);
    return { ...k, name: layer.name, inbound_nodes: inbound };
  });
  return { name: m.name, layers, input_layers: m.inputs.map(ref), output_layers: m.outputs.map(ref) };
}

function plainKwargs(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (v === null || ['number', 'boolean', 'string'].includes(typeof v)) out[k] = v;
  }
  return out;
}

function inputLayerToKeras(l: InputLayer): KerasLayerJSON {
  return { class_name: 'InputLayer', config: { batch_input_shape: l.batchInputShape, dtype: l.dtype, sparse: false, name: l.name } };
}

/** The `modelTopology` of a Sequential or functional model. */
export function modelToTopology(model: LayersModel): KerasTopology {
  let config: Record<string, unknown>;
  if (model instanceof Sequential) {
    const layers = model.layers.map(layerToKeras);
    const spec = model.inputSpecs()[0];
    if (layers.length > 0 && spec.shape && !layers[0].config.batch_input_shape) {
      layers[0].config.batch_input_shape = [null, ...spec.shape.slice(1)];
    }
    config = { name: model.name, layers };
  } else if (model instanceof Model) {
    config = functionalToKeras(model);
  } else {
    throw new ValueError(`save: expected a Sequential or functional Model, got ${model.className}.`);
  }
  return { class_name: model instanceof Sequential ? 'Sequential' : 'Model', config, keras_version: `rnnkit ${RNNKIT_VERSION}`, backend: 'tensor_flow.js' };
}

/** Builds a layer from its Keras JSON, with the file's layer named in errors. */
export function layerFromKeras(spec: unknown, where: string): Layer {
  if (!isObject(spec) || typeof spec.class_name !== 'string' || !isObject(spec.config)) {
    throw new DataError(`${where}: expected a layer {class_name, config}, got ${JSON.stringify(spec)?.slice(0, 200)}.`);
  }
  const config = fromKerasConfig(spec.config);
  // Keras writes `implementation` as 1/2 (a CPU/GPU strategy); rnnkit's is 'fused'/'composed'.
  if (typeof config.implementation !== 'string') delete config.implementation;
  if (config.batchShape && !config.batchInputShape) config.batchInputShape = config.batchShape;
  if (spec.class_name === 'Bidirectional' || spec.class_name === 'TimeDistributed') {
    config.layer = layerFromKeras(spec.config.layer, `${where} > ${String(config.name)}`);
    if (config.layer instanceof Layer && spec.class_name === 'Bidirectional') {
      // The Bidirectional factory takes {className, config}; hand it the built layer's config.
      config.layer = { className: config.layer.className, config: config.layer.getConfig() };
    }
    if (spec.config.backward_layer) {
      const b = layerFromKeras(spec.config.backward_layer, `${where} > ${String(config.name)}`);
      config.backwardLayer = { className: b.className, config: b.getConfig() };
    }
  }
  try {
    return deserializeLayer(spec.class_name, config);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new DataError(`${where}: cannot build layer '${String(config.name ?? '?')}' (${spec.class_name}): ${msg}`);
  }
}

/** Rebuilds a Sequential or functional model (unbuilt weights are initialised; load sets them). */
export function modelFromTopology(topology: unknown): LayersModel {
  if (!isObject(topology) || typeof topology.class_name !== 'string' || !isObject(topology.config)) {
    throw new DataError(`load: modelTopology must be {class_name, config}, got ${JSON.stringify(topology)?.slice(0, 200)}.`);
  }
  const cfg = topology.config;
  const cls = topology.class_name;
  if (cls === 'Sequential') {
    const specs = Array.isArray(cfg) ? cfg : cfg.layers;
    if (!Array.isArray(specs)) throw new DataError('load: a Sequential topology needs config.layers (a list).');
    const m = new Sequential({ name: typeof cfg.name === 'string' ? cfg.name : undefined });
    specs.forEach((s, i) => m.add(layerFromKeras(s, `layer ${i}`)));
    return m;
  }
  if (cls === 'Model' || cls === 'Functional') return functionalFromKeras(cfg);
  throw new DataError(`load: unknown model class '${cls}'; expected 'Sequential' or 'Model'.`);
}

type Ref = [string, number, number];

function toRef(x: unknown, where: string): Ref {
  if (!Array.isArray(x) || typeof x[0] !== 'string') throw new DataError(`${where}: expected [layerName, nodeIndex, tensorIndex], got ${JSON.stringify(x)}.`);
  return [x[0], Number(x[1] ?? 0), Number(x[2] ?? 0)];
}

/** Replays the layer applications of a Keras functional config (each node once its inputs exist). */
function functionalFromKeras(cfg: Record<string, unknown>): Model {
  const specs = cfg.layers;
  if (!Array.isArray(specs)) throw new DataError('load: a functional topology needs config.layers (a list).');
  const layers = new Map<string, { layer: Layer; nodes: Ref[][]; kwargs: Record<string, unknown>[]; done: number }>();
  const tensors = new Map<string, SymbolicTensor>();
  const key = (r: Ref): string => `${r[0]}:${r[1]}:${r[2]}`;
  specs.forEach((s, i) => {
    const spec = s as Record<string, unknown>;
    const layer = layerFromKeras(s, `layer ${i}`);
    const inbound = Array.isArray(spec.inbound_nodes) ? spec.inbound_nodes : [];
    const nodes = inbound.map((nd) => (Array.isArray(nd) ? nd : []).map((r) => toRef(r, `layer '${layer.name}'`)));
    const kwargs = inbound.map((nd) => {
      const first = Array.isArray(nd) && Array.isArray(nd[0]) ? nd[0][3] : undefined;
      return isObject(first) ? fromKerasConfig(first) : {};
    });
    layers.set(String(spec.name ?? layer.name), { layer, nodes, kwargs, done: 0 });
    if (layer instanceof InputLayer) tensors.set(`${String(spec.name ?? layer.name)}:0:0`, layer.output);
  });
  let progress = true;
  while (progress) {
    progress = false;
    for (const entry of layers.values()) {
      while (entry.done < entry.nodes.length) {
        const refs = entry.nodes[entry.done];
        const ins = refs.map((r) => tensors.get(key(r)));
        if (ins.some((t) => t === undefined)) break;
        const list = ins as SymbolicTensor[];
        const out: SymbolicTensor | SymbolicTensor[] = list.length === 1
          ? entry.layer.apply(list[0], entry.kwargs[entry.done])
          : entry.layer.apply(list, entry.kwargs[entry.done]);
        const outs = Array.isArray(out) ? out : [out];
        outs.forEach((t, k) => tensors.set(`${entry.layer.name}:${entry.done}:${k}`, t));
        entry.done++;
        progress = true;
      }
    }
  }
  for (const [name, e] of layers) {
    if (e.done < e.nodes.length) throw new DataError(`load: layer '${name}' is applied to tensors no layer produces (disconnected graph in the topology).`);
  }
  const pick = (list: unknown, what: string): SymbolicTensor[] => {
    if (!Array.isArray(list) || list.length === 0) throw new DataError(`load: the functional topology needs ${what} (a list of [name, node, tensor]).`);
    return list.map((r) => {
      const t = tensors.get(key(toRef(r, what)));
      if (!t) throw new DataError(`load: ${what} refers to ${JSON.stringify(r)}, which no layer produces.`);
      return t;
    });
  };
  return new Model({
    inputs: pick(cfg.input_layers, 'input_layers'), outputs: pick(cfg.output_layers, 'output_layers'),
    name: typeof cfg.name === 'string' ? cfg.name : undefined,
  });
}
