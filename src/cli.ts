#!/usr/bin/env node
// The raft-chaos command line: one yargs command per file in src/commands/.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT, UsageError } from './commands/exit-codes.js';
import { runCommand } from './commands/run.js';
import { simCommand } from './commands/sim.js';
import { checkCommand } from './commands/check.js';
import { reportCommand } from './commands/report.js';
import { serveCommand } from './commands/serve.js';
import { bugsCommand } from './commands/bugs.js';
import { subjectsCommand } from './commands/subjects.js';

// `raft-chaos ... | head` closes our stdout early: that is the reader's choice, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

async function main(argv: string[]): Promise<void> {
  await yargs(hideBin(argv))
    .scriptName('raft-chaos')
    .usage('$0 <command> [options]')
    .command(runCommand)
    .command(simCommand)
    .command(checkCommand)
    .command(reportCommand)
    .command(serveCommand)
    .command(bugsCommand)
    .command(subjectsCommand)
    .demandCommand(1, 'Name a command: run, sim, check, report, serve, bugs or subjects.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err && !(err instanceof UsageError)) throw err;
      process.stderr.write(`raft-chaos: ${err ? err.message : msg}\nRun 'raft-chaos --help' for usage.\n`);
      process.exit(EXIT.badArguments);
    })
    .parseAsync();
}

main(process.argv).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`raft-chaos: ${err.message}\n`);
    process.exit(EXIT.badArguments);
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`raft-chaos: internal error: ${message}\n`);
  process.exit(EXIT.toolFailed);
});
