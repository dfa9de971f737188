#!/usr/bin/env node
// The raft-chaos command line: one yargs command per file in src/commands/.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { CommandModule } from 'yargs';
import { EXIT, UsageError } from './util/exit-codes.js';

// Each command's module is imported only when needed: naming a command loads that one alone (a
// check of a small history should not pay for the cluster runner's imports); anything else (no
// command, --help, a mistyped name) loads them all, for the full help and the suggestions.
const COMMANDS: Readonly<Record<string, () => Promise<CommandModule<any, any>>>> = {
  run: async () => (await import('./commands/run.js')).runCommand,
  sim: async () => (await import('./commands/sim.js')).simCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  bugs: async () => (await import('./commands/bugs.js')).bugsCommand,
  subjects: async () => (await import('./commands/subjects.js')).subjectsCommand,
  clean: async () => (await import('./commands/clean.js')).cleanCommand,
  'maelstrom-node': async () => (await import('./commands/maelstrom-node.js')).maelstromNodeCommand,
};

async function commandsFor(args: readonly string[]): Promise<CommandModule<any, any>[]> {
  const first = args[0];
  const named = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  return Promise.all(named.map((name) => COMMANDS[name]!()));
}

// `raft-chaos ... | head` closes our stdout early: that is the reader's choice, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

async function main(argv: string[]): Promise<void> {
  const args = hideBin(argv);
  const cli = yargs(args).scriptName('raft-chaos').usage('$0 <command> [options]');
  for (const command of await commandsFor(args)) cli.command(command);
  await cli
    .demandCommand(1, 'Name a command: run, sim, check, report, serve, bugs, subjects, clean or maelstrom-node.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      // yargs reports its own checks (a flag without its value, a value a coerce refused) as YError.
      if (err && !(err instanceof UsageError) && err.name !== 'YError') throw err;
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
