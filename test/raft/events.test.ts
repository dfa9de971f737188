// Heartbeat timing (§5.2) and the facts the core reports in Ready.events for the node event log.
import { describe, expect, it } from 'vitest';
import { asNodeId } from '../../src/raft/types.js';
import type { NodeId, RaftEvent } from '../../src/raft/types.js';
import { Cluster } from './helpers/cluster.js';
import { append, drain, makeCore } from './helpers/core.js';

describe('heartbeats (§5.2)', () => {
  it('a leader sends one empty AppendEntries to each follower every heartbeatTicks', () => {
    const c = new Cluster({ size: 3, seed: 41, heartbeatTicks: 3, electionTicks: 15 });
    const leader = c.electLeader();
    c.tick(6);
    const before = c.sent.length;
    c.tick(30);
    const beats = c.sent.slice(before).filter((m) => m.type === 'AppendEntries' && m.from === leader);
    expect(beats).toHaveLength(10 * 2);
    expect(beats.every((m) => m.type === 'AppendEntries' && m.entries.length === 0)).toBe(true);
    expect(c.leaders()).toEqual([leader]);
  });

  it('heartbeats keep followers from starting elections for as long as they arrive', () => {
    const c = new Cluster({ size: 3, seed: 42 });
    const leader = c.electLeader();
    const term = c.core(leader).status().term;
    c.tick(200);
    for (const id of c.ids) expect(c.core(id).status()).toMatchObject({ term, leader });
  });
});

describe('Ready.events', () => {
  it('a follower reports its new term, its leader, appended entries\' commit and truncations', () => {
    const core = makeCore({ id: 1, term: 1, terms: [1, 1, 1] });
    core.step(append(2, 1, 2, 1, 1, [2], 2));
    const events: RaftEvent[] = [...drain(core).events];
    expect(events).toEqual([
      { kind: 'term', term: 2 },
      { kind: 'role', role: 'follower', term: 2, leader: 2 },
      { kind: 'truncate', fromIndex: 2, term: 2 },
      { kind: 'commit', index: 2, term: 2 },
    ]);
  });

  it('an election reports term, role and the self-vote; the winner reports its role with itself as leader', () => {
    const c = new Cluster({ size: 3, seed: 43 });
    const leader = c.electLeader();
    const evs = c.events.get(leader) ?? [];
    const term = c.core(leader).status().term;
    expect(evs).toEqual(
      expect.arrayContaining([
        { kind: 'term', term },
        { kind: 'vote', term, for: leader },
        { kind: 'role', role: 'candidate', term, leader: null },
        { kind: 'role', role: 'leader', term, leader },
      ]),
    );
    const voters = c.ids.filter((id) => id !== leader);
    const granted = voters.filter((id) => (c.events.get(id) ?? []).some((e) => e.kind === 'vote' && e.for === leader));
    expect(granted.length).toBeGreaterThanOrEqual(1);
  });

  it('soft state changes are reported once', () => {
    const c = new Cluster({ size: 3, seed: 44 });
    const leader = c.electLeader();
    const core = c.core(asNodeId(leader));
    expect(core.hasReady()).toBe(false);
    const follower = c.ids.find((id) => id !== leader) as NodeId;
    core.step({
      type: 'RequestVoteReply',
      from: follower,
      to: leader,
      term: (core.status().term + 1) as never,
      preVote: false,
      granted: false,
    });
    const rd = drain(core);
    expect(rd.softState).toEqual({ role: 'follower', leader: null });
    expect(drain(core).softState).toBeNull();
  });
});
