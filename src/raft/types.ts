// The contract of the pure Raft core: what goes in (tick, step, propose, readIndex) and the one
// Ready record that comes out. Everything here is data; nothing here does I/O.
//
// Ordering rule for the caller (the host), as in etcd's raft:
//   1. persist ready.hardState, ready.snapshot and ready.entries (fsync when ready.mustSync),
//   2. send ready.messages,
//   3. apply ready.committedEntries (and ready.snapshot, if any, first),
//   4. call advance(ready).
// Nothing in a Ready may be sent before what it depends on is durable.

declare const brand: unique symbol;
/** A number that the compiler will not confuse with another kind of number. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A Raft term (paper §5.1). Never decreases on a node, even across restarts. */
export type Term = Brand<number, 'Term'>;
/** A position in the replicated log, 1-based; 0 means "before the first entry". */
export type LogIndex = Brand<number, 'LogIndex'>;
/** A node's id: 1..N in a cluster of N. */
export type NodeId = Brand<number, 'NodeId'>;

export const asTerm = (n: number): Term => n as Term;
export const asIndex = (n: number): LogIndex => n as LogIndex;
export const asNodeId = (n: number): NodeId => n as NodeId;

export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

/**
 * One log entry. `data` is opaque to the core (the state machine's command, a JSON string).
 * A `noop` entry is appended by a new leader (§8) so that it can commit entries of its term.
 */
export interface Entry {
  readonly term: Term;
  readonly index: LogIndex;
  readonly kind: 'normal' | 'noop';
  readonly data: string;
}

/** What must survive a crash besides the log: §5 Figure 2 "persistent state", plus commit. */
export interface HardState {
  readonly term: Term;
  readonly votedFor: NodeId | null;
  readonly commit: LogIndex;
}

/** A state-machine snapshot covering every entry up to and including lastIndex (lab 2D). */
export interface Snapshot {
  readonly lastIndex: LogIndex;
  readonly lastTerm: Term;
  /** Opaque state machine image (JSON string). */
  readonly data: string;
}

interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: Term;
}

/** §5.2 RequestVote; with preVote set, the §9.6 pre-vote that does not bump anyone's term. */
export interface RequestVote extends Envelope {
  readonly type: 'RequestVote';
  readonly preVote: boolean;
  readonly lastLogIndex: LogIndex;
  readonly lastLogTerm: Term;
  /**
   * Set on the vote requests of an election started by TimeoutNow (leadership transfer): voters
   * then grant even if they heard from a leader within the election timeout. Absent means false.
   */
  readonly transfer?: boolean;
}

export interface RequestVoteReply extends Envelope {
  readonly type: 'RequestVoteReply';
  readonly preVote: boolean;
  readonly granted: boolean;
}

/** §5.3 AppendEntries; also the heartbeat (no entries). `readCtx` carries a ReadIndex round. */
export interface AppendEntries extends Envelope {
  readonly type: 'AppendEntries';
  readonly prevLogIndex: LogIndex;
  readonly prevLogTerm: Term;
  readonly entries: readonly Entry[];
  readonly leaderCommit: LogIndex;
  readonly readCtx: number;
}

/**
 * Reply to AppendEntries. On success, matchIndex is the last index known to match the leader.
 * On failure, matchIndex carries the rejected prevLogIndex (so the leader can ignore stale
 * rejections), and conflictTerm / conflictIndex allow the leader to back up nextIndex by a whole term
 * at a time (the lab's "fast backup"): conflictTerm is the term of the follower's entry at
 * prevLogIndex (0 if it has none there) and conflictIndex the first index it holds of that term
 * (or its last index + 1 if its log is too short).
 */
export interface AppendEntriesReply extends Envelope {
  readonly type: 'AppendEntriesReply';
  readonly success: boolean;
  readonly matchIndex: LogIndex;
  readonly conflictTerm: Term;
  readonly conflictIndex: LogIndex;
  readonly readCtx: number;
}

/** §7 InstallSnapshot, sent whole (no chunking: our snapshots are small). */
export interface InstallSnapshot extends Envelope {
  readonly type: 'InstallSnapshot';
  readonly snapshot: Snapshot;
}

export interface InstallSnapshotReply extends Envelope {
  readonly type: 'InstallSnapshotReply';
  /** The follower's last index after handling the snapshot. */
  readonly matchIndex: LogIndex;
}

/** Asks a follower to start an election at once (leadership transfer); optional to send. */
export interface TimeoutNow extends Envelope {
  readonly type: 'TimeoutNow';
}

export type Message =
  | RequestVote
  | RequestVoteReply
  | AppendEntries
  | AppendEntriesReply
  | InstallSnapshot
  | InstallSnapshotReply
  | TimeoutNow;

export type MessageType = Message['type'];

/** A read that may now be served: the state machine must have applied through `index` first. */
export interface ReadState {
  readonly requestId: string;
  readonly index: LogIndex;
}

/** A read request that cannot be served (not leader, or leadership lost before confirmation). */
export interface ReadRejected {
  readonly requestId: string;
  readonly reason: 'not-leader' | 'lost-leadership';
  readonly leader: NodeId | null;
}

/**
 * Observable facts for the node's event log (DESIGN.md §2) and the invariant checker.
 * The core reports them; the host writes them (with its own time stamp) before acting on the Ready.
 * Appends and applies are not core events: the host logs them from ready.entries and
 * ready.committedEntries, one record per entry.
 */
