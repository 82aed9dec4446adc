// The Keras-like summary table.
import type { Shape } from '../layers/symbolic.js';

/** One row of summary(): a layer, its output shape, its parameter count, and (functional) its inputs. */
export interface SummaryRow {
  name: string;
  type: string;
  outputShape: Shape | Shape[];
  params: number;
  /** Names of the layers feeding it (functional models only). */
  connectedTo?: string[];
}

/** Keras' shape format: (None, 10, 16); several outputs as [(None, 3), (None, 3)]. */
export function formatShapeKeras(s: Shape | Shape[]): string {
  const one = (x: Shape): string => `(${x.map((d) => (d == null ? 'None' : String(d))).join(', ')}${x.length === 1 ? ',' : ''})`;
  if (s.length > 0 && Array.isArray(s[0])) return `[${(s as Shape[]).map(one).join(', ')}]`;
  return one(s as Shape);
}

/** 16017 -> "16,017". */
export function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fitCell(text: string, width: number): string {
  const t = text.length > width - 1 ? `${text.slice(0, Math.max(0, width - 4))}...` : text;
  return t.padEnd(width);
}

/**
 * The table as Keras 2 prints it:
 *
 *     Model: "sequential"
 *     _________________________________________________________________
 *      Layer (type)                Output Shape              Param #
 *     =================================================================
 *      dense (Dense)               (None, 4)                 12
 *     ...
 */
export function formatSummary(modelName: string, rows: SummaryRow[], counts: { total: number; trainable: number }): string {
  const functional = rows.some((r) => r.connectedTo !== undefined);
  const lineLength = functional ? 98 : 65;
  const positions = (functional ? [0.33, 0.55, 0.67, 1] : [0.45, 0.85, 1]).map((p) => Math.floor(p * lineLength));
  const headers = functional ? ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'] : ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = positions.map((p, i) => p - (i === 0 ? 0 : positions[i - 1]));
  const line = (cells: string[]): string => cells.map((c, i) => fitCell(c, widths[i] - (i === 0 ? 1 : 0))).reduce((acc, c) => acc + c, ' ').trimEnd();
  const out: string[] = [`Model: "${modelName}"`, '_'.repeat(lineLength), line(headers), '='.repeat(lineLength)];
  rows.forEach((r, k) => {
    const first = [`${r.name} (${r.type})`, formatShapeKeras(r.outputShape), String(r.params)];
    const conn = r.connectedTo ?? [];
    out.push(line(functional ? [...first, conn[0] ?? ''] : first));
    for (const extra of conn.slice(1)) out.push(line(['', '', '', extra]));
    if (k < rows.length - 1) out.push('');
  });
  out.push('='.repeat(lineLength));
  out.push(`Total params: ${withCommas(counts.total)}`);
  out.push(`Trainable params: ${withCommas(counts.trainable)}`);
  out.push(`Non-trainable params: ${withCommas(counts.total - counts.trainable)}`);
  out.push('_'.repeat(lineLength));
  return out.join('\n');
}
