// `node dist/src/maelstrom-node/bin.js [flags]`: the same as `raft-chaos maelstrom-node [flags]`,
// without loading the rest of the command line tool, so that a node starts fast (Maelstrom and
// the host give each node a bounded time to answer init). scripts/maelstrom-node.sh runs this.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UsageError } from '../util/exit-codes.js';
import { maelstromNodeCommand } from '../commands/maelstrom-node.js';

try {
  await yargs(hideBin(process.argv))
    .scriptName('maelstrom-node')
    .command({ ...maelstromNodeCommand, command: '$0' })
    .strict()
    .help()
    .fail((msg, err) => {
      process.stderr.write(`maelstrom-node: ${err ? err.message : msg}\n`);
      process.exit(254);
    })
    .parseAsync();
} catch (err) {
  process.stderr.write(`maelstrom-node: ${err instanceof UsageError ? err.message : String(err)}\n`);
  process.exit(err instanceof UsageError ? 254 : 255);
}
