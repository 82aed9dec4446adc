// Factories (tfjs-style lower-case functions) of the recurrent layer family.
import type { GruArgs, LstmArgs, RecurrentArgs } from './args.js';
import { Bidirectional, type BidirectionalArgs } from './bidirectional.js';
import type { RecurrentLayer } from './base.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import { SimpleRNN } from './simple-rnn.js';

/** Keras SimpleRNN: h_t = tanh(x_t W + h_{t−1} U + b). */
export function simpleRnn(args: RecurrentArgs): SimpleRNN {
  return new SimpleRNN(args);
}

/** Keras LSTM (gates i, f, c, o). */
export function lstm(args: LstmArgs): LSTM {
  return new LSTM(args);
}

/** Keras GRU (gates z, r, h; resetAfter true by default). */
export function gru(args: GruArgs): GRU {
  return new GRU(args);
}

/** Keras Bidirectional wrapper (mergeMode concat | sum | mul | ave | max | null). */
export function bidirectional(layer: RecurrentLayer, args: BidirectionalArgs = {}): Bidirectional {
  return new Bidirectional(layer, args);
}
