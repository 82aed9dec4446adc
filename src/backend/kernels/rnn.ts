import type { FloatArray } from '../../tensor/tensor.js';

/**
 * Fused whole-sequence recurrent kernels (SimpleRNN, LSTM, GRU): forward over all time steps and
 * BPTT backward, each one kernel call. Owned by the recurrent-layers work (src/layers/rnn/).
 *
 * Conventions shared by every kernel here (T steps, B batch, H units, kH = gates·H):
 * - Everything is TIME-MAJOR and in PROCESSING ORDER: step s of every [T,B,·] array is the s-th
 *   step the cell runs. `goBackwards` is handled by the caller when it lays out xProj and timeMask
 *   (step s reads input time T−1−s), so the kernels never see it; the returned hSeq is then the
 *   reversed sequence, which is what Keras returns.
 * - xProj [T,B,kH] is the input projection of ALL steps, precomputed by the caller as one GEMM
 *   [T·B, D] × [D, kH] on the (input-dropout-masked) inputs, plus the input bias. Per step the
 *   kernel only runs the recurrent GEMM [B,H] × [H,kH] and the fused gate math.
 * - Gate blocks along the kH axis are in Keras order: LSTM i, f, c, o; GRU z, r, h.
 * - U is the Keras recurrent kernel [H, kH] (row-major, as stored in the weight).
 * - recMask [B,H] or null: recurrent-dropout mask (already scaled by 1/(1−p)), drawn once per
 *   sequence; h_{t−1} ⊙ recMask is what multiplies U at every step. The state itself (and GRU's
 *   z ⊙ h_{t−1} term, LSTM's c_{t−1}) uses the undropped h_{t−1}.
 * - timeMask [T,B] or null (1 = step is real, 0 = masked; processing order). At a masked step the
 *   states are carried over unchanged, and the output repeats the previous output, i.e.
 *   hSeq[s, b] = hSeq[s−1, b] (h0 for s = 0). Outputs equal the h state at every step.
 * - Activations are fixed: activation = tanh, recurrentActivation = sigmoid (the fused case); the
 *   layers use their composed per-step path for any other activation.
 * - xIds [T,B] | null (forward kernels): null when xProj is the dense [T,B,kH]; else xProj is a
 *   TABLE [V,kH] and row (s, b) of the projection is table row xIds[s·B + b] (0 ≤ id < V) — a
 *   one-hot input's W + b, or the inference-time projection table E·W + b of an Embedding's ids.
 * - The BPTT cache of a forward kernel (LSTM gates, GRU cache) may be null: inference, nothing
 *   kept for a backward pass (the kernel uses a small per-step scratch instead).
 * - Forward kernels write (=) their outputs. Backward kernels WRITE (=) dXProj (every element,
 *   masked steps included, so the caller may pass an uninitialised buffer) and ACCUMULATE (+=)
 *   into their other outputs (dU, dBias, dH0, dC0, dBRec); an optional output passed as null is not
 *   computed. dBias [kH] += Σ over all T·B rows of dXProj, the input bias's gradient (summed by
 *   the kernel while each step's rows are in cache). Inputs are never
 *   modified. All arrays of one call share one precision (Float32Array, or Float64Array in
 *   gradcheck). Kernels allocate only per call (scratch of O(B·kH) or O(T·B·kH)), never per step.
 * - The last output/state is hSeq[T−1] (and cSeq[T−1]). Backward kernels take the gradient w.r.t.
 *   every step's output dHSeq [T,B,H] (null: none, e.g. returnSequences false) and w.r.t. the last
 *   output dHLast [B,H] (null: none) separately; dHLast acts as if added into dHSeq[T−1].
 */
export interface RnnKernels {
  /**
   * SimpleRNN: h_s = tanh(xProj_s + (h_{s−1} ⊙ recMask) U).
   * hSeq [T,B,H] (out) · xProj [T,B,H] (or a table [V,H] with xIds) · xIds [T,B]|null · U [H,H] · h0 [B,H] ·
   * recMask [B,H]|null · timeMask [T,B]|null.
   */
  simpleRnnSeqForward(hSeq: FloatArray, xProj: FloatArray, xIds: Int32Array | null, U: FloatArray, h0: FloatArray,
    recMask: FloatArray | null, timeMask: FloatArray | null, T: number, B: number, H: number): void;
  /**
   * BPTT of simpleRnnSeqForward.
   * dXProj [T,B,H] (written, the pre-activation gradients; the caller derives dW, db, dx from it) ·
   * dU [H,H] (+=) · dH0 [B,H]|null (+=) · dHSeq [T,B,H] (gradient w.r.t. every step's output) ·
   * hSeq [T,B,H] (forward output) · U · h0 · recMask · timeMask as in the forward.
   */
  simpleRnnSeqBackward(dXProj: FloatArray, dU: FloatArray, dBias: FloatArray | null, dH0: FloatArray | null, dHSeq: FloatArray | null, dHLast: FloatArray | null,
    hSeq: FloatArray, U: FloatArray, h0: FloatArray, recMask: FloatArray | null, timeMask: FloatArray | null,
    T: number, B: number, H: number): void;

