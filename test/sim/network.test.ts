import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/raft/index.js';
import { RELIABLE_NETWORK, SimNetwork, isRequest } from '../../src/sim/network.js';

describe('SimNetwork', () => {
  it('drops what a disconnected node sends or should receive, and what a grudge blocks (one direction)', () => {
    const net = new SimNetwork(createRng(1), 3, RELIABLE_NETWORK);
    const out: number[] = [];
    expect(net.route(1, 2, 'AppendEntries', 10, out)).toBe(1);
    net.setConnected(2, false);
    expect(net.route(1, 2, 'AppendEntries', 10, out)).toBe(0);
    expect(net.route(2, 3, 'AppendEntries', 10, out)).toBe(0);
    net.setConnected(2, true);
    net.setGrudge(new Map([[3, new Set([1])]])); // 3 ignores 1
    expect(net.linkUp(1, 3)).toBe(false);
    expect(net.linkUp(3, 1)).toBe(true);
    expect(net.route(1, 3, 'RequestVote', 10, out)).toBe(0);
  });

  it('loses and duplicates at about the configured rates, and delays within bounds', () => {
    const net = new SimNetwork(createRng(2), 2, { ...RELIABLE_NETWORK, lossRate: 0.2, duplicateRate: 0.1, minDelayUs: 100, maxDelayUs: 300 });
    const out: number[] = [];
    let lost = 0;
    let dup = 0;
    for (let i = 0; i < 20_000; i++) {
      const n = net.route(1, 2, 'AppendEntriesReply', 5, out);
      if (n === 0) lost++;
      if (n === 2) dup++;
      for (let k = 0; k < n; k++) {
        expect(out[k]).toBeGreaterThanOrEqual(100);
        expect(out[k]).toBeLessThanOrEqual(300);
      }
    }
    expect(lost / 20_000).toBeGreaterThan(0.18);
    expect(lost / 20_000).toBeLessThan(0.22);
    expect(dup / 16_000).toBeGreaterThan(0.08);
    expect(dup / 16_000).toBeLessThan(0.12);
  });

  it("delays some replies by 200 ms to 2.2 s under the lab's long reordering, never requests", () => {
    const net = new SimNetwork(createRng(3), 2, { ...RELIABLE_NETWORK, longReordering: true });
    const out: number[] = [];
    let long = 0;
    for (let i = 0; i < 3000; i++) {
      net.route(1, 2, 'AppendEntriesReply', 5, out);
      if (out[0]! >= 200_000) long++;
      expect(out[0]).toBeLessThanOrEqual(2_201_000);
      net.route(1, 2, 'AppendEntries', 5, out);
      expect(out[0]).toBeLessThan(200_000);
    }
    expect(long / 3000).toBeGreaterThan(0.6);
    expect(long / 3000).toBeLessThan(0.73);
  });

  it('counts requests (RPCs) and their bytes, per receiver', () => {
    const net = new SimNetwork(createRng(4), 3, RELIABLE_NETWORK);
    const out: number[] = [];
    net.route(1, 2, 'AppendEntries', 100, out);
    net.route(2, 1, 'AppendEntriesReply', 50, out);
    net.route(1, 3, 'RequestVote', 30, out);
    expect(net.stats.rpcs).toBe(2);
    expect(net.stats.rpcBytes).toBe(130);
    expect(net.rpcsTo).toEqual([0, 0, 1, 1]);
    expect(isRequest('InstallSnapshot')).toBe(true);
    expect(isRequest('InstallSnapshotReply')).toBe(false);
  });
});
