/**
 * TextVectorizer: a vocabulary builder like Keras' TextVectorization / Tokenizer. Pipeline per
 * text: standardize -> split -> stop words out -> stem -> n-grams. Output modes:
 * 'int' (ids, 0 = padding, 1 = OOV), 'multiHot', 'count', 'tfidf' (column 0 = OOV).
 * TF-IDF follows scikit-learn (smooth idf, optional sublinear tf, l2 norm by default), not
 * Keras' unnormalised variant. Saved with toJSON / fromJSON beside a model.
 */
import { Tensor } from '../tensor/tensor.js';
import { ValueError, unknownName } from '../errors.js';
import { Standardize, StandardizeMode, charTokens, ngramRange, ngrams, standardize, wordTokens } from './tokenize.js';
import { StemLanguage, StopWordLanguage, removeStopWords, stemmer } from './nlp.js';
import { CsrMatrix, Norm, bagOfWords, csrToDense, idfWeights, tfidf } from './tfidf.js';
import { padSequences } from './pad.js';

export type OutputMode = 'int' | 'multiHot' | 'count' | 'tfidf';
export type SplitMode = 'whitespace' | 'character' | ((text: string) => string[]);

export interface TextVectorizerOptions {
  /** Vocabulary size including the reserved entries ('' and OOV in int mode, OOV otherwise). */
  maxTokens?: number | null;
  /** Name of the out-of-vocabulary entry (default '[UNK]'). */
  oovToken?: string;
  /** Standardisation (default 'lower_and_strip_punctuation'); overrides `lowercase`. */
  standardize?: Standardize;
  /** Shortcut when `standardize` is not given: false keeps case but still strips punctuation. */
  lowercase?: boolean;
  split?: SplitMode;
  /** n-grams: n = sizes 1..n (Keras), [lo, hi] = sklearn's ngram_range. Default unigrams. */
  ngrams?: number | [number, number] | null;
  outputMode?: OutputMode;
  /** int mode: pad (post) / truncate (post) to this length; default the longest in the batch. */
  outputSequenceLength?: number | null;
  /** Remove stop words ('en', 'ru' or a list) after splitting. */
  stopWords?: StopWordLanguage | readonly string[] | null;
  /** Snowball stemming after stop-word removal. */
  stemmer?: StemLanguage | 'en' | 'ru' | null;
  /** tfidf: sublinear tf (default false). */
  sublinearTf?: boolean;
  /** tfidf: smooth idf (default true). */
  smoothIdf?: boolean;
  /** tfidf: row norm (default 'l2'). */
  norm?: Norm;
}

export interface TextVectorizerJSON {
  format: 'rnnkit-text-vectorizer';
  version: 1;
  config: Omit<TextVectorizerOptions, 'standardize' | 'split'> & { standardize: StandardizeMode | 'custom'; split: 'whitespace' | 'character' | 'custom' };
  vocabulary: string[];
  idf: number[] | null;
}

const MODES: readonly OutputMode[] = ['int', 'multiHot', 'count', 'tfidf'];

export class TextVectorizer {
  readonly options: Readonly<TextVectorizerOptions>;
  private vocab: string[] = [];
  private index = new Map<string, number>();
  private idf: Float64Array | null = null;

  constructor(opts: TextVectorizerOptions = {}) {
    const mode = opts.outputMode ?? 'int';
    if (!MODES.includes(mode)) unknownName('outputMode', mode, MODES);
    if (opts.maxTokens != null && (!Number.isInteger(opts.maxTokens) || opts.maxTokens < this.reservedFor(mode))) {
      throw new ValueError(`TextVectorizer: maxTokens must be an integer >= ${this.reservedFor(mode)} (the reserved entries), got ${opts.maxTokens}.`);
    }
    if (opts.ngrams != null) ngramRange(opts.ngrams);
    this.options = { ...opts, outputMode: mode };
  }

  private reservedFor(mode: OutputMode): number {
    return mode === 'int' ? 2 : 1;
  }

  private get reserved(): string[] {
    const oov = this.options.oovToken ?? '[UNK]';
    return this.options.outputMode === 'int' ? ['', oov] : [oov];
  }

  /** The tokens of one text after the whole pipeline. */
  tokens(text: string): string[] {
    const o = this.options;
    const std: Standardize = o.standardize ?? (o.lowercase === false ? 'strip_punctuation' : 'lower_and_strip_punctuation');
    const t = standardize(text, std);
    const split = o.split ?? 'whitespace';
    let toks = typeof split === 'function' ? split(t) : split === 'character' ? charTokens(t) : split === 'whitespace' ? wordTokens(t) : unknownName('split', String(split), ['whitespace', 'character']);
    if (o.stopWords != null) toks = removeStopWords(toks, o.stopWords);
    if (o.stemmer != null) toks = toks.map(stemmer(o.stemmer));
    if (o.ngrams != null) toks = ngrams(toks, ngramRange(o.ngrams), split === 'character' ? '' : ' ');
    return toks;
  }