export type RaftEvent =
  | { readonly kind: 'term'; readonly term: Term }
  | { readonly kind: 'role'; readonly role: Role; readonly term: Term; readonly leader: NodeId | null }
  | { readonly kind: 'vote'; readonly term: Term; readonly for: NodeId }
  | { readonly kind: 'truncate'; readonly fromIndex: LogIndex; readonly term: Term }
  | { readonly kind: 'commit'; readonly index: LogIndex; readonly term: Term }
  | { readonly kind: 'snapshot'; readonly lastIndex: LogIndex; readonly lastTerm: Term; readonly installed: boolean };

export interface SoftState {
  readonly role: Role;
  readonly leader: NodeId | null;
}

export interface Ready {
  /** Set when term, vote or commit changed: persist it before sending any message. */
  readonly hardState: HardState | null;
  /**
   * A snapshot received from the leader: persist it, then restore the state machine from it.
   * The core sends one only when its log does not hold the snapshot's last entry (§7), so it
   * replaces the whole stored log: discard every stored entry.
   */
  readonly snapshot: Snapshot | null;
  /**
   * Entries to append to stable storage. If entries[0].index is at or below the stored last
   * index, the stored log from that index on is replaced (truncated, then appended).
   */
  readonly entries: readonly Entry[];
  /** True when hardState or entries must be fsync'd before messages go out. */
  readonly mustSync: boolean;
  /** Messages to send, only after the above is durable. */
  readonly messages: readonly Message[];
  /** Committed entries to apply, in index order, with no gaps. */
  readonly committedEntries: readonly Entry[];
  readonly readStates: readonly ReadState[];
  readonly readRejections: readonly ReadRejected[];
  /** Set when role or known leader changed. */
  readonly softState: SoftState | null;
  readonly events: readonly RaftEvent[];
}

/** The only source of randomness in the core. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

/** What the core starts from: the persisted state read back by the host (empty on first boot). */
export interface PersistedState {
  readonly hardState: HardState;
  readonly snapshot: Snapshot | null;
  /** Log entries after the snapshot, in index order. */
  readonly entries: readonly Entry[];
}

/** Deliberate Raft mistakes that can be switched on to prove the checkers catch them. */
export type BugName =
  | 'vote-without-log-check'
  | 'up-to-date-index-before-term'
  | 'commit-old-term-by-count'
  | 'vote-not-persisted'
  | 'no-truncate-on-conflict'
  | 'stale-append-truncates'
  | 'no-step-down-on-reply'
  | 'local-reads'
  | 'lease-without-margin'
  | 'apply-beyond-commit'
  | 'nothing-persisted'
  | 'commit-by-ack-count'
  | 'commit-not-capped'
  | 'timer-reset-by-any-message'
  | 'next-index-double-advance'
  | 'apply-holding-lock';

export interface RaftConfig {
  readonly id: NodeId;
  /** Every voting member, including this node. */
  readonly peers: readonly NodeId[];
  /** Election timeout is drawn uniformly from [electionTicks, 2 * electionTicks). */
  readonly electionTicks: number;
  /** A leader sends heartbeats every heartbeatTicks. */
  readonly heartbeatTicks: number;
  readonly preVote: boolean;
  /** A leader steps down if it has not heard from a quorum within an election timeout. */
  readonly checkQuorum: boolean;
  /** Upper bound on entries per AppendEntries. */
  readonly maxEntriesPerAppend: number;
  /**
   * Leader lease in ticks for lease reads (0 = lease reads disabled). Must be less than
   * electionTicks minus the assumed clock drift margin; see readIndex(mode 'lease'). Leases also
   * need checkQuorum or preVote (followers then refuse votes while they hear from a leader);
   * without them, or while a leadership transfer runs, a 'lease' read takes the ReadIndex path.
   */
  readonly leaseTicks: number;
  readonly rng: Rng;
  readonly bugs: ReadonlySet<BugName>;
}

export interface RaftStatus {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: Term;
  readonly leader: NodeId | null;
  readonly votedFor: NodeId | null;
  readonly commit: LogIndex;
  readonly applied: LogIndex;
  readonly lastIndex: LogIndex;
  readonly lastTerm: Term;
  readonly snapshotIndex: LogIndex;
}

export type ReadMode = 'read-index' | 'lease';

/**
 * The core. Created with createRaft(config, persisted) from src/raft/index.ts.
 * All methods are synchronous and deterministic given the Rng.
 */
export interface RaftCore {
  /** One unit of logical time (the host decides how long a tick is). */
  tick(): void;
  /** Handle one message from a peer. Messages for another node or malformed are ignored. */
  step(message: Message): void;
  /** Append a command if leader; returns its index, or null (caller should redirect to leader). */
  propose(data: string): LogIndex | null;
  /**
   * Ask for a linearizable read. It answers later through ready().readStates (serve once applied
   * through that index) or ready().readRejections.
   */
  readIndex(requestId: string, mode: ReadMode): void;
  hasReady(): boolean;
  /** The pending work; call advance(ready) after handling it. */
  ready(): Ready;
  advance(ready: Ready): void;
  /** The application took a snapshot through `index` (applied); trim the log up to there. */
  compact(index: LogIndex, data: string): void;
  /** Ask this leader to hand leadership to `target` (TimeoutNow). No-op if not leader. */
  transferLeadership(target: NodeId): void;
  status(): RaftStatus;
  /** Entries in [from, to] if still in the log (for tests and diagnostics). */
  entries(from: LogIndex, to: LogIndex): readonly Entry[];
}
