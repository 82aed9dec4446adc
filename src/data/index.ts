// Data sets and text preprocessing (Node-only: reads files, downloads, streams archives).
export * from './files.js';
export * from './tar.js';
export * from './imdbArchive.js';
export * from './imdbCache.js';
export * from './imdb.js';
export * from './text.js';
export * from './charWindows.js';
export * from './pad.js';
export * from './tokenize.js';
export * from './nlp.js';
export * from './tfidf.js';
export * from './vectorizer.js';
