// The bug catalogue: each flag changes behaviour at exactly the place it names; each test runs
// the same scenario with the flag off and on and shows the difference.
import { describe, expect, it } from 'vitest';
import { BUGS } from '../../src/raft/bugs.js';
import { asIndex, asNodeId, asTerm } from '../../src/raft/types.js';
import type { BugName, NodeId, PersistedState } from '../../src/raft/types.js';
import { Cluster } from './helpers/cluster.js';
import { append, drain, logOfTerms, logTerms, makeCore, onlyOfType, voteRequest } from './helpers/core.js';

const persisted = (term: number, terms: readonly number[], commit = 0): PersistedState => ({
  hardState: { term: asTerm(term), votedFor: null, commit: asIndex(commit) },
  snapshot: null,
  entries: logOfTerms(terms),
});

const granted = (bugs: BugName[], lastIndex: number, lastTerm: number): boolean | undefined => {
  const core = makeCore({ term: 2, terms: [1, 1, 2], bugs });
  core.step(voteRequest(2, 1, 3, lastIndex, lastTerm));
  return onlyOfType(drain(core).messages, 'RequestVoteReply')[0]?.granted;
};

describe('bug catalogue', () => {
  it('lists every bug once with a one-line description', () => {
    expect(BUGS).toHaveLength(16);
    expect(new Set(BUGS.map((b) => b.name)).size).toBe(16);
    for (const b of BUGS) expect(b.description).toMatch(/^[^\n]{10,120}$/);
  });

  it('vote-without-log-check: grants a vote to a candidate with a stale log (§5.4.1)', () => {
    expect(granted([], 1, 1)).toBe(false);
    expect(granted(['vote-without-log-check'], 1, 1)).toBe(true);
  });

  it('up-to-date-index-before-term: a longer log of an older term wins (§5.4.1)', () => {
    expect(granted([], 9, 1)).toBe(false);
    expect(granted(['up-to-date-index-before-term'], 9, 1)).toBe(true);
    expect(granted(['up-to-date-index-before-term'], 3, 3)).toBe(true); // same length, higher term: still yes
  });

  it('commit-old-term-by-count: Figure 8 -- a committed entry is later overwritten', () => {
    const run = (bugs: BugName[]) => {
      const c = new Cluster({
        size: 5,
        maxEntriesPerAppend: 1,
        bugs,
        initial: (id) => (id <= 2 ? persisted(3, [1, 2], 1) : id === 5 ? persisted(3, [1, 3], 1) : persisted(3, [1], 1)),
      });
      c.disconnect(5);
      c.rewrite = (m) => (m.type === 'AppendEntries' ? { ...m, entries: m.entries.filter((e) => e.index < 3) } : m);
      c.campaignUntilLeader(1);
      c.tick(2);
      const s1 = (c.applied.get(asNodeId(1)) ?? []).map((e) => e.term);
      c.crash(1);
      c.connect(5);
      c.rewrite = (m) => m;
      c.campaignUntilLeader(5);
      c.tick(3);
      const s5 = (c.applied.get(asNodeId(5)) ?? []).map((e) => e.term);
      return { s1, s5 };
    };
    const ok = run([]);
    expect(ok.s1).toEqual([1]);
    expect(ok.s5).toEqual([1, 3, 5]);
    const bad = run(['commit-old-term-by-count']);
    // S1 applied the term-2 entry at index 2; S5 later applied a term-3 entry there.
    expect(bad.s1).toEqual([1, 2]);
    expect(bad.s5.slice(0, 2)).toEqual([1, 3]);
  });

  it('vote-not-persisted: after a restart the node votes again in the same term', () => {
    const run = (bugs: BugName[]) => {
      const c = new Cluster({ size: 3, bugs });
      c.core(1).step(voteRequest(2, 1, 5, 0, 0));
      const rd = c.handleReady(asNodeId(1));
      c.crash(1);
      c.restart(1);
      c.core(1).step(voteRequest(3, 1, 5, 0, 0));
      const second = c.handleReady(asNodeId(1));
      return { persistedVote: rd?.hardState?.votedFor, secondGranted: onlyOfType(second?.messages ?? [], 'RequestVoteReply')[0]?.granted };
    };
    expect(run([])).toEqual({ persistedVote: 2, secondGranted: false });
    expect(run(['vote-not-persisted'])).toEqual({ persistedVote: null, secondGranted: true });
  });

  it('no-truncate-on-conflict: the stale tail after a conflicting entry survives', () => {
    const run = (bugs: BugName[]) => {
      const core = makeCore({ term: 3, terms: [1, 1, 2, 2, 2], bugs });
      core.step(append(2, 1, 3, 2, 1, [3]));
      const rd = drain(core);
      return { log: logTerms(core), persisted: rd.entries.map((e) => e.term) };
    };
    expect(run([])).toEqual({ log: [1, 1, 3], persisted: [3] });
    expect(run(['no-truncate-on-conflict'])).toEqual({ log: [1, 1, 3, 2, 2], persisted: [3, 2, 2] });
  });

  it('stale-append-truncates: a delayed matching AppendEntries cuts the log after it', () => {
    const run = (bugs: BugName[]) => {
      const core = makeCore({ term: 1, terms: [1, 1, 1, 1], bugs });
      core.step(append(2, 1, 1, 1, 1, [1]));
      const rd = drain(core);
      return { log: logTerms(core), persistedFrom: rd.entries[0]?.index ?? null };
    };
    expect(run([])).toEqual({ log: [1, 1, 1, 1], persistedFrom: null });
    // The host is told to rewrite from index 2, which cuts its log too.
    expect(run(['stale-append-truncates'])).toEqual({ log: [1, 1], persistedFrom: 2 });
  });

  it('no-step-down-on-reply: a leader ignores a higher term in a reply', () => {
    const run = (bugs: BugName[]) => {
      const c = new Cluster({ size: 3, seed: 3, bugs });
      const leader = c.electLeader();
      const other = c.ids.find((id) => id !== leader) as NodeId;
      const term = c.core(leader).status().term;
      c.core(leader).step({
        type: 'AppendEntriesReply',
        from: other,
        to: leader,
        term: asTerm(term + 1),
        success: false,
        matchIndex: asIndex(0),
        conflictTerm: asTerm(0),
        conflictIndex: asIndex(0),
        readCtx: 0,
      });
      return c.core(leader).status().role;
    };
    expect(run([])).toBe('follower');
    expect(run(['no-step-down-on-reply'])).toBe('leader');
  });

  it('local-reads: a follower answers a read at once from its own state', () => {
    const follower = (bugs: BugName[]) => {
      const core = makeCore({ term: 2, terms: [1, 2], commit: 1, bugs });
      const rd = (core.readIndex('r', 'read-index'), drain(core));
      return { states: rd.readStates, rejections: rd.readRejections.length };
    };
    expect(follower([])).toEqual({ states: [], rejections: 1 });
    expect(follower(['local-reads'])).toEqual({ states: [{ requestId: 'r', index: 1 }], rejections: 0 });
  });

  it('lease-without-margin: the lease is trusted for a whole election timeout', () => {
    const run = (bugs: BugName[]) => {
      const c = new Cluster({ size: 3, seed: 31, electionTicks: 10, leaseTicks: 4, checkQuorum: true, bugs });
      const leader = c.electLeader();
      c.propose('a');
      c.tick(2);
      c.disconnect(leader);
      c.tick(6); // past leaseTicks, within electionTicks
      c.core(leader).readIndex('l', 'lease');
      return drain(c.core(leader)).readStates.length;
    };
    expect(run([])).toBe(0);
    expect(run(['lease-without-margin'])).toBe(1);
  });

  it('commit-by-ack-count: one follower of five answering twice commits an entry only two nodes hold', () => {
    const run = (bugs: BugName[]) => {
      const c = new Cluster({ size: 5, seed: 4, bugs });
      const leader = c.electLeader();
      const [a, ...others] = c.ids.filter((id) => id !== leader) as [NodeId, ...NodeId[]];
      for (const o of others) c.disconnect(o);
      const index = c.core(leader).propose('x');
      expect(index).not.toBeNull();
      const term = c.core(leader).status().term;
      const reply = {
        type: 'AppendEntriesReply' as const,
        from: a,
        to: leader,
        term: asTerm(term),
        success: true,
        matchIndex: asIndex(index!),
        conflictTerm: asTerm(0),
        conflictIndex: asIndex(0),
        readCtx: 0,
      };
      c.core(leader).step(reply);
      c.core(leader).step(reply); // the same reply again (a duplicate, or a heartbeat's)
      return c.core(leader).status().commit >= index!;
    };
    expect(run([])).toBe(false);
    expect(run(['commit-by-ack-count'])).toBe(true);
  });

  it('commit-not-capped: a follower commits its stale tail past the entry the heartbeat verified (Figure 2)', () => {
    const run = (bugs: BugName[]) => {
      // Entries 3..5 are a stale tail of term 2; the leader of term 3 verifies only index 2.
      const core = makeCore({ term: 3, terms: [1, 1, 2, 2, 2], bugs });
      core.step(append(2, 1, 3, 2, 1, [], 5));
      return drain(core).committedEntries.map((e) => e.index);
    };
    expect(run([])).toEqual([1, 2]);
    expect(run(['commit-not-capped'])).toEqual([1, 2, 3, 4, 5]);
  });

  it('timer-reset-by-any-message: stale heartbeats keep a follower from ever campaigning (§5.2)', () => {
    const run = (bugs: BugName[]) => {
      const core = makeCore({ term: 3, terms: [1], electionTicks: 10, bugs });
      for (let t = 0; t < 40; t++) {
        core.step(append(2, 1, 2, 0, 0, [])); // a deposed leader of term 2, refused
        core.tick();
      }
      return core.status();
    };
    expect(run([]).term).toBeGreaterThan(3); // it timed out and campaigned
    expect(run(['timer-reset-by-any-message'])).toMatchObject({ term: 3, role: 'follower' });
  });

  it('next-index-double-advance: a duplicated reply makes the leader commit an entry only it holds', () => {
    const run = (bugs: BugName[]) => {
      const c = new Cluster({ size: 3, seed: 4, bugs });
      const leader = c.electLeader();
      c.propose('warm');
      const [a, b] = c.ids.filter((id) => id !== leader) as [NodeId, NodeId];
      c.disconnect(a);
      c.disconnect(b); // from here on, messages move only by hand
      const x = c.core(leader).propose('x')!;
      const toA = onlyOfType(c.handleReady(leader)!.messages, 'AppendEntries').find((m) => m.to === a)!;
      c.core(a).step(toA);
      const reply = onlyOfType(c.handleReady(a)!.messages, 'AppendEntriesReply')[0]!;
      c.core(leader).propose('y');
      c.handleReady(leader); // y is sent, and lost
      c.core(leader).step(reply);
      c.core(leader).step(reply); // the same reply again (a duplicate)
      return { x, commit: c.core(leader).status().commit, aLast: c.core(a).status().lastIndex };
    };
    const ok = run([]);
    expect(ok.commit).toBe(ok.x);
    const bad = run(['next-index-double-advance']);
    expect(bad.aLast).toBe(bad.x);
    expect(bad.commit).toBe(bad.x + 1); // y is committed, held by the leader alone
  });

  it('apply-beyond-commit: a follower applies entries that are not committed', () => {
    const run = (bugs: BugName[]) => {
      const core = makeCore({ term: 1, bugs });
      core.step(append(2, 1, 1, 0, 0, [1, 1, 1], 1));
      return drain(core).committedEntries.map((e) => e.index);
    };
    expect(run([])).toEqual([1]);
    expect(run(['apply-beyond-commit'])).toEqual([1, 2, 3]);
  });
});
