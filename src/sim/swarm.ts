// Swarm search (Groce et al.'s swarm testing, as FoundationDB and TigerBeetle's simulators do it):
// every seed draws its own kind of bad day, not one mix of everything. A seed switches fault
// families on or off, weighs them, draws how often faults come and how long windows stay open,
// which partition shapes it uses (one-way ones included), how often the leader is the target,
// clock rates, loss, duplication and reordering, election and heartbeat timing, and a cluster of
// 3, 5 or 7. Bugs that need one narrow kind of day (long leader isolation with writes piling up,
// fast leader crashes on five nodes, a slowed leader clock under lease reads) get it on some seeds
// without anybody pointing at them. Some days also have one of the reactive moves of
// swarm-moves.ts (a deaf old leader while the new one crashes; leader churn timed to elections; a
// follower cut off long and let back in as the day's last fault), and what that move needs of the day.
//
// Everything is drawn from the seed's "scenario" stream (the day) and its "faults" stream (the
// schedule), so `raft-chaos sim --seed S` replays it exactly; the day's choices are printed.
import type { FaultFamily, FaultOp, PartitionSpec, TargetSpec } from '../plugins.js';
import type { Rng } from '../raft/types.js';
import type { HostReadMode } from '../host/types.js';
import { ALL_PARTITION_SPECS } from '../faults/partition.js';
import { between, chance, pick } from '../util/rng.js';
import type { Gen } from '../generators/types.js';
import { done, gen, wait } from '../generators/basic.js';
import { phases } from '../generators/combinators.js';
import { closeOp, windowCycle, type BadDay } from './bad-day.js';
import { DEFAULT_RAFT, DEFAULT_TICK_US } from './cluster.js';
import { DEAF_OLD_LEADER_SETUP_MS, deafOldLeaderMove, LEADER_CHURN_SETUP_MS, leaderChurnMove, REJOINING_FOLLOWER_SETUP_MS, rejoiningFollowerMove } from './swarm-moves.js';
import { leaderlessBoundOf } from './leaderless-bound.js';

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
  /**
   * Chance that a partition, on a day with both partitions and clock faults, is the two-step move
   * of a clock nemesis beside a partition nemesis: slow the leader's clock to the day's slowest
   * rate, and a moment later cut the leader off.
   */
  readonly slowThenCutChance: number;
  /**
   * Chance that a partition is the deaf-old-leader move (swarm-moves.ts), held holdMs; 0 on days
   * without it. Its days have check-quorum off and a steady network.
   */
  readonly deafOldLeaderChance: number;
  /** How long the deaf-old-leader move holds its deaf leader with the new one crashed (ms). */
  readonly deafOldLeaderHoldMs: number;
  /**
   * Chance that a partition is the leader-churn move (swarm-moves.ts); 0 on days without it. Its
   * days have 5 nodes or more and one entry per append.
   */
  readonly leaderChurnChance: number;
  /** How long the leader-churn move holds its last cut (ms): a few elections of the day. */
  readonly leaderChurnHoldMs: number;
  /**
   * Chance that a partition is the rejoining-follower move (swarm-moves.ts); 0 on days without
   * it. Its days have check-quorum on and pre-vote off.
   */
  readonly rejoiningFollowerChance: number;
  /** How long the rejoining-follower move keeps its follower away (ms): many elections of the day. */
  readonly rejoiningFollowerHoldMs: number;
  /** Client processes and their operations per second in total (when the command line names none). */
  readonly clients: number;
  readonly opsPerSecond: number;
  /** How long a client waits on one node before it tries another. */
  readonly attemptTimeoutUs: number;
  /** Keys the built-in mix spreads over (one key: every read races every write). */
  readonly keys: number;
}

export interface SwarmDay extends BadDay {
  readonly swarm: SwarmSchedule;
}

/** The largest cluster `sim --nodes` takes. */
const MAX_NODES = 9;

/**
 * A lease day's lease is a third or a quarter of the shortest election timeout, and its clocks only
 * slow down, never below what that lease survives: a leader clock at rate r holds a lease of
 * E/d ticks for E/(d r) of true time, which must end before a follower at full speed can time
 * out (E). The slowest rate leaves a 20% margin (and a tick of rounding at the shortest election
 * timeout a lease day draws, LEASE_MIN_ELECTION_TICKS). A lease without that margin (a whole
 * election timeout) is broken by any slowed, cut-off leader.
 */
