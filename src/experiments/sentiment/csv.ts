// A small RFC 4180 CSV / TSV parser: quoted fields ("" is a quote), delimiters and newlines inside
// quotes, CRLF or LF line ends, a leading BOM. Each record remembers the line it starts on.
import { DataError } from '../../errors.js';

export interface CsvRecord {
  fields: string[];
  /** 1-based line of the file where the record starts. */
  line: number;
}

/** Parses delimited text into records; blank lines are skipped. Throws DataError on an unclosed quote. */
export function parseDelimited(text: string, delimiter: ',' | '\t' | ';' = ','): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  let any = false; // the current record has content (a blank line has none)
  const endRecord = (): void => {
    if (any || fields.length > 0) {
      fields.push(field);
      out.push({ fields, line: start });
    }
    fields = [];
    field = '';
    any = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.length === 0) {
      quoted = true;
      quoteLine = line;
      any = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) throw new DataError(`the quoted field opened on line ${quoteLine} is never closed.`);
  endRecord();
  return out;
}
