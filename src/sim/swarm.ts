// Swarm search (Groce et al.'s swarm testing, as FoundationDB and TigerBeetle's simulators do it):
// every seed draws its own kind of bad day, not one mix of everything. A seed switches fault
// families on or off, weighs them, draws how often faults come and how long windows stay open,
// which partition shapes it uses (one-way ones included), how often the leader is the target,
// clock rates, loss, duplication and reordering, election and heartbeat timing, and a cluster of
// 3, 5 or 7. Bugs that need one narrow kind of day (long leader isolation with writes piling up,
// fast leader crashes on five nodes, a slowed leader clock under lease reads) get it on some seeds
// without anybody pointing at them.
//
// Everything is drawn from the seed's "scenario" stream (the day) and its "faults" stream (the
// schedule), so `raft-chaos sim --seed S` replays it exactly; the day's choices are printed.
import type { FaultFamily, FaultOp, PartitionSpec, TargetSpec } from '../plugins.js';
import type { Rng } from '../raft/types.js';
import type { HostReadMode } from '../host/types.js';
import { ALL_PARTITION_SPECS } from '../faults/partition.js';
import { between, chance, pick } from '../util/rng.js';
import type { Gen } from '../generators/types.js';
import { done, finished, gen, wait } from '../generators/basic.js';
import type { BadDay } from './bad-day.js';
import { DEFAULT_RAFT, DEFAULT_TICK_US } from './cluster.js';

/** The fault schedule's own choices (the rest of the day is a BadDay). */
export interface SwarmSchedule {
  /** The families this seed uses (a non-empty part of those enabled), each with its weight. */
  readonly weights: Readonly<Partial<Record<FaultFamily, number>>>;
  /** Chance that a family's open window is closed when its turn comes (low: long windows). */
  readonly closeChance: number;
  /** The partition shapes this seed draws from. */
  readonly shapes: readonly PartitionSpec[];
  /** Chance that a kill, pause or clock fault targets the leader. */
  readonly leaderChance: number;
  /** The clock rates the clock family draws from. */
  readonly clockRates: readonly number[];
  /**
   * The last this-many ms of the fault phase bring no new fault: what is broken at the end stays
   * so (an isolated node keeps raising its term) until the final heal, which then meets it.
   */
  readonly quietTailMs: number;
  /** How long a client waits on one node before it tries another. */
  readonly attemptTimeoutUs: number;
  /** Keys the built-in mix spreads over (one key: every read races every write). */
  readonly keys: number;
}

export interface SwarmDay extends BadDay {
  readonly swarm: SwarmSchedule;
}

/**
 * Clock rates a correct lease survives. The lease is half the shortest election timeout, so a
 * leader clock may run at just over half a follower's rate; a lease day has no other drift and
 * only slows clocks, and 0.6 leaves an 11% margin with a tick of rounding at the shortest
 * election timeout a lease day draws (LEASE_MIN_ELECTION_TICKS). A lease without that margin
 * (a whole election timeout) is broken by any of them on a cut-off leader.
 */
const LEASE_SAFE_RATES = [0.6, 0.75, 0.9];
const LEASE_MIN_ELECTION_TICKS = 30;
const WIDE_RATES = [0.25, 0.5, 0.8, 1.25, 2, 4];

function drawWeights(rng: Rng, families: readonly FaultFamily[]): Partial<Record<FaultFamily, number>> {
  const on = families.filter(() => chance(rng, 0.6));
  const chosen = on.length > 0 ? on : families.length > 0 ? [pick(rng, families)] : [];
  const weights: Partial<Record<FaultFamily, number>> = {};
  for (const f of chosen) weights[f] = pick(rng, [1, 2, 4]);
  return weights;
}

/** What the command line fixed; null or absent: the seed draws it. */
export interface SwarmOverrides {
  readonly nodes: number | null;
  readonly readMode: HostReadMode | null;
  /** --partition-shapes: the shapes a seed picks its own from (default: every shape). */
  readonly shapes?: readonly PartitionSpec[];
}

