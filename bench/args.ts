// Command-line flags of the benchmark scripts, and the line protocol between them.

/** `--name value` / `--name=value` / `--flag` parsing (no positional arguments). */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`bench: unexpected argument '${a}' (flags start with --).`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      out.set(a.slice(2, eq), a.slice(eq + 1));
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      out.set(a.slice(2), argv[++i]);
    } else {
      out.set(a.slice(2), 'true');
    }
  }
  return out;
}

/** A positive integer flag, or the default. */
export function intFlag(flags: Map<string, string>, name: string, def: number): number {
  const v = flags.get(name);
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`bench: --${name} must be a positive integer, got '${v}'.`);
  return n;
}

/** Child scripts print their results as one line `BENCH_JSON {...}` each; everything else is chatter. */
export const RESULT_PREFIX = 'BENCH_JSON ';

export function emit(result: object): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Arithmetic mean (the PyTorch peer's statistic: total time of its timed steps / steps). */
export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
