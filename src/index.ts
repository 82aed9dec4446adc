// rnnkit for Node.js: the engine, the native backend (when its addon loads), and the data sets.
export * from './engine.js';
export { nativeInfo, setNativeThreads, type NativeInfo } from './backends/native/register.js';
export * from './data/index.js';
export * from './report/index.js';
export * from './models/io/index.js';
export * from './generate/index.js';
export * from './experiments/textgen.js';
export { runSentiment, resolveSettings, type SentimentOptions, type SentimentRun, type SentimentModelRun } from './experiments/sentiment.js';
export { PRESETS, PRESET_NAMES, type Preset, type PresetName } from './experiments/sentiment/presets.js';
export { MODEL_SPECS, type ModelSpec } from './experiments/sentiment/models.js';
export {
  TextClassifier, trainTextClassifier, loadTextClassifier, CLASSIFIER_KINDS,
  type ClassifierKind, type TextClassifierMeta, type TrainClassifierOptions, type TextPrediction,
} from './experiments/sentiment/classifier.js';
export { readLabelledTexts, type LabelledTexts } from './experiments/sentiment/labelled.js';
export { parseDelimited, type CsvRecord } from './experiments/sentiment/csv.js';
