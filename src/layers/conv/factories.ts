// tfjs-style factories of the sequence-convolution layers: layers.conv1d({filters: 64, kernelSize: 5}), ...
import { Layer, type LayerArgs } from '../layer.js';
import { Conv1D, type Conv1DArgs } from './conv1d.js';
import { ConvLSTM1D, type ConvLSTM1DArgs } from './conv-lstm.js';
import {
  AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, MaxPooling1D, type GlobalPooling1DArgs, type Pooling1DArgs,
} from './pooling.js';
import { TimeDistributed } from './time-distributed.js';

/** 1-D convolution over time: [B, T, C] -> [B, T', filters]. */
export function conv1d(args: Conv1DArgs): Conv1D {
  return new Conv1D(args);
}
/** Max over windows of poolSize steps: [B, T, C] -> [B, T', C]. */
export function maxPooling1d(args: Pooling1DArgs = {}): MaxPooling1D {
  return new MaxPooling1D(args);
}
/** Mean over windows of poolSize steps: [B, T, C] -> [B, T', C]. */
export function averagePooling1d(args: Pooling1DArgs = {}): AveragePooling1D {
  return new AveragePooling1D(args);
}
/** Max over time: [B, T, C] -> [B, C]. */
export function globalMaxPooling1d(args: GlobalPooling1DArgs = {}): GlobalMaxPooling1D {
  return new GlobalMaxPooling1D(args);
}
/** Mean over the unmasked time steps: [B, T, C] -> [B, C]. */
export function globalAveragePooling1d(args: GlobalPooling1DArgs = {}): GlobalAveragePooling1D {
  return new GlobalAveragePooling1D(args);
}
/** Applies a layer to every time step: timeDistributed(dense({units: 1})) or timeDistributed({layer}). */
export function timeDistributed(layer: Layer | (LayerArgs & { layer: Layer }), args: LayerArgs = {}): TimeDistributed {
  return layer instanceof Layer ? new TimeDistributed({ ...args, layer }) : new TimeDistributed(layer);
}
/** Convolutional LSTM over [B, T, rows, C] -> [B, rows', filters] (or [B, T, rows', filters]). */
export function convLstm1d(args: ConvLSTM1DArgs): ConvLSTM1D {
  return new ConvLSTM1D(args);
}
