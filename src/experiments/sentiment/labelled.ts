// Labelled texts for `rnnkit train`: a CSV / TSV with a text and a label column, or a folder laid
// out like aclImdb (pos/ and neg/ of .txt files, or train/pos, train/neg). Labels are 0/1 or two
// class names (sorted, the first becomes 0); the mapping is returned so it can be saved.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { DataError } from '../../errors.js';
import { parseDelimited } from './csv.js';

export interface LabelledTexts {
  texts: string[];
  labels: Int32Array; // [n], 0 or 1
  /** classNames[k] is the name of label k (['0', '1'] for numeric labels). */
  classNames: [string, string];
  source: string;
}

export interface LabelledOptions {
  /** Default 'text'. */
  textColumn?: string;
  /** Default 'label'. */
  labelColumn?: string;
}

function column(header: string[], name: string, which: string, path: string): number {
  const i = header.findIndex((h) => h.trim() === name);
  if (i < 0) {
    throw new DataError(`${path}: no ${which} column '${name}'. Columns found: ${header.map((h) => `'${h.trim()}'`).join(', ')}. `
      + `Choose it with --${which}-column.`);
  }
  return i;
}

/** 0/1 labels, or two class names mapped in sorted order; errors name the line of a bad label. */
export function mapLabels(raw: string[], lines: number[], path: string): { labels: Int32Array; classNames: [string, string] } {
  const values = raw.map((r) => r.trim());
  const numeric = (v: string): boolean => v === '0' || v === '1';
  const empty = values.findIndex((v) => v === '');
  if (empty >= 0) throw new DataError(`${path}, line ${lines[empty]}: the label is empty; expected 0/1 or a class name.`);
  if (numeric(values[0])) {
    const odd = values.findIndex((v) => !numeric(v));
    if (odd < 0) return { labels: Int32Array.from(values, Number), classNames: ['0', '1'] };
    throw new DataError(`${path}, line ${lines[odd]}: label '${values[odd]}' is not 0/1 (the labels start as 0/1 on line ${lines[0]}); labels must be 0/1 or exactly two class names.`);
  }
  const names: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (numeric(v) || (!names.includes(v) && names.length === 2)) {
      const known = names.length === 2 ? `the class names '${names[0]}' and '${names[1]}'` : `the class name '${names[0]}'`;
      throw new DataError(`${path}, line ${lines[i]}: label '${v}' is not 0/1 or one of ${known}; labels must be 0/1 or exactly two class names.`);
    }
    if (!names.includes(v)) names.push(v);
  }
  if (names.length < 2) throw new DataError(`${path}: every label is '${names[0]}'; a classifier needs two classes.`);
  const sorted = [...names].sort() as [string, string];
  return { labels: Int32Array.from(values, (v) => (v === sorted[0] ? 0 : 1)), classNames: sorted };
}

function readDelimited(path: string, o: LabelledOptions): LabelledTexts {
  const text = readFileSync(path, 'utf8');
  const delimiter = extname(path).toLowerCase() === '.tsv' ? '\t' : ',';
  let records;
  try {
    records = parseDelimited(text, delimiter);
  } catch (e) {
    throw new DataError(`${path}: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new DataError(`${path} is empty: expected a header row (e.g. 'text,label') and rows of data.`);
  const header = records[0].fields;
  const ti = column(header, o.textColumn ?? 'text', 'text', path);
  const li = column(header, o.labelColumn ?? 'label', 'label', path);
  const rows = records.slice(1);
  if (rows.length === 0) throw new DataError(`${path} has a header but no rows of data.`);
  for (const r of rows) {
    if (r.fields.length <= Math.max(ti, li)) {
      throw new DataError(`${path}, line ${r.line}: ${r.fields.length} field(s), but the ${ti > li ? 'text' : 'label'} column is field ${Math.max(ti, li) + 1}.`);
    }
  }
  const { labels, classNames } = mapLabels(rows.map((r) => r.fields[li]), rows.map((r) => r.line), path);
  return { texts: rows.map((r) => r.fields[ti]), labels, classNames, source: path };
}

function readFolder(dir: string): LabelledTexts {
  const base = existsSync(join(dir, 'train', 'pos')) ? join(dir, 'train') : dir;
  const texts: string[] = [];
  const labels: number[] = [];
  for (const [sub, label] of [['neg', 0], ['pos', 1]] as const) {
    const d = join(base, sub);
    if (!existsSync(d)) throw new DataError(`${dir}: expected an aclImdb-style folder with pos/ and neg/ (or train/pos and train/neg); '${d}' does not exist.`);
    for (const f of readdirSync(d).filter((n) => n.endsWith('.txt')).sort()) {
      texts.push(readFileSync(join(d, f), 'utf8'));
      labels.push(label);
    }
  }
  if (texts.length === 0) throw new DataError(`${dir}: pos/ and neg/ hold no .txt files.`);
  return { texts, labels: Int32Array.from(labels), classNames: ['negative', 'positive'], source: base };
}

/** Reads labelled texts from a CSV/TSV file or an aclImdb-style folder. */
export function readLabelledTexts(path: string, o: LabelledOptions = {}): LabelledTexts {
  if (!existsSync(path)) throw new DataError(`${path} does not exist.`);
  return statSync(path).isDirectory() ? readFolder(path) : readDelimited(path, o);
}
