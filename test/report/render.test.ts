import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../src/errors.js';
import {
  bestValAccuracy,
  firstToLastRatio,
  jsonForScript,
  lineRows,
  logNormRange,
  renderGradientReport,
  renderSentimentReport,
  scriptSafe,
  sentimentChartCounts,
} from '../../src/report/index.js';
import { escapeHtml, fmtCount, fmtSci } from '../../src/report/html.js';
import { NASTY_CONFIG_VALUE, NASTY_NAME, gradientInput, sentimentInput } from './fixtures.js';

const FAKE_CHART = 'window.Chart = function () {}; /* </script> inside a comment */';

/** The JSON embedded in <script type="application/json" id="report-data">, parsed. */
function embedded(html: string): { models: { name: string }[]; config: Record<string, unknown>; counts: unknown } {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'report-data script present');
  return JSON.parse(m[1]) as { models: { name: string }[]; config: Record<string, unknown>; counts: unknown };
}

/** Text of the <tr> rows of the results table, tags stripped, one array of cell texts per row. */
function tableRows(html: string, cls: string): string[][] {
  const t = new RegExp(`<table class="${cls}">([\\s\\S]*?)</table>`).exec(html);
  assert.ok(t, `table ${cls} present`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(t[1]);
  assert.ok(body);
  return [...body[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]));
}

test('sentiment report: sections, canvases, configuration and exact JSON', () => {
  const input = sentimentInput();
  const html = renderSentimentReport(input, { chartJs: FAKE_CHART });
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  for (const id of ['config', 'results', 'curves', 'models', 'config-json']) assert.ok(html.includes(`<section id="${id}">`), id);
  for (const id of ['chart-loss', 'chart-accuracy', 'chart-model-0', 'chart-model-3']) assert.ok(html.includes(`id="${id}"`), id);
  assert.ok(!html.includes('id="no-chart-lib"'));
  // The configuration table lists preset..machine first, in that order.
  const cfg = tableRows(html, 'config').map((r) => r[0]);
  assert.deepEqual(cfg.slice(0, 8), ['preset', 'vocab', 'maxlen', 'batch', 'epochs', 'seed', 'backend', 'machine']);
  assert.deepEqual(cfg.slice(8), ['note', 'optimizer']);
  assert.ok(html.includes('{&quot;name&quot;:&quot;rmsprop&quot;,&quot;lr&quot;:0.001}'));
  // Exact configuration JSON (escaped) in its own section.
  assert.ok(html.includes(escapeHtml(JSON.stringify(input.config, null, 2))));
  // Layer summaries are preformatted and escaped.
  assert.ok(html.includes('<pre>Layer (type)        Output shape      Params\nembedding           [?, 100, 32]      320000\n&lt;rnn 2&gt;</pre>'));
  // The embedded data carries the models and the configuration unchanged.
  const data = embedded(html);
  assert.deepEqual(data.config, input.config);
  assert.deepEqual(data.models.map((m) => m.name), input.models.map((m) => m.name));
  assert.deepEqual(data.counts, { loss: 8, accuracy: 7, perModel: [4, 4, 4, 3] });
});

test('sentiment report: results table values', () => {
  const input = sentimentInput();
  const rows = tableRows(renderSentimentReport(input), 'data results');
  assert.equal(rows.length, 4);
  // Model 1 (LSTM): params 336,673; test 0.81 / 0.38; val_accuracy = 0.5 + 0.35(1 - e^(-0.6e)) - 0.004e peaks at e = 7.
  const va = (e: number): number => 0.5 + 0.35 * (1 - Math.exp(-0.6 * e)) - 0.004 * e;
  const best = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].reduce((b, e) => (va(e) > va(b) ? e : b), 1);
  assert.equal(best, 7);
  // Seconds: 11 + 0.5 on odd epochs -> mean 11.25, total 112.5.
  assert.deepEqual(rows[1], ['LSTM(32) x2', '336,673', '0.8100', '0.3800', `${va(best).toFixed(4)} (7)`, '10', '11.25', '112.5']);
  assert.equal(rows[3][4], '—', 'no validation accuracy -> dash');
  assert.equal(rows[2][0], escapeHtml(NASTY_NAME));
});

test('sentiment report: model names and config values cannot break out of the page', () => {
  const html = renderSentimentReport(sentimentInput(), { chartJs: FAKE_CHART });
  assert.ok(!html.includes(NASTY_NAME), 'raw model name never appears');
  assert.ok(!html.includes(NASTY_CONFIG_VALUE), 'raw config value never appears');
  assert.ok(!html.includes('<img'));
  // Exactly three script elements close: the data, Chart.js and the page script.
  assert.equal(html.match(/<\/script>/gi)?.length, 3);
  assert.equal(html.match(/<script[\s>]/gi)?.length, 3);
  assert.ok(html.includes('/* <\\/script> inside a comment */'), 'inlined library made script-safe');
  const data = embedded(html);
  assert.equal(data.models[2].name, NASTY_NAME, 'the JSON gives the exact name back');
  assert.equal(data.config.note, NASTY_CONFIG_VALUE);
});

test('sentiment report: without Chart.js the page says so; bad histories are named', () => {
  const input = sentimentInput();
  const html = renderSentimentReport(input);
  assert.ok(html.includes('id="no-chart-lib"'));
  assert.equal(html.match(/<\/script>/gi)?.length, 2);
  const bad = sentimentInput();
  bad.models[1].history.val_loss = [1, 2, 3];
  assert.throws(() => renderSentimentReport(bad), (e: unknown) => e instanceof ValueError && /model 1 \('LSTM\(32\) x2'\): history.val_loss has 3 entries but history.epoch has 10/.test(e.message));
  assert.throws(() => renderSentimentReport({ ...input, models: [] }), ValueError);
});

