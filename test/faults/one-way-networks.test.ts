// The one-way shapes on every in-process network: the proxy network blocks exactly the directed
// links of the grudge, the Maelstrom host network delivers one direction only, and the simulator
// (through the one fault interpreter) shows a muted leader that still hears: it follows the new
// leader of a higher term and takes its entries, while nothing it sends arrives.
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePartition, isLinkCut, ONE_WAY_PARTITION_SPECS, PARTITION_SPECS } from '../../src/faults/partition.js';
import { badDayGenerator } from '../../src/sim/bad-day.js';
import { trace } from '../../src/generators/index.js';
import type { PartitionSpec } from '../../src/plugins.js';
import { applyFault, createFaultState } from '../../src/faults/apply.js';
import { ProxyNetwork } from '../../src/control/network/proxy-network.js';
import { HostNetwork } from '../../src/subjects/maelstrom/network.js';
import { SimCluster, clusterOptions } from '../../src/sim/cluster.js';
import { encodeCommand } from '../../src/statemachine/command.js';
import { seededRng } from '../../src/util/rng.js';

const IDS = [1, 2, 3];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

describe('one-way shapes on the proxy network', () => {
  it('blocks exactly the directed links each shape cuts', async () => {
    const net = await ProxyNetwork.open({ nodeIds: IDS });
    closers.push(() => net.close());
    for (const spec of ONE_WAY_PARTITION_SPECS) {
      const grudge = resolvePartition(spec, seededRng(4), IDS, 2);
      net.partition(grudge);
      for (const from of IDS) {
        for (const to of IDS) {
          if (from !== to) expect(net.peerProxy(from, to).isBlocked, `${spec}: n${from}->n${to}`).toBe(isLinkCut(grudge, from, to));
        }
      }
    }
    net.partition(new Map());
    for (const from of IDS) for (const to of IDS) if (from !== to) expect(net.peerProxy(from, to).isBlocked).toBe(false);
  });
});

describe('one-way shapes on the Maelstrom host network', () => {
  it('mute-leader: the leader hears, nobody hears it; one-way-leader: the reverse', () => {
    const got: string[] = [];
    const net = new HostNetwork(3, seededRng(1), (from, to, line) => (got.push(`${from}->${to}:${line}`), true));
    net.partition(resolvePartition('mute-leader', seededRng(1), IDS, 1));
    for (const [from, to] of [[1, 2], [1, 3], [2, 1], [3, 1], [2, 3]] as const) net.send(from, to, 'm');
    expect(got).toEqual(['2->1:m', '3->1:m', '2->3:m']);
    got.length = 0;
    net.partition(resolvePartition('one-way-leader', seededRng(1), IDS, 1));
    for (const [from, to] of [[1, 2], [1, 3], [2, 1], [3, 1], [2, 3]] as const) net.send(from, to, 'm');
    expect(got).toEqual(['1->2:m', '1->3:m', '2->3:m']);
  });
});

describe('one-way shapes in the simulator', () => {
  function leaderOf(c: SimCluster): number {
    for (let i = 0; i < 100; i++) {
      const l = c.leader();
      if (l !== null) return l;
      c.runForMs(100);
    }
    throw new Error('no leader in 10 s of virtual time');
  }

  it('mute-leader: the old leader follows a leader of a higher term and takes its entries; no message of its own arrives', async () => {
    const c = new SimCluster(clusterOptions({ seed: 3, nodes: 3 }));
    const old = leaderOf(c);
    const oldTerm = c.host(old)!.status().term;
    const lastBefore = c.host(old)!.status().lastIndex;
    const out = await applyFault({ f: 'start-partition', value: 'mute-leader' }, c, seededRng(1), createFaultState());
    expect(out).toEqual({ kind: 'partition', grudge: Object.fromEntries(IDS.filter((n) => n !== old).map((n) => [String(n), [old]])) });
    c.runForMs(3000);
    const fresh = c.leader();
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(old);
    for (let i = 0; i < 5; i++) c.host(fresh as number)!.submit(encodeCommand({ op: 'write', key: 'k', value: i }), () => undefined);
    c.runForMs(1000);
    const s = c.host(old)!.status();
    const leaderStatus = c.host(fresh as number)!.status();
    expect(s.role).toBe('follower');
    expect(s.leader).toBe(fresh);
    expect(s.term).toBe(leaderStatus.term);
    expect(s.term).toBeGreaterThan(oldTerm);
    // It holds an entry of the new term, which only the new leader's AppendEntries could bring ...
    expect(s.lastTerm).toBe(leaderStatus.term);
    expect(s.lastIndex).toBeGreaterThan(lastBefore);
    // ... but its acknowledgements never arrive: the leader sends it no commit index beyond what it
    // knows the node holds, so the muted node's commit stays behind the leader's.
    expect(s.commit).toBeLessThan(leaderStatus.commit);
    for (const n of IDS.filter((x) => x !== old)) expect(c.network.linkUp(old, n)).toBe(false);
  });
});

describe('one-way shapes in a simulated bad day', () => {
  it('a fault schedule given the one-way shapes draws only them; the default still draws the symmetric ones', () => {
    const draw = (shapes?: readonly PartitionSpec[]): Set<unknown> => {
      const schedule = badDayGenerator(['partition'], [200_000, 400_000], shapes);
      const seen = new Set<unknown>();
      for (const { op } of trace(schedule, seededRng(9), { untilMs: Infinity, maxOps: 200 })) {
        if (op.f === 'start-partition') seen.add(op.value);
      }
      return seen;
    };
    expect([...draw(ONE_WAY_PARTITION_SPECS)].sort()).toEqual([...ONE_WAY_PARTITION_SPECS].sort());
    expect([...draw()].sort()).toEqual([...PARTITION_SPECS].sort());
  });

  it('every one-way shape, applied in the simulator and healed: the cluster elects a leader and commits again', async () => {
    for (const spec of ONE_WAY_PARTITION_SPECS) {
      const c = new SimCluster(clusterOptions({ seed: 8, nodes: 5 }));
      const state = createFaultState();
      const before = leaderCommit(c);
      await applyFault({ f: 'start-partition', value: spec }, c, seededRng(2), state);
      c.runForMs(3000);
      await applyFault({ f: 'stop-partition', value: null }, c, seededRng(2), state);
      c.runForMs(3000);
      const leader = c.leader();
      expect(leader, spec).not.toBeNull();
      c.host(leader as number)!.submit(encodeCommand({ op: 'write', key: 'k', value: 1 }), () => undefined);
      c.runForMs(1000);
      expect(leaderCommit(c), spec).toBeGreaterThan(before);
    }
  });
});

function leaderCommit(c: SimCluster): number {
  for (let i = 0; i < 100 && c.leader() === null; i++) c.runForMs(100);
  const leader = c.leader();
  return leader === null ? 0 : c.host(leader)!.status().commit;
}
