// The test record (Jepsen's test map): one type naming every part of a run, whichever clock runs
// it. Each executor fills the parts only it has through its own ExecutorParts (the real run's in
// src/control/runner/test-record.ts, the simulator's in src/sim/record.ts); the shared parts --
// seed, network, workload, nemesis generators, checkers, the run and recovery phases -- have one
// shape and one unit for both. Each interpreter only reads its record:
//
//   executor  -- 'wall' (real processes, src/control/runner/run.ts) or 'virtual' (src/sim/run-record.ts)
//   seed      -- every Rng of the run derives from it (deriveSeed(seed, label))
//   subject   -- the system under test and its protocol options (the executor's own)
//   network   -- the name of what carries node-to-node messages
//   workload  -- the client operation generator and its options
//   client    -- the client processes (the executor's own: rates, timeouts in its clock)
//   nemesis   -- the generator of fault ops for the run phase, and the final generator that heals it
//   checkers  -- linearizability (model, budget), invariants (liveness bound), perf (measured or not)
//   phases    -- the run phase's time limit, then the bound on recovery after the heal
import type { Gen } from '../generators/types.js';
import type { Workload, WorkloadOptions } from '../plugins.js';

export type Executor = 'wall' | 'virtual';

/** What differs between the executors: each gives its own types for these parts. */
export interface ExecutorParts {
  readonly executor: Executor;
  /** The system under test: what starts the nodes, and how it is configured. */
  readonly subject: unknown;
  /** The client processes: how many, how fast, how long an operation may take. */
  readonly client: unknown;
  /** The nemesis' interpreter settings beyond its two generators (Rng labels, its interval). */
  readonly nemesis: object;
  /** Phases only this executor has (a leader wait, final reads). */
  readonly phases: object;
  /** Parts of the record only this executor has (its options, where results go). */
  readonly own: object;
}

export interface RecordNemesis {
  /** The --nemesis packages or the --scenario the generator comes from. */
  readonly name: string;
  /** Fault ops of the run phase (ended by the phase's time limit). */
  readonly generator: Gen;
  /** What heals every fault the generator may leave behind. */
  readonly final: Gen;
}

export interface RecordCheckers {
  readonly linearizability: { readonly model: string; readonly budgetMs: number };
  /** A leader and convergence must come within this long of the final heal. */
  readonly invariants: { readonly livenessBoundNs: number };
  /** Latency, throughput and fault windows measured (real runs) or not (virtual time). */
  readonly perf: boolean;
}

export interface RecordPhases {
  /** Length of the run phase: clients and the nemesis together. */
  readonly timeLimitMs: number;
  /** After the heal, recovery (and the final reads) must come within this long. */
  readonly recoveryMs: number;
}

export type TestRecord<P extends ExecutorParts = ExecutorParts> = {
  readonly executor: P['executor'];
  readonly seed: number;
  readonly subject: P['subject'];
  readonly nodeIds: readonly number[];
  readonly network: string;
  readonly workload: { readonly generator: Workload; readonly options: WorkloadOptions };
  readonly client: P['client'];
  readonly nemesis: RecordNemesis & P['nemesis'];
  readonly checkers: RecordCheckers;
  readonly phases: RecordPhases & P['phases'];
} & P['own'];
