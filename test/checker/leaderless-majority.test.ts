// The stale-leader liveness check on made-up timelines: a majority that hears itself and only a
// stale leader from outside must have a leader within the bound; a majority that follows a leader
// of its own term (one-way cut, no newer term) is not owed one; nodes down do not count.
import { describe, expect, it } from 'vitest';
import { findLeaderlessStalls, leadershipOfEvents, type FaultSnapshot, type LeadershipRecord } from '../../src/checker/invariants/leaderless-majority.js';
import { SimCluster, clusterOptions } from '../../src/sim/cluster.js';

const S = 1e9;
const ids = [1, 2, 3];
/** Node 1 deaf: it drops everything, everyone hears it. */
const deaf1: FaultSnapshot = { timeNs: 1 * S, cut: new Map([[1, new Set([2, 3])]]), down: new Set() };
const lead = (node: number, timeS: number, term: number, leads = true): LeadershipRecord => ({ node, timeNs: timeS * S, term, leads });

describe('findLeaderlessStalls', () => {
  it('reports a majority left leaderless while only a stale leader reaches it', () => {
    const leadership = [lead(1, 0, 1), lead(2, 0, 1, false), lead(3, 0, 1, false), lead(2, 1, 2, false), lead(3, 1, 2, false)];
    const stalls = findLeaderlessStalls({ nodeIds: ids, faults: [deaf1], leadership, endNs: 9 * S, boundNs: 5 * S });
    expect(stalls).toEqual([{ members: [2, 3], staleLeaders: [1], fromNs: 1 * S, toNs: 9 * S }]);
  });

  it('is quiet when the majority elects within the bound', () => {
    const leadership = [lead(1, 0, 1), lead(2, 0, 2, false), lead(3, 0, 2, false), lead(2, 2, 3)];
    expect(findLeaderlessStalls({ nodeIds: ids, faults: [deaf1], leadership, endNs: 9 * S, boundNs: 5 * S })).toEqual([]);
  });

  it('does not owe a leader to nodes that legitimately follow one of their own term through a one-way cut', () => {
    const leadership = [lead(1, 0, 4), lead(2, 0, 4, false), lead(3, 0, 4, false)];
    expect(findLeaderlessStalls({ nodeIds: ids, faults: [deaf1], leadership, endNs: 9 * S, boundNs: 5 * S })).toEqual([]);
  });

  it('does not count nodes that are down, nor a minority', () => {
    const leadership = [lead(1, 0, 1, false), lead(2, 0, 1, false), lead(3, 0, 1, false)];
    const down: FaultSnapshot = { timeNs: 0, cut: new Map(), down: new Set([1, 2]) };
    expect(findLeaderlessStalls({ nodeIds: ids, faults: [down], leadership, endNs: 9 * S, boundNs: 5 * S })).toEqual([]);
  });

  it('reads leadership from boot and role records, and a simulated cluster records its faults over virtual time', () => {
    const c = new SimCluster(clusterOptions({ seed: 7, nodes: 3, recordEvents: true }));
    c.runForMs(2_000);
    const leader = c.leader()!;
    expect(leader).not.toBeNull();
    const records = leadershipOfEvents(new Map(c.nodes.map((n) => [n.id, n.events])));
    expect(records.filter((r) => r.leads).map((r) => r.node)).toContain(leader);
    expect(records.filter((r) => r.timeNs === 0 && !r.leads)).toHaveLength(3); // the boots
    c.partition(new Map([[leader, new Set(c.nodeIds.filter((id) => id !== leader))]]));
    c.runForMs(100);
    c.kill([leader]);
    expect(c.faultTimeline.snapshots.map((f) => ({ timeNs: f.timeNs, cutOf: [...(f.cut.get(leader) ?? [])].length, down: [...f.down] }))).toEqual([
      { timeNs: 2_000 * 1e6, cutOf: 2, down: [] },
      { timeNs: 2_100 * 1e6, cutOf: 2, down: [leader] },
    ]);
  });
});
