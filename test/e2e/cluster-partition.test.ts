// Real node processes behind the controller's proxies: isolating the leader through the fault
// interpreter makes the majority elect a new leader in a higher term; after the heal the old leader
// follows it; a killed node restarts from its data directory on new ports and rejoins.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/subjects/raft-chaos/cluster.js';
import { DEFAULT_NODE_SETTINGS } from '../../src/subjects/raft-chaos/node-settings.js';
import { isAlive } from '../../src/subjects/process/reaper.js';
import { seededRng } from '../../src/util/rng.js';
import { applyFault, createFaultState } from '../../src/faults/apply.js';
import { createRunDir } from '../../src/history/store.js';
import { tempResultsDir } from './helpers.js';

const made: { cluster: Cluster; dir: string }[] = [];
afterEach(async () => {
  for (const { cluster, dir } of made.splice(0)) {
    await cluster.destroy();
    for (const pid of cluster.allPids()) expect(isAlive(pid), `pid ${pid} survived`).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function realCluster(n: number): Promise<Cluster> {
  const dir = tempResultsDir('cluster');
  const cluster = await Cluster.create({
    run: createRunDir(dir, 'cluster', 'partition', new Date()),
    nodeIds: Array.from({ length: n }, (_, i) => i + 1),
    settings: DEFAULT_NODE_SETTINGS,
    runEpochMs: Date.now(),
    seed: 3,
    statusPollMs: 50,
  });
  made.push({ cluster, dir });
  await cluster.start();
  return cluster;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got !== null) return got;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('real cluster through the proxies', () => {
  it('isolate-leader: the majority elects a new leader; after the heal everyone follows it', async () => {
    const cluster = await realCluster(5);
    const first = (await cluster.waitForLeader(15_000)) as number;
    const firstTerm = cluster.node(first).status?.term ?? 0;
    const state = createFaultState();
    const out = await applyFault({ f: 'start-partition', value: 'isolate-leader' }, cluster, seededRng(1), state);
    expect(out).toMatchObject({ kind: 'partition' });
    const second = await until('a new leader on the majority side', 10_000, async () => {
      await cluster.pollAll();
      const l = cluster.leader();
      return l !== null && l !== first ? l : null;
    });
    expect(cluster.node(second).status?.term ?? 0).toBeGreaterThan(firstTerm);
    await applyFault({ f: 'stop-partition', value: null }, cluster, seededRng(1), state);
    await until('the old leader to follow the new one', 10_000, async () => {
      await cluster.pollAll();
      const s = cluster.node(first).status;
      return s !== null && s.role === 'follower' && s.leader !== null && s.leader !== first ? true : null;
    });
  });

  it('a killed node restarts from its data directory and catches up', async () => {
    const cluster = await realCluster(3);
    const leader = (await cluster.waitForLeader(15_000)) as number;
    const victim = cluster.nodeIds.find((id) => id !== leader) as number;
    const oldPid = cluster.node(victim).pid as number;
    await cluster.kill([victim]);
    expect(isAlive(oldPid)).toBe(false);
    await cluster.restart([victim]);
    const boots = fs.readFileSync(cluster.node(victim).paths.eventLog, 'utf8').split('\n').filter((l) => l.includes('"kind":"boot"'));
    expect(boots).toHaveLength(2);
    await until('the restarted node to apply what the leader committed', 10_000, async () => {
      await cluster.pollAll();
      const l = cluster.leader();
      const s = cluster.node(victim).status;
      const ls = l === null ? null : cluster.node(l).status;
      return s !== null && ls !== null && s.applied >= ls.commit && s.leader === l ? true : null;
    });
  });
});
