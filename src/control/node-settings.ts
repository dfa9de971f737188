// The Raft timing and behaviour every node of a real run gets (written into each NodeConfig).
// With a 10 ms tick: heartbeats every 40 ms, election timeouts drawn from [200, 400) ms -- generous
// enough that a 2-core machine running five nodes and the controller does not trigger spurious
// elections, short enough that a new leader appears well within a second.
import type { BugName } from '../raft/types.js';
import type { NodeReadMode } from '../node/config.js';

export interface NodeSettings {
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly leaseTicks: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly readMode: NodeReadMode;
  readonly snapshotEveryEntries: number;
  readonly bugs: readonly BugName[];
}

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
