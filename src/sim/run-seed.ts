// One simulated run from one seed: a bad day (bad-day.ts) with clients writing and reading, a
// fault schedule, then a heal phase that must converge within a bound; then the checks:
// the Raft invariants from the node event logs (src/checker/invariants/), every acknowledged
// write applied by all nodes, and identical state machines at the end.
import type { RunResults } from '../checker/compose.js';
import type { Valid } from '../checker/types.js';
import type { HostReadMode } from '../host/types.js';
import type { InvariantResult } from '../checker/invariants/index.js';
import { lookupNemesis } from '../../nemesis/index.js';
import { entryId } from '../history/digest.js';
import type { NodeEvent } from '../history/events.js';
import type { OpRecord } from '../history/types.js';
import type { FaultFamily, PartitionSpec, Workload } from '../plugins.js';
import { createRng } from '../raft/index.js';
import type { BugName } from '../raft/types.js';
import type { BadDay } from './bad-day.js';
import type { Gen } from '../generators/types.js';
import { drawSwarmDay, swarmGenerator, type SwarmDay } from './swarm.js';
import { badDayGenerator, drawBadDay } from './bad-day.js';
import type { ClientStats } from './clients.js';
import { DEFAULT_CLIENTS, type SimClients } from './clients.js';
import { clusterOptions, DEFAULT_MAX_SENT_PER_NODE_S, type SimCluster } from './cluster.js';
import { describeStall, type LeaderlessStall } from '../checker/invariants/leaderless-majority.js';
import { faultPhaseStalls } from './stalls.js';
import { leaderlessBoundOf } from './leaderless-bound.js';

export { leaderlessBoundOf };
import type { NetworkStats } from './network.js';
import { SIM_CLIENT_DEFAULTS, SIM_NETWORK, simNodeIds, type SimRecord } from './record.js';
import { uniqueMixWorkload } from '../../workloads/unique-mix.js';
import { runSimRecord } from './run-record.js';
import { deriveSeed } from '../util/rng.js';

export interface SimRunOptions {
  readonly seed: number;
  /** Length of the fault phase (virtual). */
  readonly timeUs: number;
  /** Cluster size; null lets the seed pick 3 or 5. */
  readonly nodes: number | null;
  readonly families: readonly FaultFamily[];
  readonly bugs: readonly BugName[];
  /** Client processes; null: the swarm's day picks (the classic day: 5). */
  readonly clients: number | null;
  /** Client operations per virtual second in total; null: the swarm's day picks (the classic day: 50). */
  readonly opsPerSecond: number | null;
  /** After the heal, a leader and convergence must come within this long. */
  readonly healBoundUs: number;
  readonly workload: Workload | null;
  /** How clients read; null lets the seed pick a linearizable mode (read-index or log). */
  readonly readMode: HostReadMode | null;
  /** Check the client history for linearizability (cas-register per key) within this budget; 0 = skip. */
  readonly linearizabilityBudgetMs: number;
  /** The shapes the partitions draw from (one-way ones included); absent: the symmetric shapes. */
  readonly partitionShapes?: readonly PartitionSpec[];
  /**
   * What kind of bad day the seed draws: 'swarm' (swarm.ts: its own fault mix, timing and
   * cluster size per seed) or 'classic' (bad-day.ts: every enabled family, one mix).
   */
  readonly badDay: BadDayKind;
  /** Snapshot every this many applied entries (0 = never), over the day's draw (`sim --snapshot-every`); absent: the day's. */
  readonly snapshotEveryEntries?: number;
}

export type BadDayKind = 'swarm' | 'classic';
export const BAD_DAY_KINDS: readonly BadDayKind[] = ['swarm', 'classic'];

export const DEFAULT_RUN: Omit<SimRunOptions, 'seed'> = {
  timeUs: 60_000_000,
  nodes: null,
  families: ['partition', 'crash', 'pause', 'clock'],
  bugs: [],
  clients: null,
  opsPerSecond: null,
  healBoundUs: 10_000_000,
  workload: null,
  readMode: null,
  linearizabilityBudgetMs: 10_000,
  badDay: 'swarm',
};

