/**
 * Where data sets live and how they get there: the data folder (`RNNKIT_DATA_DIR` or
 * `~/.cache/rnnkit`), downloads written to a temp file and renamed only when complete (and
 * checked against a sha256 when one is known), and a clear error when a file is missing and
 * cannot be downloaded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataError } from '../errors.js';

/** The default data folder: `RNNKIT_DATA_DIR` when set, else `~/.cache/rnnkit`. */
export function defaultDataDir(): string {
  const env = process.env.RNNKIT_DATA_DIR;
  return resolve(env && env.length > 0 ? env : join(homedir(), '.cache', 'rnnkit'));
}

/**
 * The default folder for derived caches (encoded IMDB and the like): `RNNKIT_CACHE_DIR` when set,
 * else `~/.cache/rnnkit`. Separate from the data folder because that one may be read-only
 * (a shared copy of the archives).
 */
export function defaultCacheDir(): string {
  const env = process.env.RNNKIT_CACHE_DIR;
  return resolve(env && env.length > 0 ? env : join(homedir(), '.cache', 'rnnkit'));
}

export interface FetchFileOptions {
  /** Folder to look in and download into; default `defaultDataDir()`. */
  dataDir?: string;
  /** Download the file when it is missing (default true). */
  download?: boolean;
  /** Accepted sha256 checksums (lower-case hex) of the downloaded file; empty = not checked. */
  sha256?: readonly string[];
}

/**
 * Returns the path of `fileName` in the data folder, downloading it from `url` first when it is
 * missing. The download goes to `<name>.part-<random>` in the same folder and is renamed only
 * once complete and verified, so an interrupted download never leaves a half file under the
 * real name.
 */
export async function fetchFile(fileName: string, url: string, opts: FetchFileOptions = {}): Promise<string> {
  const dir = resolve(opts.dataDir ?? defaultDataDir());
  const target = join(dir, fileName);
  if (existsSync(target)) {
    if (!statSync(target).isFile()) throw new DataError(`${target} exists but is not a file.`);
    return target;
  }
  const hint = `Put the file at ${target} or set RNNKIT_DATA_DIR to a folder that holds ${fileName}.`;
  if (opts.download === false) {
    throw new DataError(`Data file ${fileName} not found at ${target} (downloads are switched off). ${hint}`);
  }
  try {
    await downloadTo(url, target, opts.sha256 ?? []);
  } catch (e) {
    if (e instanceof DataError) throw e;
    const why = e instanceof Error ? describeNetworkError(e) : String(e);
    throw new DataError(`Data file ${fileName} not found at ${target}, and downloading it from ${url} failed (${why}). ${hint}`);
  }
  return target;
}

function describeNetworkError(e: Error): string {
  const cause = (e as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) return `${e.message}: ${cause.message}`;
  return e.message;
}

/** Hashes the bytes that pass through. */
class HashTap extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    cb(null, chunk);
  }
}

/** Downloads `url` to `target` via a temp file in the same folder; checks sha256 when given. */
export async function downloadTo(url: string, target: string, sha256: readonly string[]): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  const res = await fetch(url, { redirect: 'follow' });
  if (!res.ok || res.body === null) {
    throw new Error(`HTTP ${res.status} ${res.statusText}`);
  }
  const tmp = `${target}.part-${randomBytes(6).toString('hex')}`;
  const tap = new HashTap();
  try {
    const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    await pipeline(body, tap, createWriteStream(tmp));
    const got = tap.hash.digest('hex');
    if (sha256.length > 0 && !sha256.includes(got)) {
      throw new DataError(
        `Checksum mismatch for ${url}: got sha256 ${got} (${tap.bytes} bytes), expected ${sha256.join(' or ')}. ` +
          `The download was discarded; try again, or put a good copy at ${target}.`,
      );
    }
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
  }
}
