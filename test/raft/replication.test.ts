// Log replication (§5.3), fast backup of nextIndex, commit rules (§5.4.2, Figure 8), batching and
// message economy (the lab's Count and RPCBytes tests).
import { describe, expect, it } from 'vitest';
import { asIndex, asNodeId, asTerm } from '../../src/raft/types.js';
import type { AppendEntries, NodeId, PersistedState } from '../../src/raft/types.js';
import { Cluster } from './helpers/cluster.js';
import { append, drain, logOfTerms, logTerms, makeCore, onlyOfType } from './helpers/core.js';

const persisted = (term: number, terms: readonly number[], commit = 0, votedFor: number | null = null): PersistedState => ({
  hardState: { term: asTerm(term), votedFor: votedFor === null ? null : asNodeId(votedFor), commit: asIndex(commit) },
  snapshot: null,
  entries: logOfTerms(terms),
});

describe('follower side of AppendEntries (§5.3)', () => {
  it('rejects when it has no entry at prevLogIndex, hinting its log end', () => {
    const core = makeCore({ term: 2, terms: [1, 1] });
    core.step(append(2, 1, 2, 5, 2, [2]));
    const reply = onlyOfType(drain(core).messages, 'AppendEntriesReply')[0];
    expect(reply).toMatchObject({ success: false, conflictTerm: 0, conflictIndex: 3, matchIndex: 5 });
  });

  it('rejects on a term mismatch at prevLogIndex, hinting the first index of its term there', () => {
    const core = makeCore({ term: 4, terms: [1, 2, 2, 2, 3] });
    core.step(append(2, 1, 4, 4, 4, [4]));
    const reply = onlyOfType(drain(core).messages, 'AppendEntriesReply')[0];
    expect(reply).toMatchObject({ success: false, conflictTerm: 2, conflictIndex: 2 });
  });

  it('deletes a conflicting entry and all that follow it, then appends (§5.3 step 3)', () => {
    const core = makeCore({ term: 3, terms: [1, 1, 2, 2, 2] });
    core.step(append(2, 1, 3, 2, 1, [3]));
    const rd = drain(core);
    expect(logTerms(core)).toEqual([1, 1, 3]);
    expect(rd.entries.map((e) => e.index)).toEqual([3]); // the host replaces its log from index 3
    expect(rd.events).toContainEqual({ kind: 'truncate', fromIndex: 3, term: 3 });
    expect(onlyOfType(rd.messages, 'AppendEntriesReply')[0]).toMatchObject({ success: true, matchIndex: 3 });
  });

  it('keeps entries after a delayed AppendEntries whose entries all match', () => {
    const core = makeCore({ term: 1, terms: [1, 1, 1, 1] });
    core.step(append(2, 1, 1, 1, 1, [1]));
    const rd = drain(core);
    expect(logTerms(core)).toEqual([1, 1, 1, 1]);
    expect(onlyOfType(rd.messages, 'AppendEntriesReply')[0]).toMatchObject({ success: true, matchIndex: 2 });
  });

  it('commits min(leaderCommit, index of the last new entry) (§5.3 step 5)', () => {
    const core = makeCore({ term: 1, terms: [1, 1, 1, 1] });
    core.step(append(2, 1, 1, 1, 1, [1], 4));
    const rd = drain(core);
    expect(core.status().commit).toBe(2);
    expect(rd.committedEntries.map((e) => e.index)).toEqual([1, 2]);
    expect(rd.hardState?.commit).toBe(2);
  });
});

describe('fast backup of nextIndex (lab 2B Backup)', () => {
  // Raft paper Figure 7: the leader of term 8 and follower (f), which has entries of terms 2 and 3
  // that no one else has.
  it('reaches the divergence point with one round trip per conflicting term, not per entry', () => {
    const leaderLog = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
    const followerLog = [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3];
    const c = new Cluster({
      size: 3,
      initial: (id) => (id === 1 ? persisted(7, leaderLog, 3) : id === 2 ? persisted(7, leaderLog, 3) : persisted(3, followerLog, 3)),
    });
    c.campaignUntilLeader(1);
    c.settle();
    const rejections = c.sent.filter((m) => m.type === 'AppendEntriesReply' && m.from === 3 && !m.success);
    expect(rejections.length).toBeGreaterThan(0);
    expect(rejections.length).toBeLessThanOrEqual(3); // one per term of its divergent suffix, at most
    expect(logTerms(c.core(3))).toEqual(logTerms(c.core(1)));
    expect(c.core(3).status().lastIndex).toBe(11); // the leader's 10 entries plus its no-op
  });

  it('a follower whose log is too short is caught up from its log end in one step', () => {
    const c = new Cluster({
      size: 3,
      initial: (id) => (id === 3 ? persisted(1, [1], 1) : persisted(2, [1, 1, 2, 2, 2, 2, 2, 2], 1)),
    });
    c.campaignUntilLeader(1);
    c.settle();
    const rejections = c.sent.filter((m) => m.type === 'AppendEntriesReply' && m.from === 3 && !m.success);
    expect(rejections).toHaveLength(1);
    expect(logTerms(c.core(3))).toEqual(logTerms(c.core(1)));
  });
});

