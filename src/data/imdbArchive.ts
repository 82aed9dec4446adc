/**
 * Reads the Large Movie Review Dataset archive (aclImdb_v1.tar.gz) and builds the word ranking
 * that `keras.datasets.imdb` ships precomputed: words ranked by their count over the training
 * reviews (rank 1 = most frequent; ties broken by first occurrence in the sorted training
 * reviews, as Keras' Tokenizer's stable sort does). The encoded result is cached in a compact
 * binary file keyed by the archive's size and mtime.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataError } from '../errors.js';
import { defaultCacheDir, fetchFile } from './files.js';
import { readTarGz } from './tar.js';

export const IMDB_URL = 'https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz';
export const IMDB_FILE = 'aclImdb_v1.tar.gz';
/** sha256 of the original Stanford archive and of the labelled-only repack used by CI. */
export const IMDB_SHA256: readonly string[] = [
  'c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe',
  'b7d6dbba018ed9fd3459bed2fa31847575ccce642097fe55585b6d7d1852262f',
];

export type ImdbSplit = 'train' | 'test';

/** Where to find the archive and where to keep the encoded cache. */
export interface ImdbSourceOptions {
  /** Explicit path of aclImdb_v1.tar.gz; default `<dataDir>/aclImdb_v1.tar.gz`. */
  path?: string;
  /** Folder holding (or receiving) the archive; default RNNKIT_DATA_DIR or ~/.cache/rnnkit. */
  dataDir?: string;
  /** Download the archive when it is missing (default true). */
  download?: boolean;
  /** Folder for the encoded cache; default RNNKIT_CACHE_DIR or ~/.cache/rnnkit. */
  cacheDir?: string;
  /** Read and write the encoded cache (default true). */
  useCache?: boolean;
}

/** One labelled review, as named in the archive: aclImdb/<split>/<pos|neg>/<id>_<rating>.txt. */
export interface ImdbReview {
  split: ImdbSplit;
  /** 0 = neg, 1 = pos. */
  label: number;
  id: number;
  rating: number;
  text: string;
}

const REVIEW_RE = /^aclImdb\/(train|test)\/(pos|neg)\/(\d+)_(\d+)\.txt$/;

/** Keras' Tokenizer filters, minus nothing: the apostrophe stays inside words ("don't"). */
const FILTERS_RE = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~\t\n\r]/g;
const BR_RE = /<br\s*\/?>/gi;

/** Tokenises a review the way the Keras imdb.npz was built: lower-case, `<br />` and punctuation out. */
export function imdbTokens(text: string): string[] {
  const clean = text.toLowerCase().replace(BR_RE, ' ').replace(FILTERS_RE, ' ');
  const out: string[] = [];
  for (const t of clean.split(' ')) if (t.length > 0) out.push(t);
  return out;
}

/** Resolves the archive path, downloading it into the data folder when missing. */
export async function imdbArchivePath(opts: ImdbSourceOptions = {}): Promise<string> {
  if (opts.path !== undefined) {
    const p = resolve(opts.path);
    if (!existsSync(p)) throw new DataError(`IMDB archive not found at ${p}. Put aclImdb_v1.tar.gz there or set RNNKIT_DATA_DIR.`);
    return p;
  }
  return fetchFile(IMDB_FILE, IMDB_URL, { dataDir: opts.dataDir, download: opts.download, sha256: IMDB_SHA256 });
}

function compareReviews(a: { split: ImdbSplit; label: number; id: number }, b: { split: ImdbSplit; label: number; id: number }): number {
  if (a.split !== b.split) return a.split === 'train' ? -1 : 1;
  if (a.label !== b.label) return a.label - b.label;
  return a.id - b.id;
}

type ReviewKey = Omit<ImdbReview, 'text'>;

/** Streams every labelled review entry of the archive (other entries are skipped) to onReview, in tar order. */
async function forEachReview(path: string, onReview: (key: ReviewKey, data: Buffer) => void): Promise<void> {
  await readTarGz(
    path,
    (info) => REVIEW_RE.test(info.name),
    (info, data) => {
      const m = REVIEW_RE.exec(info.name);
      if (m === null) return;
      onReview({ split: m[1] as ImdbSplit, label: m[2] === 'pos' ? 1 : 0, id: Number(m[3]), rating: Number(m[4]) }, data);
    },
  );
}

/**
 * Streams every labelled review of the archive (other entries are skipped) and returns them in a
 * fixed order: train before test, neg before pos, then by numeric id (the tar order is arbitrary).
 */
export async function readImdbReviews(path: string): Promise<ImdbReview[]> {
  const out: ImdbReview[] = [];
  await forEachReview(path, (key, data) => out.push({ ...key, text: data.toString('utf8') }));
  out.sort(compareReviews);
  return out;
}

/** Encoded reviews of one split: review i has ranks `tokens[offsets[i] .. offsets[i+1])`. */
export interface EncodedSplit {
  labels: Int32Array; // [n]
  offsets: Int32Array; // [n + 1]
  tokens: Int32Array; // [total tokens], word ranks >= 1
}

export interface ImdbEncoded {
  /** vocabulary[r - 1] is the word of rank r. */
  vocabulary: string[];
  train: EncodedSplit;
  test: EncodedSplit;
}

