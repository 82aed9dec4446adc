// The live Keras-style progress bar, drawn with cli-progress. Node only: progress.ts imports this
// module dynamically, so browser bundles of the engine never load it.
import cliProgress from 'cli-progress';
import { formatBar, formatLogs, formatSeconds, type LiveBar } from './progress.js';
import type { Logs } from './callbacks.js';

interface BarPayload {
  logs: string;
}

/** " 12/100 [==>...........................] - ETA: 3s - loss: 0.6931 - accuracy: 0.5000" */
export class TerminalProgressBar implements LiveBar {
  private readonly bar: cliProgress.SingleBar;
  private active = false;

  constructor() {
    this.bar = new cliProgress.SingleBar({
      stream: process.stdout,
      clearOnComplete: true,
      hideCursor: false,
      etaBuffer: 50,
      fps: 10,
      format: (_options, params, payload: BarPayload) => {
        const width = String(params.total).length;
        const eta = Number.isFinite(params.eta) ? formatSeconds(params.eta) : '?';
        return `${String(params.value).padStart(width)}/${params.total} ${formatBar(params.value, params.total)} - ETA: ${eta}${payload.logs ?? ''}`;
      },
    });
  }

  start(total: number): void {
    this.bar.start(total, 0, { logs: '' } satisfies BarPayload);
    this.active = true;
  }

  update(done: number, logs: Logs): void {
    if (this.active) this.bar.update(done, { logs: formatLogs(logs) } satisfies BarPayload);
  }

  stop(): void {
    if (this.active) {
      this.bar.stop();
      this.active = false;
    }
  }
}
