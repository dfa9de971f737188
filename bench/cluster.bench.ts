// Cluster throughput and latency: 3-node and 5-node clusters of real node processes (compiled dist/,
// fsync on), no faults, clients through the controller's proxies. Writes first, then reads
// (read-index), each phase closed-loop with many logical clients for a fixed time.
// Target: 3 nodes >= 3,000 acknowledged writes/s with p99 < 50 ms and zero info ops.
// Each size runs on every network of BENCH_NET (default proxy,netns): the controller's user-space
// proxies on loopback, and a network namespace per node (the kernel path; needs root, else skipped
// with a notice).
//   npm run bench -- cluster        (BENCH_SECONDS, BENCH_CONCURRENCY, BENCH_NODES=3,5, BENCH_NET override the defaults)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from '../src/subjects/raft-chaos/cluster.js';
import { DEFAULT_NODE_SETTINGS } from '../src/subjects/raft-chaos/node-settings.js';
import { isAlive } from '../src/subjects/process/reaper.js';
import { createRunDir } from '../src/history/store.js';
import { HistoryWriter } from '../src/history/writer.js';
import { nodeMainPath } from '../src/util/project-root.js';
import type { ClientF } from '../src/plugins.js';
import { measurePhase, onlyWorkload, type PhaseFigures } from './helpers/closed-loop.js';
import { NetnsNetwork } from '../src/net/netns/netns-network.js';
import { probeNetnsSupport } from '../src/net/netns/support.js';

const PHASE_S = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_S = 1;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SIZES = (process.env.BENCH_NODES ?? '3,5').split(',').map(Number);
const NETS = (process.env.BENCH_NET ?? 'proxy,netns').split(',').map((n) => n.trim());

interface ClusterPhase extends PhaseFigures {
  readonly f: ClientF;
  /** The leader's own latency figures, read at the end of the window. */
  readonly inNode: string;
}

async function phase(cluster: Cluster, history: HistoryWriter, f: ClientF, seed: number): Promise<ClusterPhase> {
  let inNode = 'no node diagnostics';
  const figures = await measurePhase(
    {
      nodeIds: cluster.nodeIds,
      addressOf: (id) => cluster.clientAddress(id),
      concurrency: CONCURRENCY,
      opTimeoutMs: 2000,
      seed,
      workload: onlyWorkload(f, 16),
      workloadOptions: { keys: 16 },
      history,
      leaderHint: () => cluster.leader(),
      binding: 'leader',
    },
    {
      warmupS: WARMUP_S,
      phaseS: PHASE_S,
      beforeStop: async () => {
        const leader = cluster.leader();
        const diag = leader === null ? null : ((await cluster.node(leader).pollStatus(3000)) as unknown as { latencyMs?: Record<string, { p50: number; p99: number } | null> } | null);
        const lat = diag?.latencyMs;
        const fmt = (k: string): string => (lat?.[k] ? `${k} p50 ${lat[k]?.p50} p99 ${lat[k]?.p99}` : `${k} -`);
        if (lat !== undefined) inNode = ['write', 'read', 'fsync'].map(fmt).join('; ');
      },
    },
  );
  return { ...figures, f, inNode };
}

async function benchCluster(nodes: number, net: string): Promise<ClusterPhase[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-bench-'));
  const run = createRunDir(dir, 'bench', 'none', new Date());
  const history = new HistoryWriter(run.historyFile);
  const nodeIds = Array.from({ length: nodes }, (_, i) => i + 1);
  const network = net === 'netns' ? await NetnsNetwork.create({ nodeIds }) : null;
  const cluster = await Cluster.create({
    ...(network !== null ? { network } : {}),
    run,
    nodeIds: Array.from({ length: nodes }, (_, i) => i + 1),
    settings: {
      ...DEFAULT_NODE_SETTINGS,
      readMode: 'read-index',
      // Snapshot rarely (the default suits short chaos runs, where snapshots should happen).
      snapshotEveryEntries: Number(process.env.BENCH_SNAPSHOT_EVERY ?? 20_000),
    },
    runEpochMs: Date.now(),
    seed: nodes,
  });
  try {
    await cluster.start();
    await cluster.waitForLeader(15_000);
    const writes = await phase(cluster, history, 'write', 1);
    const reads = await phase(cluster, history, 'read', 2);
    return [writes, reads];
  } finally {
    await cluster.stop();
    await network?.close();
    history.close();
    const alive = cluster.allPids().filter(isAlive);
    if (alive.length > 0) console.error(`bench: node processes still alive: ${alive.join(', ')}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  if (!fs.existsSync(nodeMainPath())) {
    console.error(`cluster bench: ${nodeMainPath()} is missing; run \`npm run build\` first`);
    process.exitCode = 1;
    return;
  }
  const nets: string[] = [];
  for (const net of NETS) {
    if (net === 'netns') {
      const support = await probeNetnsSupport();
      if (support.missing !== null) {
        console.log(`*** cluster bench: --net netns SKIPPED: needs ${support.missing} ***`);
        continue;
      }
    } else if (net !== 'proxy') {
      console.error(`cluster bench: BENCH_NET must list proxy and/or netns, got ${JSON.stringify(net)}`);
      process.exitCode = 1;
      return;
    }
    nets.push(net);
  }
  console.log(`cluster: ${CONCURRENCY} closed-loop clients, fsync on, ${PHASE_S}s per phase after ${WARMUP_S}s warm-up; networks: ${nets.join(', ')}`);
  console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('nodes  net    op     ok/s     ok    fail  info   p50 ms   p99 ms   max ms');
  const writes = new Map<string, PhaseFigures>();
  for (const nodes of SIZES) {
    for (const net of nets) {
      for (const p of await benchCluster(nodes, net)) {
        console.log(
          `${String(nodes).padStart(5)}  ${net.padEnd(6)} ${p.f.padEnd(5)} ${p.okPerS.toFixed(0).padStart(6)} ${String(p.ok).padStart(6)} ${String(p.fail).padStart(6)} ${String(p.info).padStart(5)} ${p.p50Ms.toFixed(1).padStart(8)} ${p.p99Ms.toFixed(1).padStart(8)} ${p.maxMs.toFixed(1).padStart(8)}`,
        );
        console.log(`       leader's own latencies (ms, last 4096): ${p.inNode}`);
        if (p.f === 'write') writes.set(`${nodes}/${net}`, p);
        if (nodes === 3 && p.f === 'write') {
          const met = p.okPerS >= 3000 && p.p99Ms < 50 && p.info === 0;
          console.log(`       target (3 nodes: >= 3000 writes/s, p99 < 50 ms, 0 info): ${met ? 'MET' : 'NOT MET'}`);
        }
      }
    }
    const proxy = writes.get(`${nodes}/proxy`);
    const netns = writes.get(`${nodes}/netns`);
    if (proxy !== undefined && netns !== undefined) {
      console.log(
        `       ${nodes} nodes, writes, netns vs proxy: ${(netns.okPerS / proxy.okPerS).toFixed(2)}x writes/s, p50 ${(netns.p50Ms / proxy.p50Ms).toFixed(2)}x, p99 ${(netns.p99Ms / proxy.p99Ms).toFixed(2)}x`,
      );
    }
  }
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}
