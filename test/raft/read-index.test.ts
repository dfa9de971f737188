// Linearizable reads (§8): ReadIndex confirms leadership with a heartbeat round before answering;
// a lease answers without a round trip while a quorum answered recently; non-leaders reject.
import { describe, expect, it } from 'vitest';
import { asNodeId } from '../../src/raft/types.js';
import type { NodeId } from '../../src/raft/types.js';
import { Cluster } from './helpers/cluster.js';
import { drain, makeCore, onlyOfType } from './helpers/core.js';

function stableCluster(extra: { leaseTicks?: number; checkQuorum?: boolean } = {}) {
  const c = new Cluster({ size: 3, seed: 31, electionTicks: 10, ...extra });
  const leader = c.electLeader();
  c.propose('a');
  c.tick(2);
  return { c, leader };
}

describe('ReadIndex (§8)', () => {
  it('the leader records its commit index and answers after a quorum acknowledged a heartbeat round', () => {
    const { c, leader } = stableCluster();
    const core = c.core(leader);
    const commit = core.status().commit;
    core.readIndex('r1', 'read-index');
    const rd = drain(core);
    expect(rd.readStates).toEqual([]); // not before the round
    const round = onlyOfType(rd.messages, 'AppendEntries');
    expect(round).toHaveLength(2);
    expect(round.every((m) => m.entries.length === 0 && m.readCtx > 0)).toBe(true);
    // Deliver the heartbeat and one answer: self + one follower is a quorum of 3.
    const follower = round[0]?.to as NodeId;
    c.core(follower).step(round[0] as never);
    const reply = onlyOfType(drain(c.core(follower)).messages, 'AppendEntriesReply')[0];
    expect(reply?.readCtx).toBe(round[0]?.readCtx);
    core.step(reply as never);
    expect(drain(core).readStates).toEqual([{ requestId: 'r1', index: commit }]);
  });

  it('reads that arrive together share one heartbeat round', () => {
    const { c, leader } = stableCluster();
    const before = c.sent.length;
    for (let i = 0; i < 5; i++) c.core(leader).readIndex(`r${i}`, 'read-index');
    c.settle();
    expect(c.readStates.get(leader)?.map((r) => r.requestId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(c.sent.slice(before).filter((m) => m.type === 'AppendEntries')).toHaveLength(2);
  });

  it('a follower rejects a read and names the leader', () => {
    const { c, leader } = stableCluster();
    const follower = c.ids.find((id) => id !== leader) as NodeId;
    c.core(follower).readIndex('r', 'read-index');
    expect(drain(c.core(follower)).readRejections).toEqual([{ requestId: 'r', reason: 'not-leader', leader }]);
  });

  it('a leader cut off from the quorum never answers, and rejects the read when it steps down', () => {
    const { c, leader } = stableCluster();
    c.disconnect(leader);
    c.core(leader).readIndex('r', 'read-index');
    c.tick(5);
    expect(c.readStates.get(leader)).toEqual([]);
    c.connect(leader);
    // A newer leader elsewhere deposes it.
    const other = c.ids.find((id) => id !== leader) as NodeId;
    c.core(leader).step({
      type: 'AppendEntries',
      from: other,
      to: leader,
      term: (c.core(leader).status().term + 1) as never,
      prevLogIndex: 0 as never,
      prevLogTerm: 0 as never,
      entries: [],
      leaderCommit: 0 as never,
      readCtx: 0,
    });
    expect(drain(c.core(leader)).readRejections).toEqual([{ requestId: 'r', reason: 'lost-leadership', leader: null }]);
  });

  it('a new leader answers only after it committed an entry of its own term', () => {
    const c = new Cluster({ size: 3, seed: 33 });
    c.dropIf = (m) => m.type === 'AppendEntriesReply';
    const leader = c.electLeader();
    c.core(leader).readIndex('early', 'read-index');
    c.tick(3);
    expect(c.core(leader).status().commit).toBe(0);
    expect(c.readStates.get(leader)).toEqual([]);
    c.dropIf = () => false;
    c.tick(3);
    expect(c.readStates.get(leader)).toEqual([{ requestId: 'early', index: 1 }]);
  });

  it('a single-node cluster answers at once', () => {
    const c = new Cluster({ size: 1 });
    const leader = c.electLeader();
    c.core(leader).readIndex('r', 'read-index');
    expect(drain(c.core(leader)).readStates).toEqual([{ requestId: 'r', index: 1 }]);
  });
});

describe('lease reads', () => {
  it('answered without any message while a quorum answered within leaseTicks', () => {
    const { c, leader } = stableCluster({ leaseTicks: 5, checkQuorum: true });
    const core = c.core(leader);
    core.readIndex('l', 'lease');
    const rd = drain(core);
    expect(rd.readStates).toEqual([{ requestId: 'l', index: core.status().commit }]);
    expect(rd.messages).toEqual([]);
  });

  it('falls back to a ReadIndex round once the lease ran out', () => {
    const { c, leader } = stableCluster({ leaseTicks: 5, checkQuorum: true });
    c.disconnect(leader);
    c.tick(5);
    c.core(leader).readIndex('l', 'lease');
    const rd = drain(c.core(leader));
    expect(rd.readStates).toEqual([]);
    expect(onlyOfType(rd.messages, 'AppendEntries').length).toBe(2);
  });

  it('needs check-quorum or pre-vote (followers must refuse votes while the lease runs)', () => {
    const { c, leader } = stableCluster({ leaseTicks: 5, checkQuorum: false });
    c.core(leader).readIndex('l', 'lease');
    expect(drain(c.core(leader)).readStates).toEqual([]);
  });

  it('leaseTicks must be below electionTicks', () => {
    expect(() => makeCore({ electionTicks: 10, leaseTicks: 10 })).toThrow(/leaseTicks \(10\) must be less than electionTicks \(10\)/);
  });

  it('no lease for the rest of the term once a TimeoutNow was sent (it may arrive late)', () => {
    const { c, leader } = stableCluster({ leaseTicks: 5, checkQuorum: true });
    const target = c.ids.find((id) => id !== leader) as NodeId;
    c.dropIf = (m) => m.type === 'TimeoutNow'; // lost (or very late): the transfer is abandoned
    c.core(leader).transferLeadership(asNodeId(target));
    c.tick(25);
    expect(c.leaders()).toEqual([leader]);
    c.core(leader).readIndex('l', 'lease');
    const rd = drain(c.core(leader));
    expect(rd.readStates).toEqual([]);
    expect(onlyOfType(rd.messages, 'AppendEntries')).toHaveLength(2); // a ReadIndex round instead
  });

  it('a lease is not used while leadership is being transferred', () => {
    const { c, leader } = stableCluster({ leaseTicks: 5, checkQuorum: true });
    const target = c.ids.find((id) => id !== leader) as NodeId;
    c.cut.add(target); // keep the transfer pending
    c.core(leader).transferLeadership(asNodeId(target));
    c.core(leader).readIndex('l', 'lease');
    expect(drain(c.core(leader)).readStates).toEqual([]);
  });
});
