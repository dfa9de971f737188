import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/raft/index.js';
import { DEFAULT_CLIENTS, SimClients } from '../../src/sim/clients.js';
import { SimCluster, clusterOptions } from '../../src/sim/cluster.js';
import { HistoryRecorder } from '../../src/sim/history-recorder.js';
import { encodeCommand } from '../../src/statemachine/command.js';

function leaderOf(c: SimCluster): number {
  for (let i = 0; i < 100; i++) {
    const l = c.leader();
    if (l !== null) return l;
    c.runForMs(100);
  }
  throw new Error('no leader in 10 s');
}

function writeThrough(c: SimCluster, key: string, value: number): number {
  const l = leaderOf(c);
  const index = c.host(l)!.submit(encodeCommand({ op: 'write', key, value }), () => undefined);
  if (index === null) throw new Error('leader refused');
  return index;
}

describe('SimCluster', () => {
  it('is deterministic: the same seed gives the same history and event logs; another seed does not', () => {
    const run = (seed: number): string => {
      const c = new SimCluster(clusterOptions({ seed, nodes: 5 }));
      const h = new HistoryRecorder(() => c.nowNs());
      const clients = new SimClients(c, h, createRng(seed), { ...DEFAULT_CLIENTS, count: 4, opsPerSecond: 80 });
      clients.start();
      c.runForMs(2000);
      c.crash(leaderOf(c));
      c.runForMs(2000);
      return JSON.stringify([h.records, c.nodes.map((n) => n.events)]);
    };
    const a = run(11);
    expect(run(11)).toBe(a);
    expect(run(12)).not.toBe(a);
  });

  it('crash loses volatile state only: a restarted node comes back with its persisted log and term', () => {
    const c = new SimCluster(clusterOptions({ seed: 3, nodes: 3 }));
    const index = writeThrough(c, 'a', 1);
    c.runForMs(500);
    const victim = c.nodeIds.find((id) => id !== c.leader())!;
    const before = c.host(victim)!.status();
    expect(before.commit).toBeGreaterThanOrEqual(index);
    c.crash(victim);
    expect(c.host(victim)).toBeNull();
    c.runForMs(300);
    c.start(victim);
    const after = c.host(victim)!.status();
    expect(after.term).toBe(before.term);
    expect(after.lastIndex).toBe(before.lastIndex);
    c.runForMs(1000);
    expect(c.host(victim)!.stateMachine().read('a')).toBe(1);
    const boots = c.node(victim).events.filter((e) => e.kind === 'boot');
    expect(boots).toHaveLength(2);
  });

  it('a paused node neither ticks nor handles messages until resumed, then catches up', () => {
    const c = new SimCluster(clusterOptions({ seed: 5, nodes: 3 }));
    leaderOf(c);
    const victim = c.nodeIds.find((id) => id !== c.leader())!;
    c.pauseNode(victim);
    const frozen = c.host(victim)!.status();
    writeThrough(c, 'b', 2);
    c.runForMs(3000);
    expect(c.host(victim)!.status()).toEqual(frozen);
    c.resumeNode(victim);
    c.runForMs(500);
    expect(c.host(victim)!.stateMachine().read('b')).toBe(2);
  });

  it('scales a node’s tick interval by its clock rate', () => {
    const c = new SimCluster(clusterOptions({ seed: 6, nodes: 2, tickUs: 10_000 }));
    c.setClock(1, 0, 2); // twice as fast
    const ticks = (): number => c.stats.ticks;
    c.runForMs(1000);
    const t0 = ticks();
    c.pauseNode(2);
    c.runForMs(1000);
    const fast = ticks() - t0;
    c.resumeNode(2);
    c.pauseNode(1);
    const t1 = ticks();
    c.runForMs(1000);
    const slow = ticks() - t1;
    expect(fast).toBeGreaterThanOrEqual(198);
    expect(fast).toBeLessThanOrEqual(201);
    expect(slow).toBeGreaterThanOrEqual(99);
    expect(slow).toBeLessThanOrEqual(101);
  });

  it('stops a message storm with a SimBudgetError instead of hanging', () => {
    const c = new SimCluster(clusterOptions({ seed: 7, nodes: 3, maxSentPerNodeSecond: 1 }));
    expect(() => c.runForMs(600_000)).toThrow(/message storm/);
  });
});
