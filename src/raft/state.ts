// The mutable state of one Raft node (§5 Figure 2) and its output buffers. The behaviour lives in
// the role, election, replication, snapshot and read modules, which all take a RaftState.
import { RaftLog } from './log.js';
import { Progress } from './progress.js';
import { quorumSize } from './quorum.js';
import type {
  BugName,
  HardState,
  LogIndex,
  Message,
  NodeId,
  PersistedState,
  RaftConfig,
  RaftEvent,
  ReadRejected,
  ReadState,
  Role,
  Snapshot,
  SoftState,
  Term,
} from './types.js';

/** A read waiting for a heartbeat round to confirm leadership (§8 ReadIndex). */
export interface PendingRead {
  readonly requestId: string;
  readonly index: LogIndex;
  /** The heartbeat round (readCtx) that confirms it; 0 until a round is started. */
  ctx: number;
}

export class RaftState {
  readonly id: NodeId;
  readonly config: RaftConfig;
  /** Every other voting member. */
  readonly others: readonly NodeId[];
  readonly quorum: number;

  // Persistent state (§5 Figure 2).
  term: Term;
  votedFor: NodeId | null;
  readonly log: RaftLog;

  // Volatile state.
  role: Role = 'follower';
  leader: NodeId | null = null;
  /** Ticks since this node started; never reset. */
  nowTicks = 0;
  /** Followers and candidates: ticks since the last valid leader contact or granted vote. Leader: ticks since the last check-quorum round. */
  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTimeout = 0;
  /** Candidate / pre-candidate: answers received in the current (pre-)election. */
  readonly votes = new Map<NodeId, boolean>();
  /** Leader: one entry per other member. */
  readonly progress = new Map<NodeId, Progress>();
  /** Leader: entries were proposed since the last ready(); send them then (one batch). */
  appendPending = false;
  leadTransferee: NodeId | null = null;
  /**
   * Leader: a TimeoutNow was sent in this term. It may arrive arbitrarily late and start an
   * election that ignores leader stickiness, so leases are off for the rest of the term.
   */
  timeoutNowSent = false;

  // ReadIndex state (leader only).
  /** The current heartbeat round number; every AppendEntries carries it as readCtx. */
  readCtx = 0;
  /** The tick each recent round was started (for leases). Insertion order is round order. */
  readonly ctxSentTick = new Map<number, number>();
  readRoundWanted = false;
  readonly pendingReads: PendingRead[] = [];
  /** Reads that arrived before this leader committed an entry of its own term. */
  readonly readsAwaitingCommit: { readonly requestId: string; readonly mode: 'read-index' | 'lease' }[] = [];
  /** Only with the commit-by-ack-count bug: successful replies counted per "term/index". */
  readonly ackCounts = new Map<string, number>();

  // Output buffers, drained by ready().
  messages: Message[] = [];
  events: RaftEvent[] = [];
  readStates: ReadState[] = [];
  readRejections: ReadRejected[] = [];
  receivedSnapshot: Snapshot | null = null;
  /** The hard state and soft state last handed to the host. */
  persistedHardState: HardState;
  reportedSoftState: SoftState;

  constructor(config: RaftConfig, persisted: PersistedState) {
    validateConfig(config);
    this.id = config.id;
    this.config = config;
    this.others = config.peers.filter((p) => p !== config.id);
    this.quorum = quorumSize(config.peers.length);
    this.term = persisted.hardState.term;
    this.votedFor = persisted.hardState.votedFor;
    this.log = new RaftLog(persisted);
    this.persistedHardState = { ...persisted.hardState, commit: this.log.commit };
    this.reportedSoftState = { role: 'follower', leader: null };
  }

  hasBug(name: BugName): boolean {
    return this.config.bugs.has(name);
  }

  isMember(id: NodeId): boolean {
    return id !== this.id && this.others.includes(id);
  }

  send(message: Message): void {
    this.messages.push(message);
  }

  emit(event: RaftEvent): void {
    this.events.push(event);
  }

  resetRandomizedElectionTimeout(): void {
    // §5.2: election timeouts are chosen randomly from a fixed interval, here [T, 2T).
    const t = this.config.electionTicks;
    this.randomizedElectionTimeout = t + this.config.rng.int(t);
  }
}

function validateConfig(config: RaftConfig): void {
  const intAtLeast = (name: string, value: number, min: number): void => {
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(`createRaft: config.${name} must be an integer >= ${min}, got ${String(value)}`);
    }
  };
  intAtLeast('id', config.id, 1);
  intAtLeast('electionTicks', config.electionTicks, 2);
  intAtLeast('heartbeatTicks', config.heartbeatTicks, 1);
  intAtLeast('maxEntriesPerAppend', config.maxEntriesPerAppend, 1);
  intAtLeast('leaseTicks', config.leaseTicks, 0);
  if (config.heartbeatTicks >= config.electionTicks) {
    throw new RangeError(
      `createRaft: config.heartbeatTicks (${config.heartbeatTicks}) must be less than electionTicks (${config.electionTicks})`,
    );
  }
  if (config.leaseTicks >= config.electionTicks) {
    throw new RangeError(
      `createRaft: config.leaseTicks (${config.leaseTicks}) must be less than electionTicks (${config.electionTicks})`,
    );
  }
  if (!config.peers.includes(config.id)) {
    throw new RangeError(`createRaft: config.peers [${config.peers.join(', ')}] must include the node's own id ${config.id}`);
  }
  if (new Set(config.peers).size !== config.peers.length) {
    throw new RangeError(`createRaft: config.peers [${config.peers.join(', ')}] has duplicates`);
  }
}
