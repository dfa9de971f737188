import { describe, expect, it } from 'vitest';
import { CLIENTS, HostNetwork, NO_FAULTS } from '../../../src/subjects/maelstrom/network.js';
import { seededRng } from '../../../src/util/rng.js';

function recorder() {
  const got: { from: number; to: number; line: string; atMs: number }[] = [];
  return { got, deliver: (from: number, to: number, line: string) => (got.push({ from, to, line, atMs: Date.now() }), true) };
}

describe('HostNetwork', () => {
  it('drops by directed grudge: a one-way cut passes the other direction and client traffic', () => {
    const r = recorder();
    const net = new HostNetwork(3, seededRng(1), r.deliver);
    net.partition(new Map([[2, new Set([1])]])); // n2 drops what n1 sends
    net.send(1, 2, 'a');
    net.send(2, 1, 'b');
    net.send(CLIENTS, 2, 'c');
    net.send(2, CLIENTS, 'd');
    expect(r.got.map((g) => g.line)).toEqual(['b', 'c', 'd']);
    const link = net.stats().find((s) => s.from === 1 && s.to === 2);
    expect(link).toMatchObject({ sent: 1, delivered: 0, partitioned: 1 });
    net.partition(new Map());
    net.send(1, 2, 'e');
    expect(r.got.at(-1)?.line).toBe('e');
  });

  it('loses and duplicates at the configured rates, counting each', () => {
    const seed = 42;
    const r = recorder();
    const net = new HostNetwork(2, seededRng(seed), r.deliver);
    net.setFaults({ ...NO_FAULTS, loss: 0.3, duplication: 0.2 });
    for (let i = 0; i < 10_000; i++) net.send(1, 2, String(i));
    const s = net.stats().find((l) => l.from === 1 && l.to === 2)!;
    expect(s.sent).toBe(10_000);
    expect(s.lost / s.sent).toBeGreaterThan(0.27);
    expect(s.lost / s.sent).toBeLessThan(0.33);
    expect(s.duplicated / (s.sent - s.lost)).toBeGreaterThan(0.17);
    expect(s.duplicated / (s.sent - s.lost)).toBeLessThan(0.23);
    expect(r.got.length).toBe(s.sent - s.lost + s.duplicated);
    expect(s.delivered).toBe(r.got.length);
    // Faults apply between nodes only.
    for (let i = 0; i < 100; i++) net.send(CLIENTS, 1, 'c');
    expect(net.stats().find((l) => l.from === CLIENTS)?.delivered).toBe(100);
  });

  it('delays by the link latency, and a partition cuts messages in flight', async () => {
    const r = recorder();
    const net = new HostNetwork(3, seededRng(3), r.deliver);
    net.setFaults({ ...NO_FAULTS, latency: { kind: 'constant', ms: 40 }, linkLatency: new Map([['1->3', { kind: 'constant', ms: 5 }]]) });
    const t0 = Date.now();
    net.send(1, 2, 'slow');
    net.send(1, 3, 'fast');
    net.send(2, 1, 'cut');
    net.partition(new Map([[1, new Set([2])]]));
    await new Promise((res) => setTimeout(res, 80));
    expect(r.got.map((g) => g.line)).toEqual(['fast', 'slow']);
    expect(r.got[1]!.atMs - t0).toBeGreaterThanOrEqual(39);
    expect(net.stats().find((l) => l.from === 2 && l.to === 1)?.partitioned).toBe(1);
    net.close();
  });

  it('counts a message to a receiver that is down as undeliverable', () => {
    const net = new HostNetwork(2, seededRng(1), () => false);
    net.send(1, 2, 'x');
    expect(net.stats()[0]).toMatchObject({ sent: 1, delivered: 0, undeliverable: 1 });
  });
});
