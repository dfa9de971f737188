// `raft-chaos maelstrom-node`: our Raft as a Maelstrom node (src/maelstrom-node), for
// `raft-chaos run --subject maelstrom --bin "raft-chaos maelstrom-node"` and for Maelstrom itself.
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../util/exit-codes.js';
import { DEFAULT_MAELSTROM_NODE_SETTINGS } from '../maelstrom-node/node.js';
import { runMaelstromNode } from '../maelstrom-node/main.js';
import type { HostReadMode } from '../host/index.js';

interface NodeArgs {
  'read-mode': string;
  'tick-ms': number;
  'election-ticks': number;
  'heartbeat-ticks': number;
  'data-dir': string;
}

const READ_MODES = ['read-index', 'log', 'local'] as const;

function builder(yargs: Argv): Argv<NodeArgs> {
  const d = DEFAULT_MAELSTROM_NODE_SETTINGS;
  return yargs
    .option('read-mode', {
      type: 'string',
      default: d.readMode,
      describe: `How reads are served: read-index (ReadIndex), log (through the log), local (UNSAFE: from this node's own state). One of ${READ_MODES.join(', ')}`,
    })
    .option('tick-ms', { type: 'number', default: d.tickMs, describe: 'Milliseconds per Raft tick' })
    .option('election-ticks', { type: 'number', default: d.electionTicks, describe: 'Election timeout, in ticks (drawn from [t, 2t))' })
    .option('heartbeat-ticks', { type: 'number', default: d.heartbeatTicks, describe: 'Heartbeat interval, in ticks' })
    .option('data-dir', { type: 'string', default: '.', describe: 'Node <id> keeps wal.log and snapshot.dat in <data-dir>/raft-<id>/ (default: under the working directory)' })
    .example('maelstrom test -w lin-kv --bin scripts/maelstrom-node.sh --node-count 3 --time-limit 20', 'under Maelstrom (see README)') as unknown as Argv<NodeArgs>;
}

function positiveInt(flag: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 1 || v > max) throw new UsageError(`--${flag} must be an integer from 1 to ${max}, got ${JSON.stringify(v)}`);
  return v;
}

function handler(args: NodeArgs): void {
  const readMode = args['read-mode'];
  if (!(READ_MODES as readonly string[]).includes(readMode)) {
    throw new UsageError(`--read-mode must be one of ${READ_MODES.join(', ')}, got ${JSON.stringify(readMode)}`);
  }
  const electionTicks = positiveInt('election-ticks', args['election-ticks'], 10_000);
  const heartbeatTicks = positiveInt('heartbeat-ticks', args['heartbeat-ticks'], 10_000);
  if (heartbeatTicks >= electionTicks) throw new UsageError(`--heartbeat-ticks (${heartbeatTicks}) must be less than --election-ticks (${electionTicks})`);
  runMaelstromNode({
    ...DEFAULT_MAELSTROM_NODE_SETTINGS,
    readMode: readMode as HostReadMode,
    tickMs: positiveInt('tick-ms', args['tick-ms'], 60_000),
    electionTicks,
    heartbeatTicks,
    dataDir: args['data-dir'],
  });
}

export const maelstromNodeCommand: CommandModule<object, NodeArgs> = {
  command: 'maelstrom-node',
  describe: 'Run our Raft as a Maelstrom node on stdin/stdout (lin-kv), storing its state in the working directory',
  builder,
  handler,
};
