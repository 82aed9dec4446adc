// Registers the native backend when its addon loads and makes it the active one, unless
// RNNKIT_BACKEND=ref. When the addon cannot be loaded, warns once on stderr (not when ref was asked for).
import { registerBackend, setBackend } from '../../backend/registry.js';
import { loadBinding, type NativeBinding } from './binding.js';
import { createNativeBackend } from './backend.js';

/** What `nativeInfo()` reports. */
export interface NativeInfo {
  /** The addon loaded and the 'native' backend is registered. */
  loaded: boolean;
  /** The .node file loaded, or null. */
  path: string | null;
  /** SIMD path the kernels dispatch to on this CPU ('avx512' | 'avx2' | 'baseline'), or null. */
  simd: string | null;
  /** Threads the GEMM may use (0 when not loaded). */
  threads: number;
  /** Why the addon did not load, or null. */
  error: string | null;
}

let binding: NativeBinding | null = null;
let loadedPath: string | null = null;
let loadError: string | null = null;

function init(): void {
  const wanted = process.env.RNNKIT_BACKEND;
  try {
    const loaded = loadBinding();
    binding = loaded.binding;
    loadedPath = loaded.path;
  } catch (e) {
    loadError = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  }
  if (binding !== null) {
    registerBackend(createNativeBackend(binding));
    if (wanted !== 'ref') setBackend('native');
  } else if (wanted !== 'ref') {
    process.stderr.write(`rnnkit: the native addon did not load (${loadError}); rnnkit runs on the slower TypeScript backend.\n`);
  }
  if (wanted !== undefined && wanted !== '' && wanted !== 'ref' && wanted !== 'native') {
    process.stderr.write(`rnnkit: RNNKIT_BACKEND='${wanted}' is not 'ref' or 'native'; using '${binding ? 'native' : 'ref'}'.\n`);
  }
}

init();

/** Whether the native addon loaded, which SIMD path it runs and with how many GEMM threads. */
export function nativeInfo(): NativeInfo {
  const i = binding?.info();
  return { loaded: binding !== null, path: loadedPath, simd: i?.simd ?? null, threads: i?.threads ?? 0, error: loadError };
}

/** Sets the number of GEMM threads (overrides RNNKIT_THREADS); no effect when the addon is not loaded. */
export function setNativeThreads(n: number): void {
  binding?.setThreads(Math.max(1, Math.floor(n)));
}

/** The raw addon (tests and benchmarks), or null when it did not load. */
export function nativeBinding(): NativeBinding | null {
  return binding;
}
