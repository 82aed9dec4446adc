/**
 * Browser-side helpers shared by the report pages, as JavaScript source text (the pages inline it).
 * Plain ES2017 with no imports: it runs from file:// with nothing but the inlined Chart.js.
 */

/**
 * Declares: readData(), colour(i), finiteOrNull(v), points(xs, ys), series(...), niceTicks(lo, hi, n), axisTicks(lo, hi, n),
 * lineChart(canvas, datasets, opts), noChartLib().
 */
export const COMMON_SCRIPT = String.raw`
var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
function readData() {
  return JSON.parse(document.getElementById('report-data').textContent);
}
function colour(i) { return PALETTE[i % PALETTE.length]; }
function finiteOrNull(v) { return (typeof v === 'number' && isFinite(v)) ? v : null; }
function points(xs, ys) {
  var out = [];
  for (var i = 0; i < xs.length && i < ys.length; i++) out.push({ x: xs[i], y: finiteOrNull(ys[i]) });
  return out;
}
function series(label, data, col, dashed, axis) {
  var s = {
    label: label, data: data, borderColor: col, backgroundColor: col,
    borderDash: dashed ? [7, 4] : [], borderWidth: 2, pointRadius: data.length > 30 ? 0 : 2.5,
    pointHoverRadius: 4, tension: 0, spanGaps: false, fill: false
  };
  if (axis) s.yAxisID = axis;
  return s;
}
// About n "nice" tick values (1, 2, 5 x 10^k steps) within [lo, hi].
function niceTicks(lo, hi, n) {
  if (!(hi > lo)) return [lo];
  var raw = (hi - lo) / Math.max(1, n), mag = Math.pow(10, Math.floor(Math.log10(raw))), step = mag;
  if (raw / mag > 5) step = 10 * mag; else if (raw / mag > 2) step = 5 * mag; else if (raw / mag > 1) step = 2 * mag;
  var out = [];
  for (var v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}
// Linear x-axis ticks at nice values within the data range, plus the first value (e.g. t = 1, epoch 1).
// Integer ranges (epochs, time steps) get integer ticks only.
function axisTicks(lo, hi, n) {
  var vals = niceTicks(lo, hi, n);
  if (Math.round(lo) === lo && Math.round(hi) === hi) vals = vals.filter(function (v) { return Math.round(v) === v; });
  var step = vals.length > 1 ? vals[1] - vals[0] : Math.max(1, hi - lo);
  if (vals.length === 0 || vals[0] - lo >= step / 2) vals.unshift(lo);
  return vals;
}
function niceXTicks(scale) {
  var w = scale.width > 0 ? scale.width : 400;
  scale.ticks = axisTicks(scale.min, scale.max, Math.max(3, Math.floor(w / 70))).map(function (v) { return { value: v }; });
}
function isPowerOfTen(v) {
  var l = Math.log10(v);
  return Math.abs(l - Math.round(l)) < 1e-6;
}
function shortNumber(v) {
  return (v >= 1e-3 && v < 1e4) ? String(Number(v.toPrecision(2))) : v.toExponential(0).replace('+', '');
}
// Log-axis tick labels: powers of ten ("1e-3") over wide ranges; 1, 2 and 5 times them over narrow ones.
function logTickLabel(v, index, ticks) {
  var lo = ticks[0].value, hi = ticks[ticks.length - 1].value;
  if (isPowerOfTen(v)) return hi / lo < 1e4 ? shortNumber(v) : '1e' + Math.round(Math.log10(v));
  if (hi / lo >= 100) return '';
  var mant = Math.round(v / Math.pow(10, Math.floor(Math.log10(v)) ) * 1e6) / 1e6;
  return (mant === 2 || mant === 5) ? shortNumber(v) : '';
}
function logGridColour(c) {
  return c.tick && isPowerOfTen(c.tick.value) ? 'rgba(0,0,0,0.16)' : 'rgba(0,0,0,0.05)';
}
// opts: { title, xTitle, yTitle, yLog, y1Title, legend: 'bottom' | 'right', xInteger }
function lineChart(canvas, datasets, opts) {
  var scales = {
    x: { type: 'linear', bounds: 'data', afterBuildTicks: niceXTicks, title: { display: true, text: opts.xTitle, font: { size: 13 } },
         ticks: opts.xInteger ? { precision: 0 } : {} },
    y: { type: opts.yLog ? 'logarithmic' : 'linear', title: { display: true, text: opts.yTitle, font: { size: 13 } },
         ticks: opts.yLog ? { callback: logTickLabel, autoSkip: false } : {},
         grid: opts.yLog ? { color: logGridColour } : {} }
  };
  if (opts.y1Title) {
    scales.y1 = { type: 'linear', position: 'right', grid: { drawOnChartArea: false },
                  title: { display: true, text: opts.y1Title, font: { size: 13 } } };
  }
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, parsing: true, normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        title: { display: !!opts.title, text: opts.title || '', font: { size: 14 } },
        legend: { position: opts.legend || 'bottom', labels: { boxWidth: 28, boxHeight: 2, font: { size: 12 } } },
        tooltip: { callbacks: { label: function (c) {
          var y = c.parsed.y;
          return c.dataset.label + ': ' + (opts.yLog && c.dataset.yAxisID !== 'y1' ? y.toExponential(3) : y.toFixed(4));
        } } }
      },
      scales: scales
    }
  });
}
function noChartLib() {
  if (typeof Chart !== 'undefined') return false;
  var canvases = document.querySelectorAll('canvas[data-chart]');
  for (var i = 0; i < canvases.length; i++) {
    var p = document.createElement('p');
    p.className = 'warn';
    p.textContent = 'Chart not drawn: the charting library is not in this page.';
    canvases[i].parentNode.replaceChild(p, canvases[i]);
  }
  return true;
}
`;
