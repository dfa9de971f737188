// Carry out one FaultOp on a FaultExecutor: the one interpreter of fault data, shared by the real
// controller (src/control) and the simulator (src/sim). It resolves specs into concrete nodes with
// the injected rng, remembers which nodes it left dead, paused or skewed (so 'restart all-dead',
// 'resume all-paused', 'stop-clock' and 'heal-all' know what to undo), and returns what it did,
// for the history.
import type { Rng } from '../raft/types.js';
import type { ClockSpec, FaultExecutor, FaultFamily, FaultOp, Grudge } from '../plugins.js';
import { grudgeToJson, NO_GRUDGE, resolvePartition } from './partition.js';
import { resolveTargetsOf } from './targets.js';
import { grudgeOfValue } from './grudge-value.js';
import { faultEffect } from '../history/fault-effects.js';

/** What the faults applied so far left behind. */
export interface FaultState {
  grudge: Grudge;
  readonly dead: Set<number>;
  readonly paused: Set<number>;
  /** Nodes whose clock is not (offset 0, rate 1). */
  readonly skewed: Set<number>;
  /** Bumped by every clock op: a strobe's pending flips stop once it changes. */
  clockEpoch: number;
}

export function createFaultState(): FaultState {
  return { grudge: NO_GRUDGE, dead: new Set(), paused: new Set(), skewed: new Set(), clockEpoch: 0 };
}

/** The resolved effect of a fault op, recorded as the value of its completion in the history. */
export type FaultOutcome =
  | { readonly kind: 'partition'; readonly grudge: Record<string, number[]> }
  | { readonly kind: 'nodes'; readonly nodes: readonly number[] }
  | { readonly kind: 'clock'; readonly nodes: readonly number[]; readonly offsetMs: number; readonly rate: number }
  | { readonly kind: 'healed'; readonly restarted: readonly number[]; readonly resumed: readonly number[]; readonly clocksReset: readonly number[] };

/** The fault family an op belongs to (heal-all belongs to all of them), from the one table in src/history/fault-effects.ts. */
export function familyOf(op: FaultOp): FaultFamily | 'all' {
  const effect = faultEffect(op.f);
  if (effect === undefined) throw new Error(`unknown fault op ${JSON.stringify(op)}`);
  return effect.kind === 'heal-all' ? 'all' : effect.family;
}

const defaultStates = new WeakMap<FaultExecutor, FaultState>();

/** The state kept for an executor when the caller does not pass its own. */
export function faultStateOf(executor: FaultExecutor): FaultState {
  let state = defaultStates.get(executor);
  if (state === undefined) {
    state = createFaultState();
    defaultStates.set(executor, state);
  }
  return state;
}

function clockTargets(spec: ClockSpec, rng: Rng, executor: FaultExecutor): number[] {
  return resolveTargetsOf(spec.targets, rng, executor.nodeIds, executor.leader());
}

/**
 * A strobe: the targets' clocks flip between offsetMs and true time every periodMs until
 * durationMs has passed (ending on true time), driven by the executor's `after`. Each flip skips
 * nodes dead or paused at that moment (a stopped process cannot answer its control endpoint), and
 * the whole strobe stops as soon as another clock op (or heal-all) bumps state.clockEpoch.
 */
function scheduleStrobe(
  spec: Extract<ClockSpec, { kind: 'strobe' }>,
  nodes: readonly number[],
  executor: FaultExecutor,
  state: FaultState,
): void {
  const after = executor.after?.bind(executor);
  if (after === undefined || !(spec.periodMs > 0)) return;
  const epoch = state.clockEpoch;
  const flips = Math.max(1, Math.floor(spec.durationMs / spec.periodMs));
  const flip = (k: number): void => {
    if (state.clockEpoch !== epoch) return;
    const offsetMs = k % 2 === 0 ? spec.offsetMs : 0;
    const last = k >= flips;
    const live = nodes.filter((n) => !state.dead.has(n) && !state.paused.has(n));
    const setAll = Promise.all(live.map(async (n) => executor.setClock(n, last ? 0 : offsetMs, 1)));
    // A node may die between the check and the call: a failed flip is not a failed run.
    void setAll.catch(() => undefined);
    if (!last) after(spec.periodMs, () => flip(k + 1));
  };
  after(spec.periodMs, () => flip(1));
}

