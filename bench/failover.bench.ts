// Failover: time from SIGKILL of the leader to the first write acknowledged after it (necessarily
// committed under a new leader: the old one is dead), on a real cluster of node processes with the
// default election timeouts (10 ms ticks, election timeout drawn from [200, 400) ms, preVote and
// checkQuorum on). A few closed-loop clients write all the time through the controller's proxies;
// after each kill the old leader is restarted from its data directory and the cluster settles.
// Target: median < 600 ms over 20 kills.
//   npm run bench -- failover        (FAILOVER_KILLS=20, FAILOVER_NODES=3 override the defaults)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from '../src/subjects/raft-chaos/cluster.js';
import { ClientPool } from '../src/control/clients/client-pool.js';
import { DEFAULT_NODE_SETTINGS } from '../src/subjects/raft-chaos/node-settings.js';
import { isAlive } from '../src/subjects/process/reaper.js';
import { createRunDir } from '../src/history/store.js';
import { HistoryWriter } from '../src/history/writer.js';
import { nodeMainPath } from '../src/util/project-root.js';
import type { Workload } from '../src/plugins.js';

const KILLS = Number(process.env.FAILOVER_KILLS ?? 20);
const NODES = Number(process.env.FAILOVER_NODES ?? 3);
const TARGET_MEDIAN_MS = 600;
/**
 * A reply the old leader sent just before its death may still be crossing the proxy: any write
 * acknowledged within this long of the kill is not counted (no election completes that fast: the
 * shortest election timeout is 200 ms).
 */
const IN_FLIGHT_MS = 50;
const GIVE_UP_MS = 10_000;

const writes: Workload = {
  name: 'bench-write',
  description: 'writes only',
  model: 'cas-register',
  keys: () => ['k'],
  next: (rng) => ({ f: 'write', key: 'k', value: rng.int(1_000_000) }),
};

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every node up, one leader, and everyone applied what it committed. */
async function settled(cluster: Cluster, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await cluster.pollAll();
    const leader = cluster.leader();
    const statuses = cluster.statuses();
    const commit = leader === null ? Infinity : (statuses.get(leader)?.commit ?? Infinity);
    const all = [...cluster.nodes.values()];
    if (leader !== null && all.every((n) => n.state === 'running' && (n.status?.applied ?? -1) >= commit && n.status?.leader === leader)) {
      return leader;
    }
    await sleep(50);
  }
  throw new Error(`the cluster did not settle within ${timeoutMs} ms`);
}

async function measure(): Promise<{ failoverMs: number[]; newLeaders: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-failover-'));
  const run = createRunDir(dir, 'failover', 'crash', new Date());
  const history = new HistoryWriter(run.historyFile);
  const cluster = await Cluster.create({
    run,
    nodeIds: Array.from({ length: NODES }, (_, i) => i + 1),
    settings: { ...DEFAULT_NODE_SETTINGS },
    runEpochMs: Date.now(),
    seed: 5,
  });
  const failoverMs: number[] = [];
  let newLeaders = 0;
  let pool: ClientPool | null = null;
  try {
    await cluster.start();
    await cluster.waitForLeader(15_000);
    pool = new ClientPool({
      nodeIds: cluster.nodeIds,
      addressOf: (id) => cluster.clientAddress(id),
      concurrency: 4,
      ratePerS: 0,
      opTimeoutMs: 2000,
      seed: 1,
      workload: writes,
      workloadOptions: { keys: 1 },
      history,
      leaderHint: () => cluster.leader(),
      nodeAvailable: (id) => cluster.isAvailable(id),
      retryBackoffMs: 5,
      binding: 'leader',
    });
    let firstOkAfterMs: number | null = null;
    let killedAtMs = Infinity;
    pool.onComplete = (c) => {
      const now = performance.now();
      if (c.outcome === 'ok' && firstOkAfterMs === null && now - killedAtMs > IN_FLIGHT_MS) firstOkAfterMs = now;
    };
    const running = pool.run();
    for (let k = 0; k < KILLS; k++) {
      const leader = await settled(cluster, 15_000);
      await sleep(300);
      firstOkAfterMs = null;
      killedAtMs = performance.now();
      await cluster.kill([leader]);
      const deadline = killedAtMs + GIVE_UP_MS;
      while (firstOkAfterMs === null && performance.now() < deadline) await sleep(2);
      if (firstOkAfterMs === null) throw new Error(`kill ${k + 1}: no write acknowledged within ${GIVE_UP_MS} ms of killing n${leader}`);
      failoverMs.push((firstOkAfterMs as number) - killedAtMs);
      await cluster.pollAll();
      const now = cluster.leader();
      if (now !== null && now !== leader) newLeaders++;
      killedAtMs = Infinity;
      await cluster.restart([leader]);
    }
    pool.stop();
    await running;
    return { failoverMs, newLeaders };
  } finally {
    pool?.close();
    await cluster.stop();
    history.close();
    const alive = cluster.allPids().filter(isAlive);
    if (alive.length > 0) console.error(`failover bench: node processes still alive: ${alive.join(', ')}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  if (!fs.existsSync(nodeMainPath())) {
    console.error(`failover bench: ${nodeMainPath()} is missing; run \`npm run build\` first`);
    process.exitCode = 1;
    return;
  }
  const s = DEFAULT_NODE_SETTINGS;
  console.log(
    `failover: ${NODES} nodes, ${KILLS} SIGKILLs of the leader; election timeout [${s.electionTicks * s.tickMs}, ${2 * s.electionTicks * s.tickMs}) ms, ` +
      `heartbeat ${s.heartbeatTicks * s.tickMs} ms, preVote ${s.preVote}, checkQuorum ${s.checkQuorum}; 4 closed-loop writers`,
  );
  const { failoverMs, newLeaders } = await measure();
  const sorted = [...failoverMs].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  console.log(`  kill -> first acknowledged write (ms): ${failoverMs.map((m) => m.toFixed(0)).join(' ')}`);
  console.log(
    `  median ${median.toFixed(0)} ms, p90 ${percentile(sorted, 90).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms, min ${(sorted[0] ?? NaN).toFixed(0)} ms; ` +
      `a new leader seen after ${newLeaders} of ${failoverMs.length} kills`,
  );
  console.log(`  target (median < ${TARGET_MEDIAN_MS} ms): ${median < TARGET_MEDIAN_MS ? 'MET' : 'NOT MET'}`);
}
