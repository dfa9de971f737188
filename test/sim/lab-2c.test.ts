// The Raft lab's 2C tests (persistence), in virtual time. See /work/shared/LAB.md.
import { describe, expect } from 'vitest';
import { NOOP, RAFT_ELECTION_TIMEOUT_MS } from '../../src/sim/lab-harness.js';
import type { LabHarness, Task } from '../../src/sim/lab-harness.js';
import { labTest } from './lab-helpers.js';

/** Figure 8 (§5.4.2): random crashes of leaders while proposing; then everyone agrees. */
function figure8(cfg: LabHarness): void {
  const rand = (): number => cfg.randInt(1_000_000);
  cfg.one(rand(), 1, true);
  let nup = cfg.n;
  for (let iters = 0; iters < 1000; iters++) {
    let leader = -1;
    for (let i = 1; i <= cfg.n; i++) {
      if (cfg.alive(i) && cfg.start(i, rand()).isLeader) leader = i;
    }
    if (cfg.randInt(1000) < 100) cfg.sleepMs(cfg.randInt(RAFT_ELECTION_TIMEOUT_MS / 2));
    else cfg.sleepMs(cfg.randInt(13));
    if (leader !== -1) {
      cfg.crash1(leader);
      nup -= 1;
    }
    if (nup < 3) {
      const s = 1 + cfg.randInt(cfg.n);
      if (!cfg.alive(s)) {
        cfg.start1(s);
        cfg.connect(s);
        nup += 1;
      }
    }
  }
  for (let i = 1; i <= cfg.n; i++) {
    if (!cfg.alive(i)) {
      cfg.start1(i);
      cfg.connect(i);
    }
  }
  cfg.one(rand(), cfg.n, true);
}

/** The lab's internalChurn: servers crash, restart, disconnect and reconnect under 3 clients. */
function churn(cfg: LabHarness, unreliable: boolean): void {
  if (unreliable) cfg.setUnreliable(true);
  let stop = false;
  const rand = (): number => cfg.randInt(1_000_000_000);
  const values: number[] = [];
  let clientsDone = 0;
  const client = function* (me: number): Task<number[]> {
    const mine: number[] = [];
    while (!stop) {
      const x = rand();
      let index = -1;
      for (let i = 1; i <= cfg.n; i++) {
        // Try them all, maybe one of them is a leader.
        const r = cfg.start(i, x);
        if (r.isLeader) index = r.index;
      }
      if (index !== -1) {
        // Maybe the leader will commit our value, maybe not; but don't wait forever.
        for (const toMs of [10, 20, 50, 100, 200]) {
          const { count, cmd } = cfg.nCommitted(index);
          if (count > 0) {
            if (cmd === x) mine.push(x);
            break;
          }
          yield toMs;
        }
      } else {
        yield 79 + me * 17;
      }
    }
    return mine;
  };
  const ncli = 3;
  for (let i = 0; i < ncli; i++) {
    cfg.spawn(client(i), (mine) => {
      values.push(...mine);
      clientsDone++;
    });
  }
  for (let iters = 0; iters < 20; iters++) {
    if (cfg.randInt(1000) < 200) cfg.disconnect(1 + cfg.randInt(cfg.n));
    if (cfg.randInt(1000) < 500) {
      const i = 1 + cfg.randInt(cfg.n);
      if (!cfg.alive(i)) cfg.start1(i);
      cfg.connect(i);
    }
    if (cfg.randInt(1000) < 200) {
      const i = 1 + cfg.randInt(cfg.n);
      if (cfg.alive(i)) cfg.crash1(i);
    }
    // Often enough that peers rarely settle between changes, not so often that nothing works.
    cfg.sleepMs((RAFT_ELECTION_TIMEOUT_MS * 7) / 10);
  }
  cfg.sleepMs(RAFT_ELECTION_TIMEOUT_MS);
  cfg.setUnreliable(false);
  for (let i = 1; i <= cfg.n; i++) {
    if (!cfg.alive(i)) cfg.start1(i);
    cfg.connect(i);
  }
  stop = true;
  cfg.waitTasks();
  expect(clientsDone).toBe(ncli);
  cfg.sleepMs(RAFT_ELECTION_TIMEOUT_MS);
  const lastIndex = cfg.one(rand(), cfg.n, true);
  const really = new Set<number>();
  for (let index = 1; index <= lastIndex; index++) {
    const v = cfg.wait(index, cfg.n, -1);
    if (v === NOOP) continue;
    if (typeof v !== 'number') throw new Error(`value at ${index} is not a number: ${String(v)}`);
    really.add(v);
  }
  // Every value a client saw committed is applied everywhere.
  for (const v of values) expect(really.has(v), `didn't find a value ${v}`).toBe(true);
  // The run did something: the clients got values committed.
  expect(values.length).toBeGreaterThan(0);
}

