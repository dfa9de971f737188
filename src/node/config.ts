// The configuration of one real node process, written by the controller as JSON to
// <run>/nodes/n<id>/config.json and passed as `node dist/src/node/main.js --config <path>`.
import type { BugName } from '../raft/types.js';

export type NodeReadMode = 'log' | 'read-index' | 'lease' | 'local';

/** Every read mode a real node accepts (--read-mode of `raft-chaos run`, readMode in config.json). */
export const NODE_READ_MODES: readonly NodeReadMode[] = ['log', 'read-index', 'lease', 'local'];

export interface NodeConfig {
  readonly id: number;
  /** Every node id of the cluster, this one included. */
  readonly nodeIds: readonly number[];
  /** Where this node keeps its write-ahead log, hard state and snapshots. */
  readonly dataDir: string;
  /** Where this node appends events.jsonl (DESIGN.md §2). */
  readonly eventLogPath: string;
  /** For each peer id, the address this node dials to send to it (the controller's proxy for that link, or the peer's own address on a kernel network). */
  readonly peerAddresses: Readonly<Record<string, { readonly host: string; readonly port: number }>>;
  /** Run epoch: wall-clock ms (Date.now()) at which the run started; event times are ns since then. */
  readonly runEpochMs: number;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly leaseTicks: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly readMode: NodeReadMode;
  /** Take a snapshot every this many applied entries (0 = never). */
  readonly snapshotEveryEntries: number;
  /** Seed of this node's Rng (election timeouts). */
  readonly seed: number;
  readonly bugs: readonly BugName[];
  /**
   * The address every endpoint listens on (default 127.0.0.1): a node in its own network namespace,
   * or on its own machine, listens on that host's address.
   */
  readonly listenHost?: string;
  /** Ports to listen on (at listenHost). Omitted or 0: any free port, reported in the READY line. */
  readonly peerPort?: number;
  readonly clientPort?: number;
  readonly controlPort?: number;
  /**
   * Stop (gracefully) when the process that started this node is gone, so that a controller killed
   * with SIGKILL leaves no orphan node behind (default true).
   */
  readonly exitWithParent?: boolean;
  /**
   * Let a leader send AppendEntries before its own log write is fsync'd (Raft thesis §10.2.1); the
   * fsync still completes before any reply is counted or any client is answered (default true;
   * never in a one-node cluster).
   */
  readonly leaderSendBeforeSync?: boolean;
  /** Upper bound on entries per AppendEntries (default 512). */
  readonly maxEntriesPerAppend?: number;
  /** Bytes of partial frames all inbound connections may hold together (default 32 MiB). */
  readonly inboundBufferBytes?: number;
  /** An inbound partial frame still incomplete after this long closes its connection (default 10 s). */
  readonly partialFrameTimeoutMs?: number;
}
