// Summarises V8 .cpuprofile files (from `node --cpu-prof`): self time per function, top N.
//   node --import tsx bench/profile-summary.ts out/prof/CPU.*.cpuprofile [--top 25]
// Usage with the step timer (see bench/README.md):
//   node --cpu-prof --cpu-prof-dir=out/prof --import tsx bench/step.ts --backend ref --only imdb-lstm128 --steps 5
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  fn: string;
  ms: number;
  pct: number;
}

/** Self time per function (name + file:line), largest first. */
export function selfTimes(p: CpuProfile): SelfTime[] {
  const byId = new Map<number, ProfileNode>();
  for (const n of p.nodes) byId.set(n.id, n);
  const acc = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const dt = (p.timeDeltas[i] ?? 0) / 1000; // µs -> ms
    if (!n) continue;
    const f = n.callFrame;
    const where = f.url ? `${relative(process.cwd(), f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    acc.set(key, (acc.get(key) ?? 0) + dt);
    total += dt;
  }
  return [...acc.entries()]
    .map(([fn, ms]) => ({ fn, ms, pct: (100 * ms) / total }))
    .sort((a, b) => b.ms - a.ms);
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const files = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
for (const f of files) {
  const rows = selfTimes(JSON.parse(readFileSync(f, 'utf8')) as CpuProfile);
  const total = rows.reduce((s, r) => s + r.ms, 0);
  const idle = rows.find((r) => r.fn === '(idle)')?.ms ?? 0;
  if (idle > 0.7 * total) continue; // the module-loader thread of tsx: nothing but idle
  console.log(`${f}: ${total.toFixed(0)} ms sampled`);
  for (const r of rows.slice(0, top)) console.log(`${r.pct.toFixed(1).padStart(6)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.fn}`);
}
