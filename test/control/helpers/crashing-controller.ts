// A controller that dies badly after starting a cluster of fake nodes (for the no-orphans test).
// argv: <mode> <dir>; mode: throw (uncaught exception), exit (process.exit), wait (until a signal).
// Prints "PIDS [..]" once the nodes are up.
import path from 'node:path';
import { Cluster } from '../../../src/subjects/raft-chaos/cluster.js';
import { DEFAULT_NODE_SETTINGS } from '../../../src/subjects/raft-chaos/node-settings.js';
import { createRunDir } from '../../../src/history/store.js';

const [mode, dir] = process.argv.slice(2);
const cluster = await Cluster.create({
  run: createRunDir(dir as string, 'orphans', 'none', new Date()),
  nodeIds: [1, 2, 3],
  settings: DEFAULT_NODE_SETTINGS,
  runEpochMs: Date.now(),
  seed: 1,
  command: { file: process.execPath, args: ['--import', 'tsx', path.resolve('test/control/helpers/fake-node-main.ts')] },
});
await cluster.start();
cluster.pause([2]); // a stopped process ignores SIGTERM: only SIGKILL ends it
process.stdout.write(`PIDS ${JSON.stringify(cluster.allPids())}\n`);
if (mode === 'throw') setTimeout(() => { throw new Error('controller bug (simulated)'); }, 10);
else if (mode === 'exit') setTimeout(() => process.exit(3), 10);
else setInterval(() => undefined, 1000);
