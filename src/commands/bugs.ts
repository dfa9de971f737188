import type { CommandModule } from 'yargs';
import { BUGS } from '../raft/bugs.js';

interface BugsArgs {
  json: boolean;
}

/** `raft-chaos bugs`: the catalogue of Raft mistakes that `--bug NAME` switches on. */
export const bugsCommand: CommandModule<object, BugsArgs> = {
  command: 'bugs',
  describe: 'List the known Raft bugs that --bug NAME switches on inside the core',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'Print the list as JSON' }),
  handler: (args) => {
    if (args.json) {
      process.stdout.write(`${JSON.stringify(BUGS, null, 2)}\n`);
      return;
    }
    const width = Math.max(...BUGS.map((b) => b.name.length));
    process.stdout.write('Bugs for `raft-chaos run --bug NAME` and `raft-chaos sim --bug NAME` (off by default):\n\n');
    for (const bug of BUGS) process.stdout.write(`  ${bug.name.padEnd(width)}  ${bug.description}\n`);
  },
};
