// `npm run experiment:seed004`: the full seed-004 run (IMDB, LSTM(128), 1 epoch) for seeds 1, 2, 3;
// prints each seed's test accuracy and the mean. Extra arguments are passed on (e.g. --backend ref).
import { main } from '../../cli/index.js';

const code = await main(['sentiment', '--preset', 'seed004', '--seed', '1,2,3', '--out', 'out/seed004', ...process.argv.slice(2)]);
process.exit(code);
