import { RnnkitError } from '../errors.js';
import { scratchCommand } from './scratch.js';
import { infoCommand } from './info.js';
import { gradientsCommand } from './gradients.js';
import { sentimentCommand } from './sentiment.js';
import { trainCommand } from './train.js';
import { predictCommand } from './predict.js';
import { textgenCommand } from './textgen.js';
import { generateCommand } from './generate.js';

/** One sub-command: a name, a one-line summary, and a runner returning the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Command[] = [infoCommand, scratchCommand, gradientsCommand, sentimentCommand, trainCommand, predictCommand, textgenCommand, generateCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: rnnkit <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `rnnkit <command> --help` for the options of one command.',
  ].join('\n');
}

/** Runs the CLI; returns the process exit code. Errors meant for people are printed without a stack. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    console.error(`rnnkit: unknown command '${name}'.\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof RnnkitError) {
      console.error(`rnnkit ${name}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
