// Deterministic report inputs shaped like real runs (seed 000's four models; the gradient study's four cells).
import type { GradientReportInput, SentimentReportInput } from '../../src/report/index.js';

export const NASTY_NAME = 'GRU<32> </script><img src=x onerror="alert(1)">';
export const NASTY_CONFIG_VALUE = '</script><script>window.pwned = 1</script>';

/** Four models x 10 epochs; curves follow simple closed forms so tests can recompute any value. */
export function sentimentInput(): SentimentReportInput {
  const epochs = 10;
  const epoch = Array.from({ length: epochs }, (_, i) => i + 1);
  const names = ['SimpleRNN(32) x2', 'LSTM(32) x2', NASTY_NAME, 'ConvLSTM1D(32, k=3)'];
  const params = [322113, 336673, 331969, 348321];
  return {
    title: 'Sentiment on IMDB — preset seed000',
    config: { preset: 'seed000', vocab: 10000, maxlen: 100, batch: 128, epochs, seed: 7, backend: 'ref', machine: 'x64, 2 cores', note: NASTY_CONFIG_VALUE, optimizer: { name: 'rmsprop', lr: 0.001 } },
    notes: 'Quick synthetic run.\n\nSecond paragraph.',
    generatedAt: '2025-01-01 12:00',
    models: names.map((name, k) => {
      const loss = epoch.map((e) => 0.7 / (1 + 0.3 * (k + 1) * e));
      const accuracy = epoch.map((e) => 0.5 + 0.45 * (1 - Math.exp(-0.25 * (k + 1) * e)));
      const val_loss = epoch.map((e) => 0.7 / (1 + 0.2 * (k + 1) * e) + 0.01 * e);
      const val_accuracy = epoch.map((e) => 0.5 + 0.35 * (1 - Math.exp(-0.3 * (k + 1) * e)) - 0.004 * e);
      return {
        name,
        params: params[k],
        summary: `Layer (type)        Output shape      Params\nembedding           [?, 100, 32]      320000\n<rnn ${k}>`,
        // The last model has no validation accuracy (a run without it must still render).
        history: k === 3 ? { epoch, loss, accuracy, val_loss } : { epoch, loss, accuracy, val_loss, val_accuracy },
        test: { loss: 0.4 - 0.02 * k, accuracy: 0.8 + 0.01 * k },
        secondsPerEpoch: epoch.map((e) => 10 + k + 0.5 * (e % 2)),
      };
    }),
  };
}

/** norms[s][t] = g0 * decay^(T-1-t) * (1 + s/10): vanishing for decay < 1, flat for decay = 1. */
export function gradientInput(): GradientReportInput {
  const T = 60;
  const steps = Array.from({ length: 25 }, (_, s) => s * 40);
  const cells: { name: string; decay: number; accuracy: number }[] = [
    { name: 'SimpleRNN(32)', decay: 0.75, accuracy: 0.51 },
    { name: 'LSTM(32)', decay: 0.95, accuracy: 0.97 },
    { name: 'GRU(32)', decay: 0.93, accuracy: 0.96 },
    { name: 'Highway <skip>', decay: 1, accuracy: 0.99 },
  ];
  return {
    title: 'Vanishing gradients — copy task, T = 60',
    config: { task: 'copy', T, units: 32, steps: 1000, seed: 3, backend: 'ref' },
    summary: 'SimpleRNN\'s gradient at t = 1 is 1e-7 of that at t = T; it does not learn the task.\n\nLSTM, GRU & highway keep it.',
    models: cells.map((c, i) => ({
      name: c.name,
      steps,
      params: 1000 * (i + 1),
      accuracy: c.accuracy,
      loss: 1 - c.accuracy,
      // SimpleRNN's very first row has one zero (no data) at t = 1.
      norms: steps.map((_, s) => Array.from({ length: T }, (_, t) => (i === 0 && s === 0 && t === 0 ? 0 : 0.5 * Math.pow(c.decay, T - 1 - t) * (1 + s / 10)))),
    })),
  };
}
