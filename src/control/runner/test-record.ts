// The real run's parts of the test record (src/record/types.ts), with every default in one place.
// `raft-chaos run` (and everything that drives runs through it: the bug catalogue's real plans and
// the nightly script call the CLI) builds it from RunOptions with realRunRecord; the wall-time
// interpreter (run.ts) only reads it.
//
//   subject   -- the subject (src/subjects), its protocol options and tuning
//   network   -- what carries node-to-node messages (the subject's own, or --net: proxy, netns, ssh)
//   client    -- how many logical processes, at what rate, with what timeout
//   nemesis   -- the fault packages' generator (or a directed scenario's) at its interval
//   phases    -- start (leader wait), run (time limit), heal, recover and final reads (bounds), stop, check
//   options   -- the RunOptions it was built from; results: where the run directory goes
import type { Nemesis } from '../../plugins.js';
import type { ExecutorParts, TestRecord } from '../../record/types.js';
import type { ProtocolOptions, Subject } from '../../subjects/types.js';
import type { NodeCommand } from '../../subjects/process/node-process.js';
import type { NodeSettings } from '../../subjects/raft-chaos/node-settings.js';
import { lookupWorkload } from '../../../workloads/index.js';
import { lookupNemesis } from '../../../nemesis/index.js';
import { electionTimed } from '../../../nemesis/election-timed.js';
import { lookupScenario, scenarioNemesis } from '../../bugs/scenarios/index.js';
import type { ScenarioSpec } from '../../bugs/scenarios/spec.js';
import { parsePartitionSpecs } from '../../faults/partition.js';
import { DEFAULT_NETWORK } from '../network/index.js';
import { RUN_DEFAULTS, type RunOptions } from './run-options.js';

/** Defaults of the parts RunOptions does not name (RUN_DEFAULTS holds the rest). */
export const RECORD_DEFAULTS = {
  /** Start phase: longest wait for a first leader (subjects with status). */
  leaderWaitMs: 15_000,
  /** Final reads: each attempt's timeout (the whole phase is bounded by the recovery bound). */
  finalReadTimeoutMs: 2_000,
  /** Linearizability budget: at least this, else twice the time limit. */
  minLinearizabilityBudgetMs: 30_000,
} as const;

export interface WallParts extends ExecutorParts {
  readonly executor: 'wall';
  readonly subject: {
    /** The subject (src/subjects) that starts and stops the nodes. */
    readonly system: Subject;
    readonly protocol: ProtocolOptions;
    /** Subject-specific overrides (ClusterPlan.tuning). */
    readonly tuning: Readonly<Record<string, unknown>>;
  };
  readonly client: {
    readonly concurrency: number;
    readonly ratePerS: number;
    readonly opTimeoutMs: number;
    /** One attempt's limit (--attempt-timeout, else the scenario's own); absent = the whole op. */
    readonly attemptTimeoutMs?: number;
  };
  /** The package that built the generator (its families, its description), and its interval. */
  readonly nemesis: { readonly package: Nemesis; readonly intervalS: number };
  readonly phases: {
    /** Start phase: longest wait for a first leader (subjects with status). */
    readonly leaderWaitMs: number;
    /** Final reads: each attempt's timeout (the whole phase is bounded by the recovery bound). */
    readonly finalReadTimeoutMs: number;
  };
  readonly own: {
    /** The options it was built from (test.json, the replay command, the summary). */
    readonly options: RunOptions;
    readonly results: { readonly dir: string; readonly report: boolean };
  };
}

/** The test record of a real run (src/record/types.ts with the wall-time executor's parts). */
export type RealRecord = TestRecord<WallParts>;

/** Test-only overrides of a real run's parts. */
export interface RecordOverrides {
  readonly subject?: Subject;
  readonly command?: NodeCommand;
  readonly settings?: Partial<NodeSettings>;
}

/** The bug catalogue's scenario the run plays (with its tick counts), or null: none, or the subject's own. */
export function catalogueScenarioOf(options: RunOptions, subject: Subject): ScenarioSpec | null {
  if (options.scenario === undefined || subject.schedules?.scenarios.includes(options.scenario) === true) return null;
  return lookupScenario(options.scenario);
}

