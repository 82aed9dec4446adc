/**
 * Pure HTML helpers shared by the reports: escaping, safe embedding of JSON and scripts, number
 * formatting, tables, and the page shell. Strings in, strings out; no I/O.
 */
import { ValueError } from '../errors.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON.stringify that accepts bigint (as a string) and turns non-finite numbers into null. */
export function toJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(
    value,
    (_key: string, v: unknown): unknown => {
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      return v;
    },
    indent,
  );
  return text ?? 'null';
}

/**
 * JSON text that is safe inside a <script> element: '<', '>' and '&' become \u escapes (so no
 * "</script>" or "<!--" can appear) and so do U+2028/U+2029. JSON.parse gives the same value back.
 */
export function jsonForScript(value: unknown): string {
  return toJson(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * JavaScript source made safe to inline in a <script> element: "</script" (any case) becomes
 * "<\/script", which means the same inside JS strings, regexps and comments (the only places it can
 * occur in valid code), and "<!--" becomes "<\!--".
 */
export function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Formats a number for tables: '—' for missing or non-finite, fixed digits otherwise. */
export function fmtFixed(v: number | undefined | null, digits: number): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return v.toFixed(digits);
}

/** Formats an integer count with thousands separators: 1234567 -> "1,234,567". */
export function fmtCount(v: number | undefined | null): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const s = Math.round(Math.abs(v)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return v < 0 ? `-${s}` : s;
}

/** Formats a positive quantity spanning many orders of magnitude (gradient norms, ratios). */
export function fmtSci(v: number | undefined | null): string {
  if (v == null || Number.isNaN(v)) return '—';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? v.toPrecision(4) : v.toExponential(2);
}

/** Plain text to HTML paragraphs: blank lines separate paragraphs, single newlines become <br>. */
export function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** A table cell: text (escaped) and whether it holds a number (right-aligned). */
export interface Cell {
  text: string;
  numeric?: boolean;
}

/** An HTML table; header and cell texts are escaped. */
export function htmlTable(headers: string[], rows: Cell[][], className = 'data'): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== headers.length) {
      throw new ValueError(`htmlTable: row ${i} has ${row.length} cells, expected ${headers.length} (one per header).`);
    }
  }
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((c) => `<td${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.text)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="${escapeHtml(className)}">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Keys shown first, in this order, in the configuration table. */
const CONFIG_ORDER = ['preset', 'task', 'vocab', 'maxlen', 'batch', 'epochs', 'seed', 'backend', 'machine'];

/** The run configuration as a two-column table: known keys first, then the rest in their order. */
export function configTable(config: Record<string, unknown>): string {
  const keys = Object.keys(config);
  const ordered = [...CONFIG_ORDER.filter((k) => keys.includes(k)), ...keys.filter((k) => !CONFIG_ORDER.includes(k))];
  const rows = ordered.map((k): Cell[] => {
    const v = config[k];
    const text = typeof v === 'string' ? v : toJson(v);
    return [{ text: k }, { text }];
  });
  return htmlTable(['setting', 'value'], rows, 'config');
}

/** The run configuration as a table, `<section id="config">`. */
export function configSection(config: Record<string, unknown>): string {
  return `<section id="config">
<h2>Run configuration</h2>
${configTable(config)}
</section>`;
}

/** The run configuration as exact JSON, `<section id="config-json">`. */
export function configJsonSection(config: Record<string, unknown>): string {
  return `<section id="config-json">
<h2>Exact configuration</h2>
<pre>${escapeHtml(toJson(config, 2))}</pre>
</section>`;
}

/** The report's heading and, when given, its generation time. */
export function reportHeading(title: string, generatedAt: string | undefined): string {
  return `<h1>${escapeHtml(title)}</h1>
${generatedAt === undefined ? '' : `<p class="meta">Generated ${escapeHtml(generatedAt)}</p>`}`;
}

/** Page parts for `htmlPage`. */
export interface PageParts {
  title: string;
  /** Body HTML (already escaped where needed). */
  body: string;
  /** Data embedded as <script type="application/json" id="report-data">. */
  data: unknown;
  /** Chart.js UMD source, or undefined to leave it out. */
  chartJs?: string;
  /** The page's own script (runs after Chart.js and the data). */
  script: string;
}

const CSS = `
:root { --fg: #1d2433; --muted: #5b6477; --line: #d9dee8; --bg: #ffffff; --panel: #f6f8fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 8px; }
.meta { color: var(--muted); margin: 0 0 8px; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 12px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num { text-align: right; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
table.config td:first-child { font-weight: 600; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; font: 12.5px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
.chart { position: relative; height: 380px; margin: 8px 0 20px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 18px; }
.grid .chart { height: 250px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card h3 { margin-top: 4px; }
.grid .chart { margin-bottom: 4px; }
.heatmap { display: block; width: 100%; height: 320px; }
.pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 18px; align-items: start; }
.pair .chart { height: 320px; margin: 0; }
.stack > .card { margin-bottom: 18px; }
.warn { color: #9a3412; background: #fff7ed; border: 1px solid #fed7aa; border-radius: 6px; padding: 8px 12px; }
.good { color: #166534; } .bad { color: #b91c1c; }
`;

/** A complete self-contained HTML page: styles, the embedded data, Chart.js (if given) and the page script. */
export function htmlPage(parts: PageParts): string {
  const chart = parts.chartJs === undefined ? '' : `<script>\n${scriptSafe(parts.chartJs)}\n</script>\n`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rnnkit">
<title>${escapeHtml(parts.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${parts.body}
</main>
<script type="application/json" id="report-data">${jsonForScript(parts.data)}</script>
${chart}<script>
${scriptSafe(parts.script)}
</script>
</body>
</html>
`;
}
