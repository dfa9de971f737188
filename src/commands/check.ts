import type { CommandModule } from 'yargs';
import { EXIT } from './exit-codes.js';

// Placeholder until the command is built; it fails loudly rather than pretending.
export const checkCommand: CommandModule = {
  command: 'check',
  describe: '(not built yet)',
  handler: () => {
    process.stderr.write('raft-chaos: the "check" command is not built yet\n');
    process.exit(EXIT.toolFailed);
  },
};