describe('commit rule (§5.4.2, Figure 8)', () => {
  /**
   * Figure 8 (c): S1 is leader of term 4 with the term-2 entry at index 2, which it replicates to
   * S3 so that S1, S2 and S3 hold it -- a majority of 5. It must not count that as committed:
   * S5 (with a term-3 entry at index 2) can still be elected and overwrite it.
   */
  function figure8(bugs: readonly 'commit-old-term-by-count'[]) {
    const c = new Cluster({
      size: 5,
      maxEntriesPerAppend: 1,
      bugs,
      initial: (id) =>
        id === 1 || id === 2
          ? persisted(3, [1, 2], 1)
          : id === 5
            ? persisted(3, [1, 3], 1)
            : persisted(3, [1], 1),
    });
    c.disconnect(5);
    // Entries of index 3 and above (S1's term-4 no-op) never arrive anywhere.
    c.rewrite = (m) => (m.type === 'AppendEntries' ? { ...m, entries: m.entries.filter((e) => e.index < 3) } : m);
    c.campaignUntilLeader(1);
    c.settle();
    expect(c.core(3).entries(asIndex(2), asIndex(2))[0]?.term).toBe(2); // replicated on S1, S2, S3
    const s1Commit = c.core(1).status().commit;
    c.tick(2);
    const s1Applied = c.applied.get(asNodeId(1))?.map((e) => `${e.index}@${e.term}`) ?? [];
    // Now S1 crashes and S5, whose last term (3) beats the others' (2), is elected.
    c.crash(1);
    c.connect(5);
    c.rewrite = (m) => m;
    c.campaignUntilLeader(5);
    c.tick(3);
    return { c, s1Commit, s1Applied };
  }

  it('a leader does not commit an entry of an earlier term by counting replicas', () => {
    const { c, s1Commit, s1Applied } = figure8([]);
    expect(s1Commit).toBe(1);
    expect(s1Applied).toEqual(['1@1']);
    // S5 overwrote index 2 everywhere, which is safe because it was never committed.
    for (const id of [2, 3, 4, 5]) expect(c.core(id).entries(asIndex(2), asIndex(2))[0]?.term).toBe(3);
  });

  it('an entry of an earlier term is committed indirectly, by an entry of the current term', () => {
    const c = new Cluster({ size: 3, initial: (id) => (id === 3 ? persisted(2, [1], 1) : persisted(2, [1, 2], 1)) });
    c.campaignUntilLeader(1);
    c.settle();
    expect(c.core(1).status().commit).toBe(3); // index 2 (term 2) with the no-op at 3 (term 3)
  });
});

describe('batching and message economy', () => {
  it('many proposals between two ready() calls come out as one Ready and one append per follower', () => {
    const c = new Cluster({ size: 3, seed: 2 });
    const leader = c.electLeader();
    c.tick(2);
    const core = c.core(leader);
    for (let i = 0; i < 5; i++) expect(core.propose(`v${i}`)).not.toBeNull();
    const rd = drain(core);
    expect(rd.entries).toHaveLength(5);
    expect(rd.mustSync).toBe(true);
    const appends = onlyOfType(rd.messages, 'AppendEntries');
    expect(appends).toHaveLength(2);
    for (const a of appends) expect(a.entries).toHaveLength(5);
  });

  it('sends at most maxEntriesPerAppend entries per AppendEntries', () => {
    const c = new Cluster({ size: 3, seed: 2, maxEntriesPerAppend: 3 });
    const leader = c.electLeader();
    c.tick(2);
    for (let i = 0; i < 10; i++) c.core(leader).propose(`v${i}`);
    c.settle();
    const appends = c.sent.filter((m): m is AppendEntries => m.type === 'AppendEntries');
    expect(Math.max(...appends.map((a) => a.entries.length))).toBe(3);
    c.tick(2);
    for (const id of c.ids) expect(c.appliedData(id)).toHaveLength(10);
  });

  it('lab Count: 10 commands in one term cost one append per follower each; heartbeats carry no entries', () => {
    const c = new Cluster({ size: 3, seed: 4 });
    const leader = c.electLeader();
    c.tick(3);
    const before = c.sent.length;
    for (let i = 0; i < 10; i++) c.propose(`cmd${i}`);
    c.tick(1);
    const requests = c.sent.slice(before).filter((m) => m.type === 'AppendEntries');
    expect(requests.length).toBeLessThanOrEqual((10 + 1 + 3) * 3);
    const entriesSent = requests.reduce((n, m) => n + (m.type === 'AppendEntries' ? m.entries.length : 0), 0);
    expect(entriesSent).toBe(10 * 2); // each entry to each peer exactly once
    for (const id of c.ids) expect(c.appliedData(id)).toHaveLength(10);
    expect(c.core(leader).status().term).toBe(c.core(c.ids[0] as NodeId).status().term);
  });

  it('lab Count: an idle leader sends only heartbeats, one per follower per heartbeat interval', () => {
    const c = new Cluster({ size: 3, seed: 4, heartbeatTicks: 1, electionTicks: 10 });
    c.electLeader();
    c.tick(5);
    const before = c.sent.length;
    c.tick(10); // one "second" at 100 ms per tick
    const idle = c.sent.slice(before);
    expect(idle.length).toBeLessThanOrEqual(60);
    expect(idle.filter((m) => m.type === 'AppendEntries' && m.entries.length > 0)).toEqual([]);
  });

  it('a lost append is resent after a heartbeat interval, not on every heartbeat', () => {
    const c = new Cluster({ size: 3, seed: 6, heartbeatTicks: 2 });
    const leader = c.electLeader();
    c.tick(4);
    const follower = c.ids.find((id) => id !== leader) as NodeId;
    let dropped = 0;
    c.dropIf = (m) => m.type === 'AppendEntries' && m.to === follower && m.entries.length > 0 && dropped++ === 0;
    c.core(leader).propose('x');
    c.settle();
    c.tick(8);
    expect(dropped).toBeGreaterThan(0);
    expect(c.appliedData(follower)).toEqual(['x']);
    const carrying = c.sent.filter((m) => m.type === 'AppendEntries' && m.to === follower && m.entries.some((e) => e.data === 'x'));
    expect(carrying).toHaveLength(2); // the lost one and one resend
  });
});
