// The options of `raft-chaos run`, their defaults and their validation. Every bad value gets one line
// naming the flag and the accepted values (UsageError -> exit 254).
import { UsageError } from '../../util/exit-codes.js';
import { NODE_READ_MODES, type NodeReadMode } from '../../node/config.js';
import { NET_NAMES, type NetName } from '../../net/open.js';
import type { BugName } from '../../raft/types.js';
import { BUG_NAMES, isBugName } from '../../raft/bugs.js';
import { WORKLOAD_NAMES } from '../../../workloads/index.js';
import { NEMESIS_NAMES, parseNemesisList } from '../../../nemesis/index.js';
import { NEMESIS_TIMINGS, type NemesisTiming } from '../../../nemesis/election-timed.js';
import { parsePartitionSpecs } from '../../faults/partition.js';
import { DEFAULT_SUBJECT, SUBJECT_NAMES, SUBJECTS } from '../../subjects/index.js';
import { lookupScenario } from '../../bugs/scenarios/index.js';


export interface RunOptions {
  /** The system under test (src/subjects); absent = raft-chaos. */
  readonly subject?: string;
  /** The subject's own flags as typed (e.g. --bin "..." for maelstrom), replayed after the others. */
  readonly subjectArgs?: readonly string[];
  readonly workload: string;
  /** One nemesis name or a comma list (validated against nemesis/index.ts). */
  readonly nemesis: string;
  /** A directed scenario (src/bugs/scenarios) as the fault schedule instead of --nemesis. */
  readonly scenario?: string;
  readonly nodes: number;
  readonly timeLimitS: number;
  readonly concurrency: number;
  /** Client operations per second in total; 0 = unlimited (closed loop). */
  readonly rate: number;
  readonly keys: number;
  readonly seed: number;
  readonly nemesisIntervalS: number;
  /** --partition-shapes as typed (shapes and groups, src/faults/partition.ts); absent = the symmetric shapes. */
  readonly partitionShapes?: string;
  /**
   * --nemesis-timing: 'interval' (absent: a fault every --nemesis-interval) or 'elections' (each
   * new leader struck right after its election, nemesis/election-timed.ts).
   */
  readonly nemesisTiming?: NemesisTiming;
  readonly readMode: NodeReadMode;
  readonly resultsDir: string;
  readonly opTimeoutMs: number;
  /**
   * --attempt-timeout: ms a client waits on one node before it sends the same request to another
   * (absent: a --scenario's own client attempt timeout, else one attempt for the whole op).
   */
  readonly attemptTimeoutMs?: number;
  /** Longest wait for the cluster to elect a leader and converge after the final heal. */
  readonly recoveryS: number;
  readonly bugs: readonly BugName[];
  /** Skip writing index.html. */
  readonly noReport?: boolean;
  /** Pre-vote (thesis §9.6); absent = on. Off gives basic Raft elections: isolated nodes raise their term. */
  readonly preVote?: boolean;
  /** Check-quorum (thesis §6.2): a leader steps down without a quorum of replies; absent = on. */
  readonly checkQuorum?: boolean;
  /** The network (src/net): proxy (default), netns (a namespace per node) or ssh (--hosts). */
  readonly net?: NetName;
  /** --hosts FILE: one user@address per node (--net ssh). */
  readonly hostsFile?: string;
  /** One-way delay on every peer link, ms (default 0). */
  readonly linkLatencyMs?: number;
  /** Random loss on every peer link, whole percent (default 0). */
  readonly linkLossPercent?: number;
  /** --link-duplicate: percent of peer messages sent twice (frame-aware proxies, or the kernel's netem under --net netns). */
  readonly linkDuplicatePercent?: number;
  /** --link-reorder: percent of peer messages overtaken by later ones (frame-aware proxies, or netem with --link-latency). */
  readonly linkReorderPercent?: number;
  /** --snapshot-every: the nodes snapshot every this many applied entries (0 = never); absent = the subject's default (raft-chaos: 1000). */
  readonly snapshotEveryEntries?: number;
}

export const RUN_DEFAULTS = {
  workload: 'register',
  nemesis: 'none',
  nodes: 5,
  timeLimitS: 30,
  concurrency: 5,
  rate: 20,
  keys: 4,
  nemesisIntervalS: 5,
  readMode: 'read-index' as NodeReadMode,
  resultsDir: 'results',
  opTimeoutMs: 1000,
  recoveryS: 10,
  preVote: true,
  checkQuorum: true,
  net: 'proxy' as NetName,
  linkLatencyMs: 0,
  linkLossPercent: 0,
} as const;

/** Parses `true`/`false` of a boolean option given as text (yargs passes strings through). */
export function parseOnOff(flag: string, value: unknown): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new UsageError(`--${flag} must be true or false, got ${JSON.stringify(value)}`);
}

function intIn(flag: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
}

function numberIn(flag: string, value: number, min: number, max: number, what = 'a number'): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${flag} must be ${what} from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
}

