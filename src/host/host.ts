// THE driver of the Ready loop, shared by the simulator (src/sim) and the real node (src/node).
// Synchronous: every entry point (tick, receive, submit, read) runs the loop until the core has
// nothing more to say, then answers the clients whose requests were decided.
//
// Per Ready, in the order etcd's raft prescribes (src/raft/types.ts):
//   0. write the node events (term, role, vote, truncate, commit, snapshot, one append per entry),
//   1. persist hard state, snapshot and entries (fsync when mustSync),
//   2. send the messages,
//   3. restore the snapshot, then apply committed entries (one apply event each),
//   4. answer proposals by index and ReadStates once applied through their index,
//   5. advance, then take a snapshot if the policy says so and compact the core's log.
//
// The host's lock (the lab's rf.mu) is `lockHeld`: the Ready loop holds it, and every entry point
// (tick, receive, submit, propose, read) needs it. BUG apply-holding-lock lives here, not in the
// core, because the lock does: the apply step hands each entry to the service while holding the
// lock, and at a snapshot point the service calls back into Raft (the lab's rf.Snapshot) and waits
// for that lock forever (hostDeadlock). The node is then deadlocked: its process stays up, but it
// handles no tick, message, proposal or read again (they queue behind the lock), answers nobody,
// and its status stays what the core last said. A restart clears the lock (it is in memory); the
// restarted node deadlocks again when it re-applies its log to the same snapshot point.
import type { NodeEvent } from '../history/events.js';
import { createRaft } from '../raft/index.js';
import type {
  Entry,
  LogIndex,
  Message,
  PersistedState,
  RaftConfig,
  RaftCore,
  RaftEvent,
  RaftStatus,
  Ready,
  Snapshot,
  Term,
} from '../raft/types.js';
import { asIndex, asTerm } from '../raft/types.js';
import { encodeCommand } from '../statemachine/command.js';
import type { StateMachine } from '../statemachine/types.js';
import type { Clock, HostReply, EventSink, HostReadMode, MessageSink, ReplyCallback, Storage } from './types.js';

export interface HostOptions {
  readonly config: RaftConfig;
  readonly storage: Storage;
  readonly stateMachine: StateMachine;
  readonly send: MessageSink;
  /** The node event log; null when nobody reads it (no records are built then). */
  readonly events: EventSink | null;
  readonly clock: Clock;
  /** Take a snapshot every this many applied entries (0 = never). Lab 2D uses 10. */
  readonly snapshotEveryEntries: number;
  /** The core factory; createRaft unless a test substitutes one. */
  readonly createCore?: (config: RaftConfig, persisted: PersistedState) => RaftCore;
}

interface PendingProposal {
  readonly term: Term;
  readonly callback: ReplyCallback;
}

interface PendingRead {
  readonly key: string;
  readonly callback: ReplyCallback;
}

interface WaitingRead extends PendingRead {
  readonly index: number;
}

/** A deadlocked host (BUG apply-holding-lock): where it stopped, since when, and what waits. */
export interface HostDeadlock {
  /** The entry whose apply called back into Raft (the snapshot point). */
  readonly index: number;
  /** Clock time of the deadlock. */
  readonly sinceNs: number;
  /** Inputs (ticks, messages, proposals, reads) queued behind the lock since. */
  queuedInputs: number;
}

/** Slots of the digest ring (a power of two). */
const DIGEST_RING = 256;

export class Host {
  readonly id: number;
  private readonly core: RaftCore;
  private readonly opts: HostOptions;
  private readonly sm: StateMachine;
  private readonly proposals = new Map<number, PendingProposal>();
  private readonly readIndexRequests = new Map<string, PendingRead>();
  private waitingReads: WaitingRead[] = [];
  private replies: [ReplyCallback, HostReply][] = [];
  private appliedIndex = 0;
  private appliedTerm = 0;
  private lastSnapshotIndex = 0;
  private readCounter = 0;
  /** The host's lock, held by the Ready loop (see the top of this file). */
  private lockHeld = false;
  /** BUG apply-holding-lock: the service calls back into Raft from the apply step, under the lock. */
  private readonly applyHoldsLock: boolean;
  private deadlock: HostDeadlock | null = null;
  private readonly sink: EventSink | null;
  private readonly digestEntries: (Entry | undefined)[] = new Array<Entry | undefined>(DIGEST_RING);
  private readonly digestIds: string[] = new Array<string>(DIGEST_RING).fill('');

