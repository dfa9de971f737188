// How the simulator exposes one bug: random chaos through run-seed (replayed by `raft-chaos sim`),
// or a directed scenario (sim-scenario.ts, replayed by `raft-chaos sim --scenario NAME --seed N --bug BUG`).
import type { SimRunOptions } from '../sim/run-seed.js';
import type { ScenarioSpec } from './sim-scenario.js';

export type SimPlan =
  | {
      readonly kind: 'chaos';
      /** Overrides of run-seed's DEFAULT_RUN (families, read mode, time, workload name...). */
      readonly options: Partial<Omit<SimRunOptions, 'seed' | 'bugs' | 'workload'>>;
      /** A workload name (workloads/index.ts), or null for the built-in multi-key mix. */
      readonly workload: string | null;
    }
  | { readonly kind: 'directed'; readonly name: string; readonly spec: ScenarioSpec };
