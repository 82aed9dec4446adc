// Saving and loading models in a directory ('file://dir' or a plain path), atomically.
//
// Why saves are atomic ("either the old model or the new one, never a broken one"):
// model.json is the single commit point. A save never overwrites a file that the current
// model.json refers to. It writes the new weights (and rnnkit side files) under NEW, versioned
// names (weights-<v>.bin ...), each into a temp file that is fsynced and then renamed, fsyncs the
// directory, and only then replaces model.json the same way (temp file, fsync, rename over the old
// one, fsync the directory). rename(2) within a directory is atomic, so at every instant model.json
// is either the old file, whose files are all still there, or the new one, whose files were all
// durable before it appeared. Only after the commit are the files the old model.json used (and
// temp files of saves that were killed) deleted. A crash at any point leaves a loadable model;
// at worst some unreferenced files stay until the next save removes them.
// (Renaming a whole directory over another is not atomic on POSIX: rename fails on a non-empty
// target, and removing the old one first opens a window with no model at all.)
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, ValueError } from '../../errors.js';
import type { LayersModel } from '../model.js';
import { checkModelJson, modelFromArtifacts, modelToArtifacts, type LoadOptions, type ModelArtifacts, type SaveOptions } from './artifacts.js';
import type { RnnkitExtra } from './training-state.js';

export const MODEL_JSON = 'model.json';

/** The directory of a 'file://dir' URL or a plain path (a trailing '/model.json' is dropped). */
export function dirOfUrl(url: string): string {
  let p = url;
  if (/^file:\/\//i.test(p)) {
    // 'file://relative/dir' is common in tfjs examples; a proper URL 'file:///abs' works too.
    p = /^file:\/\/\//i.test(p) ? fileURLToPath(p) : p.slice('file://'.length);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) {
    throw new ValueError(`'${url}': only file:// URLs and plain paths are supported in Node (use modelToArtifacts / modelToJSON for other storage).`);
  }
  if (p.endsWith(MODEL_JSON)) p = p.slice(0, -MODEL_JSON.length) || '.';
  return resolve(p);
}

/** Writes bytes to `dir/name` atomically: temp file in the same directory, fsync, rename. */
export async function writeFileAtomic(dir: string, name: string, data: Uint8Array | string): Promise<void> {
  const tmp = join(dir, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, name));
}

/** fsync of a directory, so the renames in it are durable (not supported on every platform). */
export async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Windows cannot open / fsync a directory; rename is still atomic there.
  } finally {
    await fh?.close();
  }
}

/** Files rnnkit writes (versioned) and temp files; cleanup only ever deletes these. */
const OWN_FILE = /^(weights-[\w]+\.bin|optimizer-[\w]+\.bin|rnnkit-[\w]+\.json|group\d+-shard\d+of\d+\.bin|\..+\.tmp-\d+-[0-9a-f]+)$/;

/** The side files a model.json refers to. */
function referencedFiles(json: { weightsManifest: { paths: string[] }[]; userDefinedMetadata?: Record<string, unknown> }): Set<string> {
  const refs = new Set<string>(json.weightsManifest.flatMap((g) => g.paths));
  const r = rnnkitRefs(json.userDefinedMetadata);
  if (r.extra) refs.add(r.extra);
  if (r.optimizer) refs.add(r.optimizer);
  return refs;
}

function rnnkitRefs(meta: Record<string, unknown> | undefined): { extra?: string; optimizer?: string } {
  const r = meta?.rnnkit as { extra?: unknown; optimizer?: unknown } | undefined;
  return { extra: typeof r?.extra === 'string' ? r.extra : undefined, optimizer: typeof r?.optimizer === 'string' ? r.optimizer : undefined };
}

