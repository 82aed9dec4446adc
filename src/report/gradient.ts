/**
 * The vanishing-gradient report: per model a heatmap of log10 ‖∂L/∂h_t‖ over (time step x training
 * step) with a shared colour scale, line charts of the norm vs time step at a few training steps (log
 * y), a table of ‖∂L/∂h_1‖/‖∂L/∂h_T‖ ratios and final accuracy, and the caller's summary. Pure.
 */
import { ValueError } from '../errors.js';
import { GRADIENT_SCRIPT } from './clientGradient.js';
import {
  type Cell, configJsonSection, configSection, escapeHtml, fmtCount, fmtFixed, fmtSci, htmlPage, htmlTable, paragraphs, reportHeading,
} from './html.js';
import type { GradientModelResult, GradientReportInput, RenderOptions } from './types.js';

function checkModel(m: GradientModelResult, i: number): void {
  const where = `renderGradientReport: model ${i} ('${m.name}')`;
  if (!Array.isArray(m.steps) || !Array.isArray(m.norms)) throw new ValueError(`${where}: 'steps' and 'norms' must be arrays.`);
  if (m.norms.length === 0) throw new ValueError(`${where}: norms is empty; expected one row of per-time-step norms per measured training step.`);
  if (m.norms.length !== m.steps.length) {
    throw new ValueError(`${where}: norms has ${m.norms.length} rows but steps has ${m.steps.length}; expected one row per measured training step.`);
  }
  const T = m.norms[0].length;
  if (T === 0) throw new ValueError(`${where}: norms rows are empty; expected one norm per time step.`);
  m.norms.forEach((row, s) => {
    if (row.length !== T) throw new ValueError(`${where}: norms row ${s} has ${row.length} time steps, row 0 has ${T}; all rows must have the same length.`);
  });
}

/** ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ of one row of norms (Infinity when the last is 0, NaN when undefined). */
export function firstToLastRatio(row: readonly number[]): number {
  const first = row[0];
  const last = row[row.length - 1];
  if (!Number.isFinite(first) || !Number.isFinite(last)) return NaN;
  if (last === 0) return first === 0 ? NaN : Infinity;
  return first / last;
}

/** log10 of a norm, or null where it is not a positive finite number. */
function log10OrNull(v: number): number | null {
  return Number.isFinite(v) && v > 0 ? Math.log10(v) : null;
}

/** The colour-scale range: min and max of log10 norms over all models (null when none is positive). */
export function logNormRange(models: readonly GradientModelResult[]): { lo: number; hi: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of models) {
    for (const row of m.norms) {
      for (const v of row) {
        const l = log10OrNull(v);
        if (l !== null) {
          lo = Math.min(lo, l);
          hi = Math.max(hi, l);
        }
      }
    }
  }
  return lo === Infinity ? null : { lo, hi };
}

/**
 * The row indices drawn in a model's line chart: for each wanted training step the nearest measured
 * one (ties to the earlier), without repeats, in increasing order. Default: first, middle and last.
 */
export function lineRows(steps: readonly number[], wanted?: readonly number[]): number[] {
  const S = steps.length;
  if (wanted === undefined) return [...new Set([0, Math.floor((S - 1) / 2), S - 1])];
  const rows = wanted.map((w) => {
    let best = 0;
    for (let s = 1; s < S; s++) if (Math.abs(steps[s] - w) < Math.abs(steps[best] - w)) best = s;
    return best;
  });
  return [...new Set(rows)].sort((a, b) => a - b);
}

function ratioTable(models: GradientModelResult[]): string {
  const headers = ['model', 'parameters', 'T', 'ratio h_1/h_T at first step', 'ratio h_1/h_T at last step', 'log10 ratio (last)', 'final accuracy', 'final loss'];
  const rows = models.map((m): Cell[] => {
    const r0 = firstToLastRatio(m.norms[0]);
    const r1 = firstToLastRatio(m.norms[m.norms.length - 1]);
    return [
      { text: m.name },
      { text: fmtCount(m.params), numeric: true },
      { text: String(m.norms[0].length), numeric: true },
      { text: fmtSci(r0), numeric: true },
      { text: fmtSci(r1), numeric: true },
      { text: fmtFixed(r1 > 0 ? Math.log10(r1) : NaN, 2), numeric: true },
      { text: fmtFixed(m.accuracy, 4), numeric: true },
      { text: fmtFixed(m.loss, 4), numeric: true },
    ];
  });
  return htmlTable(headers, rows, 'data ratios');
}

/** Renders the vanishing-gradient report as a self-contained HTML page (string in, string out). */
export function renderGradientReport(r: GradientReportInput, opts: RenderOptions = {}): string {
  if (!Array.isArray(r.models) || r.models.length === 0) {
    throw new ValueError('renderGradientReport: models must be a non-empty array of per-model gradient norms.');
  }
  r.models.forEach(checkModel);
  const range = logNormRange(r.models);
  const rowsPerModel = r.models.map((m) => lineRows(m.steps, r.lineSteps));
  const noLib = opts.chartJs === undefined
    ? '<p class="warn" id="no-chart-lib">The charting library was not inlined into this page, so the line charts are not drawn; the heatmaps and tables are.</p>'
    : '';
  const perModel = r.models
    .map((m, i) => `<div class="card" id="model-${i}">
<h3>${escapeHtml(m.name)}</h3>
<div class="pair">
<canvas class="heatmap" id="heatmap-${i}" data-heatmap="${i}" role="img" aria-label="${escapeHtml(`heatmap of log10 gradient norms of ${m.name}`)}"></canvas>
<div class="chart"><canvas id="chart-grad-${i}" data-chart="gradline" data-model="${i}" role="img" aria-label="${escapeHtml(`gradient norm vs time step of ${m.name}`)}"></canvas></div>
</div>
</div>`)
    .join('\n');
  const body = `${reportHeading(r.title, r.generatedAt)}
${noLib}
<section id="summary">
<h2>Summary</h2>
${paragraphs(r.summary)}
</section>
<section id="results">
<h2>Gradient ratio and task accuracy</h2>
<p class="meta">Ratio ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ of the loss gradient with respect to the hidden state at the first and the last time step; far below 1 means the gradient vanishes on its way back through time.</p>
${ratioTable(r.models)}
</section>
${configSection(r.config)}
<section id="heatmaps">
<h2>Gradient norm over time steps and training</h2>
<p class="meta">Heatmap: colour is log10 ‖∂L/∂h_t‖ (same scale for every model${range === null ? '' : `, from ${range.lo.toFixed(2)} to ${range.hi.toFixed(2)}`}; grey: no data). Columns are time steps t = 1…T, rows are training steps, the first at the top. Line chart: the norm against t at a few training steps, log scale.</p>
<div class="chart"><canvas id="chart-grad-final" data-chart="gradfinal" role="img" aria-label="gradient norm vs time step at the last measured step, all models"></canvas></div>
<div class="stack">
${perModel}
</div>
</section>
${configJsonSection(r.config)}`;
  const data = {
    kind: 'gradients',
    title: r.title,
    config: r.config,
    range,
    counts: { final: r.models.length, perModel: rowsPerModel.map((rows) => rows.length) },
    models: r.models.map((m, i) => ({ name: m.name, steps: m.steps, norms: m.norms, lineRows: rowsPerModel[i] })),
  };
  return htmlPage({ title: r.title, body, data, chartJs: opts.chartJs, script: GRADIENT_SCRIPT });
}
