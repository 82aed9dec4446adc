#!/usr/bin/env node
// rnnkit command line: a thin entry that loads the compiled CLI (built by `npm install` / `npm run build`).
import { main } from '../dist/cli/index.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`rnnkit: ${err && err.message ? err.message : err}`);
    process.exit(1);
  },
);
