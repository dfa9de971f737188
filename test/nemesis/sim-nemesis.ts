// Test helper: run a registry nemesis (nemesis/index.ts) in the simulator, as a simulated test
// record (src/sim/record.ts) on the one virtual-time runner (src/sim/run-record.ts): its generator,
// then the package's final generator, a bounded convergence phase, and every checker, turned into
// the bug catalogue's evidence (src/bugs/verdict.ts). Deterministic: the seed picks election
// timeouts, client ops, the schedule and the fault targets.
import { evidenceOf, type Evidence } from '../../src/bugs/verdict.js';
import type { HostReadMode } from '../../src/host/types.js';
import type { Nemesis } from '../../src/plugins.js';
import type { BugName } from '../../src/raft/types.js';
import { DEFAULT_CLIENTS } from '../../src/sim/clients.js';
import { DEFAULT_RAFT, clusterOptions, type RaftOptions } from '../../src/sim/cluster.js';
import { RELIABLE_NETWORK } from '../../src/sim/network.js';
import { SIM_CLIENT_DEFAULTS, SIM_NETWORK, simNodeIds, type SimRecord } from '../../src/sim/record.js';
import { runSimRecord } from '../../src/sim/run-record.js';
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
  const ops: string[] = [];
  const record: SimRecord = {
    executor: 'virtual',
    seed: run.seed,
    subject: {
      cluster: clusterOptions({
        seed: run.seed,
        nodes: run.nodes,
        raft: { ...DEFAULT_RAFT, ...run.raft },
        bugs: run.bugs ?? [],
        network: { ...RELIABLE_NETWORK, minDelayUs: 200, maxDelayUs: 2_000 },
        recordEvents: true,
      }),
      drift: {},
    },
    nodeIds: simNodeIds(run.nodes),
    network: SIM_NETWORK,
    workload: { generator: lookupWorkload('register'), options: DEFAULT_CLIENTS.workloadOptions },
    client: {
      ...SIM_CLIENT_DEFAULTS,
      count: run.clients ?? 8,
      opsPerSecond: run.opsPerSecond ?? 150,
      attemptTimeoutUs: 100_000,
      readMode: run.readMode ?? 'read-index',
    },
    nemesis: {
      name: run.nemesis.name,
      generator: run.nemesis.generator({ intervalS: run.intervalS, nodes: run.nodes }),
      final: run.nemesis.final,
      rngLabel: 'nemesis',
      faultRngLabel: 'faults',
    },
    checkers: {
      linearizability: { model: 'cas-register', budgetMs: 10_000 },
      invariants: { livenessBoundNs: (DEFAULT_CLIENTS.opTimeoutUs + HEAL_BOUND_US) * 1000 },
      perf: false,
    },
    phases: { timeLimitMs: run.faultPhaseUs / 1000, recoveryMs: HEAL_BOUND_US / 1000 },
  };
  const r = await runSimRecord(record, (op, outcome) => ops.push(`${op.f} ${JSON.stringify(op.value)} -> ${JSON.stringify(outcome)}`));
  const verdict = evidenceOf(r.results, r.history.records, {
    healUs: r.healUs,
    healBoundUs: DEFAULT_CLIENTS.opTimeoutUs + HEAL_BOUND_US,
    converged: r.settled,
  });
  return { verdict, history: r.history.records, ops };
}
