import { backendName, listBackends } from '../backend/registry.js';
import type { Command } from './index.js';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Show the active backend and what is available.',
  usage: 'Usage: rnnkit info\n\nPrints the active compute backend (native or ref) and the registered ones.',
  async run(): Promise<number> {
    await import('../index.js');
    console.log(`rnnkit backend: ${backendName()} (registered: ${listBackends().join(', ')})`);
    return 0;
  },
};
