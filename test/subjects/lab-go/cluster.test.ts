// Three real lab-go nodes (the correct fixture with debugging prints on stdout, built by the build step) behind the in-test
// Maelstrom routing: a leader is elected, writes and reads go through lin-kv, a partitioned
// minority cannot serve, and a crashed node restarts from its Persister files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLabRaft } from '../../../src/subjects/lab-go/build.js';
import { LabCluster, type MessageBody } from '../../../src/subjects/lab-go/cluster.js';
import { GO_AVAILABLE } from './go-available.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/lab-go/generated');

async function writeThroughAnyLeader(cluster: LabCluster, key: string, value: number, deadlineMs: number): Promise<number> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    for (let i = 0; i < cluster.ids.length; i++) {
      if (!cluster.isUp(i)) continue;
      const reply = await cluster.request('c1', i, { type: 'write', key, value }, 3000);
      if (reply.type === 'write_ok') return i;
    }
    if (Date.now() > end) throw new Error(`no node accepted a write within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function events(cluster: LabCluster, i: number): { kind: string; term?: number; role?: string; index?: number }[] {
  const file = path.join(cluster.nodeDir(i), 'events.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { kind: string });
}

describe.skipIf(!GO_AVAILABLE)('lab-go cluster (3 nodes, the correct fixture printing to stdout)', () => {
  let dir: string;
  let cluster: LabCluster;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-go-cluster-'));
    const { binary } = await buildLabRaft({ labDir: path.join(FIXTURES, 'chatty'), buildDir: path.join(dir, 'build') });
    cluster = new LabCluster({ binary, nodesDir: path.join(dir, 'nodes'), nodes: 3, env: { RAFT_CHAOS_EPOCH_NS: String(BigInt(Date.now()) * 1_000_000n) } });
    await cluster.start();
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('elects a leader and serves write, read and cas through the log', async () => {
    const leader = await writeThroughAnyLeader(cluster, 'r', 1, 15_000);
    const read = await cluster.request('c1', leader, { type: 'read', key: 'r' }, 3000);
    expect(read).toMatchObject({ type: 'read_ok', value: 1 });
    const cas = await cluster.request('c1', leader, { type: 'cas', key: 'r', from: 1, to: 2 }, 3000);
    expect(cas.type).toBe('cas_ok');
    const badCas = await cluster.request('c1', leader, { type: 'cas', key: 'r', from: 1, to: 3 }, 3000);
    expect(badCas).toMatchObject({ type: 'error', code: 22 });
    const missing = await cluster.request('c1', leader, { type: 'read', key: 'nope' }, 3000);
    expect(missing).toMatchObject({ type: 'error', code: 20 });
    const follower = (leader + 1) % 3;
    const notLeader: MessageBody = await cluster.request('c1', follower, { type: 'read', key: 'r' }, 3000);
    expect(notLeader).toMatchObject({ type: 'error', code: 11 });
    // The leader's event log shows it as leader; every node applied the same entries.
    expect(events(cluster, leader).some((e) => e.kind === 'role' && e.role === 'leader')).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    const applied = [0, 1, 2].map((i) => events(cluster, i).filter((e) => e.kind === 'apply').map((e) => JSON.stringify(e.index)));
    expect(applied[0]!.length).toBeGreaterThanOrEqual(4);
    // The package's fmt.Println and log output went to the node's stderr, not into the protocol.
    const stderr = fs.readFileSync(path.join(cluster.nodeDir(leader), 'stderr.log'), 'utf8');
    expect(stderr).toMatch(/S \d is leader of term \d+[\s\S]*leader T\d+/);
    expect(stderr).not.toMatch(/host: not a message on stdout/);
  }, 60_000);

  it('a minority cut off by a partition cannot serve; after healing the majority side kept the writes', async () => {
    const leader = await writeThroughAnyLeader(cluster, 'r', 5, 15_000);
    cluster.partition([[leader], [0, 1, 2].filter((i) => i !== leader)]);
    const cut = await cluster.request('c2', leader, { type: 'write', key: 'r', value: 6 }, 2500);
    expect(cut.type).toBe('error');
    expect([0, 11]).toContain(cut.code);
    cluster.healNetwork();
    const newLeader = await writeThroughAnyLeader(cluster, 'r', 7, 15_000);
    const read = await cluster.request('c2', newLeader, { type: 'read', key: 'r' }, 3000);
    expect(read).toMatchObject({ type: 'read_ok', value: 7 });
  }, 60_000);

  it('a crashed node restarts from its persisted term and log', async () => {
    const leader = await writeThroughAnyLeader(cluster, 'r', 8, 15_000);
    const victim = (leader + 1) % 3;
    const before = events(cluster, victim).filter((e) => e.kind === 'role' || e.kind === 'boot').at(-1)!;
    await cluster.kill(victim);
    await cluster.startNode(victim);
    const boots = events(cluster, victim).filter((e) => e.kind === 'boot');
    expect(boots.length).toBe(2);
    expect(boots[1]!.term).toBeGreaterThanOrEqual(before.term!);
    expect(boots[1]!.term).toBeGreaterThan(0);
    // The restarted node applies the log again from index 1.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const after = events(cluster, victim);
      const reapplied = after.slice(after.findLastIndex((e) => e.kind === 'boot')).filter((e) => e.kind === 'apply');
      if (reapplied.length > 0 && reapplied[0]!.index === 1) break;
      if (Date.now() > deadline) throw new Error('the restarted node did not apply its log again');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(cluster.unexpectedExits(victim)).toEqual([]);
  }, 60_000);
});
