import type { ActivationId } from '../activations.js';
import type { ConstraintId, InitializerId, LayerArgs, RegularizerId } from '../layer.js';

/** Arguments shared by SimpleRNN, LSTM and GRU (Keras names, camelCase; Keras 3 defaults). */
export interface RecurrentArgs extends LayerArgs {
  /** Size of the state / output (positive integer). */
  units: number;
  /** Default 'tanh'. */
  activation?: ActivationId;
  /** Default glorotUniform. */
  kernelInitializer?: InitializerId;
  /** Default orthogonal. */
  recurrentInitializer?: InitializerId;
  /** Default zeros. */
  biasInitializer?: InitializerId;
  /** Default true. */
  useBias?: boolean;
  kernelRegularizer?: RegularizerId | null;
  recurrentRegularizer?: RegularizerId | null;
  biasRegularizer?: RegularizerId | null;
  kernelConstraint?: ConstraintId | null;
  recurrentConstraint?: ConstraintId | null;
  biasConstraint?: ConstraintId | null;
  /** Input dropout rate in [0, 1): one mask [batch, features] per sequence, training only. */
  dropout?: number;
  /** Recurrent dropout rate in [0, 1): one mask [batch, units] per sequence on h_{t−1}, training only. */
  recurrentDropout?: number;
  /** Return the whole output sequence [B,T,H] instead of the last output [B,H]. */
  returnSequences?: boolean;
  /** Also return the final states (LSTM: h and c). */
  returnState?: boolean;
  /** Process time reversed and return the reversed sequence. */
  goBackwards?: boolean;
  /** Keep the final states as the next batch's initial states until resetStates(). */
  stateful?: boolean;
  /**
   * rnnkit addition, the gradient highway: with k > 0 the state after step t also receives the
   * state after step t − k (h_t = cell(x_t, h_{t−1}) + h_{t−k} for t ≥ k). See README.md.
   */
  skipStep?: number;
  /** rnnkit: 'fused' (default; one op per sequence when the activations allow it) or 'composed' (one graph node per step; the test oracle). */
  implementation?: 'fused' | 'composed';
}

/** Arguments of LSTM and GRU (gated cells). */
export interface GatedArgs extends RecurrentArgs {
  /** Gate activation, default 'sigmoid' (Keras 3; tfjs defaults to hardSigmoid). */
  recurrentActivation?: ActivationId;
}

export interface LstmArgs extends GatedArgs {
  /** Initialise the forget-gate block of the bias to 1 (default true). */
  unitForgetBias?: boolean;
}

export interface GruArgs extends GatedArgs {
  /** Reset gate after the recurrent matmul (default true; bias [2, 3·units]); false: before (bias [3·units]). */
  resetAfter?: boolean;
}