/** Writes artefacts into a directory atomically (see the comment at the top of this file). */
export async function saveArtifacts(a: ModelArtifacts, url: string): Promise<string> {
  const dir = dirOfUrl(url);
  await mkdir(dir, { recursive: true });
  const v = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  const weightsName = `weights-${v}.bin`;
  const json = structuredClone(a.modelJson);
  json.weightsManifest = [{ paths: [weightsName], weights: json.weightsManifest.flatMap((g) => g.weights) }];
  await writeFileAtomic(dir, weightsName, a.weightData);
  const refs: Record<string, string> = {};
  if (a.extra) {
    refs.extra = `rnnkit-${v}.json`;
    await writeFileAtomic(dir, refs.extra, JSON.stringify(a.extra));
  }
  if (a.optimizerData) {
    refs.optimizer = `optimizer-${v}.bin`;
    await writeFileAtomic(dir, refs.optimizer, a.optimizerData);
  }
  if (Object.keys(refs).length > 0) json.userDefinedMetadata = { ...(json.userDefinedMetadata ?? {}), rnnkit: refs };
  await syncDir(dir);
  await writeFileAtomic(dir, MODEL_JSON, JSON.stringify(json)); // the commit point
  await syncDir(dir);
  const keep = referencedFiles(json);
  for (const f of await readdir(dir)) {
    if (OWN_FILE.test(f) && !keep.has(f) && f !== MODEL_JSON) await rm(join(dir, f), { force: true });
  }
  return dir;
}

/** Saves a model to 'file://dir' (or a path): model.json + weights (+ rnnkit side files). */
export async function saveModel(model: LayersModel, url: string, opts: SaveOptions = {}): Promise<string> {
  return saveArtifacts(modelToArtifacts(model, opts), url);
}

function safeJoin(dir: string, rel: string): string {
  if (typeof rel !== 'string' || isAbsolute(rel) || normalize(rel).split(/[\\/]/).includes('..')) {
    throw new DataError(`load: model.json refers to '${String(rel)}'; only file names inside the model directory are allowed.`);
  }
  return join(dir, rel);
}

async function readRef(dir: string, rel: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(safeJoin(dir, rel)));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingFileError(`load: ${what} '${rel}' listed in ${join(dir, MODEL_JSON)} does not exist.`);
    throw e;
  }
}

class MissingFileError extends DataError {}

async function readOnce(dir: string): Promise<ModelArtifacts> {
  const path = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DataError(`load: no model at '${dir}': ${MODEL_JSON} does not exist.`);
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new DataError(`load: ${path} is not valid JSON (${(e as Error).message}).`);
  }
  const modelJson = checkModelJson(parsed, `load ${path}`);
  const parts: Uint8Array[] = [];
  for (const g of modelJson.weightsManifest) {
    if (!g || !Array.isArray(g.paths)) throw new DataError(`load: ${path}: every weightsManifest group needs paths (a list of file names).`);
    for (const p of g.paths) parts.push(await readRef(dir, p, 'weight file'));
  }
  const total = parts.reduce((s, b) => s + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let off = 0;
  for (const b of parts) {
    weightData.set(b, off);
    off += b.byteLength;
  }
  const a: ModelArtifacts = { modelJson, weightData };
  const refs = rnnkitRefs(modelJson.userDefinedMetadata);
  if (refs.extra) {
    const bytes = await readRef(dir, refs.extra, 'rnnkit file');
    try {
      a.extra = JSON.parse(new TextDecoder().decode(bytes)) as RnnkitExtra;
    } catch (e) {
      throw new DataError(`load: ${join(dir, refs.extra)} is not valid JSON (${(e as Error).message}).`);
    }
  }
  if (refs.optimizer) a.optimizerData = await readRef(dir, refs.optimizer, 'optimizer state file');
  return a;
}

/**
 * Reads the artefacts of a saved model. If a save replaces the model while it is being read (a
 * referenced file disappears), it reads the new model.json again.
 */
export async function readArtifacts(url: string): Promise<ModelArtifacts> {
  const dir = dirOfUrl(url);
  for (let attempt = 0; ; attempt++) {
    try {
      return await readOnce(dir);
    } catch (e) {
      if (!(e instanceof MissingFileError) || attempt >= 2) throw e;
    }
  }
}

/** Loads a model saved by saveModel (or by tfjs / the tfjs converter in layers-model format). */
export async function loadModel(url: string, opts: LoadOptions = {}): Promise<LayersModel> {
  return modelFromArtifacts(await readArtifacts(url), opts);
}

/** The metadata saved with a model (tokenizer, vocabulary...), or undefined. */
export async function loadMetadata(url: string): Promise<unknown> {
  return (await readArtifacts(url)).extra?.metadata;
}
