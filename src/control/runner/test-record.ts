// The test record (Jepsen's test map): one value naming every part of a real run, with every
// default in one place. `raft-chaos run` (and everything that drives runs through it: the bug
// catalogue's real plans and the nightly script call the CLI) builds it from RunOptions with
// realRunRecord; the wall-time runner (run.ts) only reads it.
//
//   subject   -- the system under test (src/subjects), its protocol options and tuning
//   network   -- what carries node-to-node messages (the subject's own, or --net: proxy, netns, ssh)
//   workload  -- the client operation generator and the model that checks it
//   client    -- how many logical processes, at what rate, with what timeout
//   nemesis   -- the fault packages' generator (or a directed scenario's), and the final generator that heals them
//   checkers  -- linearizability (model, budget), invariants (liveness bound), perf
//   phases    -- start (leader wait), run (time limit), heal, recover and final reads (bounds), stop, check
import type { Nemesis, Workload, WorkloadOptions } from '../../plugins.js';
import type { Gen } from '../../generators/types.js';
import type { ProtocolOptions, Subject } from '../../subjects/types.js';
import type { NodeCommand } from '../../subjects/process/node-process.js';
import type { NodeSettings } from '../../subjects/raft-chaos/node-settings.js';
import { lookupWorkload } from '../../../workloads/index.js';
import { lookupNemesis } from '../../../nemesis/index.js';
import { lookupScenario, scenarioNemesis } from '../../bugs/scenarios/index.js';
import { parsePartitionSpecs } from '../../faults/partition.js';
import { DEFAULT_NETWORK } from '../network/index.js';
import { RUN_DEFAULTS, type RunOptions } from './run-options.js';

/** Defaults of the parts RunOptions does not name (RUN_DEFAULTS holds the rest). */
export const RECORD_DEFAULTS = {
  /** Start phase: longest wait for a first leader (subjects with status). */
  leaderWaitMs: 15_000,
  /** Final reads: each attempt's timeout (the whole phase is bounded by recoveryS). */
  finalReadTimeoutMs: 2_000,
  /** Linearizability budget: at least this, else twice the time limit. */
  minLinearizabilityBudgetMs: 30_000,
} as const;

export interface TestRecord {
  /** The options it was built from (test.json, the replay command, the summary). */
  readonly options: RunOptions;
  readonly seed: number;
  readonly subject: Subject;
  readonly protocol: ProtocolOptions;
  /** Subject-specific overrides (ClusterPlan.tuning). */
  readonly tuning: Readonly<Record<string, unknown>>;
  readonly network: string;
  readonly nodeIds: readonly number[];
  readonly workload: { readonly generator: Workload; readonly options: WorkloadOptions };
  readonly client: { readonly concurrency: number; readonly ratePerS: number; readonly opTimeoutMs: number };
  readonly nemesis: { readonly name: string; readonly schedule: Nemesis; readonly intervalS: number; readonly final: Gen };
  readonly checkers: {
    readonly linearizability: { readonly model: string; readonly budgetMs: number };
    readonly invariants: { readonly livenessBoundNs: number };
    readonly perf: Readonly<Record<string, never>>;
  };
  readonly phases: {
    readonly leaderWaitMs: number;
    readonly timeLimitS: number;
    readonly recoveryS: number;
    readonly finalReadTimeoutMs: number;
  };
  readonly results: { readonly dir: string; readonly report: boolean };
}

/** Test-only overrides of a real run's parts. */
export interface RecordOverrides {
  readonly subject?: Subject;
  readonly command?: NodeCommand;
  readonly settings?: Partial<NodeSettings>;
}

/** The record of `raft-chaos run` with these (validated) options. */
/** The run's nemesis package: the --scenario's generator, or the --nemesis packages combined. */
export function runNemesisOf(options: RunOptions): Nemesis {
  if (options.scenario !== undefined) return scenarioNemesis(lookupScenario(options.scenario), options.timeLimitS);
  const shapes = options.partitionShapes !== undefined ? parsePartitionSpecs(options.partitionShapes) : undefined;
  return lookupNemesis(options.nemesis, shapes);
}

export function realRunRecord(options: RunOptions, subject: Subject, overrides: RecordOverrides = {}): TestRecord {
  const nemesis = runNemesisOf(options);
  const workload = lookupWorkload(options.workload);
  return {
    options,
    seed: options.seed,
    subject,
    protocol: {
      readMode: options.readMode,
      bugs: options.bugs,
      preVote: options.preVote ?? overrides.settings?.preVote ?? RUN_DEFAULTS.preVote,
      checkQuorum: options.checkQuorum ?? overrides.settings?.checkQuorum ?? RUN_DEFAULTS.checkQuorum,
    },
    tuning: {
      ...(overrides.command !== undefined ? { command: overrides.command } : {}),
      ...(overrides.settings !== undefined ? { settings: overrides.settings } : {}),
    },
    network: subject.ownNetwork ? 'own' : (options.net ?? DEFAULT_NETWORK),
    nodeIds: Array.from({ length: options.nodes }, (_, i) => i + 1),
    workload: { generator: workload, options: { keys: options.keys } },
    client: { concurrency: options.concurrency, ratePerS: options.rate, opTimeoutMs: options.opTimeoutMs },
    nemesis: { name: options.scenario ?? options.nemesis, schedule: nemesis, intervalS: options.nemesisIntervalS, final: nemesis.final },
    checkers: {
      linearizability: { model: workload.model, budgetMs: Math.max(RECORD_DEFAULTS.minLinearizabilityBudgetMs, options.timeLimitS * 2000) },
      invariants: { livenessBoundNs: options.recoveryS * 1e9 },
      perf: {},
    },
    phases: {
      leaderWaitMs: RECORD_DEFAULTS.leaderWaitMs,
      timeLimitS: options.timeLimitS,
      recoveryS: options.recoveryS,
      finalReadTimeoutMs: RECORD_DEFAULTS.finalReadTimeoutMs,
    },
    results: { dir: options.resultsDir, report: options.noReport !== true },
  };
}
