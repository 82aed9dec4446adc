// HTML reports (self-contained pages with Chart.js inlined) and terminal tables/sparklines.
// write.ts uses node:fs, so export this barrel from src/index.ts (Node), not src/engine.ts.
export type {
  EpochHistory,
  GradientModelResult,
  GradientReportInput,
  RenderOptions,
  SentimentModelResult,
  SentimentReportInput,
} from './types.js';
export { renderSentimentReport, sentimentChartCounts, bestValAccuracy, meanFinite } from './sentiment.js';
export type { SentimentChartCounts } from './sentiment.js';
export { renderGradientReport, firstToLastRatio, logNormRange, lineRows } from './gradient.js';
export { escapeHtml, jsonForScript, scriptSafe } from './html.js';
export { renderTextTable, fmtTextNumber, sparkline, bar, textBarChart } from './text.js';
export type { TextCell, TextTableOptions, SparklineOptions } from './text.js';
export { writeSentimentReport, writeGradientReport, loadChartJs, chartJsPath } from './write.js';
