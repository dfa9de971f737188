// The pure Raft core: createRaft(config, persisted) gives a RaftCore (see types.ts for the
// contract and the host's ordering rule). No I/O, no clock, no global randomness.
import { readIndex } from './read-index.js';
import { hasReady, ready } from './ready.js';
import { compact } from './snapshot.js';
import { RaftState } from './state.js';
import { propose, step, tick } from './step.js';
import { transferLeadership } from './transfer.js';
import { asIndex, asTerm } from './types.js';
import type { LogIndex, PersistedState, RaftConfig, RaftCore, RaftStatus } from './types.js';

export { createRng } from './rng.js';
export { BUGS, BUG_NAMES } from './bugs.js';
export * from './types.js';

/** The persisted state of a node that has never run. */
export function emptyPersistedState(): PersistedState {
  return { hardState: { term: asTerm(0), votedFor: null, commit: asIndex(0) }, snapshot: null, entries: [] };
}

/**
 * Start a node from what the host read back from stable storage. After a restart the host
 * restores its state machine from persisted.snapshot (if any); committed entries after it come
 * out again in ready().committedEntries.
 */
export function createRaft(config: RaftConfig, persisted: PersistedState): RaftCore {
  const r = new RaftState(config, persisted);
  r.resetRandomizedElectionTimeout();
  return {
    tick: () => tick(r),
    step: (message) => step(r, message),
    propose: (data) => propose(r, data),
    readIndex: (requestId, mode) => readIndex(r, requestId, mode),
    hasReady: () => hasReady(r),
    ready: () => ready(r),
    advance: () => {
      // ready() already marked everything it handed out; nothing is deferred to here.
    },
    compact: (index, data) => compact(r, index, data),
    transferLeadership: (target) => transferLeadership(r, target),
    status: (): RaftStatus => ({
      id: r.id,
      role: r.role,
      term: r.term,
      leader: r.leader,
      votedFor: r.votedFor,
      commit: r.log.commit,
      applied: r.log.applied,
      lastIndex: r.log.lastIndex(),
      lastTerm: r.log.lastTerm(),
      snapshotIndex: r.log.snapshotIndex,
    }),
    entries: (from: LogIndex, to: LogIndex) => r.log.slice(from, to),
  };
}
