#!/usr/bin/env node
// npm "install" script of rnnkit: makes the native addon available, never fails the install.
// npm runs it for the root package (a clone of this repository, or a user who approved rnnkit's
// install script); a plain dependency install skips it, and node-gyp-build then loads the shipped
// prebuilt binary at run time.
//  1. `node-gyp rebuild` from native/ (offline: headers from npm_config_nodedir or the node
//     installation's include/node), giving build/Release/rnnkit.node, which is loaded first.
//  2. If that fails (no compiler), the prebuilt binary in prebuilds/ (node-gyp-build layout), if it loads.
//  3. Else one warning: rnnkit runs on the TypeScript backend; exit 0.
// Flags: --prebuilt-first tries step 2 before step 1; --force compiles with no fallback. RNNKIT_SKIP_NATIVE_BUILD=1 skips everything.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const prebuiltFirst = process.argv.includes('--prebuilt-first');
const force = process.argv.includes('--force'); // compile only: no prebuilt fallback (used by `npm run prebuilds`)

/** The build failed: use the shipped prebuilt binary if it loads, else warn once and go on. */
function warn(reason) {
  const file = force ? null : prebuilt();
  if (file && tryLoad(file) === null) {
    console.warn(`rnnkit: could not build the native addon from source (${reason}); using the prebuilt binary.`);
    process.exit(0);
  }
  console.warn(`rnnkit: could not build the native addon (${reason}); rnnkit will run on the slower TypeScript backend.`);
  process.exit(0);
}

/** Loads a .node file and checks it is the rnnkit addon; returns an error message or null. */
function tryLoad(file) {
  try {
    const b = require(file);
    const info = b.info();
    console.log(`rnnkit: native addon ready (${file.slice(root.length + 1)}, ${info.simd}, ${info.threads} threads).`);
    return null;
  } catch (e) {
    return String(e && e.message ? e.message : e).split('\n')[0];
  }
}

function prebuilt() {
  const dir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  if (!existsSync(dir)) return null;
  const file = readdirSync(dir).find((f) => f.endsWith('.node'));
  return file ? join(dir, file) : null;
}

/** node-gyp: the one npm hands to scripts, else the one bundled with npm, else node-gyp on PATH. */
function nodeGypCommand() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  for (const c of candidates) if (c && existsSync(c)) return [process.execPath, c];
  return ['node-gyp'];
}

/** Headers: npm_config_nodedir, else this node installation if it ships include/node (no download). */
function nodedirArgs() {
  const fromNpm = process.env.npm_config_nodedir;
  if (fromNpm) return [`--nodedir=${fromNpm}`];
  const prefix = join(dirname(process.execPath), '..');
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) return [`--nodedir=${prefix}`];
  return [];
}

if (process.env.RNNKIT_SKIP_NATIVE_BUILD) {
  console.log('rnnkit: RNNKIT_SKIP_NATIVE_BUILD is set; not building the native addon.');
  process.exit(0);
}

if (prebuiltFirst) {
  const file = prebuilt();
  if (file && tryLoad(file) === null) process.exit(0);
}

const [cmd, ...pre] = nodeGypCommand();
const args = [...pre, 'rebuild', '--release', ...nodedirArgs(), '--jobs', 'max'];
const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (r.error) warn(`cannot run node-gyp: ${r.error.message}`);
if (r.status !== 0) {
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /error|not found|No such/i.test(l));
  warn(`node-gyp exited with ${r.status}${lines.length ? `: ${lines.slice(0, 3).join(' | ').trim()}` : ''}`);
}
const built = join(root, 'build', 'Release', 'rnnkit.node');
const err = tryLoad(built);
if (err !== null) warn(`the built addon does not load: ${err}`);