export interface SimRunStats {
  readonly virtualUs: number;
  readonly elections: number;
  readonly maxTerm: number;
  readonly commits: number;
  readonly faults: number;
  readonly crashes: number;
  readonly restarts: number;
  readonly clients: ClientStats;
  readonly ackedWrites: number;
  readonly network: NetworkStats;
  /** The linearizability verdict of the client history ('unknown' when skipped or out of budget). */
  readonly linearizable: Valid;
  /** Virtual time from the heal to the first convergence, or null if it never converged. */
  readonly convergedAfterUs: number | null;
}

export interface SimRunResult {
  readonly options: SimRunOptions;
  readonly badDay: BadDay | SwarmDay;
  readonly ok: boolean;
  /** One line per problem found (empty when ok). */
  readonly failures: readonly string[];
  readonly invariants: InvariantResult;
  /** The one checker composition's results (linearizability, invariants; perf is not measured). */
  readonly checks: RunResults;
  /**
   * Majorities that were up and heard themselves, and from outside only stale leaders or nobody,
   * yet had no leader for longer than leaderlessBoundUs during the fault phase (liveness).
   */
  readonly stalls: readonly LeaderlessStall[];
  /** Null when the day's network was too hostile for the check (leaderlessBoundOf). */
  readonly leaderlessBoundUs: number | null;
  readonly history: readonly OpRecord[];
  readonly events: ReadonlyMap<number, readonly NodeEvent[]>;
  readonly stats: SimRunStats;
  /** The command that replays this run exactly. */
  readonly replay: string;
}

