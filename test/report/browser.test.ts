// Opens the written reports in headless Debian Chromium (playwright-core) from file:// and checks that
// the charts and heatmaps were drawn. Skips when Chromium is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { sentimentChartCounts, writeGradientReport, writeSentimentReport } from '../../src/report/index.js';
import { gradientInput, sentimentInput } from './fixtures.js';

const CHROMIUM = process.env.RNNKIT_CHROMIUM ?? '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}; install it with 'apt-get install -y chromium' (or set RNNKIT_CHROMIUM) to run the browser test.`;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Opens a page from file://, failing on any page error, console error or network request. */
async function openReport(browser: Browser, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  return { page, problems };
}

interface ChartInfo {
  id: string;
  series: number;
  labels: string[];
  points: number[];
  yType: string;
  drawnPixels: boolean;
}

/** For every Chart.js canvas: its dataset count, labels, points per dataset and y-scale type. */
async function chartInfo(page: Page): Promise<ChartInfo[]> {
  return page.evaluate(() => {
    type C = { data: { datasets: { label: string; data: unknown[] }[] }; scales: Record<string, { type: string }> };
    const g = window as unknown as { Chart: { getChart(c: HTMLCanvasElement): C | undefined } };
    return Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')).map((c) => {
      const chart = g.Chart.getChart(c);
      const ctx = c.getContext('2d');
      const px = ctx === null ? new Uint8ClampedArray() : ctx.getImageData(0, 0, c.width, c.height).data;
      let drawn = false;
      for (let k = 3; k < px.length; k += 4) if (px[k] !== 0) { drawn = true; break; }
      return {
        id: c.id,
        series: chart === undefined ? -1 : chart.data.datasets.length,
        labels: chart === undefined ? [] : chart.data.datasets.map((d) => d.label),
        points: chart === undefined ? [] : chart.data.datasets.map((d) => d.data.length),
        yType: chart === undefined ? '' : chart.scales.y.type,
        drawnPixels: drawn,
      };
    });
  });
}

test('reports render in headless Chromium from file:// with no network', { skip: SKIP }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-report-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    // --- Sentiment report: one loss chart and one accuracy chart for all models, one small chart per model.
    const sIn = sentimentInput();
    const sPath = writeSentimentReport(join(dir, 'nested', 'sentiment.html'), sIn);
    const s = await openReport(browser, sPath);
    const sCharts = await chartInfo(s.page);
    const counts = sentimentChartCounts(sIn);
    const byId = new Map(sCharts.map((c) => [c.id, c]));
    assert.equal(byId.get('chart-loss')?.series, counts.loss);
    assert.equal(byId.get('chart-loss')?.series, 8, 'four models x (train, val)');
    assert.equal(byId.get('chart-accuracy')?.series, 7, 'the last model has no validation accuracy');
    assert.deepEqual(byId.get('chart-loss')?.labels.slice(0, 2), ['SimpleRNN(32) x2 train', 'SimpleRNN(32) x2 val']);
    assert.deepEqual(byId.get('chart-loss')?.points, new Array(8).fill(10));
    for (let i = 0; i < 4; i++) assert.equal(byId.get(`chart-model-${i}`)?.series, counts.perModel[i]);
    assert.ok(sCharts.every((c) => c.drawnPixels), 'every chart canvas has pixels');
    // A plotted value is the input value (LSTM val loss at epoch 3).
    const y = await s.page.evaluate(() => {
      type C = { data: { datasets: { data: { x: number; y: number }[] }[] } };
      const g = window as unknown as { Chart: { getChart(c: HTMLCanvasElement): C | undefined } };
      return g.Chart.getChart(document.getElementById('chart-loss') as HTMLCanvasElement)?.data.datasets[3].data[2];
    });
    assert.deepEqual(y, { x: 3, y: sIn.models[1].history.val_loss?.[2] });
    // The nasty model name is shown as text, not markup, and no script ran from the config value.
    const shown = await s.page.evaluate(() => ({
      imgs: document.querySelectorAll('img').length,
      pwned: (window as unknown as { pwned?: number }).pwned,
      title: document.querySelector('#model-2 h3')?.textContent,
    }));
    assert.deepEqual(shown, { imgs: 0, pwned: undefined, title: sIn.models[2].name });
    await s.page.screenshot({ path: '/tmp/rnnkit-sentiment-report.png', fullPage: true });
    assert.deepEqual(s.problems, []);

    // --- Gradient report: heatmaps drawn, line charts with log y.
    const gIn = gradientInput();
    const gPath = writeGradientReport(join(dir, 'gradients.html'), gIn);
    const g = await openReport(browser, gPath);
    const gCharts = await chartInfo(g.page);
    const gById = new Map(gCharts.map((c) => [c.id, c]));
    assert.equal(gById.get('chart-grad-final')?.series, 4);
    assert.equal(gById.get('chart-grad-final')?.yType, 'logarithmic');
    for (let i = 0; i < 4; i++) {
      assert.deepEqual(gById.get(`chart-grad-${i}`)?.labels, ['step 0', 'step 480', 'step 960']);
      assert.deepEqual(gById.get(`chart-grad-${i}`)?.points, [60, 60, 60]);
    }
    // Heatmap pixels: sample the centres of chosen cells (row = training step s, col = time step t).
    // (No named functions inside evaluate: tsx would wrap them in a __name helper the page lacks.)
    const heat = await g.page.evaluate(() => {
      return Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas[data-heatmap]')).map((c) => {
        const [left, top, w, h] = (c.getAttribute('data-plot') ?? '').split(',').map(Number);
        const ctx = c.getContext('2d') as CanvasRenderingContext2D;
        const scale = c.width / c.clientWidth;
        const rows = 25, cols = 60;
        const cells: [number, number][] = [[0, 0], [1, 0], [24, 59]];
        const [first, low, high] = cells.map(([s, t]) => [
          ...ctx.getImageData(Math.floor((left + (t + 0.5) * w / cols) * scale), Math.floor((top + (s + 0.5) * h / rows) * scale), 1, 1).data,
        ]);
        const all = ctx.getImageData(0, 0, c.width, c.height).data;
        const colours = new Set<number>();
        for (let k = 0; k < all.length; k += 4) colours.add((all[k] << 16) | (all[k + 1] << 8) | all[k + 2]);
        return { drawn: c.getAttribute('data-drawn'), colours: colours.size, first, low, high };
      });
    });
    assert.equal(heat.length, 4);
    for (const h of heat) {
      assert.equal(h.drawn, 'true');
      assert.ok(h.colours > 20, `heatmap has many colours (${h.colours})`);
    }
    // SimpleRNN: t = 1 of the first step is 0 -> grey "no data"; step 1 at t = 1 is the global minimum ->
    // viridis' dark purple (68, 1, 84); the last step at t = T is the global maximum -> yellow (253, 231, 37).
    assert.deepEqual(heat[0].first, [215, 215, 215, 255]);
    assert.deepEqual(heat[0].low, [68, 1, 84, 255]);
    for (const h of heat) assert.deepEqual(h.high, [253, 231, 37, 255]);
    // Highway (no decay): t = 1 at step 1 is bright, far above SimpleRNN's.
    assert.ok(heat[3].low[1] > 150, `highway cell is bright: ${heat[3].low}`);
    await g.page.screenshot({ path: '/tmp/rnnkit-gradient-report.png', fullPage: true });
    assert.deepEqual(g.problems, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
