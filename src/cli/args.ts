import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ValueError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses options with node:util parseArgs, turning its errors into readable ValueErrors. */
export function parseOptions<O extends Options>(args: string[], options: O, usage: string): {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
} {
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (err) {
    throw new ValueError(`${(err as Error).message}\n\n${usage}`);
  }
}

/** Reads an integer option with a range check. */
export function intOption(values: Record<string, string | boolean | undefined>, name: string, def: number, min = 1): number {
  const v = values[name];
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ValueError(`--${name} must be an integer >= ${min}, got '${String(v)}'.`);
  return n;
}

/** Reads a number option with a range check. */
export function numberOption(values: Record<string, string | boolean | undefined>, name: string, def: number, min = -Infinity, max = Infinity): number {
  const v = values[name];
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new ValueError(`--${name} must be a number in [${min}, ${max}], got '${String(v)}'.`);
  return n;
}