/**
 * --scenario NAME: a known scenario, instead of --nemesis, on the cluster size and read mode it is
 * written for (a different --nodes or --read-mode is refused, naming the one it needs).
 */
function validateScenario(o: RunOptions): void {
  let spec;
  try {
    spec = lookupScenario(String(o.scenario));
  } catch (err) {
    throw new UsageError(`--scenario: ${(err as Error).message}`);
  }
  requireNoNemesis(spec.name, o);
  if (o.nodes !== spec.nodes) throw new UsageError(`--scenario ${spec.name} is written for ${spec.nodes} nodes; use --nodes ${spec.nodes} (got ${o.nodes})`);
  if (o.readMode !== spec.readMode) throw new UsageError(`--scenario ${spec.name} is written for --read-mode ${spec.readMode}; use --read-mode ${spec.readMode} (got ${o.readMode})`);
}

/** A scenario is the run's whole fault schedule: --nemesis must stay at none. */
function requireNoNemesis(scenario: string, o: RunOptions): void {
  if (o.nemesis !== 'none') throw new UsageError(`--scenario ${scenario} is the fault schedule of the run; leave --nemesis at none (got ${JSON.stringify(o.nemesis)})`);
}

/** True when --scenario names a scenario of the --subject's own (its schedules), not the catalogue's. */
function subjectOwnScenario(o: RunOptions): boolean {
  const own = SUBJECTS.get(o.subject ?? DEFAULT_SUBJECT)?.schedules;
  if (own === undefined || !own.scenarios.includes(String(o.scenario))) return false;
  requireNoNemesis(String(o.scenario), o);
  return true;
}

/** Throws UsageError naming the first bad flag. */
export function validateRunOptions(o: RunOptions): void {
  if (o.subject !== undefined && !SUBJECT_NAMES.includes(o.subject)) {
    throw new UsageError(`--subject must be one of ${SUBJECT_NAMES.join(', ')}, got ${JSON.stringify(o.subject)}`);
  }
  if (!WORKLOAD_NAMES.includes(o.workload)) {
    throw new UsageError(`--workload must be one of ${WORKLOAD_NAMES.join(', ')}, got ${JSON.stringify(o.workload)}`);
  }
  try {
    parseNemesisList(o.nemesis);
  } catch (err) {
    throw new UsageError(`--nemesis: ${(err as Error).message} (a comma list of: ${NEMESIS_NAMES.join(', ')})`);
  }
  if (o.partitionShapes !== undefined) {
    try {
      parsePartitionSpecs(o.partitionShapes);
    } catch (err) {
      throw new UsageError(`--partition-shapes: ${(err as Error).message}`);
    }
    if (!parseNemesisList(o.nemesis).some((n) => n.name === 'partition')) {
      throw new UsageError(`--partition-shapes needs --nemesis partition (got --nemesis ${JSON.stringify(o.nemesis)})`);
    }
  }
  intIn('nodes', o.nodes, 3, 9);
  if (o.scenario !== undefined && !subjectOwnScenario(o)) validateScenario(o);
  numberIn('time-limit', o.timeLimitS, 1, 86_400, 'a number of seconds');
  intIn('concurrency', o.concurrency, 1, 1000);
  numberIn('rate', o.rate, 0, 1_000_000, 'a number of operations per second (0 = unlimited)');
  intIn('keys', o.keys, 1, 10_000);
  intIn('seed', o.seed, 0, 0xffffffff);
  numberIn('nemesis-interval', o.nemesisIntervalS, 0.1, 3600, 'a number of seconds');
  if (!NODE_READ_MODES.includes(o.readMode)) {
    throw new UsageError(`--read-mode must be one of ${NODE_READ_MODES.join(', ')}, got ${JSON.stringify(o.readMode)}`);
  }
  if (typeof o.resultsDir !== 'string' || o.resultsDir.trim() === '') {
    throw new UsageError(`--results-dir must be a directory path, got ${JSON.stringify(o.resultsDir)}`);
  }
  intIn('op-timeout', o.opTimeoutMs, 10, 600_000);
  if (o.attemptTimeoutMs !== undefined) intIn('attempt-timeout', o.attemptTimeoutMs, 10, o.opTimeoutMs);
  if (o.nemesisTiming !== undefined) {
    if (!(NEMESIS_TIMINGS as readonly string[]).includes(o.nemesisTiming)) throw new UsageError(`--nemesis-timing must be one of ${NEMESIS_TIMINGS.join(', ')}, got ${JSON.stringify(o.nemesisTiming)}`);
    if (o.nemesisTiming === 'elections') {
      if (o.scenario !== undefined) throw new UsageError('--nemesis-timing elections: a --scenario is its own fault schedule; leave --nemesis-timing out');
      if (parseNemesisList(o.nemesis).every((n) => n.name === 'none')) throw new UsageError('--nemesis-timing elections needs a fault family in --nemesis (partition, crash, pause, clock)');
    }
  }
  for (const bug of o.bugs) {
    if (!isBugName(bug)) throw new UsageError(`--bug must be one of ${BUG_NAMES.join(', ')}, got ${JSON.stringify(bug)}`);
  }
  numberIn('recovery', o.recoveryS, 1, 3600, 'a number of seconds');
  if (o.preVote !== undefined && typeof o.preVote !== 'boolean') parseOnOff('pre-vote', o.preVote);
  if (o.checkQuorum !== undefined && typeof o.checkQuorum !== 'boolean') parseOnOff('check-quorum', o.checkQuorum);
  if (o.net !== undefined && !NET_NAMES.includes(o.net)) {
    throw new UsageError(`--net must be one of ${NET_NAMES.join(', ')}, got ${JSON.stringify(o.net)}`);
  }
  if (o.hostsFile !== undefined && (typeof o.hostsFile !== 'string' || o.hostsFile.trim() === '')) {
    throw new UsageError(`--hosts must be a file path, got ${JSON.stringify(o.hostsFile)}`);
  }
  if (o.linkLatencyMs !== undefined) numberIn('link-latency', o.linkLatencyMs, 0, 10_000, 'a number of milliseconds');
  if (o.linkLossPercent !== undefined) intIn('link-loss', o.linkLossPercent, 0, 100);
  if (o.linkDuplicatePercent !== undefined) intIn('link-duplicate', o.linkDuplicatePercent, 0, 100);
  if (o.linkReorderPercent !== undefined) intIn('link-reorder', o.linkReorderPercent, 0, 100);
  if (o.snapshotEveryEntries !== undefined) {
    intIn('snapshot-every', o.snapshotEveryEntries, 0, 1_000_000_000);
    if ((o.subject ?? DEFAULT_SUBJECT) !== DEFAULT_SUBJECT) {
      throw new UsageError(`--snapshot-every applies only to --subject ${DEFAULT_SUBJECT} (got --subject ${o.subject})`);
    }
  }
  if (o.readMode === 'lease' && o.preVote === false && o.checkQuorum === false) {
    // Thesis §6.4.1: a lease is safe only if a deposed leader cannot be replaced within it, which
    // needs check-quorum (the leader steps down) or pre-vote (no disruptive elections).
    throw new UsageError('--read-mode lease needs --pre-vote true or --check-quorum true: with both off a new leader can be elected while the old lease still runs');
  }
}

