// rnnkit for Node.js: the engine, the native backend (when its addon loads), and the data sets.
export * from './engine.js';
export { nativeInfo, setNativeThreads, type NativeInfo } from './backends/native/register.js';
export * from './data/index.js';
export * from './report/index.js';
export * from './generate/index.js';
export * from './experiments/textgen.js';
