/**
 * Text standardisation and tokenisers (seed 003): characters, words, word and character n-grams,
 * lower-casing, punctuation stripping.
 */
import { ValueError } from '../errors.js';

/** Keras TextVectorization's default punctuation set (apostrophe included). */
export const PUNCTUATION_RE = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;

export type StandardizeMode = 'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | 'none';
export type Standardize = StandardizeMode | ((text: string) => string);

export function lowercase(text: string): string {
  return text.toLowerCase();
}

/** Replaces punctuation (Keras' default set) by nothing, as TextVectorization does. */
export function stripPunctuation(text: string): string {
  return text.replace(PUNCTUATION_RE, '');
}

/** Applies a standardisation mode or function. */
export function standardize(text: string, mode: Standardize = 'lower_and_strip_punctuation'): string {
  if (typeof mode === 'function') return mode(text);
  switch (mode) {
    case 'lower_and_strip_punctuation':
      return stripPunctuation(text.toLowerCase());
    case 'lower':
      return text.toLowerCase();
    case 'strip_punctuation':
      return stripPunctuation(text);
    case 'none':
      return text;
    default:
      throw new ValueError(`standardize: unknown mode '${String(mode)}'. Expected lower_and_strip_punctuation, lower, strip_punctuation or none.`);
  }
}

/** The characters (code points) of a text. */
export function charTokens(text: string): string[] {
  return Array.from(text);
}

/** Whitespace-separated words (no standardisation; call `standardize` first if wanted). */
export function wordTokens(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(/\s+/)) if (t.length > 0) out.push(t);
  return out;
}

/** Normalises an n-gram spec: n means [1, n] (Keras `ngrams=n`), [lo, hi] as sklearn's ngram_range. */
export function ngramRange(spec: number | readonly [number, number]): [number, number] {
  const [lo, hi] = typeof spec === 'number' ? [1, spec] : [spec[0], spec[1]];
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) {
    throw new ValueError(`ngrams: expected n >= 1 or [min, max] with 1 <= min <= max, got ${JSON.stringify(spec)}.`);
  }
  return [lo, hi];
}

/**
 * Word n-grams of a token list, joined by `sep` (default ' '), all sizes in the range, smallest
 * first: ngrams(['a','b','c'], [1, 2]) -> ['a', 'b', 'c', 'a b', 'b c'].
 */
export function ngrams(tokens: readonly string[], range: number | readonly [number, number], sep = ' '): string[] {
  const [lo, hi] = typeof range === 'number' ? [range, range] : ngramRange(range);
  if (!Number.isInteger(lo) || lo < 1) throw new ValueError(`ngrams: n must be an integer >= 1, got ${lo}.`);
  const out: string[] = [];
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(n === 1 ? tokens[i] : tokens.slice(i, i + n).join(sep));
  }
  return out;
}

/** Word bigrams: ['a b', 'b c', ...]. */
export function wordBigrams(tokens: readonly string[]): string[] {
  return ngrams(tokens, 2);
}

/** Word trigrams. */
export function wordTrigrams(tokens: readonly string[]): string[] {
  return ngrams(tokens, 3);
}

/** Character n-grams of a text (code points), e.g. charNgrams('abcd', 2) -> ['ab', 'bc', 'cd']. */
export function charNgrams(text: string, range: number | readonly [number, number]): string[] {
  return ngrams(Array.from(text), range, '');
}
