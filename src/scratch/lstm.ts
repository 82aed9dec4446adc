/**
 * The homework of seed 001 ("write an LSTM in numpy"), in TypeScript: an LSTM layer's forward
 * pass and its backward pass (backpropagation through time), by hand, with plain typed arrays.
 * No engine, no autograd: every gradient line is written out and explained.
 *
 * Weight layout is Keras's, so the same numbers can be loaded into rnnkit's (or Keras's) LSTM:
 *   W  [D, 4H]  kernel            (input x_t -> the four gate pre-activations)
 *   U  [H, 4H]  recurrent kernel  (previous output h_{t-1} -> the four gate pre-activations)
 *   b  [4H]     bias
 * The 4H columns are four blocks of H, in the order i, f, c, o (input gate, forget gate,
 * candidate cell, output gate). For one step and one example:
 *
 *   z   = x_t W + h_{t-1} U + b        [4H], split into z_i, z_f, z_c, z_o
 *   i   = σ(z_i)      input gate: how much of the new candidate to write into the memory
 *   f   = σ(z_f)      forget gate: how much of the old memory c_{t-1} to keep (the lesson's f)
 *   c̃   = tanh(z_c)   candidate memory: what could be written (the lesson's C'_t)
 *   o   = σ(z_o)      output gate: how much of the memory to show as the output
 *   c_t = f ⊙ c_{t-1} + i ⊙ c̃          (the lesson's C_t = C_{t-1} * f_t, then C_t += I_t * C'_t)
 *   h_t = o ⊙ tanh(c_t)                (the lesson writes H_t = tanh(C_t), gated by o)
 *
 * The initial state is zero (h_0 = c_0 = 0). Shapes: B batch, T time steps, D inputs, H units;
 * all tensors are flat row-major arrays, x is [B, T, D]. The math runs in float64 whatever the
 * input type, so the results can be compared with a float64 finite-difference check.
 */

export type FloatArray = Float32Array | Float64Array;

/** Everything the forward pass keeps so that the backward pass does not recompute anything. */
export interface LstmCache {
  B: number;
  T: number;
  D: number;
  H: number;
  /** The input [B, T, D]. */
  x: Float64Array;
  /** Copies of the weights used: W [D, 4H], U [H, 4H]. */
  W: Float64Array;
  U: Float64Array;
  /** Gate activations after their nonlinearity, [B, T, 4H] in the blocks i, f, c̃, o. */
  gates: Float64Array;
  /** Cell states c_t, [B, T, H]. */
  c: Float64Array;
  /** tanh(c_t), [B, T, H]. */
  tanhC: Float64Array;
  /** Outputs h_t, [B, T, H]. */
  h: Float64Array;
}

export interface LstmForwardResult {
  /** All outputs h_t, [B, T, H] (Keras `returnSequences: true`). */
  h: Float64Array;
  /** The final cell state c_T, [B, H]. */
  c: Float64Array;
  cache: LstmCache;
}

