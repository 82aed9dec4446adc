import { unknownName } from '../errors.js';
import type { Layer } from './layer.js';

/** Builds a layer from its (camelCase) config. Used by model loading. */
export type LayerFactory = (config: Record<string, unknown>) => Layer;

const factories = new Map<string, LayerFactory>();

/** Registers a layer class under its Keras class name ('Dense', 'LSTM', ...). */
export function registerLayer(className: string, factory: LayerFactory): void {
  factories.set(className, factory);
}

/** Creates a layer from a Keras class name and config; unknown names give a clear error. */
export function deserializeLayer(className: string, config: Record<string, unknown>): Layer {
  const f = factories.get(className);
  if (!f) return unknownName('layer class', className, [...factories.keys()].sort());
  return f(config);
}

export function registeredLayerClasses(): string[] {
  return [...factories.keys()].sort();
}
