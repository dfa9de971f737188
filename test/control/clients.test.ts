import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/control/clients/client-pool.js';
import { HistoryWriter } from '../../src/history/writer.js';
import { readHistory } from '../../src/history/reader.js';
import type { OpRecord } from '../../src/history/types.js';
import type { Workload } from '../../src/plugins.js';
import { registerWorkload } from '../../workloads/register.js';
import { startFakeNode, type FakeBehaviour, type FakeNode } from './helpers/fake-node.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function cluster(behaviours: FakeBehaviour[]): Promise<{ nodes: FakeNode[]; history: HistoryWriter; dir: string }> {
  const store = new Map<string, number | null>();
  const nodes: FakeNode[] = [];
  for (const [i, b] of behaviours.entries()) nodes.push(await startFakeNode(i + 1, store, b));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clients-test-'));
  const history = new HistoryWriter(path.join(dir, 'history.jsonl'));
  cleanups.push(
    () => nodes.forEach((n) => void n.close()),
    () => history.close(),
    () => fs.rmSync(dir, { recursive: true, force: true }),
  );
  return { nodes, history, dir };
}

function pool(nodes: FakeNode[], history: HistoryWriter, extra: Partial<ConstructorParameters<typeof ClientPool>[0]> = {}): ClientPool {
  const p = new ClientPool({
    nodeIds: nodes.map((n) => n.id),
    addressOf: (id) => ({ host: '127.0.0.1', port: nodes[id - 1]?.port ?? 1 }),
    concurrency: 2,
    ratePerS: 0,
    opTimeoutMs: 300,
    seed: 5,
    workload: registerWorkload,
    workloadOptions: { keys: 1 },
    history,
    retryBackoffMs: 5,
    ...extra,
  });
  cleanups.push(() => p.close());
  return p;
}

async function runFor(p: ClientPool, ms: number): Promise<void> {
  const running = p.run();
  await new Promise((r) => setTimeout(r, ms));
  p.stop();
  await running;
}

/** Each invoke is followed by exactly one completion of the same process, f and key. */
function expectWellFormed(ops: readonly OpRecord[]): void {
  const open = new Map<number | string, OpRecord>();
  for (const op of ops) {
    if (op.type === 'invoke') {
      expect(open.has(op.process)).toBe(false);
      open.set(op.process, op);
    } else {
      const inv = open.get(op.process);
      expect(inv?.f).toBe(op.f);
      expect(inv?.key).toBe(op.key);
      expect(op.time).toBeGreaterThanOrEqual(inv?.time ?? Infinity);
      open.delete(op.process);
    }
  }
  expect(open.size).toBe(0);
}

