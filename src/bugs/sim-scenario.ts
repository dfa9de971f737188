// A directed simulation for one bug: a cluster shaped for the bug (size, protocol options, network,
// clocks), simulated clients, and the scenario's generator of fault ops (src/bugs/scenarios/)
// interpreted in virtual time; then the final heal, a bounded convergence phase and the checkers
// (verdict.ts). Seeded and deterministic: the seed picks election timeouts, delays, client ops and
// the generator's random choices. The same generator can drive a real run (`run --scenario`).
import type { NodeEvent } from '../history/events.js';
import type { ScenarioSpec } from './scenarios/spec.js';
import { healAll } from '../generators/index.js';
import type { BugName } from '../raft/types.js';
import { DEFAULT_CLIENTS } from '../sim/clients.js';
import { DEFAULT_RAFT, clusterOptions } from '../sim/cluster.js';
import { RELIABLE_NETWORK } from '../sim/network.js';
import { SIM_CLIENT_DEFAULTS, SIM_NETWORK, simNodeIds, type SimRecord } from '../sim/record.js';
import { uniqueMixWorkload } from '../../workloads/unique-mix.js';
import { runSimRecord } from '../sim/run-record.js';
import { lookupWorkload } from '../../workloads/index.js';
import type { Evidence } from './verdict.js';
import { evidenceOf, leaderlessEvidence, mergeEvidence } from './verdict.js';
import { DEFAULT_LEADERLESS_BOUND_NS } from '../checker/invariants/leaderless-majority.js';
import { faultPhaseStalls } from '../sim/stalls.js';

export interface ScenarioResult {
  readonly verdict: Evidence;
  readonly virtualUs: number;
  readonly events: ReadonlyMap<number, readonly NodeEvent[]>;
}

const LINEARIZABILITY_BUDGET_MS = 5_000;

/**
 * During the fault phase, a majority that is up and hears itself, and hears from outside only
 * stale leaders (or nobody), must elect within this long (DEFAULT_LEADERLESS_BOUND_NS).
 */
export const LEADERLESS_BOUND_US = DEFAULT_LEADERLESS_BOUND_NS / 1000;

/** The test record of a directed scenario on one seed, with these bugs on. */
export function scenarioRecord(spec: ScenarioSpec, seed: number, bugs: readonly BugName[]): SimRecord {
  const phaseMs = spec.faultPhaseUs / 1000;
  return {
    executor: 'virtual',
    seed,
    subject: {
      cluster: clusterOptions({
        seed,
        nodes: spec.nodes,
        raft: { ...DEFAULT_RAFT, ...spec.raft },
        bugs,
        network: { ...RELIABLE_NETWORK, ...spec.network },
        recordEvents: true,
      }),
      drift: {},
    },
    nodeIds: simNodeIds(spec.nodes),
    network: SIM_NETWORK,
    workload: {
      generator: spec.clients.workload === null ? uniqueMixWorkload() : lookupWorkload(spec.clients.workload),
      options: DEFAULT_CLIENTS.workloadOptions,
    },
    client: {
      ...SIM_CLIENT_DEFAULTS,
      count: spec.clients.count,
      opsPerSecond: spec.clients.opsPerSecond,
      attemptTimeoutUs: spec.clients.attemptTimeoutUs ?? DEFAULT_CLIENTS.attemptTimeoutUs,
      readMode: spec.readMode,
    },
    nemesis: { name: spec.name, generator: spec.generator(phaseMs), final: spec.final ?? healAll, rngLabel: 'nemesis' },
    checkers: {
      linearizability: { model: 'cas-register', budgetMs: LINEARIZABILITY_BUDGET_MS },
      // Operations still in flight may retry until their deadline, so the bound starts after that.
      invariants: { livenessBoundNs: (DEFAULT_CLIENTS.opTimeoutUs + spec.healBoundUs) * 1000 },
      perf: false,
    },
    phases: { timeLimitMs: phaseMs, recoveryMs: spec.healBoundUs / 1000 },
  };
}

export async function runScenario(spec: ScenarioSpec, seed: number, bugs: readonly BugName[]): Promise<ScenarioResult> {
  const run = await runSimRecord(scenarioRecord(spec, seed, bugs));
  const verdict = evidenceOf(run.results, run.history.records, {
    healUs: run.healUs,
    healBoundUs: DEFAULT_CLIENTS.opTimeoutUs + spec.healBoundUs,
    converged: run.settled,
  });
  const stalls = faultPhaseStalls(run, LEADERLESS_BOUND_US);
  const withStalls = mergeEvidence(verdict, leaderlessEvidence(stalls, LEADERLESS_BOUND_US));
  const failures = run.budgetFailure === null ? [] : [run.budgetFailure];
  return { verdict: { ...withStalls, failures: [...withStalls.failures, ...failures] }, virtualUs: run.cluster.nowUs, events: run.events };
}

export type { ScenarioSpec };
