// The node process: `node dist/src/node/main.js --config <path>` (NodeConfig of config.ts).
// Prints `READY {...}` (protocol.ts) on stdout once it listens; every other line it prints starts
// with its id. SIGTERM, SIGINT or a `stop` on the control endpoint stop it gracefully (exit 0).
//
// Exit codes: 0 graceful stop; 1 unexpected error (logged with its stack); 2 bad arguments or
// config; 3 storage it cannot start from: corrupt (the message names the file and byte offset),
// a missing log, or a path that is a directory or not writable (the message names the file).
import { PARENT_PID } from './parent-pid.js'; // first: see parent-pid.ts
import { ConfigError, loadNodeConfig } from './config-load.js';
import type { NodeConfig } from './config.js';
import { createLogger, describeError } from './logger.js';
import type { Logger } from './logger.js';
import { READY_PREFIX } from './protocol.js';
import { RaftNode } from './raft-node.js';
import { StorageError } from './storage/storage-error.js';

export const NODE_EXIT = { ok: 0, unexpected: 1, config: 2, storage: 3 } as const;

function configPathFrom(argv: readonly string[]): string {
  const usage = 'usage: node dist/src/node/main.js --config <path to NodeConfig JSON>';
  const at = argv.indexOf('--config');
  const inline = argv.find((a) => a.startsWith('--config='));
  const path = inline !== undefined ? inline.slice('--config='.length) : at >= 0 ? argv[at + 1] : undefined;
  if (path === undefined || path === '' || path.startsWith('--')) throw new ConfigError(`missing --config; ${usage}`);
  return path;
}

/** When the parent dies, this process is re-parented: its ppid changes. Checked every 500 ms. */
function watchParent(log: Logger, stop: (reason: string) => void): void {
  const parentPid = PARENT_PID;
  const timer = setInterval(() => {
    if (process.ppid === parentPid) return;
    clearInterval(timer);
    log.warn(`parent process ${parentPid} is gone; stopping`);
    stop(`parent process ${parentPid} exited`);
  }, 500);
  timer.unref();
}

/** The process's logger: prefixed "node" until the config names this node, then "n<id>". */
let log: Logger = createLogger('node');

async function main(): Promise<void> {
  let exiting = false;
  const exit = (code: number): void => {
    if (exiting) return;
    exiting = true;
    process.exitCode = code;
    // Let stdout / stderr drain, then leave even if a socket lingers.
    setImmediate(() => process.exit(code));
  };
  process.on('uncaughtException', (error) => {
    log.error(`unexpected error: ${describeError(error)}`);
    process.exit(NODE_EXIT.unexpected);
  });
  process.on('unhandledRejection', (error) => {
    log.error(`unexpected rejection: ${describeError(error)}`);
    process.exit(NODE_EXIT.unexpected);
  });

  let config: NodeConfig;
  try {
    config = loadNodeConfig(configPathFrom(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof ConfigError) {
      log.error(error.message);
      exit(NODE_EXIT.config);
      return;
    }
    throw error;
  }
  log = createLogger(`n${config.id}`);

  let node: RaftNode;
  try {
    node = await RaftNode.start(config, log, (code) => exit(code));
  } catch (error) {
    if (error instanceof StorageError) {
      log.error(error.message);
      exit(NODE_EXIT.storage);
      return;
    }
    throw error;
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void node.stop(signal));
  }
  if (config.exitWithParent !== false) watchParent(log, (reason) => void node.stop(reason));
  const ready = node.readyLine();
  const status = node.status();
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(ready)}\n`);
  log.info(
    `started: term ${status.term}, last index ${status.lastIndex}, read mode ${config.readMode}, ` +
      `peer ${ready.peerPort}, client ${ready.clientPort}, control ${ready.controlPort}`,
  );
}

void main().catch((error: unknown) => {
  log.error(`unexpected error: ${describeError(error)}`);
  process.exit(NODE_EXIT.unexpected);
});
