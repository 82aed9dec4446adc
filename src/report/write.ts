/**
 * File I/O of the reports (Node only): finds Chart.js's UMD build in node_modules, renders a report
 * with it inlined, and writes the page. Everything else in src/report is pure.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError } from '../errors.js';
import { renderGradientReport } from './gradient.js';
import { renderSentimentReport } from './sentiment.js';
import type { GradientReportInput, SentimentReportInput } from './types.js';

let chartJsCache: string | undefined;

/** The path of Chart.js's minified UMD build (defines the global `Chart` when inlined in a page). */
export function chartJsPath(): string {
  const require = createRequire(import.meta.url);
  let main: string;
  try {
    main = require.resolve('chart.js'); // .../chart.js/dist/chart.cjs
  } catch (e) {
    throw new DataError(`Cannot find the 'chart.js' package the HTML reports inline (${(e as Error).message}). Install it with 'npm install chart.js'.`);
  }
  return join(dirname(main), 'chart.umd.min.js');
}

/** Chart.js's UMD source (read once, then cached). */
export function loadChartJs(): string {
  if (chartJsCache === undefined) {
    const p = chartJsPath();
    try {
      chartJsCache = readFileSync(p, 'utf8');
    } catch (e) {
      throw new DataError(`Cannot read Chart.js's UMD build at ${p} (${(e as Error).message}); the HTML report inlines it.`);
    }
  }
  return chartJsCache;
}

function writePage(path: string, html: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, html, 'utf8');
  return path;
}

/** Renders the sentiment report with Chart.js inlined and writes it to `path` (creating folders); returns the path. */
export function writeSentimentReport(path: string, r: SentimentReportInput): string {
  return writePage(path, renderSentimentReport(r, { chartJs: loadChartJs() }));
}

/** Renders the vanishing-gradient report with Chart.js inlined and writes it to `path`; returns the path. */
export function writeGradientReport(path: string, r: GradientReportInput): string {
  return writePage(path, renderGradientReport(r, { chartJs: loadChartJs() }));
}
