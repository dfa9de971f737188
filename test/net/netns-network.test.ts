// The netns network as a library: real namespaces, veths and a bridge; real TCP connections between
// namespaces and from the root namespace show that the nftables rules drop exactly the links a
// grudge cuts (one-way ones too), that loss drops at random, that heal restores everything, and
// that close() and the leftover sweep leave nothing behind. Needs root; skipped with a notice otherwise.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsNetwork } from '../../src/net/netns/netns-network.js';
import { findNetnsRuns, removeLeftovers } from '../../src/net/netns/leftovers.js';
import { greeterScript, looksNetnsCapable, probeTcp, skipNotice, tracesOf } from './helpers.js';
import { localRunner } from '../../src/net/hosts/runner.js';
import { ALL_PARTITION_SPECS, resolvePartition } from '../../src/faults/partition.js';
import { seededRng } from '../../src/util/rng.js';
import { probeNetnsSupport } from '../../src/net/netns/support.js';

const capable = looksNetnsCapable();
if (!capable) skipNotice('test/net/netns-network.test.ts', 'needs root with ip netns and nft');

describe.skipIf(!capable)('netns network', () => {
  let network: NetnsNetwork;
  const servers: ReturnType<typeof execa>[] = [];

  beforeAll(async () => {
    network = await NetnsNetwork.create({ nodeIds: [1, 2, 3] });
    for (const id of network.nodeIds) {
      const { peer, client } = network.ports;
      const { file, args } = network.runner(id).command([process.execPath, '-e', greeterScript(network.address(id), [peer, client], `n${id}`)]);
      const child = execa(file, args, { reject: false, stdin: 'ignore' });
      servers.push(child);
    }
    // Wait until every greeter answers from the root namespace.
    for (const id of network.nodeIds) {
      for (let i = 0; i < 50; i++) {
        if ((await probeTcp(localRunner(), network.address(id), network.ports.client)) === `said:n${id}`) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });

  afterAll(async () => {
    for (const s of servers) s.kill('SIGKILL');
    await network?.close();
  });

  const peer = (from: number, to: number): Promise<string> => probeTcp(network.runner(from), network.address(to), network.ports.peer);

  it('gives each node its own namespace and address, reachable from the root namespace and from each other', async () => {
    const t = tracesOf(network.runId);
    expect(t.namespaces.sort()).toEqual([1, 2, 3].map((i) => `rchaos-${network.runId}-n${i}`));
    for (const id of [1, 2, 3]) {
      expect(await probeTcp(localRunner(), network.address(id), network.ports.client)).toBe(`said:n${id}`);
    }
    expect(await peer(1, 2)).toBe('said:n2');
    expect(await peer(3, 1)).toBe('said:n1');
  });

  it('drops a one-way link and only that one: 2 no longer hears 1, 1 still hears 2', async () => {
    await network.partition(new Map([[2, new Set([1])]]));
    expect(await network.listRules(2)).toMatch(/ip saddr \S+\.1 tcp dport 7001 counter packets \d+ bytes \d+ drop/);
    expect(await peer(1, 2)).toBe('timeout');
    expect(await peer(2, 1)).toBe('said:n1');
    expect(await peer(3, 2)).toBe('said:n2');
    // Other ports of 2 (its client port) and the controller's connections are untouched.
    expect(await probeTcp(network.runner(1), network.address(2), network.ports.client)).toBe('said:n2');
    expect(await probeTcp(localRunner(), network.address(2), network.ports.peer)).toBe('said:n2');
    // The rule's counter saw 1's SYNs fall; nothing of 2 -> 1 was dropped.
    await network.partition(new Map());
    const drops = network.partitionDrops();
    expect(drops['1->2']).toBeGreaterThan(0);
    expect(drops['2->1']).toBeUndefined();
  });

  it('isolates a node both ways and heals', async () => {
    await network.partition(new Map([[1, new Set([2, 3])], [2, new Set([1])], [3, new Set([1])]]));
    expect(await peer(1, 2)).toBe('timeout');
    expect(await peer(2, 1)).toBe('timeout');
    expect(await peer(3, 1)).toBe('timeout');
    expect(await peer(2, 3)).toBe('said:n3');
    await network.partition(new Map());
    expect(await network.listRules(1)).not.toMatch(/drop/);
    expect(await peer(1, 2)).toBe('said:n2');
    expect(await peer(2, 1)).toBe('said:n1');
  });

  it('turns every partition shape into exactly its grudge: each namespace drops the addresses its node holds a grudge against', async () => {
    const rng = seededRng(7);
    for (const spec of ALL_PARTITION_SPECS) {
      const grudge = resolvePartition(spec, rng, network.nodeIds, 2);
      await network.partition(grudge);
      for (const id of network.nodeIds) {
        const rules = await network.listRules(id);
        const dropped = [...rules.matchAll(/ip saddr 10\.213\.\d+\.(\d+) tcp dport 7001 counter packets \d+ bytes \d+ drop/g)].map((m) => Number(m[1]));
        expect(dropped.sort(), `${spec}: n${id}`).toEqual([...(grudge.get(id) ?? [])].sort());
      }
    }
    await network.partition(new Map());
  });

  it('drops at random with loss, everything at 100 %, nothing after heal', async () => {
    await network.setLossPercent(100);
    expect(await network.listRules(3)).toMatch(/tcp dport 7001 drop/);
    expect(await peer(1, 3)).toBe('timeout');
    await network.setLossPercent(50);
    expect(await network.listRules(3)).toMatch(/numgen random mod 100 < 50 drop/);
    // Half the packets lost: of 16 connection attempts some get through and some do not (a
    // connection needs its SYN and its ACK through; each is lost with probability 1/2).
    const outcomes = await Promise.all(Array.from({ length: 16 }, () => peer(1, 3)));
    expect(outcomes.filter((o) => o === 'said:n3').length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === 'timeout').length).toBeGreaterThan(0);
    await network.setLossPercent(0);
    expect(await network.listRules(3)).not.toMatch(/numgen/);
    expect(await peer(1, 3)).toBe('said:n3');
  });

  it('leaves nothing behind after close()', async () => {
    const extra = await NetnsNetwork.create({ nodeIds: [1, 2] });
    expect(tracesOf(extra.runId).namespaces).toHaveLength(2);
    await extra.close();
    await extra.close(); // idempotent
    expect(tracesOf(extra.runId)).toEqual({ namespaces: [], links: [], rootRules: '' });
    expect((await findNetnsRuns()).some((r) => r.runId === extra.runId)).toBe(false);
  });
});

describe.skipIf(!capable)('netns leftovers', () => {
  it('a controller that ends through process.exit removes its network in the exit hook', async () => {
    const child = execa(process.execPath, ['--import', 'tsx', 'test/net/helpers/netns-holder.ts'], { reject: false, stdin: 'ignore' });
    const runId = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /RUN ([a-z0-9]{6})/.exec(out);
        if (m) resolve(m[1] as string);
      });
      void child.then((r) => reject(new Error(`child ended: ${String(r.stderr)}`)));
    });
    try {
      expect(tracesOf(runId).namespaces).toHaveLength(3);
      process.kill(child.pid as number, 'SIGUSR2');
      expect((await child).exitCode).toBe(255);
      expect(tracesOf(runId)).toEqual({ namespaces: [], links: [], rootRules: '' });
      expect((await findNetnsRuns()).some((r) => r.runId === runId)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      await removeLeftovers();
    }
  });

  it('a controller killed with SIGKILL leaves a run that the sweep finds as dead and removes', async () => {
    const child = execa(process.execPath, ['--import', 'tsx', 'test/net/helpers/netns-holder.ts'], { reject: false, stdin: 'ignore' });
    const runId = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /RUN ([a-z0-9]{6})/.exec(out);
        if (m) resolve(m[1] as string);
      });
      void child.then((r) => reject(new Error(`child ended: ${String(r.stderr)}`)));
    });
    try {
      expect(tracesOf(runId).namespaces).toHaveLength(3);
      const before = (await findNetnsRuns()).find((r) => r.runId === runId);
      expect(before?.live).toBe(true);
      // A live run is not swept.
      await removeLeftovers();
      expect(tracesOf(runId).namespaces).toHaveLength(3);
      process.kill(child.pid as number, 'SIGKILL');
      await child;
      const dead = (await findNetnsRuns()).find((r) => r.runId === runId);
      expect(dead?.live).toBe(false);
      expect(dead?.namespaces).toHaveLength(3);
      const removed = await removeLeftovers();
      expect(removed.map((r) => r.runId)).toContain(runId);
      expect(tracesOf(runId)).toEqual({ namespaces: [], links: [], rootRules: '' });
    } finally {
      child.kill('SIGKILL');
      await removeLeftovers();
    }
  });
});

