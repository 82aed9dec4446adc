// "Is the generated text English-like?": the share of generated words that occur in the corpus.

const WORD = /[a-z]+(?:'[a-z]+)*/g;

/** Lower-cased words (letters, inner apostrophes) with their start and end offsets. */
export function wordSpans(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) out.push({ word: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  return out;
}

/** The set of lower-cased words of a corpus. */
export function corpusWords(text: string): Set<string> {
  return new Set(wordSpans(text).map((w) => w.word));
}

export interface WordShare {
  /** Words judged (see corpusWordShare). */
  total: number;
  /** How many of them occur in the corpus. */
  known: number;
  /** known / total (NaN when total is 0). */
  share: number;
  /** The judged words that are not in the corpus. */
  unknown: string[];
}

/**
 * Share of the words of `seedText + generated` that contain at least one generated character and
 * occur in `vocabulary`. A word running into the end of the text is left out (it may be cut off).
 */
export function corpusWordShare(seedText: string, generated: string, vocabulary: Set<string>): WordShare {
  const text = seedText + generated;
  const spans = wordSpans(text).filter((w) => w.end > seedText.length && w.end < text.length);
  const unknown = spans.filter((w) => !vocabulary.has(w.word)).map((w) => w.word);
  const total = spans.length;
  return { total, known: total - unknown.length, share: total > 0 ? (total - unknown.length) / total : NaN, unknown };
}
