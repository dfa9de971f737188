// Pre-vote (§9.6) and check-quorum: a node cut off from the cluster must not disrupt a stable
// leader when it comes back, and a leader cut off from a majority steps down.
import { describe, expect, it } from 'vitest';
import { asNodeId } from '../../src/raft/types.js';
import type { NodeId } from '../../src/raft/types.js';
import { Cluster } from './helpers/cluster.js';
import { append, drain, makeCore, onlyOfType, voteRequest } from './helpers/core.js';

function partitionFollowerAndRejoin(opts: { preVote: boolean; checkQuorum: boolean }) {
  const c = new Cluster({ size: 3, seed: 21, ...opts });
  const leader = c.electLeader();
  c.tick(3);
  const term = c.core(leader).status().term;
  const loner = c.ids.find((id) => id !== leader) as NodeId;
  c.disconnect(loner);
  c.tick(60); // several election timeouts alone
  const lonerTerm = c.core(loner).status().term;
  c.connect(loner);
  c.tick(30);
  return { c, leader, term, loner, lonerTerm };
}

describe('pre-vote (§9.6)', () => {
  it('a partitioned node does not bump its term, and rejoining does not disturb the leader', () => {
    const { c, leader, term, loner, lonerTerm } = partitionFollowerAndRejoin({ preVote: true, checkQuorum: false });
    expect(lonerTerm).toBe(term);
    expect(c.leaders()).toEqual([leader]);
    expect(c.core(leader).status().term).toBe(term);
    expect(c.core(loner).status()).toMatchObject({ role: 'follower', leader, term });
  });

  it('without pre-vote (or check-quorum) the same partition disrupts the leader', () => {
    const { c, term, lonerTerm } = partitionFollowerAndRejoin({ preVote: false, checkQuorum: false });
    expect(lonerTerm).toBeGreaterThan(term + 2);
    expect(c.leaders()).toHaveLength(1);
    expect(c.core(c.leaders()[0] as NodeId).status().term).toBeGreaterThan(term);
  });

  it('a pre-candidate asks for term + 1 without changing its own term or vote', () => {
    const core = makeCore({ term: 4, terms: [1, 4], preVote: true });
    for (let t = 0; t < 20 && core.status().role === 'follower'; t++) core.tick();
    const rd = drain(core);
    expect(core.status()).toMatchObject({ role: 'pre-candidate', term: 4, votedFor: null });
    expect(rd.hardState).toBeNull();
    expect(onlyOfType(rd.messages, 'RequestVote')[0]).toMatchObject({ preVote: true, term: 5, lastLogIndex: 2, lastLogTerm: 4 });
  });

  it('a granted pre-vote changes nothing on the voter; a quorum of them starts a real election', () => {
    const voter = makeCore({ id: 2, term: 4, terms: [1, 4] });
    voter.step(voteRequest(1, 2, 5, 2, 4, true));
    const rd = drain(voter);
    expect(onlyOfType(rd.messages, 'RequestVoteReply')[0]).toMatchObject({ preVote: true, granted: true, term: 5 });
    expect(voter.status()).toMatchObject({ term: 4, votedFor: null });
    expect(rd.hardState).toBeNull();

    const cand = makeCore({ id: 1, term: 4, terms: [1, 4], preVote: true });
    for (let t = 0; t < 20 && cand.status().role === 'follower'; t++) cand.tick();
    drain(cand);
    cand.step(onlyOfType(rd.messages, 'RequestVoteReply')[0] as never);
    expect(cand.status()).toMatchObject({ role: 'candidate', term: 5, votedFor: 1 });
  });

  it('a pre-vote is refused to a candidate whose log is behind (§5.4.1 applies to pre-votes)', () => {
    const voter = makeCore({ id: 2, term: 4, terms: [1, 4] });
    voter.step(voteRequest(1, 2, 5, 5, 3, true));
    expect(onlyOfType(drain(voter).messages, 'RequestVoteReply')[0]).toMatchObject({ granted: false, term: 4 });
  });
});

describe('leader stickiness and check-quorum', () => {
  it('with check-quorum, a follower that heard from its leader within the election timeout ignores a vote request', () => {
    const on = makeCore({ id: 2, term: 3, checkQuorum: true });
    on.step(append(1, 2, 3, 0, 0, []));
    drain(on);
    on.step(voteRequest(3, 2, 4, 9, 3));
    expect(drain(on).messages).toEqual([]);
    expect(on.status()).toMatchObject({ term: 3, leader: 1 });

    const off = makeCore({ id: 2, term: 3, checkQuorum: false });
    off.step(append(1, 2, 3, 0, 0, []));
    drain(off);
    off.step(voteRequest(3, 2, 4, 9, 3));
    expect(onlyOfType(drain(off).messages, 'RequestVoteReply')[0]).toMatchObject({ granted: true, term: 4 });
  });

  it('with check-quorum, the same follower votes again once an election timeout passed without the leader', () => {
    const core = makeCore({ id: 2, term: 3, checkQuorum: true, electionTicks: 10, seed: 5 });
    core.step(append(1, 2, 3, 0, 0, []));
    for (let t = 0; t < 10; t++) core.tick();
    drain(core);
    core.step(voteRequest(3, 2, 4, 9, 3));
    expect(onlyOfType(drain(core).messages, 'RequestVoteReply')[0]).toMatchObject({ granted: true });
  });

  it('a leader cut off from the majority steps down after an election timeout', () => {
    const c = new Cluster({ size: 3, seed: 23, checkQuorum: true });
    const leader = c.electLeader();
    c.disconnect(leader);
    c.tick(25);
    expect(c.core(leader).status().role).toBe('follower');
  });

  it('without check-quorum it stays leader forever', () => {
    const c = new Cluster({ size: 3, seed: 23, checkQuorum: false });
    const leader = c.electLeader();
    c.disconnect(leader);
    c.tick(60);
    expect(c.core(leader).status().role).toBe('leader');
  });

  it('pre-vote with check-quorum: the rejoining node follows the stable leader', () => {
    const { c, leader, term, loner } = partitionFollowerAndRejoin({ preVote: true, checkQuorum: true });
    expect(c.leaders()).toEqual([leader]);
    expect(c.core(loner).status()).toMatchObject({ term, leader });
  });

  it('leadership transfer: TimeoutNow makes the target win at once, even with check-quorum', () => {
    const c = new Cluster({ size: 3, seed: 25, checkQuorum: true, preVote: true });
    const leader = c.electLeader();
    c.propose('x');
    const target = c.ids.find((id) => id !== leader) as NodeId;
    c.core(leader).transferLeadership(target);
    c.settle();
    expect(c.leaders()).toEqual([target]);
    expect(c.sent.filter((m) => m.type === 'TimeoutNow')).toHaveLength(1);
    expect(c.core(asNodeId(leader)).status()).toMatchObject({ role: 'follower', leader: target });
  });
});
