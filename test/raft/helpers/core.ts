// Helpers for driving one core by hand: logs built from a list of terms, and hand-made messages.
import { createRaft, createRng } from '../../../src/raft/index.js';
import { asIndex, asNodeId, asTerm } from '../../../src/raft/types.js';
import type {
  AppendEntries,
  BugName,
  Entry,
  Message,
  RaftCore,
  Ready,
  RequestVote,
} from '../../../src/raft/types.js';

/** Entries 1..n whose terms are `terms` (data "t<term>i<index>"). */
export function logOfTerms(terms: readonly number[], from = 1): Entry[] {
  return terms.map((t, i) => ({
    term: asTerm(t),
    index: asIndex(from + i),
    kind: 'normal' as const,
    data: `t${t}i${from + i}`,
  }));
}

export interface CoreOptions {
  readonly id?: number;
  readonly peers?: readonly number[];
  readonly term?: number;
  readonly votedFor?: number | null;
  readonly commit?: number;
  readonly terms?: readonly number[];
  readonly preVote?: boolean;
  readonly checkQuorum?: boolean;
  readonly electionTicks?: number;
  readonly leaseTicks?: number;
  readonly bugs?: readonly BugName[];
  readonly seed?: number;
}

export function makeCore(o: CoreOptions = {}): RaftCore {
  return createRaft(
    {
      id: asNodeId(o.id ?? 1),
      peers: (o.peers ?? [1, 2, 3]).map(asNodeId),
      electionTicks: o.electionTicks ?? 10,
      heartbeatTicks: 1,
      preVote: o.preVote ?? false,
      checkQuorum: o.checkQuorum ?? false,
      maxEntriesPerAppend: 64,
      leaseTicks: o.leaseTicks ?? 0,
      rng: createRng(o.seed ?? 42),
      bugs: new Set(o.bugs ?? []),
    },
    {
      hardState: {
        term: asTerm(o.term ?? 0),
        votedFor: o.votedFor == null ? null : asNodeId(o.votedFor),
        commit: asIndex(o.commit ?? 0),
      },
      snapshot: null,
      entries: logOfTerms(o.terms ?? []),
    },
  );
}

/** Take the pending Ready (and advance). */
export function drain(core: RaftCore): Ready {
  const rd = core.ready();
  core.advance(rd);
  return rd;
}

export function voteRequest(
  from: number,
  to: number,
  term: number,
  lastLogIndex: number,
  lastLogTerm: number,
  preVote = false,
): RequestVote {
  return {
    type: 'RequestVote',
    from: asNodeId(from),
    to: asNodeId(to),
    term: asTerm(term),
    preVote,
    lastLogIndex: asIndex(lastLogIndex),
    lastLogTerm: asTerm(lastLogTerm),
  };
}

export function append(
  from: number,
  to: number,
  term: number,
  prevLogIndex: number,
  prevLogTerm: number,
  entryTerms: readonly number[],
  leaderCommit = 0,
): AppendEntries {
  return {
    type: 'AppendEntries',
    from: asNodeId(from),
    to: asNodeId(to),
    term: asTerm(term),
    prevLogIndex: asIndex(prevLogIndex),
    prevLogTerm: asTerm(prevLogTerm),
    entries: logOfTerms(entryTerms, prevLogIndex + 1),
    leaderCommit: asIndex(leaderCommit),
    readCtx: 0,
  };
}

export function onlyOfType<T extends Message['type']>(ms: readonly Message[], type: T): Extract<Message, { type: T }>[] {
  return ms.filter((m): m is Extract<Message, { type: T }> => m.type === type);
}

export function logTerms(core: RaftCore): number[] {
  const s = core.status();
  return core.entries(asIndex(s.snapshotIndex + 1), s.lastIndex).map((e) => e.term);
}
