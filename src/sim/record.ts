// The simulator's parts of the test record (src/record/types.ts): the same record as a real run's,
// in virtual time. `raft-chaos sim` (runSeed: a bad day drawn from the seed), the bug catalogue's
// directed scenarios (runScenario) and the nemesis tests each build one; the virtual-time runner
// (./run-record.ts) only reads it.
//
//   subject   -- the simulated cluster: nodes, protocol options, bugs, network, and each clock's rate
//   client    -- the simulated client processes (the workload is the record's own part)
//   nemesis   -- the labels its Rngs are derived under, kept per caller so seeds replay
import type { ExecutorParts, TestRecord } from '../record/types.js';
import { DEFAULT_CLIENTS, type ClientOptions } from './clients.js';
import type { SimClusterOptions } from './cluster.js';

/** The network of every simulated record: the simulator's own message queue. */
export const SIM_NETWORK = 'simulated';

export interface VirtualParts extends ExecutorParts {
  readonly executor: 'virtual';
  readonly subject: {
    readonly cluster: SimClusterOptions;
    /** Each node's clock rate (1 = true time); absent nodes run true. */
    readonly drift: Readonly<Record<number, number>>;
  };
  readonly client: Omit<ClientOptions, 'workload' | 'workloadOptions'>;
  readonly nemesis: {
    /** The label its Rng is derived under (deriveSeed(seed, label)). */
    readonly rngLabel: string;
    /**
     * The label of a separate Rng for the fault interpreter's draws (targets, shapes) and the final
     * generator; absent: the generator's own Rng does both.
     */
    readonly faultRngLabel?: string;
  };
  readonly phases: Readonly<Record<never, never>>;
  readonly own: Readonly<Record<never, never>>;
}

export type SimRecord = TestRecord<VirtualParts>;

const { workload: _workload, workloadOptions: _workloadOptions, ...clientDefaults } = DEFAULT_CLIENTS;
/** The simulated clients' defaults, less the workload (the record's own part). */
export const SIM_CLIENT_DEFAULTS: VirtualParts['client'] = clientDefaults;

/** The node ids of a simulated cluster of `nodes`. */
export function simNodeIds(nodes: number): number[] {
  return Array.from({ length: nodes }, (_, i) => i + 1);
}
