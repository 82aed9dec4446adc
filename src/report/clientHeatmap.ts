/**
 * Browser-side heatmap drawing (JavaScript source text): a matrix of values on a <canvas>, with axes,
 * tick labels, axis titles and a colour-scale legend. Chart.js has no heatmap, and this needs no library.
 */

/**
 * Needs COMMON_SCRIPT (niceTicks, axisTicks). Declares drawHeatmap(canvas, spec) where spec = { values: (number|null)[][] (rows x cols),
 * lo, hi (colour scale range), rowLabels: number[] (one per row), colStart: number (label of column 0),
 * xTitle, yTitle, legendTitle, legendFormat(v) }. Marks the canvas with data-drawn="true" and
 * data-plot="left,top,width,height" (the cell area in CSS pixels).
 */
export const HEATMAP_SCRIPT = String.raw`
var VIRIDIS = [[68,1,84],[71,44,122],[59,81,139],[44,113,142],[33,144,141],[39,173,129],[92,200,99],[170,220,50],[253,231,37]];
var NO_DATA = [215, 215, 215];
function viridis(f) {
  if (!(f >= 0)) f = 0;
  if (f > 1) f = 1;
  var x = f * (VIRIDIS.length - 1), i = Math.min(Math.floor(x), VIRIDIS.length - 2), u = x - i;
  var a = VIRIDIS[i], b = VIRIDIS[i + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * u), Math.round(a[1] + (b[1] - a[1]) * u), Math.round(a[2] + (b[2] - a[2]) * u)];
}
function drawHeatmap(canvas, spec) {
  var rows = spec.values.length, cols = rows > 0 ? spec.values[0].length : 0;
  var dpr = window.devicePixelRatio || 1;
  var W = canvas.clientWidth || 600, H = canvas.clientHeight || 300;
  canvas.width = Math.round(W * dpr);
  canvas.height = Math.round(H * dpr);
  var ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  var m = { left: 74, right: 96, top: 12, bottom: 46 };
  var pw = Math.max(10, W - m.left - m.right), ph = Math.max(10, H - m.top - m.bottom);
  if (rows === 0 || cols === 0) return;
  // The cells: one pixel per cell in an off-screen image, scaled up without smoothing.
  var off = document.createElement('canvas');
  off.width = cols; off.height = rows;
  var octx = off.getContext('2d'), img = octx.createImageData(cols, rows), span = spec.hi - spec.lo;
  for (var r = 0; r < rows; r++) {
    for (var c = 0; c < cols; c++) {
      var v = spec.values[r][c];
      var rgb = (typeof v === 'number' && isFinite(v)) ? viridis(span > 0 ? (v - spec.lo) / span : 0.5) : NO_DATA;
      var k = 4 * (r * cols + c);
      img.data[k] = rgb[0]; img.data[k + 1] = rgb[1]; img.data[k + 2] = rgb[2]; img.data[k + 3] = 255;
    }
  }
  octx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, m.left, m.top, pw, ph);
  ctx.strokeStyle = '#444'; ctx.lineWidth = 1;
  ctx.strokeRect(m.left - 0.5, m.top - 0.5, pw + 1, ph + 1);
  ctx.fillStyle = '#222'; ctx.font = '12px system-ui, sans-serif';
  // x axis: column c is time step colStart + c, drawn at the cell's centre.
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  var xt = axisTicks(spec.colStart, spec.colStart + cols - 1, Math.max(3, Math.floor(pw / 60)));
  xt.forEach(function (t) {
    var x = m.left + (t - spec.colStart + 0.5) * pw / cols;
    if (x < m.left - 1 || x > m.left + pw + 1) return;
    ctx.beginPath(); ctx.moveTo(x, m.top + ph); ctx.lineTo(x, m.top + ph + 5); ctx.stroke();
    ctx.fillText(String(t), x, m.top + ph + 7);
  });
  ctx.font = '13px system-ui, sans-serif';
  ctx.fillText(spec.xTitle, m.left + pw / 2, m.top + ph + 26);
  // y axis: row r is training step rowLabels[r]; label about one row in every ph/22 pixels.
  ctx.font = '12px system-ui, sans-serif'; ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  var every = Math.max(1, Math.ceil(rows / Math.max(1, Math.floor(ph / 22))));
  for (var rr = 0; rr < rows; rr += every) {
    var y = m.top + (rr + 0.5) * ph / rows;
    ctx.beginPath(); ctx.moveTo(m.left - 5, y); ctx.lineTo(m.left, y); ctx.stroke();
    ctx.fillText(String(spec.rowLabels[rr]), m.left - 7, y);
  }
  ctx.save();
  ctx.translate(16, m.top + ph / 2); ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center'; ctx.font = '13px system-ui, sans-serif';
  ctx.fillText(spec.yTitle, 0, 0);
  ctx.restore();
  // Colour legend: a vertical bar on the right, high values at the top.
  var lx = m.left + pw + 18, lw = 14;
  for (var py = 0; py < ph; py++) {
    var rgb2 = viridis(1 - py / Math.max(1, ph - 1));
    ctx.fillStyle = 'rgb(' + rgb2[0] + ',' + rgb2[1] + ',' + rgb2[2] + ')';
    ctx.fillRect(lx, m.top + py, lw, 1);
  }
  ctx.strokeRect(lx - 0.5, m.top - 0.5, lw + 1, ph + 1);
  ctx.fillStyle = '#222'; ctx.textAlign = 'left'; ctx.textBaseline = 'middle'; ctx.font = '11px system-ui, sans-serif';
  var lt = niceTicks(spec.lo, spec.hi, 5);
  lt.forEach(function (t) {
    var y = span > 0 ? m.top + (1 - (t - spec.lo) / span) * ph : m.top + ph / 2;
    ctx.beginPath(); ctx.moveTo(lx + lw, y); ctx.lineTo(lx + lw + 4, y); ctx.stroke();
    ctx.fillText(spec.legendFormat(t), lx + lw + 6, y);
  });
  ctx.save();
  ctx.translate(W - 8, m.top + ph / 2); ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center'; ctx.textBaseline = 'bottom'; ctx.font = '12px system-ui, sans-serif';
  ctx.fillText(spec.legendTitle, 0, 0);
  ctx.restore();
  // Where the cells are (CSS pixels), for tests and tools that read the canvas back.
  canvas.setAttribute('data-plot', [m.left, m.top, pw, ph].join(','));
  canvas.setAttribute('data-drawn', 'true');
}
`;