describe.skipIf(!capable)('netns link latency: which path', () => {
  it('the probe runs the netem path\u2019s own commands and says what the kernel answered', async () => {
    const support = await probeNetnsSupport();
    expect(support.missing).toBeNull();
    if (support.netem) expect(support.netemProbe).toMatch(/ok$/);
    else expect(support.netemProbe).toMatch(/^tc (qdisc|filter) add \.\.\. (prio|netem|u32): /);
  });

  it('with netem the latency is made in the kernel; a kernel without it fails the network at create and leaves nothing', async () => {
    const support = await probeNetnsSupport();
    const create = NetnsNetwork.create({ nodeIds: [1, 2], latencyMs: 20, netem: { available: true, probe: 'told so' } });
    if (support.netem) {
      const network = await create;
      try {
        expect(network.describe()).toMatchObject({ latencyPath: 'kernel netem', latencyMs: 20 });
        const qdiscs = await network.runner(1).run(['tc', 'qdisc', 'show', 'dev', 'eth0']);
        expect(qdiscs.stdout).toMatch(/netem .*delay 20/);
        // No delay proxy: peers are dialled at their own addresses.
        expect(network.peerAddress(1, 2)).toEqual({ host: network.address(2), port: network.ports.peer });
      } finally {
        await network.close();
      }
      expect(tracesOf(network.runId)).toEqual({ namespaces: [], links: [], rootRules: '' });
    } else {
      await expect(create).rejects.toThrow(/tc .*qdisc|qdisc kind is unknown/);
      expect((await findNetnsRuns()).filter((r) => r.record?.ownerPid === process.pid)).toEqual([]);
    }
  });

  it('without netem the latency is user-space delay proxies, and describe() says why', async () => {
    const network = await NetnsNetwork.create({ nodeIds: [1, 2], latencyMs: 20, netem: { available: false, probe: 'tc qdisc add ... prio: unknown' } });
    try {
      expect(network.describe()).toMatchObject({ latencyPath: 'user-space delay proxies', latencyMs: 20 });
      expect(String(network.describe()['latency'])).toContain('the kernel has no netem qdisc: tc qdisc add ... prio: unknown');
      expect(network.peerAddress(1, 2).host).toBe('127.0.0.1');
    } finally {
      await network.close();
    }
    expect(tracesOf(network.runId)).toEqual({ namespaces: [], links: [], rootRules: '' });
  });
});
