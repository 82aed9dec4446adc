/**
 * Plain result objects the HTML reports are built from. They carry numbers and strings only, so the
 * report module depends on nothing in the engine (no models, no layers, no tensors).
 */

/** Per-epoch training history, as `model.fit` returns it (Keras names). All arrays have one entry per epoch. */
export interface EpochHistory {
  /** Epoch numbers (1-based as printed; any increasing numbers work). */
  epoch: number[];
  /** Training loss per epoch. */
  loss: number[];
  /** Training accuracy per epoch. */
  accuracy?: number[];
  /** Validation loss per epoch. */
  val_loss?: number[];
  /** Validation accuracy per epoch. */
  val_accuracy?: number[];
}

/** One trained model in the sentiment comparison. */
export interface SentimentModelResult {
  /** Display name, e.g. "LSTM(32) x2". Any text; it is escaped. */
  name: string;
  /** Number of trainable parameters. */
  params: number;
  /** The model's layer summary (preformatted text, shown as is in a <pre>). */
  summary?: string;
  history: EpochHistory;
  /** Final evaluation on the test set. */
  test?: { loss: number; accuracy: number };
  /** Wall-clock seconds of each epoch (may be shorter than the history, e.g. empty when unknown). */
  secondsPerEpoch: number[];
}

/** Everything the sentiment report shows. */
export interface SentimentReportInput {
  title: string;
  /**
   * The exact run configuration (preset, vocab, maxlen, batch, epochs, seed, backend, machine, ...).
   * Shown as a key/value table (those keys first) and as the exact JSON.
   */
  config: Record<string, unknown>;
  models: SentimentModelResult[];
  /** Optional free text shown under the title (plain text; blank lines separate paragraphs). */
  notes?: string;
  /** Optional time stamp text shown under the title (the renderer never reads the clock). */
  generatedAt?: string;
}

/** Gradient norms of one model over training. */
export interface GradientModelResult {
  /** Display name, e.g. "SimpleRNN(32)". */
  name: string;
  /** The training steps at which the norms were measured, increasing; length S. */
  steps: number[];
  /**
   * norms[s][t] = ‖∂L/∂h_(t+1)‖ measured at training step steps[s]: S rows of T time steps each
   * (t = 0 is the first time step h_1, t = T-1 the last, h_T). Non-positive or non-finite values are
   * shown as "no data" in the heatmap and left out of the log-scale line chart.
   */
  norms: number[][];
  /** Final accuracy on the long-range task (0..1). */
  accuracy?: number;
  /** Final loss on the task. */
  loss?: number;
  /** Number of trainable parameters. */
  params?: number;
}

/** Everything the vanishing-gradient report shows. */
export interface GradientReportInput {
  title: string;
  /** The run configuration (task, T, units, steps, seed, backend, ...). */
  config: Record<string, unknown>;
  /** The caller's text summary (plain text; blank lines separate paragraphs). */
  summary: string;
  models: GradientModelResult[];
  /**
   * Training steps to draw in the norm-vs-time-step line charts. Each is matched to the nearest
   * measured step of each model. Default: the first, middle and last measured steps.
   */
  lineSteps?: number[];
  generatedAt?: string;
}

/** Options of the pure renderers. */
export interface RenderOptions {
  /**
   * The source of Chart.js's UMD build, inlined into the page as a <script>. `write*Report` reads it
   * from node_modules; without it the page still has every table and the heatmaps, and says that the
   * line charts need the library.
   */
  chartJs?: string;
}
