// Our node beside etcd: the same client load against 3 raft-chaos nodes and 3 etcd 3.4 members, in
// one run, on the same network (a namespace per node where this machine can make them, else the
// loopback proxies). Each cluster gets a write phase, then a read phase: closed loop, the same
// number of logical clients, 16 keys, every request sent to the leader; fsync on for both (our WAL
// fsyncs every batch, etcd's WAL every commit); reads are linearizable on both (ReadIndex).
// Prints writes/s, reads/s, p50 and p99 of each and ours / etcd. Target: ours ahead in throughput and p99.
//   npm run bench -- subjects       (BENCH_SECONDS, BENCH_CONCURRENCY, BENCH_NET=proxy|netns override)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from '../src/subjects/raft-chaos/cluster.js';
import { DEFAULT_NODE_SETTINGS } from '../src/subjects/raft-chaos/node-settings.js';
import { createRunDir, nodePaths } from '../src/history/store.js';
import { HistoryWriter } from '../src/history/writer.js';
import { nodeMainPath } from '../src/util/project-root.js';
import type { ClientF } from '../src/plugins.js';
import { measurePhase, onlyWorkload, type PhaseFigures } from './helpers/closed-loop.js';
import type { AddressedNetwork, ClusterPlan, SubjectClient } from '../src/subjects/types.js';
import { NetnsNetwork } from '../src/net/netns/netns-network.js';
import { probeNetnsSupport } from '../src/net/netns/support.js';
import { ProxyNetwork } from '../src/control/network/proxy-network.js';
import { EtcdCluster } from '../src/subjects/etcd/cluster.js';
import { FramedClient } from '../src/subjects/raft-chaos/framed-client.js';
import { findEtcdBinary, ETCD_INSTALL_LINE } from '../src/subjects/etcd/binary.js';
import { isAlive } from '../src/subjects/process/reaper.js';

const PHASE_S = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_S = 1;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const NODE_IDS = [1, 2, 3];
const KEYS = 16;

type Figures = PhaseFigures;

/** What the bench needs of a started cluster, whichever subject it is. */
interface Target {
  readonly name: string;
  client(): SubjectClient;
  leader(): number | null;
  stop(): Promise<void>;
  pids(): readonly number[];
}

async function phase(target: Target, history: HistoryWriter, f: ClientF, seed: number): Promise<Figures> {
  return measurePhase(
    {
      nodeIds: NODE_IDS,
      client: target.client(),
      concurrency: CONCURRENCY,
      opTimeoutMs: 2000,
      seed,
      workload: onlyWorkload(f, KEYS),
      workloadOptions: { keys: KEYS },
      history,
      leaderHint: () => target.leader(),
      binding: 'leader',
    },
    { warmupS: WARMUP_S, phaseS: PHASE_S },
  );
}

async function openNetwork(net: string): Promise<AddressedNetwork> {
  return net === 'netns' ? NetnsNetwork.create({ nodeIds: NODE_IDS }) : ProxyNetwork.open({ nodeIds: NODE_IDS });
}

async function ours(dir: string, net: string): Promise<{ target: Target; network: AddressedNetwork }> {
  const run = createRunDir(dir, 'bench-ours', 'none', new Date());
  const network = await openNetwork(net);
  const cluster = await Cluster.create({
    run,
    nodeIds: NODE_IDS,
    network,
    settings: { ...DEFAULT_NODE_SETTINGS, readMode: 'read-index', snapshotEveryEntries: 20_000 },
    runEpochMs: Date.now(),
    seed: 3,
  });
  await cluster.start();
  await cluster.waitForLeader(15_000);
  return {
    network,
    target: {
      name: 'raft-chaos',
      client: () => new FramedClient((id) => cluster.clientAddress(id)),
      leader: () => cluster.leader(),
      stop: async () => {
        await cluster.stop();
      },
      pids: () => cluster.allPids(),
    },
  };
}

