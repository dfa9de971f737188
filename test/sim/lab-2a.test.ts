// The Raft lab's 2A tests (leader election), in virtual time. See /work/shared/LAB.md.
import { describe, expect } from 'vitest';
import { RAFT_ELECTION_TIMEOUT_MS } from '../../src/sim/lab-harness.js';
import { labTest } from './lab-helpers.js';

describe('lab 2A: election', () => {
  labTest('InitialElection2A', { servers: 3 }, (cfg) => {
    // Is a leader elected?
    const leader1 = cfg.checkOneLeader();
    // Sleep a bit to avoid racing with followers learning of the election, then check all
    // peers agree on the term.
    cfg.sleepMs(50);
    const term1 = cfg.checkTerms();
    expect(term1).toBeGreaterThanOrEqual(1);
    // Does the leader and term stay the same if there is no network failure? (§5.2: heartbeats
    // keep followers from timing out.) The lab only warns here; with a deterministic network we
    // can require it.
    cfg.sleepMs(2 * RAFT_ELECTION_TIMEOUT_MS);
    const term2 = cfg.checkTerms();
    expect(term2).toBe(term1);
    // There should still be a leader, the same one.
    expect(cfg.checkOneLeader()).toBe(leader1);
  });

  labTest('ReElection2A', { servers: 3 }, (cfg) => {
    const leader1 = cfg.checkOneLeader();
    // If the leader disconnects, a new one should be elected.
    cfg.disconnect(leader1);
    const leaderB = cfg.checkOneLeader();
    expect(leaderB).not.toBe(leader1);
    // If the old leader rejoins, that shouldn't disturb the new leader; there is still one.
    cfg.connect(leader1);
    const leader2 = cfg.checkOneLeader();
    // If there's no quorum, no new leader should be elected.
    cfg.disconnect(leader2);
    cfg.disconnect(cfg.peer(leader2, 1));
    cfg.sleepMs(2 * RAFT_ELECTION_TIMEOUT_MS);
    // Check that the one connected server does not think it is the leader.
    cfg.checkNoLeader();
    // If a quorum arises, it should elect a leader.
    cfg.connect(cfg.peer(leader2, 1));
    cfg.checkOneLeader();
    // Re-join of the last node shouldn't prevent leader from existing.
    cfg.connect(leader2);
    cfg.checkOneLeader();
  });

  labTest('ManyElections2A', { servers: 7 }, (cfg) => {
    cfg.checkOneLeader();
    const iters = 10;
    for (let ii = 1; ii < iters; ii++) {
      // Disconnect three nodes (possibly the same one twice, as in the lab).
      const i1 = 1 + cfg.randInt(cfg.n);
      const i2 = 1 + cfg.randInt(cfg.n);
      const i3 = 1 + cfg.randInt(cfg.n);
      cfg.disconnect(i1);
      cfg.disconnect(i2);
      cfg.disconnect(i3);
      // Either the current leader should still be alive, or the remaining four should elect a new one.
      cfg.checkOneLeader();
      cfg.connect(i1);
      cfg.connect(i2);
      cfg.connect(i3);
    }
    cfg.checkOneLeader();
  });
});
