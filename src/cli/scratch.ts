import { ValueError } from '../errors.js';
import { runBinaryAdditionDemo, runLstmBinaryAdditionDemo } from '../scratch/index.js';
import { intOption, parseOptions } from './args.js';
import type { Command } from './index.js';

const USAGE = `Usage: rnnkit scratch <binary-addition|lstm-binary-addition> [--seed N] [--iterations N]

The from-scratch networks of the lesson (no engine, plain typed arrays):
  binary-addition        seed 004's RNN (hidden 16, sigmoid, lr 0.1, 10,000 iterations) learning 8-bit addition;
                         prints error / predicted bits / true bits / a + b = c every 1,000 iterations,
                         then its accuracy on 1,000 random held-out pairs.
  lstm-binary-addition   the homework: a hand-written LSTM (forward + BPTT) on the same task.`;

export const scratchCommand: Command = {
  name: 'scratch',
  summary: 'From-scratch RNN / LSTM of the lesson learning binary addition.',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseOptions(args, { seed: { type: 'string' }, iterations: { type: 'string' } }, USAGE);
    const which = positionals[0];
    const seed = intOption(values, 'seed', 0, 0);
    const print = (line: string): void => console.log(line);
    if (which === 'binary-addition') {
      runBinaryAdditionDemo(print, { seed, iterations: intOption(values, 'iterations', 10000) });
    } else if (which === 'lstm-binary-addition') {
      runLstmBinaryAdditionDemo(print, { seed, ...(values.iterations ? { iterations: intOption(values, 'iterations', 1) } : {}) });
    } else {
      throw new ValueError(`expected 'binary-addition' or 'lstm-binary-addition', got '${which ?? ''}'.\n\n${USAGE}`);
    }
    return 0;
  },
};