const LEASE_DIVISORS = [3, 4];
const LEASE_MIN_ELECTION_TICKS = 30;
function leaseSafeRates(divisor: number): number[] {
  const slowest = Math.round((1.2 / divisor) * 100) / 100;
  return [slowest, Math.round(((slowest + 1) / 2) * 100) / 100, 0.9];
}
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
 * A lease day tests what a lease rests on: its clocks and its leader's isolation, so it keeps the
 * clock and partition families (those enabled) whatever else it drew.
 */
function leaseDayWeights(weights: Partial<Record<FaultFamily, number>>, leaseDay: boolean, families: readonly FaultFamily[]): Partial<Record<FaultFamily, number>> {
  if (!leaseDay) return weights;
  const out = { ...weights };
  for (const f of ['partition', 'clock'] as const) if (families.includes(f) && out[f] === undefined) out[f] = 2;
  return out;
}

/**
 * Draw a swarm day over the enabled families. Every draw happens whatever the overrides, so the
 * streams stay aligned when --nodes or --read-mode is given.
 */
export function drawSwarmDay(rng: Rng, families: readonly FaultFamily[], overrides: SwarmOverrides): SwarmDay {
  const drawnNodes = pick(rng, [3, 3, 5, 5, 7]);
  const minDelayUs = between(rng, 50, 3_000);
  const delaySpreadUs = pick(rng, [200, 2_000, 10_000, 40_000]);
  const lossRate = pick(rng, [0, 0, 0.02, 0.1, 0.25]);
  const duplicateRate = pick(rng, [0, 0, 0.02, 0.1, 0.3]);
  const drawnLongReordering = chance(rng, 0.2);
  const maxEntriesPerAppend = pick(rng, [1, 4, 16, 64, 256]);
  const drawnElectionTicks = pick(rng, [10, 20, 30, 50]);
  const heartbeatDivisor = pick(rng, [3, 5, 10]);
  const preVote = chance(rng, 0.5);
  const drawnCheckQuorum = chance(rng, 0.6);
  const drawnReadMode = pick<HostReadMode>(rng, ['read-index', 'log', 'lease']);
  const leaseDivisor = pick(rng, LEASE_DIVISORS);
  const readMode = overrides.readMode ?? drawnReadMode;
  // A lease is sound only with leader stickiness (check-quorum or pre-vote), clocks within its
  // margin and no paused processes: a lease day keeps all three, so a correct Raft is never
  // flagged for what a lease cannot promise.
  const leaseSafe = readMode === 'lease';
  const electionTicks = leaseSafe ? Math.max(LEASE_MIN_ELECTION_TICKS, drawnElectionTicks) : drawnElectionTicks;
  const driftOn = chance(rng, 0.4) && !leaseSafe;
  // A rate is drawn for every node a cluster can have, so --nodes leaves the later draws alone.
  const rates: number[] = [];
  for (let i = 1; i <= MAX_NODES; i++) rates.push(0.95 + rng.next() * 0.1);
  const snapshotEveryEntries = pick(rng, [0, 0, 5, 50, 500]);
  const lo = pick(rng, [20_000, 100_000, 300_000, 1_000_000]);
  const faultIntervalUs: [number, number] = [lo, lo * pick(rng, [1, 3, 10])];
  const offered = overrides.shapes ?? ALL_PARTITION_SPECS;
  const shapesOn = offered.filter(() => chance(rng, 0.4));
  const drawn = {
    // A lease bounds clock drift, not a stopped process: a paused leader that resumes still
    // counts its lease in the ticks it did not see (thesis 6.4.1), so lease days pause nothing.
    weights: leaseDayWeights(drawWeights(rng, leaseSafe ? families.filter((f) => f !== 'pause') : families), leaseSafe, families),
    closeChance: pick(rng, [0.1, 0.3, 0.6, 0.9]),
    shapes: shapesOn.length > 0 ? shapesOn : [pick(rng, offered)],
    leaderChance: pick(rng, [0, 0.3, 0.7, 0.9]),
    clockRates: leaseSafe ? leaseSafeRates(leaseDivisor) : WIDE_RATES.filter(() => chance(rng, 0.5)).concat([pick(rng, WIDE_RATES)]),
    quietTailMs: pick(rng, [0, 1_000, 3_000, 5_000]),
    slowThenCutChance: leaseSafe ? pick(rng, [0.5, 0.9]) : pick(rng, [0, 0.3, 0.7]),
    clients: pick(rng, [3, 5, 10]),
    opsPerSecond: pick(rng, [20, 50, 150, 300]),
    attemptTimeoutUs: pick(rng, [50_000, 150_000, 500_000]),
    keys: pick(rng, [1, 3, 10]),
  };
  // The moves' days (drawn last, so the days without them are the days drawn before the moves).
  // A lease day keeps its partitions for what tests a lease: the slow-then-cut move.
  const deafOldLeaderDay = chance(rng, DEAF_OLD_LEADER_DAYS) && !leaseSafe && families.includes('partition') && families.includes('crash');
  const deafOldLeaderChance = pick(rng, [0.5, 0.9]);
  const churnDay = chance(rng, LEADER_CHURN_DAYS) && !leaseSafe && families.includes('partition');
  const leaderChurnChance = pick(rng, [0.3, 0.7]);
  const rejoinDay = chance(rng, REJOINING_FOLLOWER_DAYS) && !leaseSafe && !deafOldLeaderDay && !churnDay && families.includes('partition');
  const rejoiningFollowerChance = pick(rng, [0.3, 0.7]);

  const nodes = overrides.nodes ?? (churnDay ? Math.max(5, drawnNodes) : drawnNodes);
  const entriesPerAppend = churnDay ? 1 : maxEntriesPerAppend;
  // One entry per message only on a steady network: with tens of ms of jitter or heavy loss,
  // single-entry appends are refused out of order or re-sent window by window, the leader's
  // backlog outgrows what it can replicate, and a follower cannot catch up with the clients before
  // the heal bound (throughput, not safety: no correct Raft keeps up there). A deaf-old-leader day
  // is steady enough for the leaderless-majority check (leaderlessBoundOf).
  const oneByOne = entriesPerAppend === 1;
  const spreadCapUs = oneByOne ? 2_000 : deafOldLeaderDay ? 10_000 : Infinity;
  const lossCap = oneByOne || deafOldLeaderDay ? 0.02 : 1;
  const network = {
    minDelayUs,
    maxDelayUs: minDelayUs + Math.min(delaySpreadUs, spreadCapUs),
    lossRate: Math.min(lossRate, lossCap),
    duplicateRate,
    unreliable: false,
    longReordering: drawnLongReordering && !oneByOne && !deafOldLeaderDay,
  };
  // A deaf-old-leader day has no check-quorum (a deaf leader that counts its followers steps
  // down, and nothing stale is left to hear). The moves' days have pre-vote: the moves leave logs
  // apart, and without pre-vote or check-quorum a node left behind whose clock runs more than
  // twice as fast as the up-to-date majority's raises the term before any of them times out, for
  // ever (the disruptive server of the thesis, §9.6), which no correct Raft helps. A rejoining-
  // follower day has check-quorum (which keeps such a node from disrupting) and no pre-vote (so
  // the cut-off follower's term climbs).
  const raft = {
    ...DEFAULT_RAFT,
    electionTicks,
    heartbeatTicks: Math.max(1, Math.floor(electionTicks / heartbeatDivisor)),
    leaseTicks: Math.floor(electionTicks / leaseDivisor),
    preVote: rejoinDay ? false : preVote || deafOldLeaderDay || churnDay,
    checkQuorum: rejoinDay ? true : deafOldLeaderDay ? false : drawnCheckQuorum || (leaseSafe && !preVote),
    maxEntriesPerAppend: entriesPerAppend,
  };
  const drift = [1, ...rates.slice(0, nodes).map((r) => (driftOn ? r : 1))];
  const weights = deafOldLeaderDay || churnDay || rejoinDay ? { partition: 2, ...drawn.weights } : drawn.weights;
  const partial = { nodes, raft, network, drift, snapshotEveryEntries, readMode, faultIntervalUs };
  // One entry per append costs a message per entry and follower each way: a churn day's clients
  // stay at a rate its leader can replicate within the day's message budget.
  const opsPerSecond = churnDay ? Math.min(drawn.opsPerSecond, CHURN_MAX_OPS_PER_S) : drawn.opsPerSecond;
  const swarm: SwarmSchedule = {
    ...drawn,
    weights,
    opsPerSecond,
    deafOldLeaderChance: 0,
    deafOldLeaderHoldMs: 0,
    leaderChurnChance: churnDay ? leaderChurnChance : 0,
    leaderChurnHoldMs: churnDay ? Math.max(1_500, (CHURN_HOLD_ELECTIONS * 2 * electionTicks * DEFAULT_TICK_US) / 1000) : 0,
    rejoiningFollowerChance: rejoinDay ? rejoiningFollowerChance : 0,
    rejoiningFollowerHoldMs: rejoinDay ? Math.max(3_000, (REJOIN_HOLD_ELECTIONS * 2 * electionTicks * DEFAULT_TICK_US) / 1000) : 0,
  };
  if (!deafOldLeaderDay) return { ...partial, swarm };
  // The deaf leader is held past the leaderless bound of the day, so a majority that cannot elect
  // under its stale heartbeats is seen.
  const boundMs = (leaderlessBoundOf({ ...partial, swarm }) ?? 6_000_000) / 1000;
  const deafOldLeaderHoldMs = Math.ceil(boundMs * 1.25 + 2_000);
  return { ...partial, swarm: { ...swarm, deafOldLeaderChance, deafOldLeaderHoldMs } };
}

