// Measures write (and read) throughput and latency of a directly wired cluster of real node
// processes (no proxies), with fsync. Not a test: run it by hand after a build:
//   npx tsc -p tsconfig.build.json && npx tsx test/node/throughput-probe.ts [nodes] [clients] [seconds] [readMode] [early]
// (early: leaderSendBeforeSync, "true" or "false")
import type { ClientReply } from '../../src/node/protocol.js';
import type { NodeReadMode } from '../../src/node/config.js';
import { Cluster } from './cluster-harness.js';
import type { RpcClient } from './rpc-client.js';

const size = Number(process.argv[2] ?? 3);
const clients = Number(process.argv[3] ?? 64);
const seconds = Number(process.argv[4] ?? 5);
const readMode = (process.argv[5] ?? 'read-index') as NodeReadMode;
const leaderSendBeforeSync = (process.argv[6] ?? 'true') === 'true';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function phase(name: string, connections: RpcClient[], make: (client: number, seq: number) => Record<string, unknown>) {
  const latencies: number[] = [];
  const outcomes = new Map<string, number>();
  const endAt = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    connections.map(async (connection, client) => {
      let seq = 1;
      while (performance.now() < endAt) {
        const t0 = performance.now();
        let status: string;
        try {
          status = (await connection.call<ClientReply>(make(client, seq++), 2000)).status;
        } catch {
          status = 'timeout';
        }
        outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
        if (status === 'ok') latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${name}: ${(latencies.length / elapsedS).toFixed(0)} ok/s; latency ms p50 ${percentile(latencies, 50).toFixed(1)} ` +
      `p95 ${percentile(latencies, 95).toFixed(1)} p99 ${percentile(latencies, 99).toFixed(1)} max ${latencies.at(-1)?.toFixed(1)}; ` +
      `outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
  );
}

const cluster = await Cluster.create(size, { readMode, snapshotEveryEntries: 2000, leaderSendBeforeSync });
try {
  await Promise.all(cluster.nodes.map((n) => cluster.start(n.id)));
  const leader = await cluster.waitForLeader();
  const connections = await Promise.all(Array.from({ length: clients }, () => cluster.client(leader)));
  console.log(
    `${size} nodes, ${clients} clients, ${seconds} s per phase, read mode ${readMode}, ` +
      `leaderSendBeforeSync ${leaderSendBeforeSync}, leader n${leader}`,
  );
  await phase('write', connections, (client, seq) => ({ clientId: `c${client}`, seq, op: 'write', key: `k${client % 8}`, value: seq }));
  await phase('read', connections, (client, seq) => ({ clientId: `r${client}`, seq, op: 'read', key: `k${client % 8}` }));
  console.log(JSON.stringify(await cluster.status(leader)));
  for (const connection of connections) connection.close();
  await cluster.terminateAll();
} finally {
  await cluster.destroy();
}
