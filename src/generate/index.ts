// Text generation with next-character models: sampling strategies and the generation loop (browser-safe).
export {
  SAMPLING_STRATEGIES, applyTemperature, argmax, resolveSampling, sampleCategorical, sampleNext, topKFilter, topPFilter,
  type SamplingOptions, type SamplingStrategy,
} from './sampling.js';
export { generateText, predictNext, seedWindowIds, type GenerateOptions, type GeneratedText } from './generate.js';
export { corpusWordShare, corpusWords, wordSpans, type WordShare } from './words.js';
