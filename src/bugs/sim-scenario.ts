// A directed simulation for one bug: a cluster shaped for the bug (size, protocol options, network,
// clocks), simulated clients, and the scenario's generator of fault ops (src/bugs/scenarios/)
// interpreted in virtual time; then the final heal, a bounded convergence phase and the checkers
// (verdict.ts). Seeded and deterministic: the seed picks election timeouts, delays, client ops and
// the generator's random choices. The same generator can drive a real run (`run --scenario`).
import type { NodeEvent } from '../history/events.js';
import type { ScenarioSpec } from './scenarios/spec.js';
import { createFaultState } from '../faults/apply.js';
import { healAll, timeLimit } from '../generators/index.js';
import { createRng } from '../raft/index.js';
import type { BugName } from '../raft/types.js';
import { runGeneratorInSim } from '../sim/generator-world.js';
import { DEFAULT_CLIENTS, SimClients } from '../sim/clients.js';
import { DEFAULT_RAFT, SimBudgetError, SimCluster, clusterOptions } from '../sim/cluster.js';
import { HistoryRecorder } from '../sim/history-recorder.js';
import { RELIABLE_NETWORK } from '../sim/network.js';
import { deriveSeed } from '../util/rng.js';
import { lookupWorkload } from '../../workloads/index.js';
import type { Evidence } from './verdict.js';
import { judge } from './verdict.js';

export interface ScenarioResult {
  readonly verdict: Evidence;
  readonly virtualUs: number;
  readonly events: ReadonlyMap<number, readonly NodeEvent[]>;
}

const LINEARIZABILITY_BUDGET_MS = 5_000;

export async function runScenario(spec: ScenarioSpec, seed: number, bugs: readonly BugName[]): Promise<ScenarioResult> {
  const cluster = new SimCluster(
    clusterOptions({
      seed,
      nodes: spec.nodes,
      raft: { ...DEFAULT_RAFT, ...spec.raft },
      bugs,
      network: { ...RELIABLE_NETWORK, ...spec.network },
      recordEvents: true,
    }),
  );
  const history = new HistoryRecorder(() => cluster.nowNs());
  const clients = new SimClients(cluster, history, createRng(deriveSeed(seed, 'clients')), {
    ...DEFAULT_CLIENTS,
    count: spec.clients.count,
    opsPerSecond: spec.clients.opsPerSecond,
    attemptTimeoutUs: spec.clients.attemptTimeoutUs ?? DEFAULT_CLIENTS.attemptTimeoutUs,
    readMode: spec.readMode,
    workload: spec.clients.workload === null ? null : lookupWorkload(spec.clients.workload),
  });
  const nemesisRng = createRng(deriveSeed(seed, 'nemesis'));
  const faultState = createFaultState();
  const world = { cluster, history, state: faultState, faultRng: nemesisRng };
  const failures: string[] = [];
  let healUs = 0;
  let converged = false;
  clients.start();
  try {
    const phaseMs = spec.faultPhaseUs / 1000;
    await runGeneratorInSim(timeLimit(phaseMs, spec.generator(phaseMs)), nemesisRng, world);
    cluster.runUntil(spec.faultPhaseUs);
    // The final heal: the scenario's final generator (every fault undone), the network made reliable.
    clients.stop();
    await runGeneratorInSim(spec.final ?? healAll, nemesisRng, world);
    cluster.network.options = { ...cluster.network.options, lossRate: 0, duplicateRate: 0, longReordering: false };
    healUs = cluster.nowUs;
    const deadlineUs = healUs + DEFAULT_CLIENTS.opTimeoutUs + spec.healBoundUs;
    while (cluster.nowUs < deadlineUs) {
      cluster.runForUs(50_000);
      if (isConverged(cluster) && clients.inFlight() === 0) {
        converged = true;
        break;
      }
    }
  } catch (err) {
    if (!(err instanceof SimBudgetError)) throw err;
    failures.push(`liveness: ${err.message}`);
    if (healUs === 0) healUs = cluster.nowUs;
  }
  const events = new Map<number, readonly NodeEvent[]>(cluster.nodes.map((n) => [n.id, n.events]));
  const verdict = judge({
    events,
    history: history.records,
    healUs,
    healBoundUs: DEFAULT_CLIENTS.opTimeoutUs + spec.healBoundUs,
    liveNodes: cluster.nodeIds,
    converged,
    linearizabilityBudgetMs: LINEARIZABILITY_BUDGET_MS,
    label: `bug scenario seed ${seed}`,
  });
  return { verdict: { ...verdict, failures: [...verdict.failures, ...failures] }, virtualUs: cluster.nowUs, events };
}

/** One leader, every node up, and every log committed and applied to the leader's last index. */
function isConverged(cluster: SimCluster): boolean {
  const leader = cluster.leader();
  if (leader === null) return false;
  const target = cluster.host(leader)!.status().lastIndex;
  return cluster.nodes.every((n) => {
    if (n.host === null || n.paused) return false;
    const s = n.host.status();
    return s.lastIndex === target && s.commit === target && n.host.applied() === target;
  });
}

export type { ScenarioSpec };
