// The one loop that drives a generator, over a World that says what time is and how it passes:
// ask the generator with the world's time and view; carry out an op and ask again at once; on a
// wait, let the world's time pass (to the wait's end, or its next poll when reactive); stop when
// the generator is done or the world stops. Virtual time (src/sim/generator-world.ts) runs the
// simulation to the wait's end; wall time (src/control/runner/nemesis-loop.ts) sleeps.
import type { Rng } from '../raft/types.js';
import type { ClusterView, Gen, GenOp } from './types.js';

export interface World {
  /** Milliseconds since the interpreter started. */
  nowMs(): number;
  /** A reactive wait is not asked again sooner than this (a wall-time world's status poll). */
  readonly minPollMs?: number;
  /** Let time pass until atMs; false when the world stops first (the generator is not asked again). */
  advanceTo(atMs: number): boolean | Promise<boolean>;
  /** The cluster as the world sees it now. */
  view(): ClusterView | Promise<ClusterView>;
  /** Carry out one op (and record it); an error is the world's to report. */
  apply(op: GenOp): void | Promise<void>;
}

/** Ops at one instant before the generator is taken for one that never waits. */
const MAX_OPS_PER_INSTANT = 10_000;

export interface InterpretResult {
  /** Ops carried out. */
  readonly ops: number;
  /** True when the generator ended (false: the world stopped it). */
  readonly finished: boolean;
}

export async function interpret(start: Gen, world: World, rng: Rng): Promise<InterpretResult> {
  let g = start;
  let ops = 0;
  let sameInstant = 0;
  let lastMs = -Infinity;
  for (;;) {
    const nowMs = world.nowMs();
    if (nowMs !== lastMs) {
      lastMs = nowMs;
      sameInstant = 0;
    }
    const step = g.next({ nowMs, rng, view: await world.view() });
    if (step.kind === 'done') return { ops, finished: true };
    if (step.kind === 'op') {
      if (++sameInstant > MAX_OPS_PER_INSTANT) throw new Error(`a generator gave ${MAX_OPS_PER_INSTANT} ops at ${nowMs} ms without waiting`);
      await world.apply(step.op);
      ops++;
      g = step.next;
      continue;
    }
    const targetMs = step.pollMs === undefined ? step.untilMs : Math.min(step.untilMs, nowMs + Math.max(step.pollMs, world.minPollMs ?? 0));
    if (targetMs <= nowMs && ++sameInstant > MAX_OPS_PER_INSTANT) throw new Error(`a generator kept waiting for ${nowMs} ms, a time already reached`);
    g = step.next;
    if (!(await world.advanceTo(targetMs))) return { ops, finished: false };
  }
}

/** A cluster view that never changes (tests, previews of a schedule). */
export function fixedView(nodeIds: readonly number[], leader: number | null = null): ClusterView {
  const none = new Set<number>();
  return {
    nodeIds,
    leader: () => leader,
    node: (id) => (nodeIds.includes(id) ? { role: id === leader ? 'leader' : 'follower', term: 1 } : null),
    down: none,
    paused: none,
  };
}

/** One op of a trace: when it was given, and what. */
export interface TimedOp {
  readonly atMs: number;
  readonly op: GenOp;
}

/**
 * The ops a generator gives in virtual time against a fixed view (a pure interpreter without a
 * cluster): its schedule, for tests and previews. Stops at untilMs.
 */
export function trace(start: Gen, rng: Rng, options: { readonly untilMs: number; readonly view?: ClusterView; readonly maxOps?: number }): TimedOp[] {
  const view = options.view ?? fixedView([1, 2, 3, 4, 5]);
  const maxOps = options.maxOps ?? 100_000;
  const out: TimedOp[] = [];
  let g = start;
  let nowMs = 0;
  for (let asks = 0; out.length < maxOps; asks++) {
    if (asks > maxOps * 100) throw new Error('trace: the generator kept answering without progress');
    const step = g.next({ nowMs, rng, view });
    if (step.kind === 'done') break;
    g = step.next;
    if (step.kind === 'op') {
      out.push({ atMs: nowMs, op: step.op });
      continue;
    }
    const targetMs = step.pollMs === undefined ? step.untilMs : Math.min(step.untilMs, nowMs + step.pollMs);
    if (targetMs >= options.untilMs) break;
    nowMs = Math.max(nowMs, targetMs);
  }
  return out;
}
