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
import { ClientPool, type Completion } from '../src/control/clients/client-pool.js';
import { DEFAULT_NODE_SETTINGS } from '../src/subjects/raft-chaos/node-settings.js';
import { isAlive } from '../src/subjects/process/reaper.js';
import { createRunDir } from '../src/history/store.js';
import { HistoryWriter } from '../src/history/writer.js';
import { nodeMainPath } from '../src/util/project-root.js';
import type { ClientF, Workload } from '../src/plugins.js';
import { NetnsNetwork } from '../src/net/netns/netns-network.js';
import { probeNetnsSupport } from '../src/net/netns/support.js';

const PHASE_S = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_S = 1;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SIZES = (process.env.BENCH_NODES ?? '3,5').split(',').map(Number);
const NETS = (process.env.BENCH_NET ?? 'proxy,netns').split(',').map((n) => n.trim());

function only(f: ClientF): Workload {
  return {
    name: `bench-${f}`,
    description: `${f} only`,
    model: 'cas-register',
    keys: () => Array.from({ length: 16 }, (_, i) => `k${i}`),
    next: (rng) => ({ f, key: `k${rng.int(16)}`, value: f === 'write' ? rng.int(1000) : null }),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

interface PhaseFigures {
  readonly f: ClientF;
  readonly okPerS: number;
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The leader's own view (its status diagnostics), to tell node time from proxy and client time. */
  readonly inNode: string;
}

async function phase(cluster: Cluster, history: HistoryWriter, f: ClientF, seed: number): Promise<PhaseFigures> {
  const pool = new ClientPool({
    nodeIds: cluster.nodeIds,
    addressOf: (id) => cluster.clientAddress(id),
    concurrency: CONCURRENCY,
    ratePerS: 0,
    opTimeoutMs: 2000,
    seed,
    workload: only(f),
    workloadOptions: { keys: 16 },
    history,
    leaderHint: () => cluster.leader(),
    binding: 'leader',
  });
  const measured: Completion[] = [];
  let measuring = false;
  pool.onComplete = (c) => {
    if (measuring) measured.push(c);
  };
  const running = pool.run();
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  measuring = true;
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, PHASE_S * 1000));
  measuring = false;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const leader = cluster.leader();
  const diag = leader === null ? null : ((await cluster.node(leader).pollStatus(3000)) as unknown as { latencyMs?: Record<string, { p50: number; p99: number } | null> } | null);
  const lat = diag?.latencyMs;
  const fmt = (k: string): string => (lat?.[k] ? `${k} p50 ${lat[k]?.p50} p99 ${lat[k]?.p99}` : `${k} -`);
  const inNode = lat === undefined ? 'no node diagnostics' : ['write', 'read', 'fsync'].map(fmt).join('; ');
  pool.stop();
  await running;
  pool.close();
  const ok = measured.filter((c) => c.outcome === 'ok');
  const latencies = ok.map((c) => c.latencyNs / 1e6).sort((a, b) => a - b);
  return {
    f,
    okPerS: ok.length / seconds,
    ok: ok.length,
    fail: measured.filter((c) => c.outcome === 'fail').length,
    info: measured.filter((c) => c.outcome === 'info').length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? NaN,
    inNode,
  };
}

async function benchCluster(nodes: number, net: string): Promise<PhaseFigures[]> {
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