  /**
   * LSTM: z = xProj_s + (h_{s−1} ⊙ recMask) U; i, f, o = σ(z_i, z_f, z_o), g = tanh(z_c);
   * c_s = f ⊙ c_{s−1} + i ⊙ g; h_s = o ⊙ tanh(c_s).
   * hSeq [T,B,H] (out) · cSeq [T,B,H] (out, cell state after every step) ·
   * gates [T,B,4H]|null (out, the BPTT cache: activated i, f, g, o per step; may be the dense xProj
   * array itself, which is then overwritten by the gates) · xProj [T,B,4H] (or a
   * table [V,4H] with xIds) · xIds [T,B]|null · U [H,4H] · h0 [B,H] · c0 [B,H] · recMask [B,H]|null ·
   * timeMask [T,B]|null.
   */
  lstmSeqForward(hSeq: FloatArray, cSeq: FloatArray, gates: FloatArray | null, xProj: FloatArray, xIds: Int32Array | null, U: FloatArray,
    h0: FloatArray, c0: FloatArray, recMask: FloatArray | null, timeMask: FloatArray | null,
    T: number, B: number, H: number): void;
  /**
   * BPTT of lstmSeqForward.
   * dXProj [T,B,4H] (written) · dU [H,4H] (+=) · dH0 [B,H]|null (+=) · dC0 [B,H]|null (+=) ·
   * dHSeq [T,B,H] · dCLast [B,H]|null (gradient w.r.t. the final cell state) ·
   * hSeq, cSeq, gates (forward outputs) · U · h0 · c0 · recMask · timeMask as in the forward.
   */
  lstmSeqBackward(dXProj: FloatArray, dU: FloatArray, dBias: FloatArray | null, dH0: FloatArray | null, dC0: FloatArray | null,
    dHSeq: FloatArray | null, dHLast: FloatArray | null, dCLast: FloatArray | null, hSeq: FloatArray, cSeq: FloatArray, gates: FloatArray,
    U: FloatArray, h0: FloatArray, c0: FloatArray, recMask: FloatArray | null, timeMask: FloatArray | null,
    T: number, B: number, H: number): void;

  /**
   * GRU (hm = h_{s−1} ⊙ recMask, blocks z, r, h of xProj / U / bRec):
   *   resetAfter:  rec = hm U + bRec; z = σ(x_z + rec_z); r = σ(x_r + rec_r);
   *                ĥ = tanh(x_h + r ⊙ rec_h)
   *   !resetAfter: z = σ(x_z + hm U_z); r = σ(x_r + hm U_r); ĥ = tanh(x_h + (r ⊙ hm) U_h)
   *   h_s = z ⊙ h_{s−1} + (1 − z) ⊙ ĥ.
   * xProj [T,B,3H] = x W + input bias (for !resetAfter the whole bias [3H] goes here; or a table
   * [V,3H] with xIds) · xIds [T,B]|null · hSeq [T,B,H] (out) · cache [T,B,4H]|null (out, the BPTT
   * cache: z, r, ĥ, and a 4th block holding
   * rec_h (resetAfter) or r ⊙ hm (!resetAfter)) · U [H,3H] · bRec [3H]|null (the recurrent bias,
   * row 1 of Keras' [2,3H] bias; null when !resetAfter or useBias is false) · h0 [B,H] ·
   * recMask [B,H]|null · timeMask [T,B]|null.
   */
  gruSeqForward(hSeq: FloatArray, cache: FloatArray | null, xProj: FloatArray, xIds: Int32Array | null, U: FloatArray, bRec: FloatArray | null,
    h0: FloatArray, recMask: FloatArray | null, timeMask: FloatArray | null,
    T: number, B: number, H: number, resetAfter: boolean): void;
  /**
   * BPTT of gruSeqForward.
   * dXProj [T,B,3H] (written) · dU [H,3H] (+=) · dBRec [3H]|null (+=) · dH0 [B,H]|null (+=) ·
   * dHSeq [T,B,H] · hSeq, cache (forward outputs) · U · bRec · h0 · recMask · timeMask as in the forward.
   */
  gruSeqBackward(dXProj: FloatArray, dU: FloatArray, dBias: FloatArray | null, dBRec: FloatArray | null, dH0: FloatArray | null,
    dHSeq: FloatArray | null, dHLast: FloatArray | null, hSeq: FloatArray, cache: FloatArray, U: FloatArray, bRec: FloatArray | null,
    h0: FloatArray, recMask: FloatArray | null, timeMask: FloatArray | null,
    T: number, B: number, H: number, resetAfter: boolean): void;
}

export const RNN_KERNELS = [
  'simpleRnnSeqForward', 'simpleRnnSeqBackward', 'lstmSeqForward', 'lstmSeqBackward',
  'gruSeqForward', 'gruSeqBackward',
] as const satisfies readonly (keyof RnnKernels)[];