/** The share of days with the deaf-old-leader move, and with the leader-churn move. */
const DEAF_OLD_LEADER_DAYS = 0.3;
const LEADER_CHURN_DAYS = 0.3;
const REJOINING_FOLLOWER_DAYS = 0.3;
/** The rejoining-follower move ends at most this long before the quiet tail (ms). */
const REJOIN_LAST_MS = 10_000;
/** The rejoining-follower move keeps its follower away this many of the day's longest election timeouts. */
const REJOIN_HOLD_ELECTIONS = 10;
/** The highest client rate of a leader-churn day (operations per second). */
const CHURN_MAX_OPS_PER_S = 50;
/** The leader-churn move holds its last cut this many of the day's longest election timeouts. */
const CHURN_HOLD_ELECTIONS = 6;

/** The ticks of the day, for the summary line: "election 300 ms, heartbeat 60 ms". */
export function swarmTiming(day: SwarmDay): string {
  const ms = (ticks: number) => `${(ticks * DEFAULT_TICK_US) / 1000} ms`;
  return `election ${ms(day.raft.electionTicks)}, heartbeat ${ms(day.raft.heartbeatTicks)}, ${day.raft.maxEntriesPerAppend} entries per append`;
}

/** One line of the schedule's choices for the summary. */
export function describeSwarm(s: SwarmSchedule, faultIntervalUs: readonly [number, number]): string {
  const families = Object.entries(s.weights).map(([f, w]) => `${f}x${w}`).join(',') || 'none';
  return (
    `families ${families}, every ${faultIntervalUs[0] / 1000}..${faultIntervalUs[1] / 1000} ms, close ${Math.round(s.closeChance * 100)}%, ` +
    `leader targeted ${Math.round(s.leaderChance * 100)}%, shapes ${s.shapes.join(',')}, clock rates ${s.clockRates.join(',')}, quiet last ${s.quietTailMs / 1000} s, ` +
    `slow-then-cut ${Math.round(s.slowThenCutChance * 100)}%, deaf-old-leader ${Math.round(s.deafOldLeaderChance * 100)}%` +
    (s.deafOldLeaderChance > 0 ? ` held ${s.deafOldLeaderHoldMs / 1000} s` : '') +
    `, leader-churn ${Math.round(s.leaderChurnChance * 100)}%` +
    (s.leaderChurnChance > 0 ? ` held ${s.leaderChurnHoldMs / 1000} s` : '') +
    `, rejoining-follower ${Math.round(s.rejoiningFollowerChance * 100)}%` +
    (s.rejoiningFollowerChance > 0 ? ` held ${s.rejoiningFollowerHoldMs / 1000} s` : '') +
    `, ${s.clients} clients at ${s.opsPerSecond} ops/s, attempts ${s.attemptTimeoutUs / 1000} ms, ${s.keys} key(s)`
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

/** The gap between slowing the leader's clock and cutting it off (a few heartbeats). */
const SLOW_THEN_CUT_GAP_MS = 300;
/** How long the slowed leader stays cut off before the schedule goes on (a few election timeouts). */
const SLOW_THEN_CUT_HOLD_MS = 1_000;

function slowLeaderOp(s: SwarmSchedule): FaultOp {
  return { f: 'start-clock', value: { kind: 'drift', targets: 'leader', rate: Math.min(...s.clockRates) } };
}

/**
 * At atMs, cut the leader off (a shape of the day that does, else isolate-leader), hold it, then go
 * on with next. A lease day always isolates it: a muted leader still hears its successor and steps
 * down, so its lease is never read past its end.
 */
function cutLeaderAfter(atMs: number, s: SwarmSchedule, leaseDay: boolean, next: Gen): Gen {
  const shape: PartitionSpec = leaseDay ? 'isolate-leader' : (s.shapes.find((x) => x === 'isolate-leader' || x === 'mute-leader') ?? 'isolate-leader');
  const cut: Gen = gen((ctx) => {
    if (ctx.nowMs < atMs) return wait(atMs, cut);
    const holdUntilMs = ctx.nowMs + SLOW_THEN_CUT_HOLD_MS;
    const hold: Gen = gen((at) => (at.nowMs < holdUntilMs ? wait(holdUntilMs, hold) : next.next(at)));
    return { kind: 'op', op: { f: 'start-partition', value: shape }, next: hold };
  });
  return cut;
}

/**
 * The swarm's fault schedule: after a pause drawn from the day's interval, pick a family by its
 * weight; an open window of it is closed with the day's close chance, else (another) one opens;
 * nothing new in the day's quiet tail before faultPhaseMs. On a day with clock faults, a partition
 * may be the slow-then-cut move (SwarmSchedule.slowThenCutChance).
 * Draws from ctx.rng in this order: pause, family, close-or-open, the op's choices.
 */
export function swarmGenerator(day: SwarmDay, faultPhaseMs: number): Gen {
  const s = day.swarm;
  if (Object.keys(s.weights).length === 0) return done;
  const quietFromMs = faultPhaseMs - s.quietTailMs;
  return windowCycle(day.faultIntervalUs, (at, open) => {
    if (at.nowMs >= quietFromMs) return null;
    const family = weightedFamily(at.rng, s.weights);
    const after = new Set(open);
    if (open.has(family) && chance(at.rng, s.closeChance)) {
      after.delete(family);
      return { op: closeOp(family), open: after };
    }
    after.add(family);
    if (family === 'partition' && s.deafOldLeaderChance > 0 && at.nowMs + DEAF_OLD_LEADER_SETUP_MS + s.deafOldLeaderHoldMs < quietFromMs && chance(at.rng, s.deafOldLeaderChance)) {
      // It starts with every node up and ends healed, every node it killed restarted.
      for (const f of ['partition', 'crash', 'pause'] as const) after.delete(f);
      return { op: closeOp('partition'), open: after, then: (rest) => phases(deafOldLeaderMove(s.deafOldLeaderHoldMs), rest) };
    }
    if (family === 'partition' && s.leaderChurnChance > 0 && at.nowMs + LEADER_CHURN_SETUP_MS + s.leaderChurnHoldMs < quietFromMs && chance(at.rng, s.leaderChurnChance)) {
      for (const f of ['partition', 'crash', 'pause'] as const) after.delete(f);
      return { op: closeOp('partition'), open: after, then: (rest) => phases(leaderChurnMove(s.leaderChurnHoldMs), rest) };
    }
    // The rejoining follower is the day's last fault: what it leaves (a follower the leader does
    // not let back in) meets the final heal.
    const rejoinEndMs = at.nowMs + REJOINING_FOLLOWER_SETUP_MS + s.rejoiningFollowerHoldMs;
    if (family === 'partition' && s.rejoiningFollowerChance > 0 && rejoinEndMs < quietFromMs && rejoinEndMs + REJOIN_LAST_MS >= quietFromMs && chance(at.rng, s.rejoiningFollowerChance)) {
      return { op: closeOp('partition'), open: new Set(), then: () => rejoiningFollowerMove(s.rejoiningFollowerHoldMs) };
    }
    if (family === 'partition' && s.weights.clock !== undefined && chance(at.rng, s.slowThenCutChance)) {
      after.add('clock');
      return { op: slowLeaderOp(s), open: after, then: (rest) => cutLeaderAfter(at.nowMs + SLOW_THEN_CUT_GAP_MS, s, day.readMode === 'lease', rest) };
    }
    return { op: openOp(at.rng, family, s), open: after };
  });
}
