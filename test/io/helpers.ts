// Shared helpers of the model I/O tests: temp dirs, random inputs, comparisons, tfjs IO handlers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Rng, Tensor } from '../../src/index.js';
import { readArtifacts, type ModelJSON } from '../../src/models/io/index.js';

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `rnnkit-io-${tag}-`));
}

/** Uniform floats in [-1, 1) of a shape, from a seeded generator. */
export function randomFloats(shape: number[], seed: number): Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n); // [...shape]
  for (let i = 0; i < n; i++) data[i] = rng.uniform(-1, 1);
  return new Tensor(data, shape);
}

/** Integer ids in [0, vocab) of a shape (with some zeros). */
export function randomIds(shape: number[], vocab: number, seed: number): Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Int32Array(n); // [...shape]
  for (let i = 0; i < n; i++) data[i] = rng.int(vocab);
  return new Tensor(data, shape);
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  assert.ok(worst <= tol, `${what}: max |diff| ${worst} > ${tol}`);
}

/** A tfjs IOHandler that reads a directory saved by rnnkit (tfjs' own file:// needs tfjs-node). */
export function tfjsDirLoader(dir: string): tf.io.IOHandler {
  return {
    load: async (): Promise<tf.io.ModelArtifacts> => {
      const a = await readArtifacts(dir);
      const j = a.modelJson;
      const buf = a.weightData.buffer.slice(a.weightData.byteOffset, a.weightData.byteOffset + a.weightData.byteLength) as ArrayBuffer;
      return {
        modelTopology: j.modelTopology as unknown as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs: j.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
        weightData: buf,
        format: j.format, generatedBy: j.generatedBy, convertedBy: j.convertedBy ?? undefined,
      };
    },
  };
}

/** Saves a tfjs model as layers-model files in a directory (what tfjs-node's file:// writes). */
export async function saveTfjsToDir(m: tf.LayersModel, dir: string): Promise<void> {
  let saved: tf.io.ModelArtifacts | null = null;
  await m.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const a = saved as unknown as tf.io.ModelArtifacts;
  const data = a.weightData as ArrayBuffer;
  const modelJson = {
    format: 'layers-model', generatedBy: a.generatedBy ?? 'tfjs', convertedBy: null,
    modelTopology: a.modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs ?? [] }],
  } as unknown as ModelJSON;
  writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(data));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
}

export { tf };
