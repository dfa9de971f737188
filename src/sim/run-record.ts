// The virtual-time interpreter of a test record (./record.ts, src/record/types.ts): the phases of every simulated
// run, in one place. Start the cluster and the clients; the fault phase (the nemesis generator under
// a time limit); the heal (clients stop, the final generator, the network made reliable); the
// convergence phase (one leader, every node up, every log committed and applied, no client op in
// flight) within the bound; then the one checker composition. A cluster that exceeds its message
// or event budget ends the run early with a liveness failure. Seeded and deterministic.
import { checkRecordedRun, type RunResults } from '../checker/compose.js';
import { createFaultState } from '../faults/apply.js';
import type { GenOp } from '../generators/types.js';
import { timeLimit } from '../generators/index.js';
import type { NodeEvent } from '../history/events.js';
import { createRng } from '../raft/index.js';
import { deriveSeed } from '../util/rng.js';
import { SimClients } from './clients.js';
import { SimBudgetError, SimCluster } from './cluster.js';
import { runGeneratorInSim } from './generator-world.js';
import { HistoryRecorder } from './history-recorder.js';
import type { SimRecord } from './record.js';

export interface SimRecordRun {
  readonly cluster: SimCluster;
  readonly clients: SimClients;
  readonly history: HistoryRecorder;
  readonly events: ReadonlyMap<number, readonly NodeEvent[]>;
  readonly results: RunResults;
  /** Ops carried out during the fault phase (the final heal not counted). */
  readonly faults: number;
  /** Virtual time of the final heal. */
  readonly healUs: number;
  /** End of the convergence phase: heal + the clients' op timeout + the heal bound (or the stop). */
  readonly deadlineUs: number;
  /** When the cluster was first converged after the heal, or null. */
  readonly convergedAtUs: number | null;
  /** Converged with no client operation in flight, within the bound. */
  readonly settled: boolean;
  /** The budget stop, as a liveness failure line, or null. */
  readonly budgetFailure: string | null;
}

/** Called after each op (fault phase and final heal) with what it did: a caller's log of the schedule. */
export type FaultLog = (op: GenOp, outcome: unknown) => void;

export async function runSimRecord(record: SimRecord, onFault?: FaultLog): Promise<SimRecordRun> {
  const { seed } = record;
  const cluster = new SimCluster(record.subject.cluster);
  for (const [node, rate] of Object.entries(record.subject.drift)) cluster.setClock(Number(node), 0, rate);
  const history = new HistoryRecorder(() => cluster.nowNs());
  const clientOptions = { ...record.client, workload: record.workload.generator, workloadOptions: record.workload.options };
  const clients = new SimClients(cluster, history, createRng(deriveSeed(seed, 'clients')), clientOptions);
  clients.start();

  const nemesisRng = createRng(deriveSeed(seed, record.nemesis.rngLabel));
  const { faultRngLabel } = record.nemesis;
  const faultRng = faultRngLabel === undefined ? nemesisRng : createRng(deriveSeed(seed, faultRngLabel));
  const world = { cluster, history, state: createFaultState(), faultRng };
  let faults = 0;
  let healUs = 0;
  let deadlineUs = 0;
  let convergedAtUs: number | null = null;
  let settled = false;
  let budgetFailure: string | null = null;
  try {
    const phaseUs = Math.round(record.phases.timeLimitMs * 1000);
    await runGeneratorInSim(timeLimit(record.phases.timeLimitMs, record.nemesis.generator), nemesisRng, {
      ...world,
      onOp: (op, outcome) => {
        faults++;
        onFault?.(op, outcome);
      },
    });
    cluster.runUntil(phaseUs);

    // Heal: clients stop, the final generator undoes every fault, the network is made reliable
    // (delays stay).
    clients.stop();
    await runGeneratorInSim(record.nemesis.final, faultRng, { ...world, ...(onFault !== undefined ? { onOp: onFault } : {}) });
    cluster.network.options = { ...cluster.network.options, lossRate: 0, duplicateRate: 0, longReordering: false };
    healUs = cluster.nowUs;
    // Operations still in flight may retry until their deadline, so the bound starts after that.
    deadlineUs = healUs + record.client.opTimeoutUs + Math.round(record.phases.recoveryMs * 1000);
    while (cluster.nowUs < deadlineUs) {
      cluster.runForUs(50_000);
      const c = isConverged(cluster);
      if (c && convergedAtUs === null) convergedAtUs = cluster.nowUs;
      if (c && clients.inFlight() === 0) {
        settled = true;
        break;
      }
    }
  } catch (err) {
    if (!(err instanceof SimBudgetError)) throw err;
    budgetFailure = `liveness: ${err.message}`;
    if (healUs === 0) healUs = cluster.nowUs;
    deadlineUs = cluster.nowUs;
  }

  const events = new Map<number, readonly NodeEvent[]>(cluster.nodes.map((n) => [n.id, n.events]));
  const results = checkRecordedRun({
    history: history.records,
    model: record.checkers.linearizability.model,
    events,
    healTimeNs: healUs * 1000,
    livenessBoundNs: record.checkers.invariants.livenessBoundNs,
    liveNodes: cluster.nodeIds,
    linearizabilityBudgetMs: record.checkers.linearizability.budgetMs,
    perf: record.checkers.perf,
  });
  return { cluster, clients, history, events, results, faults, healUs, deadlineUs, convergedAtUs, settled, budgetFailure };
}

/** Every node up, one leader, and every log fully committed and applied at the leader's last index. */
export function isConverged(cluster: SimCluster): boolean {
  const leader = cluster.leader();
  if (leader === null) return false;
  const target = cluster.host(leader)!.status().lastIndex;
  return cluster.nodes.every((n) => {
    if (n.host === null || n.paused) return false;
    const s = n.host.status();
    return s.lastIndex === target && s.commit === target && n.host.applied() === target;
  });
}