/**
 * Draw a swarm day over the enabled families. Every draw happens whatever the overrides, so the
 * streams stay aligned when --nodes or --read-mode is given.
 */
export function drawSwarmDay(rng: Rng, families: readonly FaultFamily[], overrides: SwarmOverrides): SwarmDay {
  const drawnNodes = pick(rng, [3, 3, 5, 5, 7]);
  const nodes = overrides.nodes ?? drawnNodes;
  const minDelayUs = between(rng, 50, 3_000);
  const network = {
    minDelayUs,
    maxDelayUs: minDelayUs + pick(rng, [200, 2_000, 10_000, 40_000]),
    lossRate: pick(rng, [0, 0, 0.02, 0.1, 0.25]),
    duplicateRate: pick(rng, [0, 0, 0.02, 0.1, 0.3]),
    unreliable: false,
    longReordering: chance(rng, 0.2),
  };
  const drawnElectionTicks = pick(rng, [10, 20, 30, 50]);
  const heartbeatDivisor = pick(rng, [3, 5, 10]);
  const preVote = chance(rng, 0.5);
  const drawnCheckQuorum = chance(rng, 0.6);
  const maxEntriesPerAppend = pick(rng, [1, 8, 64, 256]);
  const drawnReadMode = pick<HostReadMode>(rng, ['read-index', 'log', 'lease']);
  const readMode = overrides.readMode ?? drawnReadMode;
  // A lease is sound only with leader stickiness (check-quorum or pre-vote) and clocks within its
  // margin: a lease day keeps both, so a correct Raft is never flagged for what a lease cannot promise.
  const leaseSafe = readMode === 'lease';
  const electionTicks = leaseSafe ? Math.max(LEASE_MIN_ELECTION_TICKS, drawnElectionTicks) : drawnElectionTicks;
  const raft = {
    ...DEFAULT_RAFT,
    electionTicks,
    heartbeatTicks: Math.max(1, Math.floor(electionTicks / heartbeatDivisor)),
    leaseTicks: Math.floor(electionTicks / 2),
    preVote,
    checkQuorum: drawnCheckQuorum || (leaseSafe && !preVote),
    maxEntriesPerAppend,
  };
  const driftOn = chance(rng, 0.4) && !leaseSafe;
  const drift: number[] = [1];
  for (let i = 1; i <= nodes; i++) drift.push(driftOn ? 0.95 + rng.next() * 0.1 : 1);
  const snapshotEveryEntries = pick(rng, [0, 0, 5, 50, 500]);
  const lo = pick(rng, [20_000, 100_000, 300_000, 1_000_000]);
  const faultIntervalUs: [number, number] = [lo, lo * pick(rng, [1, 3, 10])];
  const offered = overrides.shapes ?? ALL_PARTITION_SPECS;
  const shapesOn = offered.filter(() => chance(rng, 0.4));
  const swarm: SwarmSchedule = {
    weights: drawWeights(rng, families),
    closeChance: pick(rng, [0.1, 0.3, 0.6, 0.9]),
    shapes: shapesOn.length > 0 ? shapesOn : [pick(rng, offered)],
    leaderChance: pick(rng, [0, 0.3, 0.7, 0.9]),
    clockRates: leaseSafe ? LEASE_SAFE_RATES : WIDE_RATES.filter(() => chance(rng, 0.5)).concat([pick(rng, WIDE_RATES)]),
    quietTailMs: pick(rng, [0, 1_000, 3_000, 5_000]),
    attemptTimeoutUs: pick(rng, [50_000, 150_000, 500_000]),
    keys: pick(rng, [1, 3, 10]),
  };
  return { nodes, raft, network, drift, snapshotEveryEntries, readMode, faultIntervalUs, swarm };
}

