// What the invariant checker remembers about one node while it replays the event logs.
import type { NodeEvent } from '../../history/events.js';
import type { Role } from '../../raft/types.js';
import type { AppendEvent } from './log.js';
import { TrackedLog } from './log.js';

export type ApplyEvent = Extract<NodeEvent, { kind: 'apply' }>;

export interface VoteFact {
  readonly for: number;
  readonly event: NodeEvent;
  /** The incarnation (boot count) that cast it. */
  readonly boot: number;
}

export interface ReplayedNode {
  readonly node: number;
  readonly log: TrackedLog;
  /** Records of this node that no later record confirms as persisted (see invariants-tails.ts). */
  readonly unconfirmed: ReadonlySet<NodeEvent>;
  /** Number of boot records seen so far. */
  boots: number;
  records: number;
  firstNs: number | null;
  lastNs: number | null;
  /** The last record of the current incarnation (null right after a boot). */
  lastRecord: NodeEvent | null;

  // ---- terms and votes (also across restarts)
  currentTerm: number;
  /** The record that set currentTerm. */
  currentTermEvent: NodeEvent | null;
  /** Highest term the node made durable knowledge of: from votes, role changes and boots. */
  persistedTerm: number;
  persistedTermEvent: NodeEvent | null;
  /** The same, counting only records confirmed as persisted. */
  confirmedTerm: number;
  confirmedTermEvent: NodeEvent | null;
  /** Votes by term, across incarnations. */
  readonly votes: Map<number, VoteFact>;
  role: Role;
  /** When the node is leader: its 'role leader' record. */
  leaderRecord: Extract<NodeEvent, { kind: 'role' }> | null;

  // ---- applying
  commitIndex: number;
  lastApplied: number;
  lastAppliedTerm: number | null;
  /** The apply record of lastApplied, when it was applied by a record. */
  lastApplyRecord: ApplyEvent | null;
  /** Applied entries cut by a truncate record, until an append replaces them (index -> record). */
  readonly cutApplied: Map<number, AppendEvent>;
  /** The last truncate record, until an append at its index shows what replaced the cut entry. */
  pendingCut: { readonly event: NodeEvent; readonly cutTerm: number | undefined; readonly cutRecord: AppendEvent | undefined } | null;
  /** Leader completeness: every applied index up to here was found in this node's log. */
  verifiedUpTo: number;
}

export function newReplayedNode(node: number, unconfirmed: ReadonlySet<NodeEvent>): ReplayedNode {
  return {
    node,
    log: new TrackedLog(),
    unconfirmed,
    boots: 0,
    records: 0,
    firstNs: null,
    lastNs: null,
    lastRecord: null,
    currentTerm: 0,
    currentTermEvent: null,
    persistedTerm: 0,
    persistedTermEvent: null,
    confirmedTerm: 0,
    confirmedTermEvent: null,
    votes: new Map(),
    role: 'follower',
    leaderRecord: null,
    commitIndex: 0,
    lastApplied: 0,
    lastAppliedTerm: null,
    lastApplyRecord: null,
    cutApplied: new Map(),
    pendingCut: null,
    verifiedUpTo: 0,
  };
}