export interface LstmGradients {
  /** ∂L/∂x [B, T, D]. */
  dX: Float64Array;
  /** ∂L/∂W [D, 4H]. */
  dW: Float64Array;
  /** ∂L/∂U [H, 4H]. */
  dU: Float64Array;
  /** ∂L/∂b [4H]. */
  db: Float64Array;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function checkSize(name: string, arr: ArrayLike<number>, expected: number, shape: string): void {
  if (arr.length !== expected) {
    throw new RangeError(`lstm: ${name} must hold ${shape} = ${expected} numbers, got ${arr.length}.`);
  }
}

function checkDims(B: number, T: number, D: number, H: number): void {
  for (const [name, v] of [['B', B], ['T', T], ['D', D], ['H', H]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`lstm: ${name} must be an integer >= 1, got ${v}.`);
  }
}

/** Runs the LSTM over the whole sequence from a zero state. */
export function lstmForward(
  x: FloatArray,
  W: FloatArray,
  U: FloatArray,
  b: FloatArray,
  B: number,
  T: number,
  D: number,
  H: number,
): LstmForwardResult {
  checkDims(B, T, D, H);
  const G = 4 * H; // width of the four gate blocks
  checkSize('x', x, B * T * D, `[B, T, D] = [${B}, ${T}, ${D}]`);
  checkSize('W (kernel)', W, D * G, `[D, 4H] = [${D}, ${G}]`);
  checkSize('U (recurrent kernel)', U, H * G, `[H, 4H] = [${H}, ${G}]`);
  checkSize('b (bias)', b, G, `[4H] = [${G}]`);
  const cache: LstmCache = {
    B, T, D, H,
    x: Float64Array.from(x), // [B, T, D]
    W: Float64Array.from(W), // [D, 4H]
    U: Float64Array.from(U), // [H, 4H]
    gates: new Float64Array(B * T * G), // [B, T, 4H]
    c: new Float64Array(B * T * H), // [B, T, H]
    tanhC: new Float64Array(B * T * H), // [B, T, H]
    h: new Float64Array(B * T * H), // [B, T, H]
  };
  const z = new Float64Array(G); // one step's pre-activations [4H]
  const zeroState = new Float64Array(H); // h_0 = c_0 = 0 [H]
  for (let n = 0; n < B; n++) {
    for (let t = 0; t < T; t++) {
      const xo = (n * T + t) * D; // offset of x_t in x
      const so = (n * T + t) * H; // offset of step t in the [B, T, H] arrays
      const go = (n * T + t) * G; // offset of step t in gates
      // The previous output and cell: from step t − 1, or the zero initial state.
      const hPrev = t === 0 ? zeroState : cache.h.subarray(so - H, so);
      const cPrev = t === 0 ? zeroState : cache.c.subarray(so - H, so);
      // z = x_t W + h_{t-1} U + b: all four gates see the current input and the previous output.
      for (let g = 0; g < G; g++) z[g] = b[g];
      for (let d = 0; d < D; d++) {
        const xv = cache.x[xo + d];
        for (let g = 0; g < G; g++) z[g] += xv * cache.W[d * G + g];
      }
      for (let k = 0; k < H; k++) {
        const hv = hPrev[k];
        for (let g = 0; g < G; g++) z[g] += hv * cache.U[k * G + g];
      }
      for (let j = 0; j < H; j++) {
        const i = sigmoid(z[j]); // input gate, in (0, 1)
        const f = sigmoid(z[H + j]); // forget gate, in (0, 1)
        const cc = Math.tanh(z[2 * H + j]); // candidate memory c̃, in (−1, 1)
        const o = sigmoid(z[3 * H + j]); // output gate, in (0, 1)
        const c = f * cPrev[j] + i * cc; // keep part of the old memory, write part of the new
        const tc = Math.tanh(c);
        cache.gates[go + j] = i;
        cache.gates[go + H + j] = f;
        cache.gates[go + 2 * H + j] = cc;
        cache.gates[go + 3 * H + j] = o;
        cache.c[so + j] = c;
        cache.tanhC[so + j] = tc;
        cache.h[so + j] = o * tc; // the output shows the squashed memory through the output gate
      }
    }
  }
  const cLast = new Float64Array(B * H); // c_T [B, H]
  for (let n = 0; n < B; n++) cLast.set(cache.c.subarray((n * T + T - 1) * H, (n * T + T) * H), n * H);
  return { h: cache.h, c: cLast, cache };
}

/**
 * Backpropagation through time. `dH` [B, T, H] is ∂L/∂h_t for every step as the loss sees it
 * directly (for a loss on the last output only, zero everywhere but t = T − 1). `dCFinal`
 * [B, H] (optional) is ∂L/∂c_T, for a loss that uses the final cell state.
 */
export function lstmBackward(cache: LstmCache, dH: FloatArray, dCFinal?: FloatArray): LstmGradients {
  const { B, T, D, H, x, W, U, gates, c, tanhC, h } = cache;
  const G = 4 * H;
  checkSize('dH', dH, B * T * H, `[B, T, H] = [${B}, ${T}, ${H}]`);
  if (dCFinal !== undefined) checkSize('dCFinal', dCFinal, B * H, `[B, H] = [${B}, ${H}]`);
  const dX = new Float64Array(B * T * D); // [B, T, D]
  const dW = new Float64Array(D * G); // [D, 4H]
  const dU = new Float64Array(H * G); // [H, 4H]
  const db = new Float64Array(G); // [4H]
  const dz = new Float64Array(G); // one step's ∂L/∂z [4H]
  const dhNext = new Float64Array(H); // ∂L/∂h_t arriving from step t + 1 through U [H]
  const dcNext = new Float64Array(H); // ∂L/∂c_t arriving from step t + 1 through f [H]
  const zeroState = new Float64Array(H); // [H]
  for (let n = 0; n < B; n++) {
    // After the last step nothing flows back, except a gradient on the final cell state.
    dhNext.fill(0);
    dcNext.fill(0);
    if (dCFinal !== undefined) for (let j = 0; j < H; j++) dcNext[j] = dCFinal[n * H + j];
    for (let t = T - 1; t >= 0; t--) {
      const xo = (n * T + t) * D;
      const so = (n * T + t) * H;
      const go = (n * T + t) * G;
      const hPrev = t === 0 ? zeroState : h.subarray(so - H, so);
      const cPrev = t === 0 ? zeroState : c.subarray(so - H, so);
      for (let j = 0; j < H; j++) {
        const i = gates[go + j];
        const f = gates[go + H + j];
        const cc = gates[go + 2 * H + j];
        const o = gates[go + 3 * H + j];
        const tc = tanhC[so + j];
        // h_t is used twice: by the loss (dH) and by the next step's gates (dhNext).
        const dh = dH[so + j] + dhNext[j];
        // h_t = o ⊙ tanh(c_t)  ⇒  ∂h/∂o = tanh(c_t)
        const dO = dh * tc;
        // ... and ∂h/∂c_t = o (1 − tanh²c_t); c_t also reaches the next step's cell directly (dcNext).
        const dc = dcNext[j] + dh * o * (1 - tc * tc);
        // c_t = f ⊙ c_{t-1} + i ⊙ c̃  ⇒  ∂c/∂i = c̃, ∂c/∂c̃ = i, ∂c/∂f = c_{t-1}.
        const dI = dc * cc;
        const dCc = dc * i;
        const dF = dc * cPrev[j];
        // ∂c_t/∂c_{t-1} = f: the forget gate is the "gradient highway" back in time.
        dcNext[j] = dc * f;
        // Back through each gate's nonlinearity: σ' = σ(1 − σ), tanh' = 1 − tanh².
        dz[j] = dI * i * (1 - i);
        dz[H + j] = dF * f * (1 - f);
        dz[2 * H + j] = dCc * (1 - cc * cc);
        dz[3 * H + j] = dO * o * (1 - o);
      }
      // z = x_t W + h_{t-1} U + b, so:
      // ∂L/∂b += dz   (the bias is shared by every step and example)
      for (let g = 0; g < G; g++) db[g] += dz[g];
      // ∂L/∂W += x_tᵀ dz  and  ∂L/∂x_t = dz Wᵀ
      for (let d = 0; d < D; d++) {
        const xv = x[xo + d];
        let s = 0;
        for (let g = 0; g < G; g++) {
          dW[d * G + g] += xv * dz[g];
          s += dz[g] * W[d * G + g];
        }
        dX[xo + d] = s;
      }
      // ∂L/∂U += h_{t-1}ᵀ dz  and  ∂L/∂h_{t-1} = dz Uᵀ (handed to step t − 1 as dhNext)
      for (let k = 0; k < H; k++) {
        const hv = hPrev[k];
        let s = 0;
        for (let g = 0; g < G; g++) {
          dU[k * G + g] += hv * dz[g];
          s += dz[g] * U[k * G + g];
        }
        dhNext[k] = s;
      }
    }
  }
  return { dX, dW, dU, db };
}
