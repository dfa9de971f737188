// The cluster against fake node processes (test/control/helpers/fake-node-main.ts): spawning, the
// READY line, partitions through the proxies, kill / restart / pause / stop, and no orphans.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/subjects/raft-chaos/cluster.js';
import { DEFAULT_NODE_SETTINGS } from '../../src/subjects/raft-chaos/node-settings.js';
import { isAlive, trackedChildren } from '../../src/subjects/process/reaper.js';
import { createRunDir } from '../../src/history/store.js';
import { completeGrudge } from '../../src/faults/partition.js';
import { waitFor } from './helpers/echo-server.js';

const FAKE = path.resolve('test/control/helpers/fake-node-main.ts');
const created: { cluster: Cluster; dir: string }[] = [];

afterEach(async () => {
  for (const { cluster, dir } of created.splice(0)) {
    await cluster.destroy();
    for (const pid of cluster.allPids()) expect(isAlive(pid), `pid ${pid} survived`).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function makeCluster(n: number, env: Record<string, string> = {}): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-test-'));
  const run = createRunDir(dir, 'test', 'none', new Date());
  Object.assign(process.env, { FAKE_NODE_MODE: '', FAKE_NODE_ONLY: '' }, env);
  if (env.FAKE_NODE_ONLY === undefined) delete process.env.FAKE_NODE_ONLY;
  const cluster = await Cluster.create({
    run,
    nodeIds: Array.from({ length: n }, (_, i) => i + 1),
    settings: DEFAULT_NODE_SETTINGS,
    runEpochMs: Date.now(),
    seed: 1,
    command: { file: process.execPath, args: ['--import', 'tsx', FAKE] },
    stopDeadlineMs: 500,
    statusPollMs: 50,
  });
  created.push({ cluster, dir });
  return cluster;
}

const heard = (cluster: Cluster, id: number): number[] =>
  ((cluster.node(id).status as unknown as { heard?: number[] } | null)?.heard ?? []).slice().sort();

describe('Cluster (fake nodes)', () => {
  it('starts nodes, writes configs and logs under nodes/n<i>, finds the leader', async () => {
    const cluster = await makeCluster(3);
    await cluster.start();
    expect(await cluster.waitForLeader(5000)).toBe(1);
    const paths = cluster.node(2).paths;
    const config = JSON.parse(fs.readFileSync(paths.config, 'utf8')) as { id: number; peerAddresses: Record<string, { port: number }> };
    expect(config.id).toBe(2);
    expect(config.peerAddresses['1']?.port).toBe(cluster.peerProxy(2, 1).listenAddress.port);
    expect(fs.readFileSync(paths.stdout, 'utf8')).toMatch(/^READY /);
    expect(fs.existsSync(paths.dataDir)).toBe(true);
  });

  it('a partition blocks exactly the cut links; healing restores them', async () => {
    const cluster = await makeCluster(3);
    await cluster.start();
    await waitFor(() => heard(cluster, 1).length === 2 && heard(cluster, 3).length === 2, 5000, 'full mesh');
    cluster.partition(completeGrudge([[1], [2, 3]]));
    await waitFor(() => heard(cluster, 1).length === 0, 3000, 'n1 isolated');
    await waitFor(() => heard(cluster, 2).join() === '3' && heard(cluster, 3).join() === '2', 3000, 'n2,n3 together');
    cluster.partition(new Map());
    await waitFor(() => heard(cluster, 1).length === 2, 3000, 'healed');
  });

  it('kill, restart on new ports, pause and resume', async () => {
    const cluster = await makeCluster(3);
    await cluster.start();
    await cluster.waitForLeader(5000);
    const oldPid = cluster.node(2).pid as number;
    const oldPort = cluster.node(2).ready?.clientPort;
    await cluster.kill([2]);
    expect(isAlive(oldPid)).toBe(false);
    expect(cluster.node(2).state).toBe('dead');
    await cluster.restart([2]);
    expect(cluster.node(2).state).toBe('running');
    expect(cluster.node(2).pid).not.toBe(oldPid);
    expect(cluster.node(2).ready?.clientPort).not.toBe(oldPort);
    await waitFor(() => heard(cluster, 1).includes(2), 5000, 'restarted node reachable through its proxy');
    cluster.pause([3]);
    await waitFor(() => !heard(cluster, 1).includes(3), 3000, 'paused node silent');
    cluster.resume([3]);
    await waitFor(() => heard(cluster, 1).includes(3), 3000, 'resumed node heard');
  });

  it('graceful stop; a node that ignores stop and SIGTERM is SIGKILLed', async () => {
    const cluster = await makeCluster(3, { FAKE_NODE_MODE: 'ignore-stop', FAKE_NODE_ONLY: '3' });
    await cluster.start();
    cluster.pause([2]); // a paused node must still be stopped
    const how = await cluster.stop();
    expect(how.get(1)).toBe('graceful');
    expect(how.get(2)).toBe('graceful');
    expect(how.get(3)).toBe('sigkill');
    for (const pid of cluster.allPids()) expect(isAlive(pid)).toBe(false);
    for (const pid of cluster.allPids()) expect(trackedChildren().has(pid)).toBe(false);
  });

  it('a node that dies at start gives one error naming it with its stderr, and nothing survives', async () => {
    const cluster = await makeCluster(3, { FAKE_NODE_MODE: 'die-at-start', FAKE_NODE_ONLY: '2' });
    const err = await cluster.start().then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/node n2 exited before it was ready \(code 3/);
    expect(err?.message).toMatch(/cannot open data dir \(simulated\)/);
    for (const pid of cluster.allPids()) expect(isAlive(pid)).toBe(false);
  });

  it('a node that never prints READY times out with a clear error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-test-'));
    process.env.FAKE_NODE_MODE = 'no-ready';
    delete process.env.FAKE_NODE_ONLY;
    const cluster = await Cluster.create({
      run: createRunDir(dir, 'test', 'none', new Date()),
      nodeIds: [1],
      settings: DEFAULT_NODE_SETTINGS,
      runEpochMs: Date.now(),
      seed: 1,
      command: { file: process.execPath, args: ['--import', 'tsx', FAKE] },
      readyTimeoutMs: 1500,
    });
    created.push({ cluster, dir });
    await expect(cluster.start()).rejects.toThrow(/node n1 printed no READY line within 1500 ms/);
    for (const pid of cluster.allPids()) expect(isAlive(pid)).toBe(false);
  });
});
