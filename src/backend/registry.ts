import { ValueError } from '../errors.js';
import { KERNEL_NAMES, type Backend } from './backend.js';
import { refBackend } from '../backends/ref/index.js';

const backends = new Map<string, Backend>();
let active: Backend | null = null;

/** Registers a backend under its name; it must provide every kernel in KERNEL_NAMES. */
export function registerBackend(backend: Backend): void {
  const missing = KERNEL_NAMES.filter((k) => typeof (backend as unknown as Record<string, unknown>)[k] !== 'function');
  if (missing.length > 0) {
    throw new ValueError(`Backend '${backend.name}' is missing kernels: ${missing.join(', ')}.`);
  }
  backends.set(backend.name, backend);
  if (active === null) active = backend;
}

/** Makes a registered backend the active one ('ref' or 'native'). */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) throw new ValueError(`Unknown backend '${name}'. Registered backends: ${[...backends.keys()].join(', ') || 'none'}.`);
  active = b;
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...backends.keys()];
}

export function getBackendByName(name: string): Backend | undefined {
  return backends.get(name);
}

/** The active backend (the kernels ops call). */
export function getBackend(): Backend {
  if (active === null) throw new ValueError('No backend registered: import rnnkit (or rnnkit/browser) first.');
  return active;
}

/** Name of the active backend. */
export function backendName(): string {
  return getBackend().name;
}

// The reference backend is always there: it is the specification and the fallback.
registerBackend(refBackend);
