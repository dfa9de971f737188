// The test record of a simulated run: the same parts as a real run's record
// (src/control/runner/test-record.ts) in virtual time. `raft-chaos sim` (runSeed: a bad day drawn
// from the seed) and the bug catalogue's directed scenarios (runScenario) each build one; the
// virtual-time runner (./run-record.ts) only reads it.
//
//   cluster   -- the simulated subject: nodes, protocol options, bugs, network, clock drift
//   clients   -- the client processes and their workload
//   nemesis   -- a generator of fault ops for the fault phase, and the final generator that heals it
//   checkers  -- linearizability (model, budget), invariants (liveness bound)
//   phases    -- fault phase length, then heal, then convergence within a bound
import type { Gen } from '../generators/types.js';
import type { ClientOptions } from './clients.js';
import type { SimClusterOptions } from './cluster.js';

export interface SimRecord {
  readonly seed: number;
  readonly cluster: SimClusterOptions;
  /** Each node's clock rate (1 = true time); absent nodes run true. */
  readonly drift: Readonly<Record<number, number>>;
  readonly clients: ClientOptions;
  readonly nemesis: {
    readonly generator: Gen;
    readonly final: Gen;
    /** The label its Rng is derived under (deriveSeed(seed, label)): kept per caller so seeds replay. */
    readonly rngLabel: string;
    /**
     * The label of a separate Rng for the fault interpreter's draws (targets, shapes) and the final
     * generator; absent: the generator's own Rng does both.
     */
    readonly faultRngLabel?: string;
  };
  readonly checkers: {
    readonly linearizability: { readonly model: string; readonly budgetMs: number };
    /** A leader and convergence must come within this long of the final heal. */
    readonly invariants: { readonly livenessBoundUs: number };
  };
  readonly phases: {
    /** Virtual time of the fault phase. */
    readonly faultPhaseUs: number;
    /** After the heal (and the clients' last deadlines), convergence must come within this long. */
    readonly healBoundUs: number;
  };
}