/**
 * The run's nemesis package: the --scenario's generator (the subject's own scenario, else the
 * catalogue's), or the --nemesis packages combined (the subject's own packages, when it has them).
 */
export function runNemesisOf(options: RunOptions, subject: Subject): Nemesis {
  const own = subject.schedules;
  if (options.scenario !== undefined) {
    const spec = catalogueScenarioOf(options, subject);
    return spec !== null ? scenarioNemesis(spec, options.timeLimitS) : own!.scenario(options.scenario, options.timeLimitS);
  }
  const shapes = options.partitionShapes !== undefined ? parsePartitionSpecs(options.partitionShapes) : undefined;
  const nemesis = own !== undefined ? own.nemesis(options.nemesis, shapes) : lookupNemesis(options.nemesis, shapes);
  return options.nemesisTiming === 'elections' ? electionTimed(nemesis) : nemesis;
}

/**
 * A client attempt's limit: --attempt-timeout, else the catalogue scenario's (the simulator's
 * clients give up on one node after it, so a real run of the scenario gets the same), capped at
 * the op timeout.
 */
function attemptTimeoutOf(options: RunOptions, subject: Subject): { readonly attemptTimeoutMs?: number } {
  const scenarioUs = catalogueScenarioOf(options, subject)?.clients.attemptTimeoutUs;
  const ms = options.attemptTimeoutMs ?? (scenarioUs !== undefined ? Math.round(scenarioUs / 1000) : undefined);
  return ms !== undefined && ms < options.opTimeoutMs ? { attemptTimeoutMs: ms } : {};
}

/** The record of `raft-chaos run` with these (validated) options. */
export function realRunRecord(options: RunOptions, subject: Subject, overrides: RecordOverrides = {}): RealRecord {
  // --snapshot-every is a node setting of the raft-chaos subject (validateRunOptions refuses it for others).
  const settings: Partial<NodeSettings> | undefined =
    options.snapshotEveryEntries !== undefined ? { ...overrides.settings, snapshotEveryEntries: options.snapshotEveryEntries } : overrides.settings;
  const nemesis = runNemesisOf(options, subject);
  const workload = lookupWorkload(options.workload);
  const nodeIds = Array.from({ length: options.nodes }, (_, i) => i + 1);
  return {
    executor: 'wall',
    options,
    seed: options.seed,
    subject: {
      system: subject,
      protocol: {
        readMode: options.readMode,
        bugs: options.bugs,
        preVote: options.preVote ?? overrides.settings?.preVote ?? RUN_DEFAULTS.preVote,
        checkQuorum: options.checkQuorum ?? overrides.settings?.checkQuorum ?? RUN_DEFAULTS.checkQuorum,
      },
      tuning: {
        ...(overrides.command !== undefined ? { command: overrides.command } : {}),
        ...(settings !== undefined ? { settings } : {}),
      },
    },
    network: subject.ownNetwork ? 'own' : (options.net ?? DEFAULT_NETWORK),
    nodeIds,
    workload: { generator: workload, options: { keys: options.keys } },
    client: { concurrency: options.concurrency, ratePerS: options.rate, opTimeoutMs: options.opTimeoutMs, ...attemptTimeoutOf(options, subject) },
    nemesis: {
      name: options.scenario ?? options.nemesis,
      generator: nemesis.generator({ intervalS: options.nemesisIntervalS, nodes: nodeIds.length }),
      final: nemesis.final,
      package: nemesis,
      intervalS: options.nemesisIntervalS,
    },
    checkers: {
      linearizability: { model: workload.model, budgetMs: Math.max(RECORD_DEFAULTS.minLinearizabilityBudgetMs, options.timeLimitS * 2000) },
      invariants: { livenessBoundNs: options.recoveryS * 1e9 },
      perf: true,
    },
    phases: {
      timeLimitMs: options.timeLimitS * 1000,
      recoveryMs: options.recoveryS * 1000,
      leaderWaitMs: RECORD_DEFAULTS.leaderWaitMs,
      finalReadTimeoutMs: RECORD_DEFAULTS.finalReadTimeoutMs,
    },
    results: { dir: options.resultsDir, report: options.noReport !== true },
  };
}
