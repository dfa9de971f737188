import type { CommandModule } from 'yargs';
import { BUGS } from '../raft/bugs.js';
import { scenarioFor } from '../bugs/catalogue.js';

interface BugsArgs {
  json: boolean;
  verbose: boolean;
}

/** `raft-chaos bugs`: the catalogue of Raft mistakes that `--bug NAME` switches on. */
export const bugsCommand: CommandModule<object, BugsArgs> = {
  command: 'bugs',
  describe: 'List the known Raft bugs that --bug NAME switches on inside the core',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'Print the list as JSON' })
      .option('verbose', {
        alias: 'v',
        type: 'boolean',
        default: false,
        describe: 'Also show, per bug, the nemesis and workload that expose it and the checker that catches it',
      }),
  handler: (args) => {
    if (args.json) {
      const list = BUGS.map((b) => {
        const s = scenarioFor(b.name);
        return {
          ...b,
          nemesis: s.nemesis,
          workload: s.workload,
          caughtBy: s.catchers,
          why: s.why,
          real: s.real.kind === 'real' ? { runArgs: s.real.args } : { simOnly: s.real.reason },
        };
      });
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    const width = Math.max(...BUGS.map((b) => b.name.length));
    process.stdout.write('Bugs for `raft-chaos run --bug NAME` and `raft-chaos sim --bug NAME` (off by default):\n\n');
    for (const bug of BUGS) {
      process.stdout.write(`  ${bug.name.padEnd(width)}  ${bug.description}\n`);
      if (!args.verbose) continue;
      const s = scenarioFor(bug.name);
      const pad = ' '.repeat(width + 4);
      process.stdout.write(`${pad}exposed by: ${s.nemesis}; workload: ${s.workload}\n`);
      process.stdout.write(`${pad}caught by:  ${s.catchers.join(', ')} (${s.why})\n`);
      process.stdout.write(`${pad}real runs:  ${s.real.kind === 'real' ? 'yes' : `sim-only: ${s.real.reason}`}\n`);
    }
    if (!args.verbose) process.stdout.write('\n`raft-chaos bugs --verbose` shows how each is exposed and caught (README: Bug catalogue).\n');
  },
};
