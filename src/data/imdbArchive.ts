/**
 * Reads the Large Movie Review Dataset archive (aclImdb_v1.tar.gz) and builds the word ranking
 * that `keras.datasets.imdb` ships precomputed: words ranked by their count over the training
 * reviews (rank 1 = most frequent; ties broken by first occurrence in the sorted training
 * reviews, as Keras' Tokenizer's stable sort does). The encoded result is cached in a compact
 * binary file keyed by the archive's size and mtime (format in imdbCache.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import { join, resolve } from 'node:path';
import { DataError } from '../errors.js';
import { defaultCacheDir, fetchFile } from './files.js';
import { readTarGz } from './tar.js';
import { IMDB_CACHE_FORMAT, ImdbTokenSource, memoryTokenSource, openEncodedCache, readEncodedCache, writeEncodedCache } from './imdbCache.js';

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

/** A growable int32 list kept in fixed-size chunks: no per-review arrays, no doubling copies. */
class IntChunks {
  private static readonly SIZE = 1 << 18;
  private readonly chunks: Int32Array[] = [];
  length = 0;
  /** Appends `src[0 .. n)`. */
  append(src: Int32Array, n: number): void {
    const size = IntChunks.SIZE;
    for (let done = 0; done < n; ) {
      const at = this.length % size;
      if (at === 0) this.chunks.push(new Int32Array(size)); // [2^18]
      const k = Math.min(n - done, size - at);
      this.chunks[this.chunks.length - 1].set(src.subarray(done, done + k), at);
      done += k;
      this.length += k;
    }
  }
  /** Copies `[start, start + n)` into `out[0 .. n)`. */
  read(start: number, n: number, out: Int32Array): void {
    const size = IntChunks.SIZE;
    for (let done = 0; done < n; ) {
      const i = start + done;
      const c = this.chunks[Math.floor(i / size)];
      const at = i % size;
      const k = Math.min(n - done, size - at);
      out.set(c.subarray(at, at + k), done);
      done += k;
    }
  }
}

/** Reads each doc's provisional ids into a scratch view, in order. */
function forEachDocIds(list: IntChunks, docs: readonly DocRef[], fn: (d: DocRef, ids: Int32Array) => void): void {
  let scratch = new Int32Array(4096); // [longest review]
  for (const d of docs) {
    if (scratch.length < d.len) scratch = new Int32Array(2 * d.len);
    const ids = scratch.subarray(0, d.len);
    list.read(d.start, d.len, ids);
    fn(d, ids);
  }
}

interface DocRef extends ReviewKey {
  /** Its provisional word ids are `pids[split].get(start .. start + len)`. */
  start: number;
  len: number;
}

/**
 * Builds the ranking and encodes both splits from the archive. Streams it: one review's text at
 * a time, the provisional ids of each split in one chunked list (the training list is dropped
 * once the training split is encoded).
 */
