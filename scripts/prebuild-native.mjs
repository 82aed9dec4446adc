#!/usr/bin/env node
// `npm run prebuilds`: compiles the addon and copies it into prebuilds/<platform>-<arch>/ with
// node-gyp-build's naming (rnnkit.napi[.glibc|.musl].node: N-API, so one file serves every Node
// version), so that installs where dependencies' install scripts are blocked still get it.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-native.mjs'), '--force'], { stdio: 'inherit' });
const built = join(root, 'build', 'Release', 'rnnkit.node');
if (r.status !== 0 || !existsSync(built)) {
  console.error('rnnkit: the native build failed; no prebuild written.');
  process.exit(1);
}
let libc = '';
if (process.platform === 'linux') {
  const report = process.report?.getReport();
  libc = report && report.header && report.header.glibcVersionRuntime ? '.glibc' : '.musl';
}
const dir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
mkdirSync(dir, { recursive: true });
const dest = join(dir, `rnnkit.napi${libc}.node`);
copyFileSync(built, dest);
if (process.platform === 'linux') spawnSync('strip', ['--strip-unneeded', dest]); // smaller package; ignored if absent
console.log(`rnnkit: wrote ${dest.slice(root.length + 1)}`);
