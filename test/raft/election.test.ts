// Leader election: §5.2 (randomized timeouts, one vote per term, majority wins), §5.4.1 (the
// up-to-date check), §5.1 (step down on a higher term in a request or a reply).
import { describe, expect, it } from 'vitest';
import { createRaft, createRng, emptyPersistedState } from '../../src/raft/index.js';
import { asIndex, asNodeId, asTerm } from '../../src/raft/types.js';
import type { Message, RaftCore } from '../../src/raft/types.js';
import { Cluster } from './helpers/cluster.js';
import { append, drain, makeCore, onlyOfType, voteRequest } from './helpers/core.js';

describe('election by ticks (§5.2), three cores driven by hand', () => {
  it('elects exactly one leader with a fixed seed, and it stays for two election timeouts', () => {
    const seed = 7;
    const ids = [1, 2, 3].map(asNodeId);
    const cores = new Map<number, RaftCore>(
      ids.map((id) => [
        id,
        createRaft(
          {
            id,
            peers: ids,
            electionTicks: 10,
            heartbeatTicks: 1,
            preVote: false,
            checkQuorum: false,
            maxEntriesPerAppend: 64,
            leaseTicks: 0,
            rng: createRng(seed * 100 + id),
            bugs: new Set(),
          },
          emptyPersistedState(),
        ),
      ]),
    );
    let inflight: Message[] = [];
    let sent = 0;
    const pump = (): void => {
      for (let round = 0; round < 20; round++) {
        for (const core of cores.values()) {
          if (!core.hasReady()) continue;
          const rd = core.ready();
          inflight.push(...rd.messages);
          sent += rd.messages.length;
          core.advance(rd);
        }
        const batch = inflight;
        inflight = [];
        for (const m of batch) cores.get(m.to)?.step(m);
        if (inflight.length === 0 && ![...cores.values()].some((c) => c.hasReady())) return;
      }
    };
    const leaders = (): number[] => ids.filter((id) => cores.get(id)?.status().role === 'leader');

    let ticks = 0;
    while (leaders().length === 0 && ticks < 100) {
      for (const core of cores.values()) core.tick();
      pump();
      ticks++;
    }
    // The first timeout fires between electionTicks and 2 * electionTicks.
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(ticks).toBeLessThan(20);
    expect(leaders()).toHaveLength(1);
    // The lab allows 30 RPCs for the first election; we count requests and replies separately.
    expect(sent).toBeLessThanOrEqual(30);
    const leader = leaders()[0] as number;
    const term = cores.get(leader)?.status().term;
    for (const core of cores.values()) expect(core.status().term).toBe(term);

    for (let t = 0; t < 20; t++) {
      for (const core of cores.values()) core.tick();
      pump();
    }
    expect(leaders()).toEqual([leader]);
    for (const core of cores.values()) expect(core.status().term).toBe(term);
  });

  it('the election timeout is drawn from [electionTicks, 2 * electionTicks) by the injected Rng', () => {
    const firstCampaignTick = (seed: number): number => {
      const core = makeCore({ seed, electionTicks: 10 });
      for (let t = 1; t <= 40; t++) {
        core.tick();
        if (core.status().role !== 'follower') return t;
      }
      return -1;
    };
    const seen = new Set<number>();
    for (let seed = 1; seed <= 60; seed++) {
      const t = firstCampaignTick(seed);
      expect(t).toBeGreaterThanOrEqual(10);
      expect(t).toBeLessThan(20);
      seen.add(t);
      expect(firstCampaignTick(seed)).toBe(t); // same seed, same timeout
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it('a candidate increments its term, votes for itself and asks every peer (§5.2)', () => {
    const core = makeCore({ term: 3, terms: [1, 3] });
    for (let t = 0; t < 20 && core.status().role === 'follower'; t++) core.tick();
    const rd = drain(core);
    expect(core.status()).toMatchObject({ role: 'candidate', term: 4, votedFor: 1 });
    expect(rd.hardState).toMatchObject({ term: 4, votedFor: 1 });
    expect(rd.mustSync).toBe(true);
    const reqs = onlyOfType(rd.messages, 'RequestVote');
    expect(reqs.map((m) => m.to).sort()).toEqual([2, 3]);
    expect(reqs[0]).toMatchObject({ term: 4, lastLogIndex: 2, lastLogTerm: 3, preVote: false });
    expect(rd.events).toEqual(
      expect.arrayContaining([{ kind: 'term', term: 4 }, { kind: 'vote', term: 4, for: 1 }]),
    );
  });

  it('a majority of votes makes a leader, which appends a no-op of its term (§5.2, §8)', () => {
    const core = makeCore({ term: 1, terms: [1] });
    for (let t = 0; t < 20 && core.status().role === 'follower'; t++) core.tick();
    drain(core);
    core.step({ type: 'RequestVoteReply', from: asNodeId(2), to: asNodeId(1), term: asTerm(2), preVote: false, granted: true });
    expect(core.status().role).toBe('leader');
    const rd = drain(core);
    expect(rd.entries).toEqual([{ term: 2, index: 2, kind: 'noop', data: '' }]);
    expect(onlyOfType(rd.messages, 'AppendEntries')).toHaveLength(2);
    expect(rd.softState).toEqual({ role: 'leader', leader: 1 });
  });

  it('a majority of rejections sends a candidate back to follower', () => {
    const core = makeCore({ term: 1, terms: [1] });
    for (let t = 0; t < 20 && core.status().role === 'follower'; t++) core.tick();
    for (const from of [2, 3]) {
      core.step({ type: 'RequestVoteReply', from: asNodeId(from), to: asNodeId(1), term: asTerm(2), preVote: false, granted: false });
    }
    expect(core.status()).toMatchObject({ role: 'follower', term: 2 });
  });
});

describe('vote rules', () => {
  it('§5.2: at most one vote per term, first come first served (a repeat ask is granted again)', () => {
    const core = makeCore({ id: 1, term: 1 });
    core.step(voteRequest(2, 1, 2, 0, 0));
    let rd = drain(core);
    expect(onlyOfType(rd.messages, 'RequestVoteReply')[0]).toMatchObject({ to: 2, granted: true, term: 2 });
    expect(rd.hardState).toMatchObject({ term: 2, votedFor: 2 });
    expect(rd.mustSync).toBe(true);
    core.step(voteRequest(3, 1, 2, 0, 0));
    rd = drain(core);
    expect(onlyOfType(rd.messages, 'RequestVoteReply')[0]).toMatchObject({ to: 3, granted: false, term: 2 });
    core.step(voteRequest(2, 1, 2, 0, 0));
    rd = drain(core);
    expect(onlyOfType(rd.messages, 'RequestVoteReply')[0]).toMatchObject({ to: 2, granted: true });
  });

  it('§5.2: the vote survives a restart (it is in the persisted hard state)', () => {
    const c = new Cluster({ size: 3 });
    c.core(1).step(voteRequest(2, 1, 5, 0, 0));
    c.handleReady(asNodeId(1));
    c.crash(1);
    c.restart(1);
    c.core(1).step(voteRequest(3, 1, 5, 0, 0));
    const rd = c.handleReady(asNodeId(1));
    expect(onlyOfType(rd?.messages ?? [], 'RequestVoteReply')[0]).toMatchObject({ granted: false, term: 5 });
  });

  it('§5.1: a vote request with a stale term is rejected with our term', () => {
    const core = makeCore({ term: 5 });
    core.step(voteRequest(2, 1, 4, 10, 4));
    const reply = onlyOfType(drain(core).messages, 'RequestVoteReply')[0];
    expect(reply).toMatchObject({ granted: false, term: 5 });
    expect(core.status().votedFor).toBeNull();
  });

  // Our log: terms [1, 1, 2], so last term 2 and last index 3.
  it.each([
    ['higher last term, shorter log', 3, 1, true],
    ['same last term, same length', 2, 3, true],
    ['same last term, longer log', 2, 4, true],
    ['same last term, shorter log', 2, 2, false],
    ['lower last term, much longer log (term is compared first)', 1, 9, false],
  ])('§5.4.1 up-to-date check: %s -> granted %s', (_case, lastTerm, lastIndex, granted) => {
    const core = makeCore({ term: 2, terms: [1, 1, 2] });
    core.step(voteRequest(2, 1, 3, lastIndex, lastTerm));
    const reply = onlyOfType(drain(core).messages, 'RequestVoteReply')[0];
    expect(reply?.granted).toBe(granted);
    expect(core.status().term).toBe(3); // the higher term is adopted either way (§5.1)
  });

  it('§5.2: a follower that knows the leader of its term does not vote for another node', () => {
    const core = makeCore({ term: 2 });
    core.step(append(2, 1, 2, 0, 0, []));
    drain(core);
    core.step(voteRequest(3, 1, 2, 5, 2));
    expect(onlyOfType(drain(core).messages, 'RequestVoteReply')[0]?.granted).toBe(false);
  });
});

describe('step down on a higher term (§5.1)', () => {
  function leaderOfThree(): Cluster {
    const c = new Cluster({ size: 3, seed: 3 });
    c.electLeader();
    return c;
  }

  it('a leader that sees a higher term in a reply becomes a follower of that term', () => {
    const c = leaderOfThree();
    const leader = c.leaders()[0] as number;
    const follower = c.ids.find((id) => id !== leader) as number;
    const term = c.core(leader).status().term;
    c.core(leader).step({
      type: 'AppendEntriesReply',
      from: asNodeId(follower),
      to: asNodeId(leader),
      term: asTerm(term + 3),
      success: false,
      matchIndex: asIndex(0),
      conflictTerm: asTerm(0),
      conflictIndex: asIndex(0),
      readCtx: 0,
    });
    expect(c.core(leader).status()).toMatchObject({ role: 'follower', term: term + 3, leader: null, votedFor: null });
    const rd = drain(c.core(leader));
    expect(rd.events).toEqual(
      expect.arrayContaining([{ kind: 'term', term: term + 3 }, { kind: 'role', role: 'follower', term: term + 3, leader: null }]),
    );
  });

  it('a leader that sees a higher term in a vote reply steps down too', () => {
    const c = leaderOfThree();
    const leader = c.leaders()[0] as number;
    const term = c.core(leader).status().term;
    const other = c.ids.find((id) => id !== leader) as number;
    c.core(leader).step({ type: 'RequestVoteReply', from: asNodeId(other), to: asNodeId(leader), term: asTerm(term + 1), preVote: false, granted: false });
    expect(c.core(leader).status()).toMatchObject({ role: 'follower', term: term + 1 });
  });

  it('a leader that gets an AppendEntries of a higher term follows its sender', () => {
    const c = leaderOfThree();
    const leader = c.leaders()[0] as number;
    const other = c.ids.find((id) => id !== leader) as number;
    const term = c.core(leader).status().term;
    c.core(leader).step(append(other, leader, term + 1, 0, 0, []));
    expect(c.core(leader).status()).toMatchObject({ role: 'follower', term: term + 1, leader: other });
  });

  it('a stale leader is told the new term by the AppendEntries reply, and steps down', () => {
    const c = new Cluster({ size: 3, seed: 5 });
    const old = c.electLeader();
    c.disconnect(old);
    c.tick(40);
    const fresh = c.leaders().find((id) => id !== old);
    expect(fresh).toBeDefined();
    expect(c.core(old).status().role).toBe('leader'); // no check-quorum: it does not know yet
    c.connect(old);
    c.tick(2);
    expect(c.core(old).status().role).toBe('follower');
    expect(c.leaders()).toEqual([fresh]);
  });
});
