/**
 * Browser-side script of the sentiment report (JavaScript source text): draws the all-models loss
 * and accuracy charts and one small chart per model from the embedded data.
 */
import { COMMON_SCRIPT } from './clientCommon.js';

export const SENTIMENT_SCRIPT = String.raw`(function () {
'use strict';
${COMMON_SCRIPT}
var data = readData();
if (noChartLib()) return;
var lossSets = [], accSets = [];
data.models.forEach(function (m, i) {
  var h = m.history, c = colour(i);
  lossSets.push(series(m.name + ' train', points(h.epoch, h.loss), c, false));
  if (h.val_loss) lossSets.push(series(m.name + ' val', points(h.epoch, h.val_loss), c, true));
  if (h.accuracy) accSets.push(series(m.name + ' train', points(h.epoch, h.accuracy), c, false));
  if (h.val_accuracy) accSets.push(series(m.name + ' val', points(h.epoch, h.val_accuracy), c, true));
});
lineChart(document.getElementById('chart-loss'), lossSets,
  { title: 'Loss per epoch (train solid, validation dashed)', xTitle: 'epoch', yTitle: 'loss', xInteger: true });
var accCanvas = document.getElementById('chart-accuracy');
if (accCanvas) lineChart(accCanvas, accSets,
  { title: 'Accuracy per epoch (train solid, validation dashed)', xTitle: 'epoch', yTitle: 'accuracy', xInteger: true });
data.models.forEach(function (m, i) {
  var h = m.history, sets = [];
  sets.push(series('train loss', points(h.epoch, h.loss), '#1f77b4', false, 'y'));
  if (h.val_loss) sets.push(series('val loss', points(h.epoch, h.val_loss), '#1f77b4', true, 'y'));
  var hasAcc = !!(h.accuracy || h.val_accuracy);
  if (h.accuracy) sets.push(series('train acc', points(h.epoch, h.accuracy), '#d62728', false, 'y1'));
  if (h.val_accuracy) sets.push(series('val acc', points(h.epoch, h.val_accuracy), '#d62728', true, 'y1'));
  lineChart(document.getElementById('chart-model-' + i), sets,
    { xTitle: 'epoch', yTitle: 'loss', y1Title: hasAcc ? 'accuracy' : undefined, xInteger: true });
});
})();
`;