  constructor(opts: HostOptions) {
    this.opts = opts;
    this.id = opts.config.id;
    this.sm = opts.stateMachine;
    this.sink = opts.events;
    this.applyHoldsLock = opts.config.bugs.has('apply-holding-lock');
    const persisted = opts.storage.load();
    // A restart loads the snapshot before the remaining log (lab 2D SnapshotInit).
    if (persisted.snapshot !== null) {
      this.sm.restore(persisted.snapshot.data);
      this.appliedIndex = persisted.snapshot.lastIndex;
      this.appliedTerm = persisted.snapshot.lastTerm;
      this.lastSnapshotIndex = persisted.snapshot.lastIndex;
    }
    const last = persisted.entries[persisted.entries.length - 1];
    this.emit({
      node: this.id,
      time: opts.clock.nowNs(),
      kind: 'boot',
      term: persisted.hardState.term,
      votedFor: persisted.hardState.votedFor,
      commit: persisted.hardState.commit,
      lastIndex: last !== undefined ? last.index : (persisted.snapshot?.lastIndex ?? 0),
      snapshotIndex: persisted.snapshot?.lastIndex ?? 0,
    });
    this.core = (opts.createCore ?? createRaft)(opts.config, persisted);
    this.process();
  }

  // ------------------------------------------------------------------ inputs

  /** One unit of logical time. */
  tick(): void {
    if (this.waitsForLock()) return;
    this.core.tick();
    this.process();
  }

  /** A message from a peer (already decoded). */
  receive(message: Message): void {
    if (this.waitsForLock()) return;
    this.core.step(message);
    this.process();
  }

  /**
   * Propose a command (KvCommand JSON) and answer `callback` when it is applied, or fails, or
   * with a redirect at once when this node is not the leader. Returns the index it got, or null
   * (a deadlocked host returns null and never answers: the request waits behind the lock).
   */
  submit(command: string, callback: ReplyCallback): LogIndex | null {
    if (this.waitsForLock()) return null;
    const index = this.core.propose(command);
    if (index === null) {
      this.replies.push([callback, { kind: 'redirect', leader: this.core.status().leader }]);
    } else {
      // An older proposal still waiting at this index lost its entry somewhere we did not see.
      const stale = this.proposals.get(index);
      if (stale !== undefined) this.replies.push([stale.callback, { kind: 'fail', reason: 'lost-leadership', definite: false }]);
      this.proposals.set(index, { term: this.core.status().term, callback });
    }
    this.process();
    return index;
  }

  /** The lab's Start(command): propose without waiting for an answer. */
  propose(command: string): { readonly index: LogIndex; readonly term: Term } | null {
    if (this.waitsForLock()) return null;
    const index = this.core.propose(command);
    const term = this.core.status().term;
    this.process();
    return index === null ? null : { index, term };
  }

  /** Read one key in the given mode; the answer comes through `callback`. */
  read(key: string, mode: HostReadMode, callback: ReplyCallback): void {
    if (this.waitsForLock()) return;
    switch (mode) {
      case 'local':
        // UNSAFE on purpose: this node may be a deposed leader or a lagging follower.
        this.replies.push([callback, { kind: 'ok', value: this.sm.read(key), index: this.appliedIndex }]);
        break;
      case 'log':
        this.submit(encodeCommand({ op: 'read', key }), callback);
        return;
      case 'read-index':
      case 'lease': {
        const requestId = `${this.id}:${++this.readCounter}`;
        this.readIndexRequests.set(requestId, { key, callback });
        this.core.readIndex(requestId, mode);
        break;
      }
      default: {
        const never: never = mode;
        throw new Error(`unknown read mode ${String(never)}`);
      }
    }
    this.process();
  }

  /** The core's status, read without the lock: a deadlocked node still shows its last state. */
  status(): RaftStatus {
    return this.core.status();
  }

  /** The deadlock (BUG apply-holding-lock), or null while the host runs. */
  deadlocked(): Readonly<HostDeadlock> | null {
    return this.deadlock;
  }

  /** Index of the last entry applied to the state machine. */
  applied(): number {
    return this.appliedIndex;
  }

  /** The state machine (for tests and for status reports). */
  stateMachine(): StateMachine {
    return this.sm;
  }

  /** The core, for tests and diagnostics (entries(), status()). */
  raft(): RaftCore {
    return this.core;
  }

  // ------------------------------------------------------------------ the Ready loop

  private process(): void {
    if (this.lockHeld) return;
    this.lockHeld = true;
    try {
      while (this.core.hasReady()) {
        const ready = this.core.ready();
        this.handle(ready);
        // Deadlocked in the apply step: the lock is never released, the Ready never advanced, and
        // the replies gathered so far are never sent (they go out after the lock is released).
        if (this.deadlock !== null) return;
        this.core.advance(ready);
        this.maybeSnapshot();
      }
    } finally {
      if (this.deadlock === null) this.lockHeld = false;
    }
    this.flushReplies();
  }