  /** Builds the vocabulary (most frequent first, ties by first occurrence) and, for tfidf, the idf. */
  fit(texts: readonly string[]): this {
    const docs = texts.map((t) => this.tokens(t));
    const count = new Map<string, number>();
    for (const d of docs) for (const t of d) count.set(t, (count.get(t) ?? 0) + 1);
    const reserved = this.reserved;
    const order = [...count.keys()].filter((t) => !reserved.includes(t));
    const first = new Map(order.map((t, i) => [t, i]));
    order.sort((a, b) => count.get(b)! - count.get(a)! || first.get(a)! - first.get(b)!);
    const room = this.options.maxTokens != null ? this.options.maxTokens - reserved.length : order.length;
    this.setVocabulary([...reserved, ...order.slice(0, room)]);
    if (this.options.outputMode === 'tfidf') this.idf = idfWeights(this.countMatrix(docs), { smoothIdf: this.options.smoothIdf });
    return this;
  }

  private setVocabulary(vocab: string[]): void {
    this.vocab = vocab;
    this.index = new Map(vocab.map((t, i) => [t, i]));
  }

  /** The vocabulary: index = id / column. */
  get vocabulary(): readonly string[] {
    return this.vocab;
  }

  get vocabularySize(): number {
    return this.vocab.length;
  }

  /** idf weights per column (tfidf mode, after fit). */
  get idfWeights(): Float64Array | null {
    return this.idf;
  }

  private oovId(): number {
    return this.options.outputMode === 'int' ? 1 : 0;
  }

  private checkFitted(where: string): void {
    if (this.vocab.length === 0) throw new ValueError(`TextVectorizer.${where}: call fit(texts) (or fromJSON) first.`);
  }

  /** Ids of one text (int mode numbering: 0 padding, 1 OOV). */
  encode(text: string): Int32Array {
    this.checkFitted('encode');
    const toks = this.tokens(text);
    const oov = this.oovId();
    return Int32Array.from(toks, (t) => this.index.get(t) ?? oov);
  }

  /** Tokens of ids, joined by a space ('' padding skipped). */
  decode(ids: ArrayLike<number>): string {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const t = this.vocab[ids[i]];
      if (t === undefined) throw new ValueError(`TextVectorizer.decode: id ${ids[i]} is outside [0, ${this.vocab.length}).`);
      if (t !== '' || this.options.outputMode !== 'int') out.push(t);
    }
    return out.join(' ');
  }

  private countMatrix(docs: readonly (readonly string[])[]): CsrMatrix {
    const binary = this.options.outputMode === 'multiHot';
    return bagOfWords(docs, this.index, { oovColumn: this.oovId(), cols: this.vocab.length, binary });
  }

  /** multiHot / count / tfidf output as a sparse CSR matrix [texts, vocabularySize]. */
  transformSparse(texts: readonly string[]): CsrMatrix {
    this.checkFitted('transformSparse');
    const mode = this.options.outputMode;
    if (mode === 'int') throw new ValueError("TextVectorizer.transformSparse: outputMode 'int' gives ids; use transform() or encode().");
    const counts = this.countMatrix(texts.map((t) => this.tokens(t)));
    if (mode !== 'tfidf') return counts;
    const o = this.options;
    return tfidf(counts, { idf: this.idf ?? undefined, sublinearTf: o.sublinearTf, norm: o.norm === undefined ? 'l2' : o.norm }).matrix;
  }

  /**
   * int mode: int32 [texts, length] (padded / truncated at the end); other modes: float32
   * [texts, vocabularySize].
   */
  transform(texts: readonly string[]): Tensor {
    this.checkFitted('transform');
    if (this.options.outputMode !== 'int') return csrToDense(this.transformSparse(texts), 'float32');
    const seqs = texts.map((t) => this.encode(t));
    return padSequences(seqs, { maxlen: this.options.outputSequenceLength ?? null, padding: 'post', truncating: 'post' });
  }

  toJSON(): TextVectorizerJSON {
    const { standardize: std, split, ...rest } = this.options;
    return {
      format: 'rnnkit-text-vectorizer',
      version: 1,
      config: { ...rest, standardize: typeof std === 'function' ? 'custom' : (std ?? (rest.lowercase === false ? 'strip_punctuation' : 'lower_and_strip_punctuation')), split: typeof split === 'function' ? 'custom' : (split ?? 'whitespace') },
      vocabulary: [...this.vocab],
      idf: this.idf ? Array.from(this.idf) : null,
    };
  }

  /** Restores a vectorizer; custom standardize/split functions must be passed again. */
  static fromJSON(j: TextVectorizerJSON, custom: { standardize?: (s: string) => string; split?: (s: string) => string[] } = {}): TextVectorizer {
    if (j.format !== 'rnnkit-text-vectorizer' || j.version !== 1) throw new ValueError(`TextVectorizer.fromJSON: not an rnnkit text vectorizer (format ${String(j.format)}, version ${String(j.version)}).`);
    const { standardize: std, split, ...rest } = j.config;
    if (std === 'custom' && !custom.standardize) throw new ValueError('TextVectorizer.fromJSON: it was saved with a custom standardize function; pass it as custom.standardize.');
    if (split === 'custom' && !custom.split) throw new ValueError('TextVectorizer.fromJSON: it was saved with a custom split function; pass it as custom.split.');
    const v = new TextVectorizer({ ...rest, standardize: std === 'custom' ? custom.standardize : std, split: split === 'custom' ? custom.split : split });
    v.setVocabulary([...j.vocabulary]);
    v.idf = j.idf ? Float64Array.from(j.idf) : null;
    return v;
  }
}
