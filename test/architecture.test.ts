// The engine must bundle for a browser: nothing reachable by static imports from src/engine.ts may
// import a Node-only module (fs, path, worker_threads, ...). Node-only code loads lazily (dynamic
// import) or lives in data/, cli/, backends/native/ and the file I/O helpers, outside the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const STATIC_IMPORT = /^\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;

function resolveTs(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const cand of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(cand)) return cand;
  }
  throw new Error(`${relative('.', from)}: cannot resolve import '${spec}'`);
}

/** Static-import closure of an entry file: every file reached, and the bare modules each imports. */
function closure(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const stack = [resolve(entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    const src = readFileSync(file, 'utf8');
    const bare: string[] = [];
    for (const m of src.matchAll(STATIC_IMPORT)) {
      const spec = m[1] ?? m[2];
      if (/^\s*(import|export)\s+type\s/.test(m[0])) continue; // type-only imports vanish at runtime
      const target = resolveTs(file, spec);
      if (target) stack.push(target);
      else bare.push(spec);
    }
    seen.set(file, bare);
  }
  return seen;
}

test('the engine (src/engine.ts) statically imports no Node-only module', () => {
  const files = closure('src/engine.ts');
  assert.ok(files.size > 50, `expected the engine to span many files, got ${files.size}`);
  const offenders = [...files].flatMap(([file, bare]) =>
    bare.filter((b) => NODE_BUILTINS.has(b)).map((b) => `${relative('.', file)} imports '${b}'`));
  assert.deepEqual(offenders, [], `Node-only imports reachable from the engine:\n${offenders.join('\n')}`);
});

test('the import walker sees Node-only imports (it can fail)', () => {
  const files = closure('src/index.ts');
  const nodeImports = [...files.values()].flat().filter((b) => NODE_BUILTINS.has(b));
  assert.ok(nodeImports.length > 0, 'src/index.ts (Node entry) should reach fs via data/');
});
