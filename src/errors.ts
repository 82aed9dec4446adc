/**
 * Errors that name the problem for a person: what was expected, what was given, and where.
 * Every error rnnkit throws on bad input is one of these, so callers can `instanceof` them.
 */
export class RnnkitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tensor had the wrong shape or rank. */
export class ShapeError extends RnnkitError {}
/** A tensor had the wrong dtype (e.g. float ids for an embedding). */
export class DTypeError extends RnnkitError {}
/** An argument had a bad value (units <= 0, unknown name, ...). */
export class ValueError extends RnnkitError {}
/** Training produced a NaN or infinite loss. */
export class NonFiniteLossError extends RnnkitError {}
/** A file or data set could not be read. */
export class DataError extends RnnkitError {}

/** Formats a shape for messages: [2, null, 3] -> "[2, ?, 3]". */
export function fmtShape(shape: readonly (number | null | undefined)[]): string {
  return `[${shape.map((d) => (d == null ? '?' : String(d))).join(', ')}]`;
}

/** Throws a ValueError naming the unknown name and the known ones. */
export function unknownName(kind: string, given: string, known: readonly string[]): never {
  throw new ValueError(`Unknown ${kind} '${given}'. Expected one of: ${known.join(', ')}.`);
}
