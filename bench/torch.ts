// The PyTorch peer (../shared/peers/torch_rnn_anchor.py): is it there, run it, parse its lines.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const PYTHON = '/usr/bin/python3';
export const PEER_SCRIPT = resolve('..', 'shared', 'peers', 'torch_rnn_anchor.py');

export interface TorchRun {
  /** ms per step by workload name. */
  ms: Map<string, number>;
  /** The peer's header line, e.g. 'torch 1.13.0a0 threads 1'. */
  header: string;
}

/** Why the peer cannot run here, or null when /usr/bin/python3 imports torch and the script exists. */
export function torchUnavailable(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  if (!existsSync(PEER_SCRIPT)) return `${PEER_SCRIPT} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.status !== 0) return `${PYTHON} cannot import torch (apt-get install -y python3-torch libopenblas0-pthread)`;
  return null;
}

/** Parses the peer's output: a header line, then `name\tms/step=12.34\tsamples/s=…` per workload. */
export function parseTorchOutput(text: string): TorchRun {
  const ms = new Map<string, number>();
  let header = '';
  for (const line of text.split('\n')) {
    const m = /^(\S+)\tms\/step=([0-9.]+)/.exec(line);
    if (m) ms.set(m[1], Number(m[2]));
    else if (line.startsWith('torch ')) header = line.trim();
  }
  return { ms, header };
}

/** Runs the peer on the given workloads (all when empty); throws with its stderr when it fails. */
export function runTorch(names: readonly string[]): TorchRun {
  const r = spawnSync(PYTHON, [PEER_SCRIPT, ...names], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`torch peer failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  return parseTorchOutput(r.stdout);
}