/** The argv (after `raft-chaos`) that reproduces a run: every option spelled out, seed included. */
export function reproduceArgv(o: RunOptions): string[] {
  const argv = [
    'run',
    ...(o.subject !== undefined && o.subject !== DEFAULT_SUBJECT ? ['--subject', o.subject] : []),
    '--workload', o.workload,
    '--nemesis', o.nemesis,
    ...(o.scenario !== undefined ? ['--scenario', o.scenario] : []),
    '--nodes', String(o.nodes),
    '--time-limit', String(o.timeLimitS),
    '--concurrency', String(o.concurrency),
    '--rate', String(o.rate),
    '--keys', String(o.keys),
    '--seed', String(o.seed),
    '--nemesis-interval', String(o.nemesisIntervalS),
    ...(o.partitionShapes !== undefined ? ['--partition-shapes', o.partitionShapes] : []),
    ...(o.nemesisTiming !== undefined && o.nemesisTiming !== 'interval' ? ['--nemesis-timing', o.nemesisTiming] : []),
    '--read-mode', o.readMode,
    '--op-timeout', String(o.opTimeoutMs),
    ...(o.attemptTimeoutMs !== undefined ? ['--attempt-timeout', String(o.attemptTimeoutMs)] : []),
    '--recovery', String(o.recoveryS),
    '--results-dir', o.resultsDir,
    '--pre-vote', String(o.preVote ?? RUN_DEFAULTS.preVote),
    '--check-quorum', String(o.checkQuorum ?? RUN_DEFAULTS.checkQuorum),
  ];
  for (const bug of o.bugs) argv.push('--bug', bug);
  // A subject with a network of its choice gets --net always: its default depends on the machine.
  const netChosen = o.subject !== undefined && SUBJECTS.get(o.subject)?.preferredNet !== undefined;
  if (o.net !== undefined && (o.net !== RUN_DEFAULTS.net || netChosen)) argv.push('--net', o.net);
  if (o.hostsFile !== undefined) argv.push('--hosts', o.hostsFile);
  if ((o.linkLatencyMs ?? 0) > 0) argv.push('--link-latency', String(o.linkLatencyMs));
  if ((o.linkLossPercent ?? 0) > 0) argv.push('--link-loss', String(o.linkLossPercent));
  if ((o.linkDuplicatePercent ?? 0) > 0) argv.push('--link-duplicate', String(o.linkDuplicatePercent));
  if ((o.linkReorderPercent ?? 0) > 0) argv.push('--link-reorder', String(o.linkReorderPercent));
  if (o.snapshotEveryEntries !== undefined) argv.push('--snapshot-every', String(o.snapshotEveryEntries));
  if (o.subjectArgs !== undefined) argv.push(...o.subjectArgs);
  return argv;
}
