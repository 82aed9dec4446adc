/**
 * The sentiment experiment report: run configuration, results table, learning curves of every model
 * on one page (Chart.js), each model's layer summary, and the exact configuration JSON. Pure.
 */
import { ValueError } from '../errors.js';
import { SENTIMENT_SCRIPT } from './clientSentiment.js';
import {
  type Cell, configJsonSection, configSection, escapeHtml, fmtCount, fmtFixed, htmlPage, htmlTable, paragraphs, reportHeading,
} from './html.js';
import type { EpochHistory, RenderOptions, SentimentModelResult, SentimentReportInput } from './types.js';

const OPTIONAL_SERIES = ['accuracy', 'val_loss', 'val_accuracy'] as const;

/** Throws a ValueError when a model's history arrays do not line up with its epochs. */
function checkModel(m: SentimentModelResult, i: number): void {
  const where = `renderSentimentReport: model ${i} ('${m.name}')`;
  const h: EpochHistory | undefined = m.history;
  if (h === undefined || !Array.isArray(h.epoch) || !Array.isArray(h.loss)) {
    throw new ValueError(`${where}: history must have 'epoch' and 'loss' arrays.`);
  }
  if (h.loss.length !== h.epoch.length) {
    throw new ValueError(`${where}: history.loss has ${h.loss.length} entries but history.epoch has ${h.epoch.length}; expected one per epoch.`);
  }
  for (const key of OPTIONAL_SERIES) {
    const s = h[key];
    if (s !== undefined && s.length !== h.epoch.length) {
      throw new ValueError(`${where}: history.${key} has ${s.length} entries but history.epoch has ${h.epoch.length}; expected one per epoch.`);
    }
  }
  if (!Array.isArray(m.secondsPerEpoch)) throw new ValueError(`${where}: secondsPerEpoch must be an array of numbers (may be empty).`);
}

/** Mean of the finite values, or undefined when there are none. */
export function meanFinite(values: readonly number[]): number | undefined {
  const ok = values.filter((v) => Number.isFinite(v));
  return ok.length === 0 ? undefined : ok.reduce((a, b) => a + b, 0) / ok.length;
}

/** The best (highest) validation accuracy and its epoch, or undefined without validation accuracy. */
export function bestValAccuracy(h: EpochHistory): { value: number; epoch: number } | undefined {
  const va = h.val_accuracy;
  if (va === undefined) return undefined;
  let best: { value: number; epoch: number } | undefined;
  for (let i = 0; i < va.length; i++) {
    const v = va[i];
    if (Number.isFinite(v) && (best === undefined || v > best.value)) best = { value: v, epoch: h.epoch[i] };
  }
  return best;
}

function resultsTable(models: SentimentModelResult[]): string {
  const headers = ['model', 'parameters', 'test accuracy', 'test loss', 'best val accuracy (epoch)', 'epochs', 's / epoch (mean)', 'total s'];
  const rows = models.map((m): Cell[] => {
    const best = bestValAccuracy(m.history);
    const secs = m.secondsPerEpoch.filter((v) => Number.isFinite(v));
    return [
      { text: m.name },
      { text: fmtCount(m.params), numeric: true },
      { text: fmtFixed(m.test?.accuracy, 4), numeric: true },
      { text: fmtFixed(m.test?.loss, 4), numeric: true },
      { text: best === undefined ? '—' : `${best.value.toFixed(4)} (${best.epoch})`, numeric: true },
      { text: String(m.history.epoch.length), numeric: true },
      { text: fmtFixed(meanFinite(secs), 2), numeric: true },
      { text: secs.length === 0 ? '—' : secs.reduce((a, b) => a + b, 0).toFixed(1), numeric: true },
    ];
  });
  return htmlTable(headers, rows, 'data results');
}

/** Number of Chart.js series each chart of the page gets (the browser test checks these). */
export interface SentimentChartCounts {
  loss: number;
  accuracy: number;
  /** Per model: its small chart's series (train/val loss and accuracy that exist). */
  perModel: number[];
}

/** How many series each chart will draw for this input. */
export function sentimentChartCounts(r: SentimentReportInput): SentimentChartCounts {
  const has = (s: number[] | undefined): number => (s === undefined ? 0 : 1);
  return {
    loss: r.models.reduce((n, m) => n + 1 + has(m.history.val_loss), 0),
    accuracy: r.models.reduce((n, m) => n + has(m.history.accuracy) + has(m.history.val_accuracy), 0),
    perModel: r.models.map((m) => 1 + has(m.history.val_loss) + has(m.history.accuracy) + has(m.history.val_accuracy)),
  };
}

function modelSection(m: SentimentModelResult, i: number): string {
  const summary = m.summary === undefined ? '<p class="meta">No layer summary was given.</p>' : `<pre>${escapeHtml(m.summary)}</pre>`;
  return `<div class="card" id="model-${i}">
<h3>${escapeHtml(m.name)}</h3>
<p class="meta">${escapeHtml(fmtCount(m.params))} parameters</p>
${summary}
</div>`;
}

/** Renders the sentiment report as a self-contained HTML page (string in, string out). */
export function renderSentimentReport(r: SentimentReportInput, opts: RenderOptions = {}): string {
  if (!Array.isArray(r.models) || r.models.length === 0) {
    throw new ValueError('renderSentimentReport: models must be a non-empty array of trained-model results.');
  }
  r.models.forEach(checkModel);
  const counts = sentimentChartCounts(r);
  const noLib = opts.chartJs === undefined
    ? '<p class="warn" id="no-chart-lib">The charting library was not inlined into this page, so the learning curves are not drawn; the tables below have every number.</p>'
    : '';
  const smallCharts = r.models
    .map((m, i) => `<div class="card"><h3>${escapeHtml(m.name)}</h3><div class="chart"><canvas id="chart-model-${i}" data-chart="model" data-model="${i}" role="img" aria-label="${escapeHtml(`learning curves of ${m.name}`)}"></canvas></div></div>`)
    .join('\n');
  const accuracyChart = counts.accuracy === 0
    ? '<p class="meta">No accuracy was recorded.</p>'
    : '<div class="chart"><canvas id="chart-accuracy" data-chart="accuracy" role="img" aria-label="accuracy per epoch, all models"></canvas></div>';
  const body = `${reportHeading(r.title, r.generatedAt)}
${r.notes === undefined ? '' : paragraphs(r.notes)}
${noLib}
${configSection(r.config)}
<section id="results">
<h2>Results</h2>
${resultsTable(r.models)}
</section>
<section id="curves">
<h2>Learning curves</h2>
<p class="meta">Solid lines: training; dashed lines: validation. One colour per model.</p>
<h3>Loss per epoch</h3>
<div class="chart"><canvas id="chart-loss" data-chart="loss" role="img" aria-label="loss per epoch, all models"></canvas></div>
<h3>Accuracy per epoch</h3>
${accuracyChart}
<h3>Per model</h3>
<div class="grid">
${smallCharts}
</div>
</section>
<section id="models">
<h2>Models</h2>
<div class="stack">
${r.models.map(modelSection).join('\n')}
</div>
</section>
${configJsonSection(r.config)}`;
  const data = {
    kind: 'sentiment',
    title: r.title,
    config: r.config,
    counts,
    models: r.models.map((m) => ({ name: m.name, params: m.params, history: m.history, test: m.test ?? null, secondsPerEpoch: m.secondsPerEpoch })),
  };
  return htmlPage({ title: r.title, body, data, chartJs: opts.chartJs, script: SENTIMENT_SCRIPT });
}
