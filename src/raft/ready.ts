// Building the one output record (etcd's Ready). ready() hands everything pending to the host and
// marks it handed: entries as given for persisting, committed entries as applied, hard and soft
// state as reported. advance() has nothing left to do but is kept for the contract.
import { broadcastAppend, broadcastHeartbeat } from './replication.js';
import type { RaftState } from './state.js';
import { asIndex } from './types.js';
import type { Entry, HardState, Ready, SoftState } from './types.js';

/** The one empty list every quiet Ready shares (frozen: nobody may add to it). */
const NONE: readonly never[] = Object.freeze([]);

/** Leader work that is batched until the host asks for a Ready: new entries and read rounds. */
function flush(r: RaftState): void {
  if (r.role !== 'leader') return;
  if (r.appendPending) broadcastAppend(r);
  if (r.readRoundWanted) broadcastHeartbeat(r);
}

/** The vote as it goes to stable storage. */
function votedForToPersist(r: RaftState): HardState['votedFor'] {
  const before = r.persistedHardState;
  // BUG vote-not-persisted: the vote is left out of the persisted state, so a restarted node
  // may vote twice in one term (§5.2 / Figure 2 list votedFor as persistent).
  if (r.hasBug('vote-not-persisted')) return before.term === r.term ? before.votedFor : null;
  return r.votedFor;
}

function currentHardState(r: RaftState): HardState {
  return { term: r.term, votedFor: votedForToPersist(r), commit: r.log.commit };
}

function applyLimit(r: RaftState): number {
  // BUG apply-beyond-commit: a follower applies every entry it holds, committed or not (§5.3
  // says apply only committed entries).
  if (r.role !== 'leader' && r.hasBug('apply-beyond-commit')) return r.log.lastIndex();
  return r.log.commit;
}

export function hasReady(r: RaftState): boolean {
  const before = r.persistedHardState;
  return (
    r.messages.length > 0 ||
    r.events.length > 0 ||
    r.readStates.length > 0 ||
    r.readRejections.length > 0 ||
    r.receivedSnapshot !== null ||
    (r.role === 'leader' && (r.appendPending || r.readRoundWanted)) ||
    r.log.hasUnstable() ||
    r.term !== before.term ||
    votedForToPersist(r) !== before.votedFor ||
    r.log.commit !== before.commit ||
    r.role !== r.reportedSoftState.role ||
    r.leader !== r.reportedSoftState.leader ||
    applyLimit(r) > r.log.applied
  );
}

export function ready(r: RaftState): Ready {
  flush(r);
  const hs = currentHardState(r);
  const before = r.persistedHardState;
  const termOrVoteChanged = hs.term !== before.term || hs.votedFor !== before.votedFor;
  const hardState = termOrVoteChanged || hs.commit !== before.commit ? hs : null;
  const entries = r.log.takeUnstable();
  const snapshot = r.receivedSnapshot;
  const limit = applyLimit(r);
  const committedEntries: readonly Entry[] = limit > r.log.applied ? r.log.slice(r.log.applied + 1, limit) : NONE;
  const last = committedEntries[committedEntries.length - 1];
  if (last) r.log.applied = asIndex(last.index);
  let softState: SoftState | null = null;
  if (r.role !== r.reportedSoftState.role || r.leader !== r.reportedSoftState.leader) {
    softState = { role: r.role, leader: r.leader };
    r.reportedSoftState = softState;
  }
  if (hardState) r.persistedHardState = hardState;
  // Pending lists are handed over (not copied); an empty one stays with the core and the Ready
  // gets the shared empty list, so a quiet Ready allocates no arrays.
  const messages = r.messages;
  const events = r.events;
  const readStates = r.readStates;
  const readRejections = r.readRejections;
  if (messages.length > 0) r.messages = [];
  if (events.length > 0) r.events = [];
  if (readStates.length > 0) r.readStates = [];
  if (readRejections.length > 0) r.readRejections = [];
  const out: Ready = {
    hardState,
    snapshot,
    entries,
    mustSync: termOrVoteChanged || entries.length > 0 || snapshot !== null,
    messages: messages.length > 0 ? messages : NONE,
    committedEntries,
    readStates: readStates.length > 0 ? readStates : NONE,
    readRejections: readRejections.length > 0 ? readRejections : NONE,
    softState,
    events: events.length > 0 ? events : NONE,
  };
  r.receivedSnapshot = null;
  return out;
}