async function etcd(dir: string, net: string, bin: string): Promise<{ target: Target; network: AddressedNetwork }> {
  const run = createRunDir(dir, 'bench-etcd', 'none', new Date());
  const network = await openNetwork(net);
  const plan: ClusterPlan = {
    runDir: run.dir,
    nodeIds: NODE_IDS,
    nodes: new Map(NODE_IDS.map((id) => [id, { id, ...nodePaths(run, id) }])),
    seed: 3,
    runEpochMs: Date.now(),
    network,
    protocol: { readMode: 'read-index', bugs: [], preVote: true, checkQuorum: true },
  };
  const cluster = await EtcdCluster.create(plan, { bin, serializable: false });
  await cluster.start();
  const deadline = Date.now() + 15_000;
  while (cluster.status.leader() === null) {
    if (Date.now() > deadline) throw new Error(`etcd elected no leader within 15 s (${cluster.describe()})`);
    await cluster.status.poll();
  }
  return {
    network,
    target: { name: 'etcd', client: () => cluster.openClient(), leader: () => cluster.status.leader(), stop: () => cluster.stop(), pids: () => cluster.pids() },
  };
}

async function measure(make: () => Promise<{ target: Target; network: AddressedNetwork }>, dir: string): Promise<{ writes: Figures; reads: Figures }> {
  const history = new HistoryWriter(path.join(dir, `history-${Date.now()}.jsonl`));
  const { target, network } = await make();
  try {
    const writes = await phase(target, history, 'write', 1);
    const reads = await phase(target, history, 'read', 2);
    return { writes, reads };
  } finally {
    await target.stop();
    await network.close();
    history.close();
    const alive = target.pids().filter(isAlive);
    if (alive.length > 0) console.error(`subjects bench: ${target.name} processes still alive: ${alive.join(', ')}`);
  }
}

const ratio = (a: number, b: number): string => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : '-');

export async function main(): Promise<void> {
  if (!fs.existsSync(nodeMainPath())) {
    console.error(`subjects bench: ${nodeMainPath()} is missing; run \`npm run build\` first`);
    process.exitCode = 1;
    return;
  }
  const bin = findEtcdBinary();
  if (bin === null) {
    console.log(`*** subjects bench SKIPPED: no etcd on PATH (install: ${ETCD_INSTALL_LINE}) ***`);
    return;
  }
  let net = process.env.BENCH_NET ?? 'netns';
  if (net === 'netns') {
    const support = await probeNetnsSupport();
    if (support.missing !== null) {
      console.log(`subjects bench: no network namespaces here (needs ${support.missing}); both clusters on --net proxy (etcd's peers then dial directly)`);
      net = 'proxy';
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-bench-subjects-'));
  try {
    console.log(`subjects: 3 nodes each, net ${net}, ${CONCURRENCY} closed-loop clients to the leader, 16 keys, fsync on, ${PHASE_S}s per phase after ${WARMUP_S}s warm-up`);
    console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const our = await measure(() => ours(dir, net), dir);
    const theirs = await measure(() => etcd(dir, net, bin), dir);
    console.log('subject      writes/s  w p50 ms  w p99 ms   reads/s  r p50 ms  r p99 ms  fail  info');
    for (const [name, f] of [['raft-chaos', our], ['etcd', theirs]] as const) {
      console.log(
        `${name.padEnd(11)} ${f.writes.okPerS.toFixed(0).padStart(9)} ${f.writes.p50Ms.toFixed(1).padStart(9)} ${f.writes.p99Ms.toFixed(1).padStart(9)} ${f.reads.okPerS.toFixed(0).padStart(9)} ${f.reads.p50Ms.toFixed(1).padStart(9)} ${f.reads.p99Ms.toFixed(1).padStart(9)} ${String(f.writes.fail + f.reads.fail).padStart(5)} ${String(f.writes.info + f.reads.info).padStart(5)}`,
      );
    }
    console.log(
      `ours / etcd: writes/s ${ratio(our.writes.okPerS, theirs.writes.okPerS)}, write p50 ${ratio(our.writes.p50Ms, theirs.writes.p50Ms)}, write p99 ${ratio(our.writes.p99Ms, theirs.writes.p99Ms)}; reads/s ${ratio(our.reads.okPerS, theirs.reads.okPerS)}, read p50 ${ratio(our.reads.p50Ms, theirs.reads.p50Ms)}, read p99 ${ratio(our.reads.p99Ms, theirs.reads.p99Ms)}`,
    );
    const ahead = our.writes.okPerS > theirs.writes.okPerS && our.reads.okPerS > theirs.reads.okPerS && our.writes.p99Ms < theirs.writes.p99Ms && our.reads.p99Ms < theirs.reads.p99Ms;
    console.log(`target (ours ahead of etcd in throughput and p99, writes and reads): ${ahead ? 'MET' : 'NOT MET'}`);
    console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
