// Training output for verbose = 1 (Keras progress bar, Node only) and verbose = 2 (one line per epoch).
// Browser-safe: the cli-progress bar is loaded with a dynamic import only when it is needed.
import { Callback, type Logs } from './callbacks.js';

/** Keras' number format: 4 decimals, or scientific for tiny values. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) > 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(4);
}

/** " - loss: 0.6931 - accuracy: 0.5000" */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs).map(([k, v]) => ` - ${k}: ${formatValue(v)}`).join('');
}

/** Seconds as Keras prints them: "3s", "1:02", or "0s". */
export function formatSeconds(s: number): string {
  if (s >= 3600) return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
  if (s >= 60) return `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
  return `${Math.round(s)}s`;
}

/** Time per step: "12ms/step", "850us/step", "2s/step". */
export function formatPerStep(seconds: number): string {
  if (seconds >= 1) return `${Math.round(seconds)}s/step`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms/step`;
  return `${Math.round(seconds * 1e6)}us/step`;
}

/** Keras' bar: "[=========>....................]" (width 30). */
export function formatBar(done: number, total: number, width = 30): string {
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.floor(frac * width);
  if (filled >= width) return `[${'='.repeat(width)}]`;
  return `[${'='.repeat(filled)}>${'.'.repeat(width - filled - 1)}]`;
}

/** The live per-batch bar (implemented in progressBar.ts with cli-progress). */
export interface LiveBar {
  start(total: number): void;
  update(done: number, logs: Logs): void;
  stop(): void;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() / 1000 : Date.now() / 1000;
}

/**
 * Prints training progress like Keras: "Epoch 1/10", then (verbose 1) a per-batch bar with ETA and
 * running loss/metrics, then the epoch line with time per step and the validation values.
 */
export class ProgressLogger extends Callback {
  private bar: LiveBar | null = null;
  private epochStart = 0;
  private steps = 0;
  private epochs = 0;

  constructor(readonly verbose: number, private readonly print: (line: string) => void = (l) => console.log(l)) {
    super();
  }

  async onTrainBegin(): Promise<void> {
    this.steps = this.params?.steps ?? 0;
    this.epochs = this.params?.epochs ?? 0;
    if (this.verbose === 1 && isNode() && process.stdout?.isTTY) {
      const { TerminalProgressBar } = await import('./progressBar.js');
      this.bar = new TerminalProgressBar();
    }
  }

  onEpochBegin(epoch: number): void {
    this.print(`Epoch ${epoch + 1}/${this.epochs}`);
    this.epochStart = now();
    this.bar?.start(this.steps);
  }

  onBatchEnd(batch: number, logs: Logs): void {
    this.bar?.update(batch + 1, logs);
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    this.bar?.stop();
    const elapsed = now() - this.epochStart;
    const perStep = formatPerStep(elapsed / Math.max(1, this.steps));
    const head = `${this.steps}/${this.steps}`;
    if (this.verbose === 1) this.print(`${head} ${formatBar(1, 1)} - ${formatSeconds(elapsed)} ${perStep}${formatLogs(logs)}`);
    else this.print(`${head} - ${formatSeconds(elapsed)} - ${perStep}${formatLogs(logs)}`);
  }

  onTrainEnd(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
