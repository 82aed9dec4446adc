// Builds small .tar.gz archives in a temp folder for the data tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { after } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

export interface TarItem {
  name: string;
  body?: string;
  type?: 'file' | 'directory' | 'symlink';
  linkname?: string;
}

export async function tarBytes(items: readonly TarItem[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((res, rej) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => res());
    pack.on('error', rej);
  });
  for (const it of items) {
    const type = it.type ?? 'file';
    if (type === 'file') pack.entry({ name: it.name, type }, it.body ?? '');
    else pack.entry({ name: it.name, type, linkname: it.linkname });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function writeTarGz(dir: string, file: string, items: readonly TarItem[]): Promise<string> {
  const p = join(dir, file);
  writeFileSync(p, gzipSync(await tarBytes(items)));
  return p;
}

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp folder, removed when the test file ends. */
export function tempDir(tag: string): string {
  const d = mkdtempSync(join(tmpdir(), `rnnkit-${tag}-`));
  made.push(d);
  return d;
}