  /** An entry point's first step: true (and the input queued for ever) when the host is deadlocked. */
  private waitsForLock(): boolean {
    if (this.deadlock === null) return false;
    this.deadlock.queuedInputs++;
    return true;
  }

  private handle(ready: Ready): void {
    // 0. the event log, before acting on anything.
    for (const ev of ready.events) this.emitCore(ev);
    if (ready.entries.length > 0) {
      if (this.sink !== null) {
        const time = this.opts.clock.nowNs();
        for (const e of ready.entries) {
          this.sink({ node: this.id, time, kind: 'append', index: e.index, term: e.term, id: this.digest(e) });
        }
      }
      if (this.proposals.size > 0) this.failOverwritten(ready.entries);
    }
    // 1. persist.
    // BUG nothing-persisted: the node never writes its term, vote or log, so a restart begins
    // empty (Figure 2 lists them as persistent state, written before answering any RPC).
    const persists = !this.opts.config.bugs.has('nothing-persisted');
    if (persists && (ready.hardState !== null || ready.snapshot !== null || ready.entries.length > 0)) {
      this.opts.storage.save({
        hardState: ready.hardState,
        snapshot: ready.snapshot,
        entries: ready.entries,
        mustSync: ready.mustSync,
      });
    }
    // 2. send.
    for (const m of ready.messages) this.opts.send(m);
    // 3. apply: the snapshot first, then the committed entries.
    if (ready.snapshot !== null) this.installSnapshot(ready.snapshot);
    for (const e of ready.committedEntries) {
      this.applyEntry(e);
      // BUG apply-holding-lock: the service is handed each entry under the lock; at a snapshot
      // point it calls back into Raft to snapshot and compact, which needs the same lock.
      if (this.applyHoldsLock && this.snapshotDue()) {
        this.deadlock = { index: e.index, sinceNs: this.opts.clock.nowNs(), queuedInputs: 0 };
        return;
      }
    }
    // 4. reads.
    for (const rs of ready.readStates) {
      const pending = this.readIndexRequests.get(rs.requestId);
      if (pending === undefined) continue;
      this.readIndexRequests.delete(rs.requestId);
      this.waitingReads.push({ key: pending.key, callback: pending.callback, index: rs.index });
    }
    for (const rr of ready.readRejections) {
      const pending = this.readIndexRequests.get(rr.requestId);
      if (pending === undefined) continue;
      this.readIndexRequests.delete(rr.requestId);
      // A read has no effect, so its failure is always definite.
      const reply: HostReply =
        rr.reason === 'not-leader'
          ? { kind: 'redirect', leader: rr.leader }
          : { kind: 'fail', reason: rr.reason, definite: true };
      this.replies.push([pending.callback, reply]);
    }
    if (this.waitingReads.length > 0) this.serveReads();
  }

  /**
   * Entries in this Ready replace the log from entries[0].index on. A pending proposal at such an
   * index whose entry is not among them with the same term was overwritten by another leader.
   * Its outcome is UNKNOWN (definite: false): this node's log lost the entry, but another node may
   * still hold it and a later leader may yet commit it. Only an apply of a different entry at that
   * index makes the failure definite (see applyEntry).
   */
  private failOverwritten(entries: readonly Entry[]): void {
    const first = entries[0]!.index;
    for (const [index, p] of this.proposals) {
      if (index < first) continue;
      const e = entries[index - first];
      if (e !== undefined && e.term === p.term) continue;
      this.proposals.delete(index);
      this.replies.push([p.callback, { kind: 'fail', reason: 'lost-leadership', definite: false }]);
    }
  }

  private installSnapshot(snapshot: Snapshot): void {
    this.sm.restore(snapshot.data);
    this.appliedIndex = snapshot.lastIndex;
    this.appliedTerm = snapshot.lastTerm;
    this.lastSnapshotIndex = snapshot.lastIndex;
    // Proposals covered by the snapshot: we cannot tell from here whether our entry is in it,
    // so their outcome is unknown (the client retries; the dedup table answers a retry).
    for (const [index, p] of this.proposals) {
      if (index > snapshot.lastIndex) {
        // §7: the log after the snapshot survives only if it matched; check our entry is still there.
        const kept = this.core.entries(asIndex(index), asIndex(index))[0];
        if (kept !== undefined && kept.term === p.term) continue;
      }
      this.proposals.delete(index);
      this.replies.push([p.callback, { kind: 'fail', reason: 'snapshot-installed', definite: false }]);
    }
  }

