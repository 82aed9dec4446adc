/**
 * The encoded IMDB cache file and the token sources the loaders read from. The file holds:
 * magic, header JSON, vocabulary (utf8, '\n'-joined), padding to 4 bytes, then the int32 arrays
 * train.labels, train.offsets, train.tokens, test.labels, test.offsets, test.tokens (little endian).
 * Loaders stream the token arrays in chunks (`openEncodedCache`), so a load never holds the
 * whole file; `readEncodedCache` reads it whole into one buffer that the arrays are views into.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataError } from '../errors.js';
import type { EncodedSplit, ImdbEncoded, ImdbSplit } from './imdbArchive.js';

const MAGIC = 'RNNKIMDB';
export const IMDB_CACHE_FORMAT = 1;

/** Labels and review boundaries of one split (the tokens are read on demand). */
export type EncodedSplitIndex = Pick<EncodedSplit, 'labels' | 'offsets'>;

/** The encoded data set with its tokens behind `readTokens`: in memory or streamed from the cache file. */
export interface ImdbTokenSource {
  /** vocabulary[r - 1] is the word of rank r. */
  readonly vocabulary: string[];
  readonly train: EncodedSplitIndex;
  readonly test: EncodedSplitIndex;
  /** Ranks `tokens[from .. to)` of a split; the view is valid until the next call. */
  readTokens(split: ImdbSplit, from: number, to: number): Int32Array;
  /** Releases the file (a no-op for in-memory sources). */
  close(): void;
}

/** A token source over an encoding held in memory. */
export function memoryTokenSource(enc: ImdbEncoded): ImdbTokenSource {
  return {
    vocabulary: enc.vocabulary,
    train: enc.train,
    test: enc.test,
    readTokens: (split, from, to) => enc[split].tokens.subarray(from, to),
    close: () => undefined,
  };
}

