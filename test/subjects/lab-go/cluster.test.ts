// Three real lab-go nodes (the correct fixture with debugging prints on stdout) as the lab-go
// subject's cluster, run by the Maelstrom host: the status read from the event logs names a
// leader, writes and reads go through lin-kv, a follower's refusal is a redirect, a partitioned
// leader cannot serve, and a crashed node restarts from its Persister files (and its snapshot:
// the run's default snapshots every 10 applied commands, the package having Snapshot).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labGoSubject } from '../../../src/subjects/lab-go/subject.js';
import type { ClientOpSpec } from '../../../src/plugins.js';
import type { ClusterPlan, SubjectClient, SubjectCluster } from '../../../src/subjects/types.js';
import { GO_AVAILABLE } from './go-available.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/lab-go/generated');

function planIn(dir: string): ClusterPlan {
  const nodeIds = [1, 2, 3];
  const nodes = new Map(
    nodeIds.map((id) => {
      const d = path.join(dir, 'nodes', `n${id}`);
      return [id, { id, dir: d, dataDir: path.join(d, 'data'), stdout: path.join(d, 'stdout.log'), stderr: path.join(d, 'stderr.log'), eventLog: path.join(d, 'events.jsonl'), config: path.join(d, 'config.json') }] as const;
    }),
  );
  return { runDir: dir, nodeIds, nodes, seed: 1, runEpochMs: Date.now(), network: null, protocol: { readMode: 'log', bugs: [], preVote: true, checkQuorum: true } };
}

let seq = 0;
const send = (client: SubjectClient, node: number, op: ClientOpSpec) => client.send(node, { clientId: 'c1', seq: ++seq, op }, 3000);

async function leaderOf(cluster: SubjectCluster, deadlineMs = 15_000): Promise<number> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    await cluster.status!.poll();
    const leader = cluster.status!.leader();
    if (leader !== null) return leader;
    if (Date.now() > end) throw new Error(`no leader within ${deadlineMs} ms: ${cluster.describe?.()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function writeAtLeader(cluster: SubjectCluster, client: SubjectClient, value: number): Promise<number> {
  const end = Date.now() + 15_000;
  for (;;) {
    const leader = await leaderOf(cluster);
    if ((await send(client, leader, { f: 'write', key: 'r', value })).kind === 'ok') return leader;
    if (Date.now() > end) throw new Error('no write was accepted');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const events = (dir: string, id: number) =>
  fs
    .readFileSync(path.join(dir, 'nodes', `n${id}`, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { kind: string; term?: number; role?: string; index?: number; snapshotIndex?: number; lastIndex?: number; installed?: boolean });

describe.skipIf(!GO_AVAILABLE)('lab-go cluster (3 nodes, the correct fixture printing to stdout)', () => {
  let dir: string;
  let cluster: SubjectCluster;
  let client: SubjectClient;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-go-cluster-'));
    const subject = labGoSubject({ labDir: path.join(FIXTURES, 'chatty'), opTimeoutMs: 2000 });
    await subject.prepare!();
    cluster = await subject.create(planIn(dir));
    await cluster.start();
    client = cluster.openClient();
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await cluster?.destroy();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('elects a leader, serves write, read and cas through the log; a follower redirects', async () => {
    const leader = await writeAtLeader(cluster, client, 1);
    expect(await send(client, leader, { f: 'read', key: 'r', value: null })).toEqual({ kind: 'ok', value: 1 });
    expect(await send(client, leader, { f: 'cas', key: 'r', value: [1, 2] })).toEqual({ kind: 'ok', value: null });
    expect(await send(client, leader, { f: 'cas', key: 'r', value: [1, 3] })).toMatchObject({ kind: 'fail', reason: expect.stringMatching(/precondition-failed/) });
    expect(await send(client, leader, { f: 'read', key: 'nope', value: null })).toEqual({ kind: 'ok', value: null });
    const follower = (leader % 3) + 1;
    expect(await send(client, follower, { f: 'read', key: 'r', value: null })).toEqual({ kind: 'redirect', leader });
    expect(events(dir, leader).some((e) => e.kind === 'role' && e.role === 'leader')).toBe(true);
    // The package's fmt.Println and log output went to the node's stderr, not into the protocol.
    const stderr = fs.readFileSync(path.join(dir, 'nodes', `n${leader}`, 'stderr.log'), 'utf8');
    expect(stderr).toMatch(/S \d is leader of term \d+[\s\S]*leader T\d+/);
    expect((cluster.report!() as { network: { links: unknown[] } }).network.links.length).toBeGreaterThan(0);
  }, 60_000);

  it('a leader cut off by a partition cannot serve; after healing the majority side kept the writes', async () => {
    const leader = await writeAtLeader(cluster, client, 5);
    const others = [1, 2, 3].filter((i) => i !== leader);
    await cluster.network!.partition(new Map([[leader, new Set(others)], ...others.map((o) => [o, new Set([leader])] as const)]));
    const cut = await send(client, leader, { f: 'write', key: 'r', value: 6 });
    expect(['unknown', 'fail', 'redirect']).toContain(cut.kind);
    await cluster.network!.partition(new Map());
    const newLeader = await writeAtLeader(cluster, client, 7);
    expect(await send(client, newLeader, { f: 'read', key: 'r', value: null })).toEqual({ kind: 'ok', value: 7 });
  }, 60_000);

  it('a crashed node restarts from its persisted term and log', async () => {
    const leader = await writeAtLeader(cluster, client, 8);
    const victim = (leader % 3) + 1;
    const before = events(dir, victim).filter((e) => e.kind === 'role' || e.kind === 'boot').at(-1)!;
    await cluster.kill!.kill([victim]);
    expect(cluster.isUp(victim)).toBe(false);
    await cluster.kill!.restart([victim]);
    const boots = events(dir, victim).filter((e) => e.kind === 'boot');
    expect(boots.length).toBe(2);
    expect(boots[1]!.term).toBeGreaterThanOrEqual(before.term!);
    expect(boots[1]!.term).toBeGreaterThan(0);
    // One more write, so that something follows the restarted node's snapshot even when its whole
    // log was in it (it had applied a multiple of the snapshot interval: nothing left to re-apply).
    await writeAtLeader(cluster, client, 9);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const all = events(dir, victim);
      const after = all.slice(all.findLastIndex((e) => e.kind === 'boot'));
      // It resumes after the snapshot it restarted from (none: from index 1), or after one the
      // leader installed on it before it applied anything.
      const firstApply = after.findIndex((e) => e.kind === 'apply');
      const installed = after.slice(0, firstApply).filter((e) => e.kind === 'snapshot' && e.installed === true).at(-1);
      const resumesAt = (installed?.lastIndex ?? after[0]!.snapshotIndex!) + 1;
      if (firstApply >= 0 && after[firstApply]!.index === resumesAt) break;
      if (Date.now() > deadline) throw new Error(`the restarted node did not apply its log again from index ${resumesAt}: ${JSON.stringify(after.slice(0, 8))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(cluster.findings!().findings.filter((f) => f.kind === 'exit')).toEqual([]);
  }, 60_000);
});
