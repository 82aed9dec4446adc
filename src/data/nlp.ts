/**
 * Stop words (English and Russian lists of the `stopwords-iso` package) and Snowball stemming
 * (English and Russian, and the other Snowball languages, from `snowball-stemmers`).
 */
import { createRequire } from 'node:module';
import { unknownName } from '../errors.js';

const require = createRequire(import.meta.url);

interface SnowballStemmer {
  stem(word: string): string;
}
interface SnowballModule {
  newStemmer(language: string): SnowballStemmer;
  algorithms(): string[];
}

const snowball = require('snowball-stemmers') as SnowballModule;
const stopwordsIso = require('stopwords-iso') as Record<string, string[]>;

export type StopWordLanguage = 'en' | 'ru';
const STOP_LANGS: readonly StopWordLanguage[] = ['en', 'ru'];
const stopCache = new Map<string, ReadonlySet<string>>();

/** The stop-word set of a language ('en' or 'ru'; 'english'/'russian' accepted too). */
export function stopWords(language: StopWordLanguage | 'english' | 'russian'): ReadonlySet<string> {
  const code = language === 'english' ? 'en' : language === 'russian' ? 'ru' : language;
  if (!STOP_LANGS.includes(code)) unknownName('stop-word language', language, [...STOP_LANGS]);
  let set = stopCache.get(code);
  if (!set) {
    set = new Set(stopwordsIso[code]);
    stopCache.set(code, set);
  }
  return set;
}

/** Tokens that are not stop words. Compare after lower-casing (the lists are lower-case). */
export function removeStopWords(tokens: readonly string[], words: StopWordLanguage | ReadonlySet<string> | readonly string[]): string[] {
  const set: ReadonlySet<string> = typeof words === 'string' ? stopWords(words) : words instanceof Set ? words : new Set(words as readonly string[]);
  return tokens.filter((t) => !set.has(t));
}

export type StemLanguage = 'english' | 'russian' | 'porter' | 'german' | 'french' | 'spanish' | 'italian' | 'portuguese' | 'dutch' | 'swedish' | 'norwegian' | 'danish' | 'finnish';
const stemCache = new Map<string, SnowballStemmer>();

/** A Snowball stemmer for a language ('en'/'ru' accepted as 'english'/'russian'). */
export function stemmer(language: StemLanguage | 'en' | 'ru'): (word: string) => string {
  const lang = language === 'en' ? 'english' : language === 'ru' ? 'russian' : language;
  let s = stemCache.get(lang);
  if (!s) {
    const known = snowball.algorithms();
    if (!known.includes(lang)) unknownName('stemmer language', language, known);
    s = snowball.newStemmer(lang);
    stemCache.set(lang, s);
  }
  const st = s;
  return (word: string) => st.stem(word);
}

/** Stems every token. */
export function stemTokens(tokens: readonly string[], language: StemLanguage | 'en' | 'ru'): string[] {
  const f = stemmer(language);
  return tokens.map(f);
}
