// The leaderless-majority check (src/checker/invariants/leaderless-majority.ts) over a real run's
// fault phase: when a majority of nodes was up and heard itself, and heard from outside only
// stale leaders (or nobody), it must have had a leader within the bound. What the faults did comes
// from the run's own fault ops in history.jsonl (process "nemesis": each invoke, then an info with
// the resolved effect), each node's term and leadership from its events.jsonl (boot and role
// records); both are stamped from the run's start.
//
// The fault state is taken conservatively, so that a correct cluster is never owed a leader it
// could not have had: from a fault op's invoke until its completion nothing is owed (the op may
// already be in effect, and a partition given by shape only names its grudge on completion); after
// a fault op that failed, nothing is owed until the next one completes; a node that exited by
// itself is down from then on (until a restart names it). Clock ops change no link and no node.
import type { OpRecord } from '../../history/types.js';
import type { NodeEvent } from '../../history/events.js';
import type { Grudge } from '../../plugins.js';
import { DEFAULT_SUBJECT } from '../../subjects/index.js';
import {
  findLeaderlessStalls,
  leadershipOfEvents,
  type FaultSnapshot,
  type LeaderlessStall,
} from '../../checker/invariants/leaderless-majority.js';

/**
 * Whether a run of this subject judges the fault phase's leaderless majorities: this project's
 * node (its event log records every role change). lab-go judges the same by itself (its findings);
 * the other subjects keep no event log.
 */
export function judgesFaultPhaseLiveness(subjectName: string): boolean {
  return subjectName === DEFAULT_SUBJECT;
}

/** A node that exited without being asked to, at timeNs (run.ts's nodeCrashes). */
export interface UnexpectedExit {
  readonly node: number;
  readonly timeNs: number;
}

/** Fault ops that change no link and no node: skipped. */
const NO_EFFECT = new Set(['start-clock', 'stop-clock', 'propose']);

function grudgeOfJson(json: Record<string, readonly number[]>): Grudge {
  const grudge = new Map<number, Set<number>>();
  for (const [receiver, senders] of Object.entries(json)) if (senders.length > 0) grudge.set(Number(receiver), new Set(senders));
  return grudge;
}

function nodesOf(value: unknown): number[] {
  const nodes = (value as { nodes?: unknown } | null)?.nodes;
  return Array.isArray(nodes) ? nodes.filter((n): n is number => typeof n === 'number') : [];
}

/**
 * The fault state over time from the history's fault ops (and the nodes that exited by themselves),
 * sorted by time; the state before the first snapshot is "no faults".
 */
export function faultSnapshotsOfHistory(nodeIds: readonly number[], history: readonly OpRecord[], exits: readonly UnexpectedExit[] = []): FaultSnapshot[] {
  const everyone: ReadonlySet<number> = new Set(nodeIds);
  let cut: Grudge = new Map();
  const dead = new Set<number>();
  const paused = new Set<number>();
  let uncertain = false;
  const out: FaultSnapshot[] = [];
  const push = (timeNs: number, inTransition: boolean): void => {
    out.push({ timeNs, cut, down: inTransition || uncertain ? everyone : new Set([...dead, ...paused]) });
  };
  const events: ({ kind: 'op'; op: OpRecord } | { kind: 'exit'; exit: UnexpectedExit })[] = [
    ...history.filter((r) => r.process === 'nemesis' && !NO_EFFECT.has(r.f)).map((op) => ({ kind: 'op' as const, op })),
    ...exits.map((exit) => ({ kind: 'exit' as const, exit })),
  ];
  const timeOf = (e: (typeof events)[number]): number => (e.kind === 'op' ? e.op.time : e.exit.timeNs);
  events.sort((a, b) => timeOf(a) - timeOf(b));
  for (const e of events) {
    if (e.kind === 'exit') {
      dead.add(e.exit.node);
      push(e.exit.timeNs, false);
      continue;
    }
    const op = e.op;
    if (op.type === 'invoke') {
      push(op.time, true);
      continue;
    }
    if (op.error !== undefined || op.value === null || typeof op.value !== 'object') {
      uncertain = true; // what a failed op did is unknown
      push(op.time, false);
      continue;
    }
    uncertain = false;
    const value = op.value as { kind?: string; grudge?: Record<string, number[]>; restarted?: number[]; resumed?: number[] };
    switch (op.f) {
      case 'start-partition':
      case 'stop-partition':
        cut = grudgeOfJson(value.grudge ?? {});
        break;
      case 'kill':
        for (const n of nodesOf(value)) {
          dead.add(n);
          paused.delete(n);
        }
        break;
      case 'restart':
        for (const n of nodesOf(value)) dead.delete(n);
        break;
      case 'pause':
        for (const n of nodesOf(value)) paused.add(n);
        break;
      case 'resume':
        for (const n of nodesOf(value)) paused.delete(n);
        break;
      case 'heal-all':
        for (const n of value.restarted ?? []) dead.delete(n);
        for (const n of value.resumed ?? []) paused.delete(n);
        cut = new Map();
        break;
      default:
        uncertain = true; // an op this check does not know: assume the worst
    }
    push(op.time, false);
  }
  return out;
}

export interface FaultPhaseLivenessInput {
  readonly nodeIds: readonly number[];
  readonly history: readonly OpRecord[];
  readonly events: ReadonlyMap<number, readonly NodeEvent[]>;
  /** The end of the fault phase (the final heal), ns from the run's start. */
  readonly endNs: number;
  readonly boundNs: number;
  readonly exits?: readonly UnexpectedExit[];
}

/** The majorities of the fault phase owed a leader for at least boundNs that had none. */
export function faultPhaseStallsOfRun(input: FaultPhaseLivenessInput): LeaderlessStall[] {
  return findLeaderlessStalls({
    nodeIds: input.nodeIds,
    faults: faultSnapshotsOfHistory(input.nodeIds, input.history, input.exits ?? []),
    leadership: leadershipOfEvents(input.events),
    endNs: input.endNs,
    boundNs: input.boundNs,
  });
}