/** The ticks of the day, for the summary line: "election 300 ms, heartbeat 60 ms". */
export function swarmTiming(day: SwarmDay): string {
  const ms = (ticks: number) => `${(ticks * DEFAULT_TICK_US) / 1000} ms`;
  return `election ${ms(day.raft.electionTicks)}, heartbeat ${ms(day.raft.heartbeatTicks)}`;
}

/** One line of the schedule's choices for the summary. */
export function describeSwarm(s: SwarmSchedule, faultIntervalUs: readonly [number, number]): string {
  const families = Object.entries(s.weights).map(([f, w]) => `${f}x${w}`).join(',') || 'none';
  return (
    `families ${families}, every ${faultIntervalUs[0] / 1000}..${faultIntervalUs[1] / 1000} ms, close ${Math.round(s.closeChance * 100)}%, ` +
    `leader targeted ${Math.round(s.leaderChance * 100)}%, shapes ${s.shapes.join(',')}, clock rates ${s.clockRates.join(',')}, quiet last ${s.quietTailMs / 1000} s, ` +
    `client attempts ${s.attemptTimeoutUs / 1000} ms, ${s.keys} key(s)`
  );
}

function weightedFamily(rng: Rng, weights: Readonly<Partial<Record<FaultFamily, number>>>): FaultFamily {
  const entries = Object.entries(weights) as [FaultFamily, number][];
  let x = rng.next() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [f, w] of entries) {
    x -= w;
    if (x < 0) return f;
  }
  return entries[entries.length - 1]![0];
}

function target(rng: Rng, s: SwarmSchedule, others: readonly TargetSpec[]): TargetSpec {
  return chance(rng, s.leaderChance) ? 'leader' : pick(rng, others);
}

function openOp(rng: Rng, family: FaultFamily, s: SwarmSchedule): FaultOp {
  switch (family) {
    case 'partition':
      return { f: 'start-partition', value: pick(rng, s.shapes) };
    case 'crash':
      return { f: 'kill', value: target(rng, s, ['one', 'minority', 'one', 'majority']) };
    case 'pause':
      return { f: 'pause', value: target(rng, s, ['one', 'minority']) };
    case 'clock':
      return { f: 'start-clock', value: { kind: 'drift', targets: target(rng, s, ['one', 'minority']), rate: pick(rng, s.clockRates) } };
  }
}

function closeOp(family: FaultFamily): FaultOp {
  switch (family) {
    case 'partition':
      return { f: 'stop-partition', value: null };
    case 'crash':
      return { f: 'restart', value: 'all-dead' };
    case 'pause':
      return { f: 'resume', value: 'all-paused' };
    case 'clock':
      return { f: 'stop-clock', value: null };
  }
}

/**
 * The swarm's fault schedule: after a pause drawn from the day's interval, pick a family by its
 * weight; an open window of it is closed with the day's close chance, else (another) one opens;
 * nothing new in the day's quiet tail before faultPhaseMs.
 * Draws from ctx.rng in this order: pause, family, close-or-open, the op's choices.
 */
export function swarmGenerator(day: SwarmDay, faultPhaseMs: number): Gen {
  const s = day.swarm;
  if (Object.keys(s.weights).length === 0) return done;
  const [lo, hi] = day.faultIntervalUs;
  const quietFromMs = faultPhaseMs - s.quietTailMs;
  const cycle = (open: ReadonlySet<FaultFamily>): Gen =>
    gen((ctx) => {
      const untilMs = ctx.nowMs + between(ctx.rng, lo, hi) / 1000;
      const due: Gen = gen((at) => {
        if (at.nowMs < untilMs) return wait(untilMs, due);
        if (at.nowMs >= quietFromMs) return finished();
        const family = weightedFamily(at.rng, s.weights);
        const after = new Set(open);
        if (open.has(family) && chance(at.rng, s.closeChance)) {
          after.delete(family);
          return { kind: 'op', op: closeOp(family), next: cycle(after) };
        }
        after.add(family);
        return { kind: 'op', op: openOp(at.rng, family, s), next: cycle(after) };
      });
      return wait(untilMs, due);
    });
  return cycle(new Set());
}
