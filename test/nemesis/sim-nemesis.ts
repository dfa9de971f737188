// Test helper: run a registry nemesis (nemesis/index.ts) in the simulator, its generator through
// the virtual-time interpreter (src/sim/generator-world.ts) on the simulated cluster, with simulated
// clients; then the package's final generator, a bounded convergence phase, and every checker (src/bugs/verdict.ts). Deterministic:
// the seed picks election timeouts, client ops, the schedule and the fault targets.
import { judge, type Evidence } from '../../src/bugs/verdict.js';
import { createFaultState } from '../../src/faults/apply.js';
import { timeLimit, type GenOp } from '../../src/generators/index.js';
import { runGeneratorInSim } from '../../src/sim/generator-world.js';
import type { HostReadMode } from '../../src/host/types.js';
import type { Nemesis } from '../../src/plugins.js';
import { createRng } from '../../src/raft/index.js';
import type { BugName } from '../../src/raft/types.js';
import { DEFAULT_CLIENTS, SimClients } from '../../src/sim/clients.js';
import { DEFAULT_RAFT, SimCluster, clusterOptions, type RaftOptions } from '../../src/sim/cluster.js';
import { HistoryRecorder } from '../../src/sim/history-recorder.js';
import { RELIABLE_NETWORK } from '../../src/sim/network.js';
import { deriveSeed } from '../../src/util/rng.js';
import type { OpRecord } from '../../src/history/types.js';
import { lookupWorkload } from '../../workloads/index.js';

export interface SimNemesisRun {
  readonly seed: number;
  readonly nemesis: Nemesis;
  readonly intervalS: number;
  readonly nodes: number;
  readonly faultPhaseUs: number;
  readonly raft?: Partial<RaftOptions>;
  readonly readMode?: HostReadMode;
  readonly bugs?: readonly BugName[];
  readonly opsPerSecond?: number;
  readonly clients?: number;
}

export interface SimNemesisResult {
  readonly verdict: Evidence;
  readonly history: readonly OpRecord[];
  /** The ops the nemesis produced, in order (the schedule). */
  readonly ops: readonly string[];
}

const HEAL_BOUND_US = 5_000_000;

export async function runNemesisInSim(run: SimNemesisRun): Promise<SimNemesisResult> {
  const cluster = new SimCluster(
    clusterOptions({
      seed: run.seed,
      nodes: run.nodes,
      raft: { ...DEFAULT_RAFT, ...run.raft },
      bugs: run.bugs ?? [],
      network: { ...RELIABLE_NETWORK, minDelayUs: 200, maxDelayUs: 2_000 },
      recordEvents: true,
    }),
  );
  const history = new HistoryRecorder(() => cluster.nowNs());
  const clients = new SimClients(cluster, history, createRng(deriveSeed(run.seed, 'clients')), {
    ...DEFAULT_CLIENTS,
    count: run.clients ?? 8,
    opsPerSecond: run.opsPerSecond ?? 150,
    attemptTimeoutUs: 100_000,
    readMode: run.readMode ?? 'read-index',
    workload: lookupWorkload('register'),
  });
  const scheduleRng = createRng(deriveSeed(run.seed, 'nemesis'));
  const faultRng = createRng(deriveSeed(run.seed, 'faults'));
  const state = createFaultState();
  const ops: string[] = [];
  clients.start();
  const parts = {
    cluster,
    history,
    state,
    faultRng,
    onOp: (op: GenOp, outcome: unknown) => ops.push(`${op.f} ${JSON.stringify(op.value)} -> ${JSON.stringify(outcome)}`),
  };
  const schedule = timeLimit(run.faultPhaseUs / 1000, run.nemesis.generator({ intervalS: run.intervalS, nodes: run.nodes }));
  await runGeneratorInSim(schedule, scheduleRng, parts);
  cluster.runUntil(run.faultPhaseUs);
  clients.stop();
  await runGeneratorInSim(run.nemesis.final, faultRng, parts);
  const healUs = cluster.nowUs;
  const deadlineUs = healUs + DEFAULT_CLIENTS.opTimeoutUs + HEAL_BOUND_US;
  let converged = false;
  while (cluster.nowUs < deadlineUs) {
    cluster.runForUs(50_000);
    if (isConverged(cluster) && clients.inFlight() === 0) {
      converged = true;
      break;
    }
  }
  const verdict = judge({
    events: new Map(cluster.nodes.map((n) => [n.id, n.events])),
    history: history.records,
    healUs,
    healBoundUs: DEFAULT_CLIENTS.opTimeoutUs + HEAL_BOUND_US,
    liveNodes: cluster.nodeIds,
    converged,
    linearizabilityBudgetMs: 10_000,
    label: `nemesis ${run.nemesis.name} seed ${run.seed}`,
  });
  return { verdict, history: history.records, ops };
}

function isConverged(cluster: SimCluster): boolean {
  const leader = cluster.leader();
  if (leader === null) return false;
  const target = cluster.host(leader)?.status().lastIndex ?? -1;
  return cluster.nodes.every((n) => {
    if (n.host === null || n.paused) return false;
    const s = n.host.status();
    return s.lastIndex === target && s.commit === target && n.host.applied() === target;
  });
}
