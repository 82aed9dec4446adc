/**
 * Safe streaming reader for .tar.gz archives: node:zlib gunzip + tar-stream, one entry in memory
 * at a time, nothing written to disk. Entry names that are absolute or contain `..` make the
 * whole read fail (an archive that carries them is not one we trust); entries the caller does
 * not want are drained unread; a truncated or corrupt archive gives a DataError naming the file.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { DataError } from '../errors.js';

export interface TarEntryInfo {
  /** The entry's name as stored, with any leading `./` removed. */
  name: string;
  /** 'file', 'directory', 'symlink', ... as tar-stream reports it. */
  type: string;
  size: number;
}

export interface ReadTarOptions {
  /** Entries larger than this (bytes) are refused with a DataError (default 64 MiB). */
  maxEntryBytes?: number;
}

/** Throws unless `name` is a relative path without `..` segments. */
export function checkEntryName(name: string, archive: string): string {
  let n = name;
  while (n.startsWith('./')) n = n.slice(2);
  const bad =
    n.startsWith('/') ||
    n.startsWith('\\') ||
    /^[A-Za-z]:/.test(n) ||
    n.split(/[\\/]/).some((seg) => seg === '..') ||
    n.includes('\0');
  if (bad) {
    throw new DataError(`${archive}: refusing unsafe entry '${name}' (absolute path or '..'); the archive is not trusted.`);
  }
  return n;
}

/**
 * Streams the archive at `path`. For every entry, `want(info)` decides whether its bytes are
 * needed; wanted regular files are passed whole to `onFile`. Other entries are drained.
 */
export async function readTarGz(
  path: string,
  want: (info: TarEntryInfo) => boolean,
  onFile: (info: TarEntryInfo, data: Buffer) => void,
  opts: ReadTarOptions = {},
): Promise<void> {
  const maxBytes = opts.maxEntryBytes ?? 64 * 1024 * 1024;
  const extract = tar.extract();
  let failure: Error | null = null;
  extract.on('entry', (header, stream, next) => {
    // Errors of an entry also destroy the extractor, and the pipeline below reports them once.
    stream.on('error', () => undefined);
    let info: TarEntryInfo;
    try {
      const name = checkEntryName(header.name, path);
      info = { name, type: header.type ?? 'file', size: header.size ?? 0 };
      if (info.type === 'file' && info.size > maxBytes) {
        throw new DataError(`${path}: entry '${name}' is ${info.size} bytes, more than the ${maxBytes} allowed.`);
      }
    } catch (e) {
      stream.resume();
      next(e as Error);
      return;
    }
    if (info.type !== 'file' || !want(info)) {
      stream.on('end', () => next());
      stream.resume();
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      try {
        onFile(info, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
        next();
      } catch (e) {
        failure = e as Error;
        next(e as Error);
      }
    });
  });
  try {
    await pipeline(createReadStream(path), createGunzip(), extract);
  } catch (e) {
    if (failure) throw failure;
    if (e instanceof DataError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new DataError(`Archive not found: ${path}.`);
    throw new DataError(`${path}: the archive is truncated or corrupt (${err.message}).`);
  }
}