/** Writes the encoded data set (see the file comment) through a temp file renamed when complete. */
export function writeEncodedCache(file: string, enc: ImdbEncoded): void {
  const vocab = Buffer.from(enc.vocabulary.join('\n'), 'utf8');
  const arrays = [enc.train.labels, enc.train.offsets, enc.train.tokens, enc.test.labels, enc.test.offsets, enc.test.tokens];
  const header = Buffer.from(JSON.stringify({ version: IMDB_CACHE_FORMAT, vocabBytes: vocab.length, lengths: arrays.map((a) => a.length) }), 'utf8');
  const head = Buffer.alloc(16);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(IMDB_CACHE_FORMAT, 8);
  head.writeUInt32LE(header.length, 12);
  const pre = 16 + header.length + vocab.length;
  const pad = Buffer.alloc((4 - (pre % 4)) % 4);
  const parts: Uint8Array[] = [head, header, vocab, pad];
  for (const a of arrays) parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  mkdirSync(resolve(file, '..'), { recursive: true });
  const tmp = `${file}.part-${randomBytes(6).toString('hex')}`;
  try {
    // Part by part: one concatenated copy of the file would double the memory of the write.
    const fd = openSync(tmp, 'w');
    try {
      for (const p of parts) for (let done = 0; done < p.length; ) done += writeSync(fd, p, done, p.length - done);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Fills `into` from `fd` at `position`; a short file is a DataError. */
function readFully(fd: number, file: string, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length; ) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new DataError(`${file}: cache is truncated (read stopped at byte ${position + done}).`);
    done += n;
  }
}

interface CacheLayout {
  vocabulary: string[];
  lengths: number[];
  /** Byte position of each int32 array in the file. */
  starts: number[];
}

/** Reads and checks the magic, header, vocabulary and total size of an open cache file. */
function readLayout(fd: number, file: string): CacheLayout {
  const size = fstatSync(fd).size;
  const head = Buffer.alloc(16);
  const bad = (): DataError => new DataError(`${file}: not an rnnkit IMDB cache of format ${IMDB_CACHE_FORMAT}.`);
  if (size < 16) throw bad();
  readFully(fd, file, head, 0);
  if (head.toString('latin1', 0, 8) !== MAGIC || head.readUInt32LE(8) !== IMDB_CACHE_FORMAT) throw bad();
  const hlen = head.readUInt32LE(12);
  if (16 + hlen > size) throw bad();
  const hbuf = Buffer.alloc(hlen);
  readFully(fd, file, hbuf, 16);
  let header: { vocabBytes?: unknown; lengths?: unknown };
  try {
    header = JSON.parse(hbuf.toString('utf8')) as typeof header;
  } catch {
    throw bad();
  }
  const { vocabBytes, lengths } = header;
  const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
  if (!isCount(vocabBytes) || !Array.isArray(lengths) || lengths.length !== 6 || !lengths.every(isCount)) throw bad();
  let off = 16 + hlen + vocabBytes;
  off += (4 - (off % 4)) % 4;
  const starts: number[] = [];
  for (const n of lengths) {
    starts.push(off);
    off += 4 * n;
  }
  if (size !== off) throw new DataError(`${file}: cache is truncated (${size} bytes, expected ${off}).`);
  const vbuf = Buffer.alloc(vocabBytes);
  readFully(fd, file, vbuf, 16 + hlen);
  return { vocabulary: vbuf.toString('utf8').split('\n'), lengths, starts };
}

function readInts(fd: number, file: string, position: number, n: number): Int32Array {
  const a = new Int32Array(n); // [n]
  readFully(fd, file, new Uint8Array(a.buffer), position);
  return a;
}

/** Checks what a reader relies on: offsets rise from 0 to the token count, one label per review. */
function checkSplit(file: string, labels: Int32Array, offsets: Int32Array, tokens: number): void {
  let ok = offsets.length === labels.length + 1 && offsets[0] === 0 && offsets[offsets.length - 1] === tokens;
  for (let i = 1; ok && i < offsets.length; i++) ok = offsets[i] >= offsets[i - 1];
  if (!ok) throw new DataError(`${file}: damaged cache (review offsets do not match the tokens).`);
}

/**
 * Opens a cache file written by writeEncodedCache: reads the vocabulary, labels and review
 * offsets (a few hundred KB) and streams the tokens on demand; throws DataError when damaged.
 * Close it when done.
 */
export function openEncodedCache(file: string): ImdbTokenSource {
  const fd = openSync(file, 'r');
  try {
    const { vocabulary, lengths, starts } = readLayout(fd, file);
    const split = (i: number): EncodedSplitIndex => {
      const labels = readInts(fd, file, starts[i], lengths[i]);
      const offsets = readInts(fd, file, starts[i + 1], lengths[i + 1]);
      checkSplit(file, labels, offsets, lengths[i + 2]);
      return { labels, offsets };
    };
    const train = split(0);
    const test = split(3);
    let chunk = new Int32Array(0); // reused read buffer, grown to the largest request
    let open = true;
    return {
      vocabulary,
      train,
      test,
      readTokens(s: ImdbSplit, from: number, to: number): Int32Array {
        if (!open) throw new DataError(`${file}: cache source used after close.`);
        const n = to - from;
        if (chunk.length < n) chunk = new Int32Array(n); // [n]
        const view = chunk.subarray(0, n);
        readFully(fd, file, new Uint8Array(view.buffer, 0, 4 * n), starts[s === 'train' ? 2 : 5] + 4 * from);
        return view;
      },
      close(): void {
        if (open) closeSync(fd);
        open = false;
      },
    };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Reads a whole cache file into one buffer (the token arrays are views into it); DataError when damaged. */
export function readEncodedCache(file: string): ImdbEncoded {
  const fd = openSync(file, 'r');
  try {
    const { vocabulary, lengths, starts } = readLayout(fd, file);
    const first = starts[0];
    const body = new Int32Array((fstatSync(fd).size - first) / 4); // [all int32 arrays]
    readFully(fd, file, new Uint8Array(body.buffer), first);
    const arrays = lengths.map((n, i) => body.subarray((starts[i] - first) / 4, (starts[i] - first) / 4 + n));
    checkSplit(file, arrays[0], arrays[1], lengths[2]);
    checkSplit(file, arrays[3], arrays[4], lengths[5]);
    const split = (i: number): EncodedSplit => ({ labels: arrays[i], offsets: arrays[i + 1], tokens: arrays[i + 2] });
    return { vocabulary, train: split(0), test: split(3) };
  } finally {
    closeSync(fd);
  }
}
