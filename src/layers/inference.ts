/**
 * Inference shortcut for an Embedding followed by a recurrent layer.
 *
 * A recurrent layer starts with the input projection xProj = x·W + b, one GEMM of
 * [B·T, D]·[D, G] per batch. When x = E[ids] comes straight from an Embedding table E [V, D], row n
 * of xProj is row ids[n] of the table P = E·W + b [V, G]. Inside one evaluate() / predict() call the
 * weights cannot change, so when the call projects more rows (samples × steps) than P has, it is
 * cheaper to build P once and gather its rows per batch (the same dot products, computed once per
 * vocabulary entry instead of once per token).
 *
 * The model opens a `frozenWeightsScope(samples, fn)` around evaluate / predict; the Embedding layer
 * notes where its output came from (`noteGathered`, always), and the recurrent layer asks
 * `projectionTable(...)` for P. Outside a scope, while a tape records, or for any other input the
 * normal path runs. The tables are dropped when the scope ends.
 */
import { isRecording } from '../autograd/tape.js';
import type { FloatArray, Tensor } from '../tensor/tensor.js';

interface Gathered {
  /** The embedding table E [V, D]. */
  table: Tensor;
  /** The looked-up ids, int32, of the output's leading shape (e.g. [B, T]). */
  ids: Tensor;
  /** The output lives only inside a model step (no caller reads its gradient per place). */
  stepOnly: boolean;
}

interface FrozenScope {
  /** Samples the whole call runs through the model. */
  samples: number;
  /** Projection tables per consumer (a layer) and embedding table. */
  tables: Map<object, Map<Tensor, FloatArray>>;
}

const gatheredFrom = new WeakMap<Tensor, Gathered>();
let scope: FrozenScope | null = null;
let built = 0;

/** How many projection tables have been built since the process started (tests, diagnostics). */
export function projectionTablesBuilt(): number {
  return built;
}

/**
 * Runs fn (an inference call over `samples` samples during which no weight changes) with the
 * projection-table shortcut enabled. Nested scopes share the outer one.
 */
export function frozenWeightsScope<T>(samples: number, fn: () => T): T {
  if (scope) return fn();
  scope = { samples, tables: new Map() };
  try {
    return fn();
  } finally {
    scope = null;
  }
}

/**
 * Records that `out` holds the rows `ids` of `table` (an Embedding's output). Besides the tables
 * here, a recurrent layer uses it in training too: repeated tokens share one input projection
 * (src/layers/rnn/fused/unique.ts).
 */
export function noteGathered(out: Tensor, table: Tensor, ids: Tensor, stepOnly: boolean): void {
  gatheredFrom.set(out, { table, ids, stepOnly });
}

/**
 * The ids [B, T] and table height V behind x [B, T, D] when x is an Embedding's output, else null;
 * summedOnly: x's gradient only flows on into the Embedding, which sums it per id (x is a model
 * step's intermediate, not a tensor a caller can ask the gradient of).
 */
export function gatheredRows(x: Tensor): { ids: Tensor; V: number; summedOnly: boolean } | null {
  const g = gatheredFrom.get(x);
  if (!g || x.rank !== 3 || g.ids.rank !== 2 || g.ids.shape[0] !== x.shape[0] || g.ids.shape[1] !== x.shape[1]) return null;
  return { ids: g.ids, V: g.table.shape[0], summedOnly: g.stepOnly };
}

/**
 * The ids [B, T] behind x [B, T, D] and the table P = E·W + b [V, G] to gather from, or null when the
 * shortcut does not apply (no scope, a tape records, x is not an embedding output, or the call is too
 * short for P to pay: samples·T < V). `build(E, V)` computes P on first use; it is kept per
 * (owner, E) for the rest of the scope.
 */
export function projectionTable(owner: object, x: Tensor, build: (table: Tensor, rows: number) => FloatArray):
  { ids: Tensor; table: FloatArray } | null {
  if (!scope || isRecording()) return null;
  const g = gatheredFrom.get(x);
  if (!g || x.rank !== 3 || g.ids.rank !== 2) return null;
  const V = g.table.shape[0];
  const T = x.shape[1];
  if (scope.samples * T < V) return null;
  let perOwner = scope.tables.get(owner);
  if (!perOwner) {
    perOwner = new Map();
    scope.tables.set(owner, perOwner);
  }
  let P = perOwner.get(g.table);
  if (!P) {
    P = build(g.table, V);
    built++;
    perOwner.set(g.table, P);
  }
  return { ids: g.ids, table: P };
}