/**
 * Apply `op`. Node-level faults skip nodes already in that condition (a dead node is not paused,
 * a paused node is not killed twice). Clock ops skip paused nodes too (their control endpoint does
 * not answer); stop-clock leaves dead or paused skewed nodes for heal-all. A strobe sets its first
 * offset at once and flips the rest over time (scheduleStrobe) when the executor has `after`.
 */
export async function applyFault(
  op: FaultOp,
  executor: FaultExecutor,
  rng: Rng,
  state: FaultState = faultStateOf(executor),
): Promise<FaultOutcome> {
  switch (op.f) {
    case 'start-partition': {
      const grudge =
        typeof op.value === 'string' ? resolvePartition(op.value, rng, executor.nodeIds, executor.leader()) : grudgeOfValue(op.value, executor.nodeIds);
      await executor.partition(grudge);
      state.grudge = grudge;
      return { kind: 'partition', grudge: grudgeToJson(grudge) };
    }
    case 'stop-partition': {
      await executor.partition(NO_GRUDGE);
      state.grudge = NO_GRUDGE;
      return { kind: 'partition', grudge: {} };
    }
    case 'kill': {
      const nodes = resolveTargetsOf(op.value, rng, executor.nodeIds, executor.leader()).filter((n) => !state.dead.has(n));
      if (nodes.length > 0) await executor.kill(nodes);
      for (const n of nodes) {
        state.dead.add(n);
        state.paused.delete(n);
      }
      return { kind: 'nodes', nodes };
    }
    case 'restart': {
      const nodes = [...state.dead].sort((a, b) => a - b);
      if (nodes.length > 0) await executor.restart(nodes);
      state.dead.clear();
      return { kind: 'nodes', nodes };
    }
    case 'pause': {
      const nodes = resolveTargetsOf(op.value, rng, executor.nodeIds, executor.leader()).filter(
        (n) => !state.dead.has(n) && !state.paused.has(n),
      );
      if (nodes.length > 0) await executor.pause(nodes);
      for (const n of nodes) state.paused.add(n);
      return { kind: 'nodes', nodes };
    }
    case 'resume': {
      const nodes = [...state.paused].sort((a, b) => a - b);
      if (nodes.length > 0) await executor.resume(nodes);
      state.paused.clear();
      return { kind: 'nodes', nodes };
    }
    case 'start-clock': {
      const spec = op.value;
      state.clockEpoch++;
      const nodes = clockTargets(spec, rng, executor).filter((n) => !state.dead.has(n) && !state.paused.has(n));
      const offsetMs = spec.kind === 'drift' ? 0 : spec.offsetMs;
      const rate = spec.kind === 'drift' ? spec.rate : 1;
      for (const n of nodes) {
        await executor.setClock(n, offsetMs, rate);
        state.skewed.add(n);
      }
      if (spec.kind === 'strobe') scheduleStrobe(spec, nodes, executor, state);
      return { kind: 'clock', nodes, offsetMs, rate };
    }
    case 'stop-clock': {
      state.clockEpoch++;
      const nodes = [...state.skewed].filter((n) => !state.dead.has(n) && !state.paused.has(n)).sort((a, b) => a - b);
      for (const n of nodes) {
        await executor.setClock(n, 0, 1);
        state.skewed.delete(n);
      }
      return { kind: 'clock', nodes, offsetMs: 0, rate: 1 };
    }
    case 'heal-all': {
      // Order matters: wake paused nodes and restart dead ones before reconnecting the network,
      // so that every node rejoins one whole cluster.
      const resumed = [...state.paused].sort((a, b) => a - b);
      if (resumed.length > 0) await executor.resume(resumed);
      state.paused.clear();
      const restarted = [...state.dead].sort((a, b) => a - b);
      if (restarted.length > 0) await executor.restart(restarted);
      state.dead.clear();
      state.clockEpoch++;
      const clocksReset = [...state.skewed].sort((a, b) => a - b);
      for (const n of clocksReset) await executor.setClock(n, 0, 1);
      state.skewed.clear();
      await executor.partition(NO_GRUDGE);
      state.grudge = NO_GRUDGE;
      return { kind: 'healed', restarted, resumed, clocksReset };
    }
    default: {
      const never: never = op;
      throw new Error(`unknown fault op ${JSON.stringify(never)}`);
    }
  }
}
