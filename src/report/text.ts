/**
 * Terminal output: aligned plain-text tables, sparklines and bars. Pure string builders.
 */
import { ValueError } from '../errors.js';

/** A table cell value; numbers are formatted and right-aligned, null/undefined show as '-'. */
export type TextCell = string | number | null | undefined;

export interface TextTableOptions {
  /** Per-column alignment; 'auto' (default) right-aligns columns whose cells are all numbers or missing. */
  align?: ('left' | 'right' | 'auto')[];
  /** Digits after the point for non-integer numbers (default 4); a number per column or one for all. */
  digits?: number | (number | undefined)[];
  /** Spaces between columns (default 2). */
  gap?: number;
  /** A line printed above the table. */
  title?: string;
}

/** Display width of a string (code points; good enough for the text these tables hold). */
function width(s: string): number {
  return Array.from(s).length;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

/** Formats a number for a text table: integers as is, others with `digits` digits, tiny/huge ones in e-notation. */
export function fmtTextNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < Math.pow(10, -digits) || a >= 1e12)) return v.toExponential(Math.max(1, digits - 1));
  return v.toFixed(digits);
}

/**
 * A plain-text table: a header row, a dashed rule, then the rows; columns separated by `gap` spaces,
 * numbers right-aligned. Lines have no trailing spaces. Throws ValueError on a row of the wrong length.
 */
export function renderTextTable(headers: string[], rows: TextCell[][], opts: TextTableOptions = {}): string {
  const n = headers.length;
  rows.forEach((row, i) => {
    if (row.length !== n) throw new ValueError(`renderTextTable: row ${i} has ${row.length} cells, expected ${n} (one per header).`);
  });
  const gap = ' '.repeat(opts.gap ?? 2);
  const digitsOf = (c: number): number => {
    const d = opts.digits;
    return (Array.isArray(d) ? d[c] : d) ?? 4;
  };
  const text: string[][] = rows.map((row) => row.map((v, c) => (v == null ? '-' : typeof v === 'number' ? fmtTextNumber(v, digitsOf(c)) : v)));
  const right: boolean[] = headers.map((_, c) => {
    const a = opts.align?.[c] ?? 'auto';
    if (a !== 'auto') return a === 'right';
    const present = rows.filter((row) => row[c] != null);
    return present.length > 0 && present.every((row) => typeof row[c] === 'number');
  });
  const widths = headers.map((h, c) => Math.max(width(h), ...text.map((row) => width(row[c]))));
  const line = (cells: string[]): string => cells.map((s, c) => pad(s, widths[c], right[c])).join(gap).replace(/\s+$/, '');
  const out: string[] = [];
  if (opts.title !== undefined) out.push(opts.title);
  out.push(line(headers));
  out.push(widths.map((w) => '-'.repeat(w)).join(gap));
  for (const row of text) out.push(line(row));
  return out.join('\n');
}

const SPARK = '▁▂▃▄▅▆▇█';
const SPARK_ASCII = '_.-=*#';

export interface SparklineOptions {
  /** Scale minimum (default: min of the finite values). */
  min?: number;
  /** Scale maximum (default: max of the finite values). */
  max?: number;
  /** Use only ASCII characters (_ . - = * #) instead of Unicode blocks. */
  ascii?: boolean;
}

/**
 * One character per value, higher values taller: sparkline([3, 2, 1]) = "█▄▁". Missing or non-finite
 * values are spaces; when all values are equal every character is the middle level.
 */
export function sparkline(values: readonly number[], opts: SparklineOptions = {}): string {
  const chars = opts.ascii === true ? SPARK_ASCII : SPARK;
  const levels = Array.from(chars);
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return ' '.repeat(values.length);
  const lo = opts.min ?? Math.min(...finite);
  const hi = opts.max ?? Math.max(...finite);
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      if (!(hi > lo)) return levels[Math.floor((levels.length - 1) / 2)];
      const f = Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
      return levels[Math.round(f * (levels.length - 1))];
    })
    .join('');
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A horizontal bar `width` characters long at `max`: bar(0.5, 1, 10) = "█████". Values are clamped to
 * [0, max]; Unicode eighth blocks give sub-character resolution unless `ascii` (then '#').
 */
export function bar(value: number, max: number, width: number, ascii = false): string {
  if (!(max > 0) || !Number.isFinite(max)) throw new ValueError(`bar: max must be a positive finite number, got ${max}.`);
  if (!Number.isInteger(width) || width < 0) throw new ValueError(`bar: width must be a non-negative integer, got ${width}.`);
  const f = Number.isFinite(value) ? Math.min(1, Math.max(0, value / max)) : 0;
  if (ascii) return '#'.repeat(Math.round(f * width));
  const eighths = Math.round(f * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/**
 * A labelled horizontal bar chart, one line per entry: "label  ████▌  0.4521".
 * Bars are scaled to the largest value (or `max`).
 */
export function textBarChart(entries: readonly { label: string; value: number }[], opts: { width?: number; max?: number; digits?: number; ascii?: boolean } = {}): string {
  if (entries.length === 0) return '';
  const w = opts.width ?? 40;
  const finite = entries.map((e) => e.value).filter((v) => Number.isFinite(v) && v > 0);
  const max = opts.max ?? (finite.length > 0 ? Math.max(...finite) : 1);
  const lw = Math.max(...entries.map((e) => width(e.label)));
  return entries
    .map((e) => `${pad(e.label, lw, false)}  ${pad(bar(e.value, max, w, opts.ascii), w, false)}  ${fmtTextNumber(e.value, opts.digits ?? 4)}`)
    .join('\n');
}
