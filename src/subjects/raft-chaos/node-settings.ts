// The Raft timing and behaviour every node of a real run gets (written into each NodeConfig).
// With a 10 ms tick: heartbeats every 40 ms, election timeouts drawn from [200, 400) ms -- generous
// enough that a 2-core machine running five nodes and the controller does not trigger spurious
// elections, short enough that a new leader appears well within a second.
import type { NodeConfig } from '../../node/config.js';

/** The part of a NodeConfig (src/node/config.ts) that is the same for every node of a run. */
export type NodeSettings = Pick<
  NodeConfig,
  | 'tickMs'
  | 'electionTicks'
  | 'heartbeatTicks'
  | 'leaseTicks'
  | 'preVote'
  | 'checkQuorum'
  | 'readMode'
  | 'snapshotEveryEntries'
  | 'bugs'
  | 'maxEntriesPerAppend'
>;

export const DEFAULT_NODE_SETTINGS: NodeSettings = {
  tickMs: 10,
  electionTicks: 20,
  heartbeatTicks: 4,
  leaseTicks: 14,
  preVote: true,
  checkQuorum: true,
  readMode: 'read-index',
  snapshotEveryEntries: 1000,
  bugs: [],
};
