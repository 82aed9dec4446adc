/**
 * Plain-text corpora: `loadText(pathOrUrl)` for any file or URL (URLs are cached), and
 * `loadAlice()` for *Alice's Adventures in Wonderland* (Project Gutenberg #11), with the
 * Gutenberg licence header/footer, the BOM and CRLF line ends removed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DataError } from '../errors.js';
import { defaultCacheDir, defaultDataDir, fetchFile } from './files.js';

export const ALICE_URL = 'https://www.gutenberg.org/cache/epub/11/pg11.txt';
export const ALICE_FILE = 'alice_in_wonderland.txt';

/** Removes a leading BOM and turns CRLF / CR line ends into LF. */
export function normalizeNewlines(text: string): string {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return t.replace(/\r\n?/g, '\n');
}

/**
 * Keeps only the book of a Project Gutenberg text: what lies between the "*** START OF ..." and
 * "*** END OF ..." marker lines. Text without markers is returned unchanged (trimmed).
 */
export function stripGutenberg(text: string): string {
  let t = normalizeNewlines(text);
  const start = /^\*\*\* ?START OF.*$/im.exec(t);
  if (start) t = t.slice(start.index + start[0].length);
  const end = /^\*\*\* ?END OF.*$/im.exec(t);
  if (end) t = t.slice(0, end.index);
  return t.trim();
}

export interface LoadTextOptions {
  /** Folder for downloaded copies of URLs; default RNNKIT_CACHE_DIR or ~/.cache/rnnkit. */
  cacheDir?: string;
  /** Download URLs that are not cached yet (default true). */
  download?: boolean;
  /** Strip a Project Gutenberg header/footer when present (default false). */
  gutenberg?: boolean;
  /** Lower-case the text (default false). */
  lowercase?: boolean;
}

function finish(raw: string, opts: { gutenberg?: boolean; lowercase?: boolean }): string {
  let t = opts.gutenberg ? stripGutenberg(raw) : normalizeNewlines(raw);
  if (opts.lowercase) t = t.toLowerCase();
  return t;
}

/**
 * Reads a UTF-8 text from a file path or an http(s) URL (downloaded once into the cache folder
 * under a name derived from the URL). BOM and CRLF are always normalised.
 */
export async function loadText(pathOrUrl: string, opts: LoadTextOptions = {}): Promise<string> {
  let file: string;
  if (/^https?:\/\//i.test(pathOrUrl)) {
    const tag = createHash('sha256').update(pathOrUrl).digest('hex').slice(0, 12);
    const name = `${tag}-${basename(new URL(pathOrUrl).pathname) || 'index'}`;
    file = await fetchFile(name, pathOrUrl, { dataDir: opts.cacheDir ?? defaultCacheDir(), download: opts.download });
  } else {
    file = resolve(pathOrUrl);
    if (!existsSync(file)) throw new DataError(`Text file not found: ${file}.`);
  }
  return finish(readFileSync(file, 'utf8'), opts);
}

export interface LoadAliceOptions {
  /** Folder holding alice_in_wonderland.txt (or receiving the download); default RNNKIT_DATA_DIR or ~/.cache/rnnkit. */
  dataDir?: string;
  /** Download from Project Gutenberg when missing (default true). */
  download?: boolean;
  /** Lower-case the text (default false). */
  lowercase?: boolean;
}

/** *Alice's Adventures in Wonderland*: the book text only, LF line ends, no BOM. */
export async function loadAlice(opts: LoadAliceOptions = {}): Promise<string> {
  const file = await fetchFile(ALICE_FILE, ALICE_URL, { dataDir: opts.dataDir ?? defaultDataDir(), download: opts.download });
  return finish(readFileSync(file, 'utf8'), { gutenberg: true, lowercase: opts.lowercase });
}

/** Path where loadAlice looks for the book. */
export function alicePath(dataDir?: string): string {
  return join(resolve(dataDir ?? defaultDataDir()), ALICE_FILE);
}