/** Builds the ranking and encodes both splits from the archive. */
export async function encodeImdbArchive(path: string): Promise<ImdbEncoded> {
  const pidOf = new Map<string, number>(); // word -> provisional id (first seen in stream order)
  const words: string[] = [];
  const docs: { split: ImdbSplit; label: number; id: number; pids: Int32Array }[] = [];
  await forEachReview(path, ({ split, label, id }, data) => {
    const toks = imdbTokens(data.toString('utf8'));
    const pids = new Int32Array(toks.length); // [tokens of this review]
    for (let i = 0; i < toks.length; i++) {
      let p = pidOf.get(toks[i]);
      if (p === undefined) {
        p = words.length;
        words.push(toks[i]);
        pidOf.set(toks[i], p);
      }
      pids[i] = p;
    }
    docs.push({ split, label, id, pids });
  });
  docs.sort(compareReviews);
  const nw = words.length;
  const count = new Float64Array(nw); // [words] training counts
  const first = new Float64Array(nw).fill(Infinity); // [words] first position in sorted train
  let pos = 0;
  for (const d of docs) {
    if (d.split !== 'train') continue;
    for (const p of d.pids) {
      if (count[p] === 0) first[p] = pos;
      count[p]++;
      pos++;
    }
  }
  const ranked: number[] = [];
  for (let p = 0; p < nw; p++) if (count[p] > 0) ranked.push(p);
  ranked.sort((a, b) => count[b] - count[a] || first[a] - first[b]);
  const rankOf = new Int32Array(nw); // [words] 0 = no rank (test-only word)
  ranked.forEach((p, i) => (rankOf[p] = i + 1));
  const vocabulary = ranked.map((p) => words[p]);
  const encode = (split: ImdbSplit): EncodedSplit => {
    const sel = docs.filter((d) => d.split === split);
    const labels = new Int32Array(sel.length); // [n]
    const offsets = new Int32Array(sel.length + 1); // [n + 1]
    let total = 0;
    for (const d of sel) for (const p of d.pids) if (rankOf[p] > 0) total++;
    const tokens = new Int32Array(total); // [total]
    let k = 0;
    sel.forEach((d, i) => {
      labels[i] = d.label;
      for (const p of d.pids) if (rankOf[p] > 0) tokens[k++] = rankOf[p];
      offsets[i + 1] = k;
    });
    return { labels, offsets, tokens };
  };
  return { vocabulary, train: encode('train'), test: encode('test') };
}

const MAGIC = 'RNNKIMDB';
const FORMAT_VERSION = 1;

function cacheFileFor(archive: string, cacheDir: string): string {
  const st = statSync(archive);
  return join(cacheDir, `imdb-encoded-v${FORMAT_VERSION}-${st.size}-${Math.floor(st.mtimeMs)}.bin`);
}

/** Writes the encoded data set: magic, header JSON, vocabulary (utf8, '\n'-joined), int32 arrays. */
export function writeEncodedCache(file: string, enc: ImdbEncoded): void {
  const vocab = Buffer.from(enc.vocabulary.join('\n'), 'utf8');
  const arrays = [enc.train.labels, enc.train.offsets, enc.train.tokens, enc.test.labels, enc.test.offsets, enc.test.tokens];
  const header = Buffer.from(JSON.stringify({ version: FORMAT_VERSION, vocabBytes: vocab.length, lengths: arrays.map((a) => a.length) }), 'utf8');
  const head = Buffer.alloc(16);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(FORMAT_VERSION, 8);
  head.writeUInt32LE(header.length, 12);
  const pre = 16 + header.length + vocab.length;
  const pad = Buffer.alloc((4 - (pre % 4)) % 4);
  const parts: Buffer[] = [head, header, vocab, pad];
  for (const a of arrays) parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  mkdirSync(resolve(file, '..'), { recursive: true });
  const tmp = `${file}.part-${randomBytes(6).toString('hex')}`;
  try {
    writeFileSync(tmp, Buffer.concat(parts));
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Reads a cache file written by writeEncodedCache; throws DataError when it is damaged. */
export function readEncodedCache(file: string): ImdbEncoded {
  const buf = readFileSync(file);
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== MAGIC || buf.readUInt32LE(8) !== FORMAT_VERSION) {
    throw new DataError(`${file}: not an rnnkit IMDB cache of format ${FORMAT_VERSION}.`);
  }
  const hlen = buf.readUInt32LE(12);
  const header = JSON.parse(buf.toString('utf8', 16, 16 + hlen)) as { vocabBytes: number; lengths: number[] };
  let off = 16 + hlen;
  const vocabulary = buf.toString('utf8', off, off + header.vocabBytes).split('\n');
  off += header.vocabBytes;
  off += (4 - (off % 4)) % 4;
  const need = off + header.lengths.reduce((s, n) => s + 4 * n, 0);
  if (buf.length !== need) throw new DataError(`${file}: cache is truncated (${buf.length} bytes, expected ${need}).`);
  const arrays = header.lengths.map((n) => {
    const a = new Int32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + 4 * n)); // [n]
    off += 4 * n;
    return a;
  });
  const split = (i: number): EncodedSplit => ({ labels: arrays[i], offsets: arrays[i + 1], tokens: arrays[i + 2] });
  return { vocabulary, train: split(0), test: split(3) };
}

/** The encoded data set, from the cache when it matches the archive, else built (and cached). */
export async function loadImdbEncoded(opts: ImdbSourceOptions = {}): Promise<ImdbEncoded> {
  const archive = await imdbArchivePath(opts);
  const useCache = opts.useCache !== false && endianness() === 'LE';
  const file = cacheFileFor(archive, resolve(opts.cacheDir ?? defaultCacheDir()));
  if (useCache && existsSync(file)) {
    try {
      return readEncodedCache(file);
    } catch {
      // A damaged cache is rebuilt below.
    }
  }
  const enc = await encodeImdbArchive(archive);
  if (useCache) {
    try {
      writeEncodedCache(file, enc);
    } catch {
      // A cache folder we cannot write to only costs time on the next load.
    }
  }
  return enc;
}