  private applyEntry(e: Entry): void {
    if (this.sink !== null) {
      this.sink({ node: this.id, time: this.opts.clock.nowNs(), kind: 'apply', index: e.index, term: e.term, id: this.digest(e) });
    }
    const result = this.sm.apply(e);
    this.appliedIndex = e.index;
    this.appliedTerm = e.term;
    const p = this.proposals.get(e.index);
    if (p === undefined) return;
    this.proposals.delete(e.index);
    if (p.term !== e.term) {
      // Another entry is committed at our index: ours can never be (State Machine Safety, §5.4.3).
      this.replies.push([p.callback, { kind: 'fail', reason: 'lost-leadership', definite: true }]);
      return;
    }
    const reply: HostReply =
      result.kind === 'ok'
        ? { kind: 'ok', value: result.value, index: e.index }
        : { kind: 'fail', reason: result.reason, definite: true };
    this.replies.push([p.callback, reply]);
  }

  private serveReads(): void {
    const still: WaitingRead[] = [];
    for (const w of this.waitingReads) {
      if (w.index <= this.appliedIndex) {
        this.replies.push([w.callback, { kind: 'ok', value: this.sm.read(w.key), index: w.index }]);
      } else {
        still.push(w);
      }
    }
    this.waitingReads = still;
  }

  /** Snapshot policy (lab 2D): every snapshotEveryEntries applied entries, snapshot and compact. */
  private maybeSnapshot(): void {
    if (!this.snapshotDue()) return;
    const snapshot: Snapshot = {
      lastIndex: asIndex(this.appliedIndex),
      lastTerm: asTerm(this.appliedTerm),
      data: this.sm.snapshot(),
    };
    this.opts.storage.compact(snapshot);
    this.core.compact(snapshot.lastIndex, snapshot.data);
    this.lastSnapshotIndex = this.appliedIndex;
    this.emit({ node: this.id, time: this.opts.clock.nowNs(), kind: 'snapshot', lastIndex: snapshot.lastIndex, lastTerm: snapshot.lastTerm, installed: false });
  }

  private snapshotDue(): boolean {
    const every = this.opts.snapshotEveryEntries;
    return every > 0 && this.appliedIndex - this.lastSnapshotIndex >= every;
  }

  private flushReplies(): void {
    while (this.replies.length > 0) {
      const batch = this.replies;
      this.replies = [];
      for (const [callback, reply] of batch) callback(reply);
    }
  }

  // ------------------------------------------------------------------ events

  private emitCore(ev: RaftEvent): void {
    if (this.sink === null) return;
    const node = this.id;
    const time = this.opts.clock.nowNs();
    switch (ev.kind) {
      case 'term':
        this.emit({ node, time, kind: 'term', term: ev.term });
        return;
      case 'role':
        this.emit({ node, time, kind: 'role', role: ev.role, term: ev.term, leader: ev.leader });
        return;
      case 'vote':
        this.emit({ node, time, kind: 'vote', term: ev.term, for: ev.for });
        return;
      case 'truncate':
        this.emit({ node, time, kind: 'truncate', fromIndex: ev.fromIndex, term: ev.term });
        return;
      case 'commit':
        this.emit({ node, time, kind: 'commit', index: ev.index, term: ev.term });
        return;
      case 'snapshot':
        // Local compactions are logged by maybeSnapshot(); the core's own record would repeat it.
        if (!ev.installed) return;
        this.emit({ node, time, kind: 'snapshot', lastIndex: ev.lastIndex, lastTerm: ev.lastTerm, installed: true });
        return;
      default: {
        const never: never = ev;
        throw new Error(`unknown core event ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * The entry's digest for the event log, remembered by entry object in a small ring keyed by
   * index: the entry appended is the very object applied later, so each is hashed once per node.
   */
  private digest(e: Entry): string {
    const slot = e.index & (DIGEST_RING - 1);
    if (this.digestEntries[slot] === e) return this.digestIds[slot]!;
    const id = entryDigest(e.kind, e.data);
    this.digestEntries[slot] = e;
    this.digestIds[slot] = id;
    return id;
  }

  private emit(ev: NodeEvent): void {
    if (this.sink !== null) this.sink(ev);
  }
}

/**
 * entryId(entry) of src/history/digest.ts (FNV-1a over `${kind}:${data}`), computed without
 * building the concatenated string: this runs twice per entry per node (append, apply).
 */
export function entryDigest(kind: string, data: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < kind.length; i++) {
    hash ^= kind.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= 58; // ':'
  hash = Math.imul(hash, 0x01000193);
  for (let i = 0; i < data.length; i++) {
    hash ^= data.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
