// The Raft lab's 2B tests (log agreement), in virtual time. See /work/shared/LAB.md.
// Indexes: a new leader's no-op (§8) takes an index, so expected indexes are relative to the
// first command's (see src/sim/lab-harness.ts).
import { describe, expect } from 'vitest';
import { NOOP, RAFT_ELECTION_TIMEOUT_MS } from '../../src/sim/lab-harness.js';
import type { LabHarness } from '../../src/sim/lab-harness.js';
import { labTest } from './lab-helpers.js';

/** Largest index at which any server applied a command (not a no-op). */
function lastCommandIndex(cfg: LabHarness): number {
  let last = 0;
  for (let index = 1; index <= cfg.maxApplied(); index++) {
    const { cmd } = cfg.nCommitted(index);
    if (cmd !== null && cmd !== NOOP) last = index;
  }
  return last;
}

describe('lab 2B: agreement', () => {
  labTest('BasicAgree2B', { servers: 3 }, (cfg) => {
    const iters = 3;
    let expected = -1;
    for (let k = 1; k <= iters; k++) {
      // Nothing is committed before Start(): no command is applied anywhere yet at or after the
      // next index.
      const next = expected === -1 ? lastCommandIndex(cfg) + 1 : expected;
      for (let index = next; index <= cfg.maxApplied(); index++) {
        const { count, cmd } = cfg.nCommitted(index);
        if (count > 0 && cmd !== NOOP) throw new Error(`some have committed before Start() at index ${index}`);
      }
      const xindex = cfg.one(k * 100, cfg.n, false);
      if (expected !== -1) expect(xindex).toBe(expected); // consecutive indexes in one term
      expected = xindex + 1;
    }
  });

  labTest('RPCBytes2B', { servers: 3 }, (cfg) => {
    const first = cfg.one(99, cfg.n, false);
    const bytes0 = cfg.bytesTotal();
    const iters = 10;
    let sent = 0;
    for (let index = first + 1; index < first + 1 + iters; index++) {
      let cmd = '';
      for (let i = 0; i < 5000; i++) cmd += String.fromCharCode(97 + cfg.randInt(26));
      const xindex = cfg.one(cmd, cfg.n, false);
      expect(xindex).toBe(index);
      sent += cmd.length;
    }
    const got = cfg.bytesTotal() - bytes0;
    // Each command goes to each peer about once.
    const expectedBytes = cfg.n * sent;
    expect(got, `too many RPC bytes; got ${got}, expected ${expectedBytes}`).toBeLessThanOrEqual(expectedBytes + 50_000);
  });

  labTest('FailAgree2B', { servers: 3 }, (cfg) => {
    cfg.one(101, cfg.n, false);
    // Disconnect one follower from the network.
    const leader = cfg.checkOneLeader();
    cfg.disconnect(cfg.peer(leader, 1));
    // The leader and remaining follower should be able to agree despite the disconnected follower.
    cfg.one(102, cfg.n - 1, false);
    cfg.one(103, cfg.n - 1, false);
    cfg.sleepMs(RAFT_ELECTION_TIMEOUT_MS);
    cfg.one(104, cfg.n - 1, false);
    cfg.one(105, cfg.n - 1, false);
    // Re-connect: the follower catches up.
    cfg.connect(cfg.peer(leader, 1));
    cfg.one(106, cfg.n, true);
    cfg.sleepMs(RAFT_ELECTION_TIMEOUT_MS);
    cfg.one(107, cfg.n, true);
  });

  labTest('FailNoAgree2B', { servers: 5 }, (cfg) => {
    const first = cfg.one(10, cfg.n, false);
    // Three of five followers disconnect.
    const leader = cfg.checkOneLeader();
    cfg.disconnect(cfg.peer(leader, 1));
    cfg.disconnect(cfg.peer(leader, 2));
    cfg.disconnect(cfg.peer(leader, 3));
    const r = cfg.start(leader, 20);
    expect(r.isLeader, 'leader rejected Start()').toBe(true);
    expect(r.index).toBe(first + 1);
    cfg.sleepMs(2 * RAFT_ELECTION_TIMEOUT_MS);
    const { count } = cfg.nCommitted(r.index);
    expect(count, `${r.index} committed but no majority`).toBe(0);
    // Repair.
    cfg.connect(cfg.peer(leader, 1));
    cfg.connect(cfg.peer(leader, 2));
    cfg.connect(cfg.peer(leader, 3));
    // The disconnected majority may have chosen a leader from among their own ranks, forgetting
    // index first+1 (and a new leader's no-op may take one more index).
    const leader2 = cfg.checkOneLeader();
    const r2 = cfg.start(leader2, 30);
    expect(r2.isLeader, 'leader2 rejected Start()').toBe(true);
    expect(r2.index).toBeGreaterThanOrEqual(first + 1);
    expect(r2.index).toBeLessThanOrEqual(first + 3);
    cfg.one(1000, cfg.n, true);
  });

  labTest('ConcurrentStarts2B', { servers: 3 }, (cfg) => {
    let success = false;
    tries: for (let attempt = 0; attempt < 5; attempt++) {
      if (attempt > 0) cfg.sleepMs(3000); // give the cluster a chance to settle
      const leader = cfg.checkOneLeader();
      const r0 = cfg.start(leader, 1);
      if (!r0.isLeader) continue; // leader moved on quickly
      const term = r0.term;
      const iters = 5;
      const indexes: number[] = [];
      // The lab starts these from five goroutines at once; here they run back to back in one
      // instant of virtual time, which is the same interleaving freedom for a synchronous core.
      for (let ii = 0; ii < iters; ii++) {
        const r = cfg.start(leader, 100 + ii);
        if (r.term !== term || !r.isLeader) continue;
        indexes.push(r.index);
      }
      for (let j = 1; j <= cfg.n; j++) {
        if (cfg.getState(j).term !== term) continue tries; // term changed: can't expect all Start()s to succeed
      }
      const cmds: number[] = [];
      for (const index of indexes) {
        const cmd = cfg.wait(index, cfg.n, term);
        if (cmd === -1) continue tries; // peers have moved on to later terms
        if (typeof cmd !== 'number') throw new Error(`value ${String(cmd)} is not a number`);
        cmds.push(cmd);
      }
      for (let ii = 0; ii < iters; ii++) {
        expect(cmds, `cmd ${100 + ii} missing`).toContain(100 + ii);
      }
      success = true;
      break;
    }
    expect(success, 'term changed too often').toBe(true);
  });

  labTest('Rejoin2B', { servers: 3 }, (cfg) => {
    cfg.one(101, cfg.n, true);
    // The leader network failure.
    const leader1 = cfg.checkOneLeader();
    cfg.disconnect(leader1);
    // Make the old leader try to agree on some entries.
    cfg.start(leader1, 102);
    cfg.start(leader1, 103);
    cfg.start(leader1, 104);
    // The new leader commits, also for the old leader's indexes.
    cfg.one(103, 2, true);
    // New leader network failure.
    const leader2 = cfg.checkOneLeader();
    cfg.disconnect(leader2);
    // The old leader connected again: its stale entries are replaced.
    cfg.connect(leader1);
    cfg.one(104, 2, true);
    // All together now.
    cfg.connect(leader2);
    cfg.one(105, cfg.n, true);
  });

  labTest('Backup2B', { servers: 5 }, (cfg) => {
    const rand = (): number => cfg.randInt(1_000_000_000);
    cfg.one(rand(), cfg.n, true);
    // Put the leader and one follower in a partition.
    const leader1 = cfg.checkOneLeader();
    cfg.disconnect(cfg.peer(leader1, 2));
    cfg.disconnect(cfg.peer(leader1, 3));
    cfg.disconnect(cfg.peer(leader1, 4));
    // Submit lots of commands that won't commit.
    for (let i = 0; i < 50; i++) cfg.start(leader1, rand());
    cfg.sleepMs(RAFT_ELECTION_TIMEOUT_MS / 2);
    cfg.disconnect(cfg.peer(leader1, 0));
    cfg.disconnect(cfg.peer(leader1, 1));
    // Allow the other partition to recover.
    cfg.connect(cfg.peer(leader1, 2));
    cfg.connect(cfg.peer(leader1, 3));
    cfg.connect(cfg.peer(leader1, 4));
    // Lots of successful commands to the new group.
    for (let i = 0; i < 50; i++) cfg.one(rand(), 3, true);
    // Now another partitioned leader and one follower.
    const leader2 = cfg.checkOneLeader();
    let other = cfg.peer(leader1, 2);
    if (leader2 === other) other = cfg.peer(leader2, 1);
    cfg.disconnect(other);
    // Lots more commands that won't commit.
    for (let i = 0; i < 50; i++) cfg.start(leader2, rand());
    cfg.sleepMs(RAFT_ELECTION_TIMEOUT_MS / 2);
    // Bring the original leader back to life.
    for (let i = 1; i <= cfg.n; i++) cfg.disconnect(i);
    cfg.connect(cfg.peer(leader1, 0));
    cfg.connect(cfg.peer(leader1, 1));
    cfg.connect(other);
    // Lots of successful commands to the new group.
    for (let i = 0; i < 50; i++) cfg.one(rand(), 3, true);
    // Now everyone.
    for (let i = 1; i <= cfg.n; i++) cfg.connect(i);
    const t0 = cfg.cluster.nowUs;
    cfg.one(rand(), cfg.n, true);
    // Fast backup (§5.3, conflict term): the lagging servers converge well within one one().
    expect((cfg.cluster.nowUs - t0) / 1000, 'logs converged too slowly (ms)').toBeLessThan(5000);
  });

  labTest('Count2B', { servers: 3 }, (cfg) => {
    const rpcs = (): number => cfg.rpcTotal();
    let leader = cfg.checkOneLeader();
    let total1 = rpcs();
    expect(total1, `too many or few RPCs (${total1}) to elect initial leader`).toBeGreaterThanOrEqual(1);
    expect(total1, `too many or few RPCs (${total1}) to elect initial leader`).toBeLessThanOrEqual(30);
    let total2 = 0;
    let success = false;
    tries: for (let attempt = 0; attempt < 5; attempt++) {
      if (attempt > 0) cfg.sleepMs(3000);
      leader = cfg.checkOneLeader();
      total1 = rpcs();
      const iters = 10;
      const r0 = cfg.start(leader, 1);
      if (!r0.isLeader) continue; // leader moved on quickly
      const { index: starti, term } = r0;
      const cmds: number[] = [];
      for (let i = 1; i < iters + 2; i++) {
        const x = cfg.randInt(2_147_483_647);
        cmds.push(x);
        const r = cfg.start(leader, x);
        if (r.term !== term || !r.isLeader) continue tries; // term changed while starting
        expect(r.index, 'Start() failed').toBe(starti + i);
      }
      for (let i = 1; i < iters + 1; i++) {
        const cmd = cfg.wait(starti + i, cfg.n, term);
        if (cmd === -1) continue tries; // term changed -- try again
        expect(cmd, `wrong value committed for index ${starti + i}`).toBe(cmds[i - 1]);
      }
      total2 = 0;
      for (let j = 1; j <= cfg.n; j++) {
        if (cfg.getState(j).term !== term) continue tries; // term changed -- can't expect low RPC counts
      }
      total2 = rpcs();
      expect(total2 - total1, `too many RPCs (${total2 - total1}) for ${iters} entries`).toBeLessThanOrEqual((iters + 1 + 3) * 3);
      success = true;
      break;
    }
    expect(success, 'term changed too often').toBe(true);
    cfg.sleepMs(RAFT_ELECTION_TIMEOUT_MS);
    const total3 = rpcs();
    expect(total3 - total2, `too many RPCs (${total3 - total2}) for 1 second of idleness`).toBeLessThanOrEqual(3 * 20);
  });
});