test('sentimentChartCounts and bestValAccuracy', () => {
  const input = sentimentInput();
  input.models[0].history = { epoch: [1, 2], loss: [1, 0.5] };
  assert.deepEqual(sentimentChartCounts(input), { loss: 7, accuracy: 5, perModel: [1, 4, 4, 3] });
  assert.deepEqual(bestValAccuracy({ epoch: [1, 2, 3, 4], loss: [0, 0, 0, 0], val_accuracy: [0.5, 0.7, NaN, 0.7] }), { value: 0.7, epoch: 2 });
  assert.equal(bestValAccuracy({ epoch: [1], loss: [0] }), undefined);
  // A model without any accuracy: no accuracy chart, a note instead.
  const html = renderSentimentReport({ ...input, models: [input.models[0]] });
  assert.ok(!html.includes('id="chart-accuracy"'));
  assert.ok(html.includes('No accuracy was recorded.'));
});

test('gradient report: sections, ratio table, heatmap canvases, summary', () => {
  const input = gradientInput();
  const html = renderGradientReport(input, { chartJs: FAKE_CHART });
  for (const id of ['summary', 'results', 'config', 'heatmaps', 'config-json']) assert.ok(html.includes(`<section id="${id}">`), id);
  for (let i = 0; i < 4; i++) {
    assert.ok(html.includes(`id="heatmap-${i}" data-heatmap="${i}"`));
    assert.ok(html.includes(`id="chart-grad-${i}" data-chart="gradline"`));
  }
  assert.ok(html.includes('<p>SimpleRNN&#39;s gradient at t = 1 is 1e-7 of that at t = T; it does not learn the task.</p>\n<p>LSTM, GRU &amp; highway keep it.</p>'));
  const rows = tableRows(html, 'data ratios');
  // norm(h_1)/norm(h_T) = decay^(T-1) at every step (0.75^59 ~ 4.3e-8); the first row of SimpleRNN has norm(h_1) = 0.
  assert.deepEqual(rows[0], ['SimpleRNN(32)', '1,000', '60', '0', fmtSci(Math.pow(0.75, 59)), (59 * Math.log10(0.75)).toFixed(2), '0.5100', '0.4900']);
  assert.equal(rows[3][4], '1.000');
  assert.equal(rows[3][0], 'Highway &lt;skip&gt;');
  const data = embedded(html) as unknown as { counts: { final: number; perModel: number[] }; range: { lo: number; hi: number } };
  assert.deepEqual(data.counts, { final: 4, perModel: [3, 3, 3, 3] });
  // Smallest positive norm: SimpleRNN row 1 at t = 1 (row 0 has 0 there): 0.5 * 0.75^59 * 1.1, which is below
  // row 0's t = 2 value 0.5 * 0.75^58; largest: 0.5 * (1 + 24/10) at t = T.
  assert.ok(Math.abs(data.range.lo - Math.log10(0.5 * Math.pow(0.75, 59) * 1.1)) < 1e-12);
  assert.ok(Math.abs(data.range.hi - Math.log10(0.5 * 3.4)) < 1e-12);
});

test('gradient helpers: ratio, range, line rows, validation', () => {
  assert.equal(firstToLastRatio([8, 4, 2]), 4);
  assert.equal(firstToLastRatio([1, 0]), Infinity);
  assert.ok(Number.isNaN(firstToLastRatio([0, 0])));
  assert.ok(Number.isNaN(firstToLastRatio([NaN, 1])));
  assert.deepEqual(logNormRange([{ name: 'a', steps: [0], norms: [[0, 10, 0.01, NaN]] }]), { lo: -2, hi: 1 });
  assert.equal(logNormRange([{ name: 'a', steps: [0], norms: [[0, -1]] }]), null);
  assert.deepEqual(lineRows([0, 10, 20, 30, 40]), [0, 2, 4]);
  assert.deepEqual(lineRows([5]), [0]);
  assert.deepEqual(lineRows([0, 100, 200, 300], [1000, 0, 260, 150]), [0, 1, 3]);
  const input = gradientInput();
  input.models[2].norms[4] = input.models[2].norms[4].slice(1);
  assert.throws(() => renderGradientReport(input), (e: unknown) => e instanceof ValueError && /model 2 \('GRU\(32\)'\): norms row 4 has 59 time steps, row 0 has 60/.test(e.message));
  const input2 = gradientInput();
  input2.models[0].steps = [1, 2];
  assert.throws(() => renderGradientReport(input2), /norms has 25 rows but steps has 2/);
});

test('escaping helpers', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  const tricky = { s: '</script><!-- \u2028 & >', n: [1, Infinity, NaN], b: 12n };
  const j = jsonForScript(tricky);
  assert.ok(!/[<>&\u2028\u2029]/.test(j));
  assert.deepEqual(JSON.parse(j), { s: tricky.s, n: [1, null, null], b: '12' });
  assert.equal(scriptSafe('a = "</SCRIPT>"; b = "<!--";'), 'a = "<\\/SCRIPT>"; b = "<\\!--";');
  assert.equal(fmtCount(1234567), '1,234,567');
  assert.equal(fmtCount(-1000), '-1,000');
  assert.equal(fmtCount(12), '12');
  assert.equal(fmtSci(0.5), '0.5000');
  assert.equal(fmtSci(2.5e-8), '2.50e-8');
  assert.equal(fmtSci(Infinity), '∞');
});