describe('ClientPool', () => {
  it('records ok / fail ops against a leader, in history.jsonl as they happen', async () => {
    const { nodes, history } = await cluster([{ kind: 'leader' }]);
    const p = pool(nodes, history);
    await runFor(p, 150);
    const ops = readHistory(history.file).ops;
    expect(ops).toEqual(history.records);
    expectWellFormed(ops);
    expect(p.counts.ok).toBeGreaterThan(10);
    expect(p.counts.info).toBe(0);
    expect(ops.filter((o) => o.type === 'fail').every((o) => o.f === 'cas' && o.error === 'cas-mismatch')).toBe(true);
    // Reads return what the fake register holds: only values the workload writes.
    for (const op of ops.filter((o) => o.type === 'ok' && o.f === 'read')) expect([null, 0, 1, 2, 3, 4]).toContain(op.value);
  });

  it('follows a redirect with the same clientId and seq', async () => {
    const { nodes, history } = await cluster([{ kind: 'redirect', leader: 2 }, { kind: 'leader' }]);
    const p = pool(nodes, history, { concurrency: 1, binding: 'leader' });
    await runFor(p, 100);
    const first = nodes[0]?.received[0];
    const atLeader = nodes[1]?.received[0];
    expect(first).toBeDefined();
    expect(atLeader?.clientId).toBe(first?.clientId);
    expect(atLeader?.seq).toBe(first?.seq);
    expect(nodes[0]?.received).toHaveLength(1); // then it sticks to the leader
    expect(p.counts.info).toBe(0);
  });

  it('with home binding every op starts at the home node', async () => {
    const { nodes, history } = await cluster([{ kind: 'redirect', leader: 2 }, { kind: 'leader' }]);
    const p = pool(nodes, history, { concurrency: 1 });
    await runFor(p, 100);
    const atHome = nodes[0]?.received ?? [];
    const atLeader = nodes[1]?.received ?? [];
    expect(atHome.length).toBeGreaterThan(3);
    // Each op was first sent home, then once to the leader with the same (clientId, seq).
    expect(atLeader.map((r) => `${r.clientId}/${r.seq}`)).toEqual(atHome.slice(0, atLeader.length).map((r) => `${r.clientId}/${r.seq}`));
  });

  it('a timeout is info (a read: fail) and an info retires the process for a fresh id', async () => {
    const { nodes, history } = await cluster([{ kind: 'silent' }]);
    const writes: Workload = { ...registerWorkload, name: 'writes', next: (rng) => ({ f: 'write', key: 'k0', value: rng.int(100) }) };
    const p = pool(nodes, history, { concurrency: 2, opTimeoutMs: 50, workload: writes });
    await runFor(p, 180);
    const ops = history.records;
    expectWellFormed(ops);
    const infos = ops.filter((o) => o.type === 'info');
    expect(infos.length).toBeGreaterThanOrEqual(4);
    expect(infos.every((o) => o.error === 'timeout')).toBe(true);
    // A read that times out changed nothing: Jepsen records it as fail.
    const reads = pool(nodes, history, { concurrency: 1, opTimeoutMs: 30, workload: { ...registerWorkload, name: 'reads', next: () => ({ f: 'read', key: 'k0', value: null }) } });
    await runFor(reads, 70);
    const readDone = history.records.filter((o) => o.f === 'read' && o.type !== 'invoke');
    expect(readDone.length).toBeGreaterThan(0);
    expect(readDone.every((o) => o.type === 'fail' && o.error === 'timeout')).toBe(true);
    // Jepsen numbering: process p is followed by p + concurrency; no process id is reused.
    const procs = infos.map((o) => o.process as number);
    expect(new Set(procs).size).toBe(procs.length);
    expect(procs.slice(0, 2).sort()).toEqual([0, 1]);
    expect(procs).toContain(2);
  });

  it("'unknown' and a lost connection are info; redirects with no leader until the deadline are fail", async () => {
    const { nodes, history } = await cluster([{ kind: 'unknown' }, { kind: 'close' }, { kind: 'redirect', leader: null }]);
    // Writes only: a read whose outcome is unknown is a fail (it changed nothing), tested above.
    const writes: Workload = { ...registerWorkload, name: 'writes', next: (rng) => ({ f: 'write', key: 'k0', value: rng.int(100) }) };
    const p = pool(nodes, history, { concurrency: 3, opTimeoutMs: 80, workload: writes });
    await runFor(p, 60);
    const completions = history.records.filter((o) => o.type !== 'invoke');
    expect(completions.some((o) => o.type === 'info' && o.error === 'leadership-lost')).toBe(true);
    expect(completions.some((o) => o.type === 'info' && o.error === 'connection-lost')).toBe(true);
    // Every node redirects and names no leader: nothing can be done before the deadline, so the op
    // fails ("no-leader"; or "timeout" when the deadline cut the last attempt's send, which for a
    // read is a fail too: the state machine's rule is in test/clients/operation.test.ts).
    nodes.forEach((n) => (n.behaviour = { kind: 'redirect', leader: null }));
    const reads: Workload = { ...registerWorkload, name: 'reads', next: () => ({ f: 'read', key: 'k0', value: null }) };
    const p2 = pool(nodes, history, { concurrency: 1, opTimeoutMs: 60, workload: reads });
    await runFor(p2, 30);
    const last = history.records.at(-1);
    expect(last?.type).toBe('fail');
    expect(['no-leader', 'timeout']).toContain(last?.error);
  });

  it('with an attempt timeout, a silent node is left for the next one with the same request id; the op ends ok there', async () => {
    const { nodes, history } = await cluster([{ kind: 'silent' }, { kind: 'leader' }]);
    const writes: Workload = { ...registerWorkload, name: 'writes', next: (rng) => ({ f: 'write', key: 'k0', value: rng.int(100) }) };
    const p = pool(nodes, history, { concurrency: 1, opTimeoutMs: 400, attemptTimeoutMs: 40, workload: writes });
    await runFor(p, 250);
    const ops = history.records;
    expectWellFormed(ops);
    const done = ops.filter((o) => o.type !== 'invoke');
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.every((o) => o.type === 'ok' && o.node === 2)).toBe(true);
    // Each op went home (the silent n1) first, then to n2 under the same (clientId, seq).
    const atHome = (nodes[0]?.received ?? []).map((r) => `${r.clientId}/${r.seq}`);
    const atNext = (nodes[1]?.received ?? []).map((r) => `${r.clientId}/${r.seq}`);
    expect(atNext.slice(0, done.length)).toEqual(atHome.slice(0, done.length));
    // Without one, the same op waits on n1 for the whole deadline and is info.
    const q = pool(nodes, history, { concurrency: 1, opTimeoutMs: 60, workload: writes });
    await runFor(q, 30);
    expect(history.records.at(-1)).toMatchObject({ type: 'info', error: 'timeout' });
  });

  it('skips a node known to be down without sending to it', async () => {
    const { nodes, history } = await cluster([{ kind: 'leader' }, { kind: 'leader' }]);
    const p = pool(nodes, history, { concurrency: 2, nodeAvailable: (id) => id !== 1 });
    await runFor(p, 100);
    expect(nodes[0]?.received).toHaveLength(0);
    expect(nodes[1]?.received.length).toBeGreaterThan(5);
    expect(p.counts.info).toBe(0);
  });

  it('keeps to --rate in total', async () => {
    const { nodes, history } = await cluster([{ kind: 'leader' }]);
    const p = pool(nodes, history, { concurrency: 4, ratePerS: 100 });
    await runFor(p, 1000);
    const done = p.counts.ok + p.counts.fail;
    expect(done).toBeGreaterThan(50);
    expect(done).toBeLessThan(160);
  });

  it('final reads read every key through the leader', async () => {
    const { nodes, history } = await cluster([{ kind: 'redirect', leader: 2 }, { kind: 'leader' }]);
    const p = pool(nodes, history);
    const out = await p.finalReads(['a', 'b'], 1000, 200);
    expect([...out.entries()]).toEqual([
      ['a', 'ok'],
      ['b', 'ok'],
    ]);
    expect(history.records.filter((o) => o.type === 'ok' && o.f === 'read').map((o) => o.key).sort()).toEqual(['a', 'b']);
  });
});
