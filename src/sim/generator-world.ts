// The virtual-time interpreter of a generator (src/generators/interpret.ts) on a simulated cluster:
// a wait runs the event queue to its end, fault ops go through the one fault interpreter
// (applyFault), a proposal goes straight to the node's Raft (as a client stuck on that node would
// send it; nothing when the node does not lead), and every op is recorded under process
// "nemesis". The view is the cluster itself: each node's role, term, commit and last index, the
// leader, and the dead and paused nodes the faults left.
import { applyFault, type FaultOutcome, type FaultState } from '../faults/apply.js';
import type { ClusterView, Gen, GenOp, NodeView } from '../generators/types.js';
import { interpret, type InterpretResult, type World } from '../generators/interpret.js';
import type { Rng } from '../raft/types.js';
import { encodeCommand } from '../statemachine/command.js';
import type { SimCluster } from './cluster.js';
import type { HistoryRecorder } from './history-recorder.js';

export interface SimWorldParts {
  readonly cluster: SimCluster;
  readonly history: HistoryRecorder;
  readonly state: FaultState;
  /** Draws of the fault interpreter (targets, shapes); may be the generator's own Rng. */
  readonly faultRng: Rng;
  /** Called after each op with what it did (the caller's log of the schedule). */
  readonly onOp?: (op: GenOp, outcome: FaultOutcome | { readonly indexes: readonly number[] }) => void;
}

export function simView(cluster: SimCluster, state: FaultState): ClusterView {
  return {
    nodeIds: cluster.nodeIds,
    leader: () => cluster.leader(),
    node: (id): NodeView | null => {
      const s = cluster.host(id)?.status();
      return s === undefined ? null : { role: s.role, term: s.term, commit: s.commit, lastIndex: s.lastIndex };
    },
    down: state.dead,
    paused: state.paused,
  };
}

/** A World on `cluster`, its time counted from now; proposals are numbered across the world's life. */
export function simWorld(parts: SimWorldParts): World {
  const { cluster, history, state } = parts;
  const startUs = cluster.nowUs;
  const view = simView(cluster, state);
  let proposals = 0;
  // The time last waited for, exactly as the generator named it: the cluster counts whole
  // microseconds, and a generator comparing its own sums of milliseconds must see them reached.
  let reachedMs = 0;
  return {
    nowMs: () => {
      const us = cluster.nowUs - startUs;
      return Math.round(reachedMs * 1000) === us ? reachedMs : us / 1000;
    },
    advanceTo: (atMs) => {
      cluster.runUntil(startUs + Math.round(atMs * 1000));
      if (Math.round(atMs * 1000) === cluster.nowUs - startUs) reachedMs = atMs;
      return true;
    },
    view: () => view,
    apply: async (op) => {
      history.add('invoke', 'nemesis', op.f, op.value);
      if (op.f === 'propose') {
        const indexes: number[] = [];
        const host = cluster.host(op.value.node);
        for (let i = 0; i < op.value.writes && host !== null; i++) {
          proposals++;
          const command = encodeCommand({ op: 'write', key: 'nemesis', value: proposals, clientId: 'nemesis', seq: proposals });
          const index = host.propose(command)?.index;
          if (index !== undefined) indexes.push(index);
        }
        history.add('info', 'nemesis', op.f, { ...op.value, indexes });
        parts.onOp?.(op, { indexes });
        return;
      }
      const outcome = await applyFault(op, cluster, parts.faultRng, state);
      history.add('info', 'nemesis', op.f, outcome);
      parts.onOp?.(op, outcome);
    },
  };
}

/** Interpret `gen` on the simulated cluster from now until it is done. */
export function runGeneratorInSim(gen: Gen, rng: Rng, parts: SimWorldParts): Promise<InterpretResult> {
  return interpret(gen, simWorld(parts), rng);
}
