// A directed scenario as data: the cluster shape it needs (size, protocol options, the simulated
// network), the client load, and its generator of fault ops (src/generators). The simulator plays
// all of it (src/bugs/sim-scenario.ts); a real run (`run --scenario`) takes the generator, the node
// count and the read mode (another --nodes or --read-mode is refused), and the tick counts `raft`
// names with the simulator's tick length (realRunTicks), so a lease scenario's lease and election
// timeout last as long on real nodes as in the simulator.
import type { Gen } from '../../generators/types.js';
import type { HostReadMode } from '../../host/types.js';
import type { FaultFamily } from '../../plugins.js';
import { DEFAULT_TICK_US, type RaftOptions } from '../../sim/cluster.js';
import type { NetworkOptions } from '../../sim/network.js';

/** A directed scenario: the cluster shape it needs, the client load, and its fault generator. */
export interface ScenarioSpec {
  /** Its name for `sim --scenario` and `run --scenario`. */
  readonly name: string;
  /** One line: what it does. */
  readonly description: string;
  readonly nodes: number;
  /** Over the simulator's DEFAULT_RAFT; the tick counts named here also set a real run's nodes. */
  readonly raft: Partial<RaftOptions>;
  readonly network: Partial<NetworkOptions>;
  readonly readMode: HostReadMode;
  readonly clients: {
    readonly count: number;
    readonly opsPerSecond: number;
    /** A client gives up on one node after this long and tries another. */
    readonly attemptTimeoutUs?: number;
    /** A workload name (workloads/index.ts), or null for the simulator's built-in multi-key mix. */
    readonly workload: string | null;
  };
  /** Virtual time of the fault phase. */
  readonly faultPhaseUs: number;
  /** After the heal, one leader and full convergence must come within this long. */
  readonly healBoundUs: number;
  /** The fault families its ops touch (a real run refuses a subject without their abilities). */
  readonly families: readonly FaultFamily[];
  /** The nemesis: a generator of fault ops and proposals for a fault phase of phaseMs. */
  readonly generator: (phaseMs: number) => Gen;
  /** What heals it at the end of the fault phase; absent = healAll. */
  readonly final?: Gen;
}

/** The Raft timing a real run of the scenario takes: the tick counts its `raft` names, no others. */
export interface RealRunTicks {
  /** The simulator's tick, when any count is named (the counts mean as long as they do there). */
  readonly tickMs?: number;
  readonly electionTicks?: number;
  readonly heartbeatTicks?: number;
  readonly leaseTicks?: number;
}

/**
 * What a real run's nodes take from the scenario's `raft`: its election, heartbeat and lease tick
 * counts where it names them, at the simulator's tick length (the real node's defaults where it
 * names none). Pre-vote and check-quorum stay the run's --pre-vote and --check-quorum.
 */
export function realRunTicks(spec: ScenarioSpec): RealRunTicks {
  const { electionTicks, heartbeatTicks, leaseTicks } = spec.raft;
  if (electionTicks === undefined && heartbeatTicks === undefined && leaseTicks === undefined) return {};
  return {
    tickMs: DEFAULT_TICK_US / 1000,
    ...(electionTicks !== undefined ? { electionTicks } : {}),
    ...(heartbeatTicks !== undefined ? { heartbeatTicks } : {}),
    ...(leaseTicks !== undefined ? { leaseTicks } : {}),
  };
}