describe('lab 2C: persistence', () => {
  labTest('Persist12C', { servers: 3 }, (cfg) => {
    cfg.one(11, cfg.n, true);
    // Crash and re-start all.
    for (let i = 1; i <= cfg.n; i++) cfg.start1(i);
    for (let i = 1; i <= cfg.n; i++) {
      cfg.disconnect(i);
      cfg.connect(i);
    }
    cfg.one(12, cfg.n, true);
    const leader1 = cfg.checkOneLeader();
    cfg.disconnect(leader1);
    cfg.start1(leader1);
    cfg.connect(leader1);
    cfg.one(13, cfg.n, true);
    const leader2 = cfg.checkOneLeader();
    cfg.disconnect(leader2);
    const index14 = cfg.one(14, cfg.n - 1, true);
    cfg.start1(leader2);
    cfg.connect(leader2);
    cfg.wait(index14, cfg.n, -1); // wait for leader2 to join before killing i3
    const i3 = cfg.peer(cfg.checkOneLeader(), 1);
    cfg.disconnect(i3);
    cfg.one(15, cfg.n - 1, true);
    cfg.start1(i3);
    cfg.connect(i3);
    cfg.one(16, cfg.n, true);
  });

  labTest('Persist22C', { servers: 5 }, (cfg) => {
    let index = 1;
    for (let iters = 0; iters < 5; iters++) {
      cfg.one(10 + index, cfg.n, true);
      index++;
      const leader1 = cfg.checkOneLeader();
      cfg.disconnect(cfg.peer(leader1, 1));
      cfg.disconnect(cfg.peer(leader1, 2));
      cfg.one(10 + index, cfg.n - 2, true);
      index++;
      cfg.disconnect(cfg.peer(leader1, 0));
      cfg.disconnect(cfg.peer(leader1, 3));
      cfg.disconnect(cfg.peer(leader1, 4));
      cfg.start1(cfg.peer(leader1, 1));
      cfg.start1(cfg.peer(leader1, 2));
      cfg.connect(cfg.peer(leader1, 1));
      cfg.connect(cfg.peer(leader1, 2));
      cfg.sleepMs(RAFT_ELECTION_TIMEOUT_MS);
      cfg.start1(cfg.peer(leader1, 3));
      cfg.connect(cfg.peer(leader1, 3));
      cfg.one(10 + index, cfg.n - 2, true);
      index++;
      cfg.connect(cfg.peer(leader1, 4));
      cfg.connect(cfg.peer(leader1, 0));
    }
    cfg.one(1000, cfg.n, true);
  });

  labTest('Persist32C', { servers: 3 }, (cfg) => {
    cfg.one(101, 3, true);
    const leader = cfg.checkOneLeader();
    cfg.disconnect(cfg.peer(leader, 2));
    cfg.one(102, 2, true);
    cfg.crash1(cfg.peer(leader, 0));
    cfg.crash1(cfg.peer(leader, 1));
    cfg.connect(cfg.peer(leader, 2));
    cfg.start1(cfg.peer(leader, 0));
    cfg.connect(cfg.peer(leader, 0));
    cfg.one(103, 2, true);
    cfg.start1(cfg.peer(leader, 1));
    cfg.connect(cfg.peer(leader, 1));
    cfg.one(104, cfg.n, true);
  });

  labTest('Figure82C', { servers: 5 }, (cfg) => figure8(cfg));

  labTest('UnreliableAgree2C', { servers: 5, unreliable: true }, (cfg) => {
    for (let iters = 1; iters < 50; iters++) {
      for (let j = 0; j < 4; j++) cfg.spawn(cfg.oneTask(100 * iters + j, 1, true));
      cfg.one(iters, 1, true);
    }
    cfg.setUnreliable(false);
    cfg.waitTasks();
    cfg.one(100, cfg.n, true);
  });

  labTest('Figure8Unreliable2C', { servers: 5, unreliable: true }, (cfg) => {
    const rand = (): number => cfg.randInt(10_000);
    cfg.one(rand(), 1, true);
    let nup = cfg.n;
    for (let iters = 0; iters < 1000; iters++) {
      if (iters === 200) cfg.setLongReordering(true);
      let leader = -1;
      for (let i = 1; i <= cfg.n; i++) {
        if (cfg.start(i, rand()).isLeader && cfg.connected(i)) leader = i;
      }
      if (cfg.randInt(1000) < 100) cfg.sleepMs(cfg.randInt(RAFT_ELECTION_TIMEOUT_MS / 2));
      else cfg.sleepMs(cfg.randInt(13));
      if (leader !== -1 && cfg.randInt(1000) < RAFT_ELECTION_TIMEOUT_MS / 2) {
        cfg.disconnect(leader);
        nup -= 1;
      }
      if (nup < 3) {
        const s = 1 + cfg.randInt(cfg.n);
        if (!cfg.connected(s)) {
          cfg.connect(s);
          nup += 1;
        }
      }
    }
    for (let i = 1; i <= cfg.n; i++) if (!cfg.connected(i)) cfg.connect(i);
    cfg.one(rand(), cfg.n, true);
  });

  labTest('ReliableChurn2C', { servers: 5 }, (cfg) => churn(cfg, false));

  labTest('UnreliableChurn2C', { servers: 5 }, (cfg) => churn(cfg, true));
});
