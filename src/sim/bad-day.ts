// What kind of bad day a seed gets (TigerBeetle's VOPR habit): cluster size, network delay and
// loss, duplication, long reordering, clock drift, protocol options, snapshot policy, and a fault
// schedule over the chosen families (a generator, src/generators). All drawn from the seed's
// "scenario" and "faults" streams. `sim --nemesis` names the families with the registry's names
// (nemesis/index.ts), as `run --nemesis` does; the simulator's schedule draws its own shapes.
import type { FaultFamily, FaultOp, PartitionSpec, TargetSpec } from '../plugins.js';
import type { Rng } from '../raft/types.js';
import { PARTITION_SPECS } from '../faults/partition.js';
import type { HostReadMode } from '../host/types.js';
import type { RaftOptions } from './cluster.js';
import { DEFAULT_RAFT } from './cluster.js';
import type { NetworkOptions } from './network.js';
import { between, chance, pick } from '../util/rng.js';
import { lookupNemesis } from '../../nemesis/index.js';
import type { Gen, GenContext } from '../generators/types.js';
import { done, finished, gen, wait } from '../generators/basic.js';

/** The rates the classic day's clock faults draw from. */
export const CLASSIC_CLOCK_RATES: readonly number[] = [0.5, 0.8, 1.25, 2];

export const FAULT_FAMILIES: readonly FaultFamily[] = ['partition', 'crash', 'pause', 'clock'];

export interface BadDay {
  readonly nodes: number;
  readonly raft: RaftOptions;
  readonly network: NetworkOptions;
  /** Clock rate per node (index 0 unused); 1 = true time. */
  readonly drift: readonly number[];
  readonly snapshotEveryEntries: number;
  readonly readMode: HostReadMode;
  /** Virtual time between fault actions. */
  readonly faultIntervalUs: readonly [number, number];
}

/** Draw the bad day. Every draw happens whatever the overrides, so streams stay aligned. */
export function drawBadDay(rng: Rng, nodesOverride: number | null): BadDay {
  const drawnNodes = chance(rng, 0.5) ? 3 : 5;
  const nodes = nodesOverride ?? drawnNodes;
  const minDelayUs = between(rng, 50, 2_000);
  const network: NetworkOptions = {
    minDelayUs,
    maxDelayUs: minDelayUs + pick(rng, [500, 5_000, 20_000, 50_000]),
    lossRate: pick(rng, [0, 0, 0.01, 0.05, 0.15]),
    duplicateRate: pick(rng, [0, 0, 0.01, 0.05]),
    unreliable: false,
    longReordering: chance(rng, 0.15),
  };
  const driftOn = chance(rng, 0.5);
  const drift: number[] = [1];
  for (let i = 1; i <= nodes; i++) drift.push(driftOn ? 0.8 + rng.next() * 0.4 : 1);
  const raft: RaftOptions = {
    ...DEFAULT_RAFT,
    preVote: chance(rng, 0.7),
    checkQuorum: chance(rng, 0.7),
    maxEntriesPerAppend: pick(rng, [8, 64, 256]),
  };
  const snapshotEveryEntries = pick(rng, [0, 10, 50, 200]);
  const readMode = pick<HostReadMode>(rng, ['read-index', 'read-index', 'log']);
  const lo = between(rng, 200_000, 1_000_000);
  const faultIntervalUs: [number, number] = [lo, lo + between(rng, 0, 3_000_000)];
  return { nodes, raft, network, drift, snapshotEveryEntries, readMode, faultIntervalUs };
}

/**
 * The simulator's fault schedule, as a generator: after a pause drawn from intervalUs, pick one of
 * the enabled families; if its window is open, close it half the time, else open (another) one.
 * The open windows are part of the generator value; every draw comes from ctx.rng, in this order:
 * pause, family, close-or-open, shape.
 */
export function badDayGenerator(
  families: readonly FaultFamily[],
  intervalUs: readonly [number, number],
  /** The shapes a partition draws from; the default (the symmetric ones) keeps stored seeds' schedules. */
  partitionShapes: readonly PartitionSpec[] = PARTITION_SPECS,
): Gen {
  if (partitionShapes.length === 0) throw new RangeError('a fault schedule needs at least one partition shape');
  if (families.length === 0) return done;
  return windowCycle(intervalUs, (at, open) => drawFaultOp(at.rng, families, open, partitionShapes));
}

/** One step of a window schedule: the op, the families open after it, and steps of its own before the next pause. */
export interface WindowDraw {
  readonly op: FaultOp;
  readonly open: ReadonlySet<FaultFamily>;
  /** What runs between this op and the next pause (the rest of the schedule is `rest`). */
  readonly then?: (rest: Gen) => Gen;
}

/**
 * The shape both simulated days share: after a pause drawn from intervalUs (ctx.rng's first draw),
 * `draw` gives the next op from the families open so far, or null to end the schedule. The open
 * windows are part of the generator value.
 */
export function windowCycle(intervalUs: readonly [number, number], draw: (at: GenContext, open: ReadonlySet<FaultFamily>) => WindowDraw | null): Gen {
  const [lo, hi] = intervalUs;
  const cycle = (open: ReadonlySet<FaultFamily>): Gen =>
    gen((ctx) => {
      const untilMs = ctx.nowMs + between(ctx.rng, lo, hi) / 1000;
      const due: Gen = gen((at) => {
        if (at.nowMs < untilMs) return wait(untilMs, due);
        const drawn = draw(at, open);
        if (drawn === null) return finished();
        const rest = cycle(drawn.open);
        return { kind: 'op', op: drawn.op, next: drawn.then?.(rest) ?? rest };
      });
      return wait(untilMs, due);
    });
  return cycle(new Set());
}

function drawFaultOp(
  rng: Rng,
  families: readonly FaultFamily[],
  open: ReadonlySet<FaultFamily>,
  shapes: readonly PartitionSpec[],
): { op: FaultOp; open: ReadonlySet<FaultFamily> } {
  const family = pick(rng, families);
  const after = new Set(open);
  if (open.has(family) && chance(rng, 0.5)) {
    after.delete(family);
    return { op: closeOp(family), open: after };
  }
  after.add(family);
  return { op: openOp(rng, family, shapes), open: after };
}

/** The op that closes a family's open windows (every one of them). */
export function closeOp(family: FaultFamily): FaultOp {
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

function openOp(rng: Rng, family: FaultFamily, shapes: readonly PartitionSpec[]): FaultOp {
  switch (family) {
    case 'partition':
      return { f: 'start-partition', value: pick<PartitionSpec>(rng, shapes) };
    case 'crash':
      return { f: 'kill', value: pick<TargetSpec>(rng, ['one', 'leader', 'minority', 'one']) };
    case 'pause':
      return { f: 'pause', value: pick<TargetSpec>(rng, ['one', 'leader', 'minority']) };
    case 'clock':
      return {
        f: 'start-clock',
        value: { kind: 'drift', targets: pick<TargetSpec>(rng, ['one', 'minority', 'leader']), rate: pick(rng, CLASSIC_CLOCK_RATES) },
      };
  }
}

/**
 * Parse "--nemesis partition,crash" (or "none") with the registry of `run --nemesis`
 * (nemesis/index.ts): the families of the named packages. A RangeError names the bad value.
 */
export function parseFamilies(list: string): FaultFamily[] {
  return [...lookupNemesis(list).families];
}