function formatDuration(us: number): string {
  if (us % 60_000_000 === 0) return `${us / 60_000_000}m`;
  if (us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  return `${Math.round(us / 1000)}ms`;
}

export function replayCommand(o: SimRunOptions, nodes: number): string {
  const parts = ['npx raft-chaos sim', `--seed ${o.seed}`, `--time ${formatDuration(o.timeUs)}`, `--nodes ${nodes}`];
  parts.push(`--nemesis ${o.families.length === 0 ? 'none' : o.families.join(',')}`);
  if (o.clients !== null) parts.push(`--clients ${o.clients}`);
  if (o.opsPerSecond !== null) parts.push(`--rate ${o.opsPerSecond}`);
  for (const b of o.bugs) parts.push(`--bug ${b}`);
  if (o.workload !== null) parts.push(`--workload ${o.workload.name}`);
  if (o.readMode !== null) parts.push(`--read-mode ${o.readMode}`);
  if (o.partitionShapes !== undefined) parts.push(`--partition-shapes ${o.partitionShapes.join(',')}`);
  if (o.badDay !== DEFAULT_RUN.badDay) parts.push(`--bad-day ${o.badDay}`);
  if (o.snapshotEveryEntries !== undefined) parts.push(`--snapshot-every ${o.snapshotEveryEntries}`);
  return parts.join(' ');
}

/** What the clients of a day are: the swarm's draw, or the simulator's defaults on a classic day. */
function dayLoad(badDay: BadDay | SwarmDay): Pick<SwarmDay['swarm'], 'clients' | 'opsPerSecond' | 'attemptTimeoutUs' | 'keys'> {
  if ('swarm' in badDay) return badDay.swarm;
  const c = DEFAULT_CLIENTS;
  return { clients: c.count, opsPerSecond: c.opsPerSecond, attemptTimeoutUs: c.attemptTimeoutUs, keys: c.workloadOptions.keys };
}

/** The fault schedule of a day: the swarm's own, or the classic mix over the enabled families. */
function dayGenerator(options: SimRunOptions, badDay: BadDay | SwarmDay): Gen {
  if ('swarm' in badDay) return swarmGenerator(badDay, options.timeUs / 1000);
  return badDayGenerator(options.families, badDay.faultIntervalUs, options.partitionShapes);
}

/** The bad day seed `options.seed` draws (its "scenario" stream), with --snapshot-every over its draw. */
export function drawDay(options: SimRunOptions): BadDay | SwarmDay {
  const rng = createRng(deriveSeed(options.seed, 'scenario'));
  const day =
    options.badDay === 'classic'
      ? drawBadDay(rng, options.nodes)
      : drawSwarmDay(rng, options.families, { nodes: options.nodes, readMode: options.readMode, ...(options.partitionShapes !== undefined ? { shapes: options.partitionShapes } : {}) });
  return options.snapshotEveryEntries === undefined ? day : { ...day, snapshotEveryEntries: options.snapshotEveryEntries };
}

/** The test record of one `raft-chaos sim` seed: the bad day the seed draws, and the options. */
export function simRunRecord(options: SimRunOptions, badDay: BadDay | SwarmDay): SimRecord {
  const load = dayLoad(badDay);
  const opsPerSecond = options.opsPerSecond ?? load.opsPerSecond;
  const nemesisName = options.families.length === 0 ? 'none' : options.families.join(',');
  return {
    executor: 'virtual',
    seed: options.seed,
    subject: {
      cluster: clusterOptions({
        seed: options.seed,
        nodes: badDay.nodes,
        raft: badDay.raft,
        bugs: options.bugs,
        network: badDay.network,
        snapshotEveryEntries: badDay.snapshotEveryEntries,
        recordEvents: true,
        maxSentPerNodeSecond: messageBudgetPerNodeS(opsPerSecond),
      }),
      drift: Object.fromEntries(simNodeIds(badDay.nodes).map((id) => [id, badDay.drift[id] ?? 1])),
    },
    nodeIds: simNodeIds(badDay.nodes),
    network: SIM_NETWORK,
    workload: { generator: options.workload ?? uniqueMixWorkload(), options: { ...DEFAULT_CLIENTS.workloadOptions, keys: load.keys } },
    client: {
      ...SIM_CLIENT_DEFAULTS,
      attemptTimeoutUs: load.attemptTimeoutUs,
      count: options.clients ?? load.clients,
      opsPerSecond,
      readMode: options.readMode ?? badDay.readMode,
    },
    nemesis: {
      name: nemesisName,
      generator: dayGenerator(options, badDay),
      final: lookupNemesis(nemesisName).final,
      rngLabel: 'faults',
    },
    checkers: {
      linearizability: { model: 'cas-register', budgetMs: options.linearizabilityBudgetMs },
      invariants: { livenessBoundNs: options.healBoundUs * 1000 },
      perf: false,
    },
    phases: { timeLimitMs: options.timeUs / 1000, recoveryMs: options.healBoundUs / 1000 },
  };
}

/**
 * The message budget per node per second (SimClusterOptions.maxSentPerNodeSecond): the cluster's
 * default, or room for a few messages per client operation at a high client rate, so a heavy but
 * ordinary load is not taken for a storm.
 */
function messageBudgetPerNodeS(opsPerSecond: number): number {
  return Math.max(DEFAULT_MAX_SENT_PER_NODE_S, MESSAGES_PER_OP * opsPerSecond);
}
const MESSAGES_PER_OP = 10;


export async function runSeed(options: SimRunOptions): Promise<SimRunResult> {
  const badDay = drawDay(options);
  const run = await runSimRecord(simRunRecord(options, badDay));
  const { cluster, clients, history, events, results, faults, healUs, deadlineUs, convergedAtUs, settled } = run;
  const failures: string[] = run.budgetFailure === null ? [] : [run.budgetFailure];

  // Checks.
  const inv = results.checkers.invariants;
  if (!('violations' in inv)) throw new Error(`the invariant checker failed: ${'error' in inv ? inv.error : inv.reason}`);
  const invariants = inv;
  for (const v of invariants.violations) failures.push(`${v.invariant}: ${v.message}`);
  if (!settled) {
    failures.push(
      `liveness: the cluster did not converge within ${(deadlineUs - healUs) / 1000} ms of the heal (${describeNodes(cluster)})`,
    );
  }
  const leaderlessBoundUs = leaderlessBoundOf(badDay);
  const stalls = leaderlessBoundUs === null ? [] : faultPhaseStalls(run, leaderlessBoundUs);
  for (const st of stalls.slice(0, 5)) failures.push(describeStall(st, (leaderlessBoundUs ?? 0) * 1000));
  failures.push(...checkAckedWrites(cluster, clients));
  failures.push(...checkSameState(cluster));
  const lin = results.checkers.linearizability;
  const linearizable: Valid = lin.valid === 'not-applicable' ? 'unknown' : lin.valid;
  if (lin.valid === false && 'counterexample' in lin) {
    const keys = (lin.counterexample ?? []).map((c: { readonly key: unknown }) => JSON.stringify(c.key)).join(', ');
    failures.push(`linearizability: the client history is not linearizable (cas-register, key ${keys || '?'})`);
  }

  const badNodes = cluster.nodes.length;
  const stats: SimRunStats = {
    virtualUs: cluster.nowUs,
    elections: invariants.stats.elections,
    maxTerm: invariants.stats.terms,
    commits: invariants.stats.maxAppliedIndex,
    faults,
    crashes: cluster.stats.crashes,
    restarts: cluster.stats.restarts,
    clients: { ...clients.stats },
    ackedWrites: clients.acked.length,
    linearizable,
    network: cluster.network.stats,
    convergedAfterUs: convergedAtUs === null ? null : convergedAtUs - healUs,
  };
  return {
    options,
    badDay,
    ok: failures.length === 0,
    failures,
    invariants,
    checks: results,
    stalls,
    leaderlessBoundUs,
    history: history.records,
    events,
    stats,
    replay: replayCommand(options, badNodes),
  };
}

function describeNodes(cluster: SimCluster): string {
  return cluster.nodes
    .map((n) => {
      if (n.host === null) return `n${n.id} down`;
      const s = n.host.status();
      return `n${n.id} ${s.role} term ${s.term} last ${s.lastIndex} commit ${s.commit} applied ${n.host.applied()}`;
    })
    .join('; ');
}

/** Every acknowledged write or cas was applied at its index, and every node applied that far. */
function checkAckedWrites(cluster: SimCluster, clients: SimClients): string[] {
  const failures: string[] = [];
  const appliedIds = new Map<number, string>();
  for (const n of cluster.nodes) {
    for (const e of n.events) if (e.kind === 'apply' && !appliedIds.has(e.index)) appliedIds.set(e.index, e.id);
  }
  for (const a of clients.acked) {
    const want = entryId({ kind: 'normal', data: a.command });
    const got = appliedIds.get(a.index);
    if (got !== want) {
      failures.push(`acknowledged write of process ${a.process} at index ${a.index} (${a.command}) was not applied there (found ${got ?? 'nothing'})`);
      if (failures.length >= 10) return failures;
      continue;
    }
    for (const n of cluster.nodes) {
      const applied = n.host?.applied() ?? 0;
      if (applied < a.index) {
        failures.push(`acknowledged write at index ${a.index} not applied by node ${n.id} (applied through ${applied})`);
        if (failures.length >= 10) return failures;
      }
    }
  }
  return failures;
}

/** After convergence every node's state machine holds the same image. */
function checkSameState(cluster: SimCluster): string[] {
  let first: string | null = null;
  for (const n of cluster.nodes) {
    if (n.host === null) continue;
    const image = n.host.stateMachine().snapshot();
    if (first === null) first = image;
    else if (image !== first) return [`state machines differ at the end: node ${n.id} vs node ${cluster.nodes[0]!.id}`];
  }
  return [];
}
