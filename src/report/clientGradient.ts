/**
 * Browser-side script of the vanishing-gradient report (JavaScript source text): the heatmaps (own
 * canvas drawing, no library) and the log-scale line charts (Chart.js) from the embedded data.
 */
import { COMMON_SCRIPT } from './clientCommon.js';
import { HEATMAP_SCRIPT } from './clientHeatmap.js';

export const GRADIENT_SCRIPT = String.raw`(function () {
'use strict';
${COMMON_SCRIPT}
${HEATMAP_SCRIPT}
var data = readData();
function positiveOrNull(v) { return (typeof v === 'number' && isFinite(v) && v > 0) ? v : null; }
function timeSteps(T) { var t = []; for (var i = 1; i <= T; i++) t.push(i); return t; }
function normPoints(row) { var out = []; for (var i = 0; i < row.length; i++) out.push({ x: i + 1, y: positiveOrNull(row[i]) }); return out; }
function drawAllHeatmaps() {
  data.models.forEach(function (m, i) {
    var canvas = document.getElementById('heatmap-' + i);
    var values = m.norms.map(function (row) { return row.map(function (v) { var p = positiveOrNull(v); return p === null ? null : Math.log10(p); }); });
    drawHeatmap(canvas, {
      values: values, lo: data.range ? data.range.lo : 0, hi: data.range ? data.range.hi : 1,
      rowLabels: m.steps, colStart: 1, xTitle: 'time step t', yTitle: 'training step',
      legendTitle: 'log10 ‖∂L/∂h_t‖',
      legendFormat: function (v) { return Math.abs(v - Math.round(v)) < 1e-9 ? String(Math.round(v)) : v.toFixed(1); }
    });
  });
}
drawAllHeatmaps();
var resizeTimer = null;
window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(drawAllHeatmaps, 100); });
if (noChartLib()) return;
var finalSets = data.models.map(function (m, i) {
  return series(m.name + ' (step ' + m.steps[m.steps.length - 1] + ')', normPoints(m.norms[m.norms.length - 1]), colour(i), false);
});
lineChart(document.getElementById('chart-grad-final'), finalSets,
  { title: 'Gradient norm vs time step at the last measured training step', xTitle: 'time step t', yTitle: '‖∂L/∂h_t‖ (log scale)', yLog: true, xInteger: true });
data.models.forEach(function (m, i) {
  var n = m.lineRows.length;
  var sets = m.lineRows.map(function (r, k) {
    var rgb = viridis(n === 1 ? 0.3 : 0.05 + 0.75 * k / (n - 1));
    return series('step ' + m.steps[r], normPoints(m.norms[r]), 'rgb(' + rgb.join(',') + ')', false);
  });
  lineChart(document.getElementById('chart-grad-' + i), sets,
    { title: 'Norm vs time step at a few training steps', xTitle: 'time step t', yTitle: '‖∂L/∂h_t‖', yLog: true, xInteger: true });
});
})();
`;