export async function encodeImdbArchive(path: string): Promise<ImdbEncoded> {
  const pidOf = new Map<string, number>(); // word -> provisional id (first seen in stream order)
  const words: string[] = [];
  const pids: Record<ImdbSplit, IntChunks | null> = { train: new IntChunks(), test: new IntChunks() };
  const docs: DocRef[] = [];
  let ids = new Int32Array(4096); // [tokens of the current review]
  await forEachReview(path, (key, data) => {
    const list = pids[key.split]!;
    const toks = imdbTokens(data.toString('utf8'));
    if (ids.length < toks.length) ids = new Int32Array(2 * toks.length);
    for (let i = 0; i < toks.length; i++) {
      let p = pidOf.get(toks[i]);
      if (p === undefined) {
        p = words.length;
        words.push(toks[i]);
        pidOf.set(toks[i], p);
      }
      ids[i] = p;
    }
    docs.push({ split: key.split, label: key.label, id: key.id, rating: key.rating, start: list.length, len: toks.length });
    list.append(ids, toks.length);
  });
  pidOf.clear();
  docs.sort(compareReviews);
  const nw = words.length;
  const count = new Float64Array(nw); // [words] training counts
  const first = new Float64Array(nw).fill(Infinity); // [words] first position in sorted train
  let pos = 0;
  forEachDocIds(pids.train!, docs.filter((d) => d.split === 'train'), (_d, ids) => {
    for (let i = 0; i < ids.length; i++) {
      const p = ids[i];
      if (count[p] === 0) first[p] = pos;
      count[p]++;
      pos++;
    }
  });
  const ranked: number[] = [];
  for (let p = 0; p < nw; p++) if (count[p] > 0) ranked.push(p);
  ranked.sort((a, b) => count[b] - count[a] || first[a] - first[b]);
  const rankOf = new Int32Array(nw); // [words] 0 = no rank (test-only word)
  ranked.forEach((p, i) => (rankOf[p] = i + 1));
  const vocabulary = ranked.map((p) => words[p]);
  words.length = 0;
  const encode = (split: ImdbSplit): EncodedSplit => {
    const list = pids[split]!;
    const sel = docs.filter((d) => d.split === split);
    const labels = new Int32Array(sel.length); // [n]
    const offsets = new Int32Array(sel.length + 1); // [n + 1]
    let total = 0;
    forEachDocIds(list, sel, (_d, ids) => {
      for (let j = 0; j < ids.length; j++) if (rankOf[ids[j]] > 0) total++;
    });
    const tokens = new Int32Array(total); // [total]
    let k = 0;
    let i = 0;
    forEachDocIds(list, sel, (d, ids) => {
      labels[i] = d.label;
      for (let j = 0; j < ids.length; j++) {
        const r = rankOf[ids[j]];
        if (r > 0) tokens[k++] = r;
      }
      offsets[++i] = k;
    });
    pids[split] = null; // this split's provisional ids are no longer needed
    return { labels, offsets, tokens };
  };
  const train = encode('train');
  const test = encode('test');
  return { vocabulary, train, test };
}

function cacheFileFor(archive: string, cacheDir: string): string {
  const st = statSync(archive);
  return join(cacheDir, `imdb-encoded-v${IMDB_CACHE_FORMAT}-${st.size}-${Math.floor(st.mtimeMs)}.bin`);
}

/** Builds the encoding from the archive and writes the cache when asked to (a failed write only costs time later). */
async function buildEncoded(archive: string, file: string, useCache: boolean): Promise<ImdbEncoded> {
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

function cacheTarget(archive: string, opts: ImdbSourceOptions): { file: string; useCache: boolean } {
  return {
    file: cacheFileFor(archive, resolve(opts.cacheDir ?? defaultCacheDir())),
    useCache: opts.useCache !== false && endianness() === 'LE',
  };
}

/** The encoded data set, from the cache when it matches the archive, else built (and cached). */
export async function loadImdbEncoded(opts: ImdbSourceOptions = {}): Promise<ImdbEncoded> {
  const archive = await imdbArchivePath(opts);
  const { file, useCache } = cacheTarget(archive, opts);
  if (useCache && existsSync(file)) {
    try {
      return readEncodedCache(file);
    } catch {
      // A damaged cache is rebuilt below.
    }
  }
  return buildEncoded(archive, file, useCache);
}

/**
 * Like loadImdbEncoded, but the tokens stay in the cache file and are read in chunks on demand
 * (on a first load, or without a cache, they are held in memory). Close the source when done.
 */
export async function openImdbEncoded(opts: ImdbSourceOptions = {}): Promise<ImdbTokenSource> {
  const archive = await imdbArchivePath(opts);
  const { file, useCache } = cacheTarget(archive, opts);
  if (useCache && existsSync(file)) {
    try {
      return openEncodedCache(file);
    } catch {
      // A damaged cache is rebuilt below.
    }
  }
  return memoryTokenSource(await buildEncoded(archive, file, useCache));
}
