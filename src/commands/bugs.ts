import type { CommandModule } from 'yargs';
import { EXIT } from './exit-codes.js';

// Placeholder until the command is built; it fails loudly rather than pretending.
export const bugsCommand: CommandModule = {
  command: 'bugs',
  describe: '(not built yet)',
  handler: () => {
    process.stderr.write('raft-chaos: the "bugs" command is not built yet\n');
    process.exit(EXIT.toolFailed);
  },
};
