import { join } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { ValueError } from '../errors.js';
import { backendName } from '../backend/registry.js';
import {
  GRADIENT_MODEL_IDS, fmtPct, fmtRatio, runGradientStudy, type GradientModelId, type GradientStudyResult,
} from '../experiments/gradients.js';
import { renderTextTable, sparkline, writeGradientReport, type GradientReportInput } from '../report/index.js';
import { intOption, numberOption, parseOptions } from './args.js';
import type { Command } from './index.js';

const USAGE = `Usage: rnnkit gradients [--seq-len T] [--steps N] [--hidden H] [--models rnn,lstm,gru,highway]
                        [--skip-step K] [--every N] [--lr X] [--seed S] [--out DIR] [--quick]

The vanishing-gradient study (lesson seeds 000-002). Trains SimpleRNN, LSTM, GRU and SimpleRNN with
the gradient highway (skip connection h_t += h_{t-K}) on a long-range task — remember a marked token
over T steps — and records ‖∂L/∂h_t‖ for every time step t over training (rnnkit's inspect API).
Prints a table (ratio ‖∂L/∂h_1‖/‖∂L/∂h_T‖ before/after training, test accuracy, learned?) and a
terminal chart, and writes DIR/gradients.html (heatmaps, line charts) and DIR/gradients.json.

  --seq-len T    sequence length (default 50; --quick 20)
  --steps N      training steps per model (default 600; --quick 40)
  --hidden H     hidden units of every model (default 32; --quick 8)
  --models LIST  comma-separated subset of ${GRADIENT_MODEL_IDS.join(',')} (default all)
  --skip-step K  highway skip k (default 8; --quick 4)
  --every N      record the gradient norms every N steps (default steps/20)
  --lr X         Adam learning rate (default 0.01)
  --seed S       seed of weights and data (default 0)
  --out DIR      output folder (default gradients-report)
  --quick        tiny settings that run in seconds`;

function parseModels(v: string | boolean | undefined): GradientModelId[] | undefined {
  if (typeof v !== 'string') return undefined;
  const ids = v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const id of ids) {
    if (!(GRADIENT_MODEL_IDS as readonly string[]).includes(id)) throw new ValueError(`--models: unknown model '${id}'; expected a comma-separated subset of ${GRADIENT_MODEL_IDS.join(',')}.`);
  }
  if (ids.length === 0) throw new ValueError('--models: name at least one model.');
  return ids as GradientModelId[];
}

/** Terminal chart: log10 ‖∂L/∂h_t‖ over t (left = t 1, right = t T) at the first and last recording, one shared scale. */
export function gradientChart(r: GradientStudyResult): string {
  const logs = (row: Float64Array): number[] => Array.from(row, (v) => (v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN));
  const rows = r.models.flatMap((m) => [
    { label: `${m.name} @ step ${m.steps[0]}`, v: logs(m.norms[0]) },
    { label: `${m.name} @ step ${m.steps[m.steps.length - 1]}`, v: logs(m.norms[m.norms.length - 1]) },
  ]);
  const all = rows.flatMap((x) => x.v).filter((v) => Number.isFinite(v));
  if (all.length === 0) return '';
  const min = Math.min(...all);
  const max = Math.max(...all);
  const lw = Math.max(...rows.map((x) => x.label.length));
  const T = r.config.seqLen;
  // At most 60 columns: average the log norms of neighbouring steps.
  const cols = Math.min(T, 60);
  const squeeze = (v: number[]): number[] => Array.from({ length: cols }, (_, c) => {
    const a = Math.floor((c * T) / cols);
    const b = Math.max(a + 1, Math.floor(((c + 1) * T) / cols));
    const part = v.slice(a, b).filter((x) => Number.isFinite(x));
    return part.length ? part.reduce((s, x) => s + x, 0) / part.length : NaN;
  });
  return [
    `log10 ‖∂L/∂h_t‖ over t = 1…${T} (one scale for all rows: ▁ = ${min.toFixed(1)}, █ = ${max.toFixed(1)})`,
    ...rows.map((x) => `${x.label.padEnd(lw)}  ${sparkline(squeeze(x.v), { min, max })}`),
  ].join('\n');
}

/** The HTML report input of a study result. */
export function gradientReportInput(r: GradientStudyResult, backend: string): GradientReportInput {
  return {
    title: `Vanishing gradients: SimpleRNN, LSTM, GRU and the gradient highway (T = ${r.config.seqLen})`,
    config: { ...r.config, backend },
    summary: r.summary,
    models: r.models.map((m) => ({
      name: m.name, steps: m.steps, norms: m.norms.map((row) => Array.from(row)), accuracy: m.finalAccuracy, loss: m.finalLoss, params: m.params,
    })),
  };
}

export const gradientsCommand: Command = {
  name: 'gradients',
  summary: 'Vanishing-gradient study: ‖∂L/∂h_t‖ over time and training for SimpleRNN, LSTM, GRU, highway.',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    await import('../index.js'); // registers the native backend when its addon loads
    const { values, positionals } = parseOptions(args, {
      'seq-len': { type: 'string' }, steps: { type: 'string' }, hidden: { type: 'string' }, models: { type: 'string' },
      'skip-step': { type: 'string' }, every: { type: 'string' }, lr: { type: 'string' }, seed: { type: 'string' },
      out: { type: 'string' }, quick: { type: 'boolean' },
    }, USAGE);
    if (positionals.length > 0) throw new ValueError(`unexpected argument '${positionals[0]}'.\n\n${USAGE}`);
    const opt = (name: string, min = 1): number | undefined => (values[name] === undefined ? undefined : intOption(values, name, 0, min));
    const out = typeof values.out === 'string' ? values.out : 'gradients-report';
    const backend = backendName();
    console.log(`rnnkit gradients: backend ${backend}${values.quick ? ' (quick)' : ''}`);
    const r = runGradientStudy({
      quick: values.quick === true, seqLen: opt('seq-len'), steps: opt('steps'), hidden: opt('hidden'), skipStep: opt('skip-step'),
      every: opt('every'), seed: opt('seed', 0), models: parseModels(values.models),
      learningRate: values.lr === undefined ? undefined : numberOption(values, 'lr', 0.01, 1e-8, 10),
      onProgress: (line) => console.log(line),
    });
    console.log('');
    console.log(renderTextTable(
      ['model', 'params', '‖∂L/∂h_1‖/‖∂L/∂h_T‖ start', 'ratio end', 'test accuracy', 'learned?'],
      r.models.map((m) => [m.name, m.params, fmtRatio(m.ratioStart), fmtRatio(m.ratioEnd), fmtPct(m.finalAccuracy), m.learned ? 'yes' : 'no']),
      { align: ['left', 'right', 'right', 'right', 'right', 'left'] },
    ));
    console.log('');
    console.log(gradientChart(r));
    console.log('');
    console.log(r.summary);
    mkdirSync(out, { recursive: true });
    const json = join(out, 'gradients.json');
    writeFileSync(json, JSON.stringify({ ...r, config: { ...r.config, backend }, models: r.models.map((m) => ({ ...m, norms: m.norms.map((row) => Array.from(row)) })) }, null, 1));
    const html = writeGradientReport(join(out, 'gradients.html'), gradientReportInput(r, backend));
    console.log(`\nwrote ${html} and ${json}`);
    return 0;
  },
};
