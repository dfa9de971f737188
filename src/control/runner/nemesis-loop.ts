// The wall-time interpreter of a generator (src/generators/interpret.ts) in a real run: waits are
// sleeps (cut short by stop()) on a clock that stands still while an op is carried out, so a pause
// before an op counts from the end of the previous one (a restart that takes a second does not eat
// the next fault's interval), fault ops go through the one fault interpreter (applyFault) to the
// subject's executor, proposals are client writes sent to one node's endpoint, and every op is
// recorded under process "nemesis" (invoke, then info with the resolved effect). The cluster view
// is the subject's status ability (its latest polls; polled again at most every VIEW_POLL_MS when
// the generator is reactive) with the dead and paused nodes the faults left; a reactive generator
// on a subject without status is refused before the run (run.ts).
import type { FaultExecutor } from '../../plugins.js';
import type { ClusterView, Gen, GenOp, NodeView } from '../../generators/types.js';
import { interpret, type World } from '../../generators/interpret.js';
import { applyFault, type FaultState } from '../../faults/apply.js';
import type { HistoryWriter } from '../../history/writer.js';
import type { Rng } from '../../raft/types.js';
import type { StatusAbility, SubjectClient } from '../../subjects/types.js';
import { sleepUnless } from './abortable-sleep.js';

/** Wall time between two status polls a reactive generator asks for. */
export const VIEW_POLL_MS = 50;
/** How long a proposal's writes may take before the loop forgets them. */
const PROPOSAL_TIMEOUT_MS = 2_000;

export interface NemesisLoopParts {
  readonly executor: FaultExecutor;
  readonly state: FaultState;
  readonly history: HistoryWriter;
  /** Draws of the generator itself. */
  readonly scheduleRng: Rng;
  /** Draws of the fault interpreter (targets, shapes). */
  readonly faultRng: Rng;
  readonly status?: StatusAbility;
  /** Opened on the first proposal (closed by stop()). */
  readonly openClient: () => SubjectClient;
  readonly log: (text: string) => void;
}

function statusView(parts: NemesisLoopParts): ClusterView {
  return {
    nodeIds: parts.executor.nodeIds,
    leader: () => parts.executor.leader(),
    node: (id): NodeView | null => {
      if (parts.state.dead.has(id)) return null;
      const s = parts.status?.statuses().get(id) ?? null;
      if (s === null) return null;
      return { role: s.role, term: s.term, commit: s.commit, ...(s.lastIndex !== undefined ? { lastIndex: s.lastIndex } : {}) };
    },
    down: parts.state.dead,
    paused: parts.state.paused,
  };
}

/** Run `gen` from now until it is done, `abort` fires or stop() is called; stop() lets an op in progress finish. */
export function runNemesisLoop(gen: Gen, parts: NemesisLoopParts, abort: AbortSignal): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const signal = AbortSignal.any([stopping.signal, abort]);
  const startMs = Date.now();
  const view = statusView(parts);
  let lastPollMs = -Infinity;
  let client: SubjectClient | null = null;
  let proposals = 0;
  const inFlight = new Set<Promise<unknown>>();

  const propose = (value: { node: number; writes: number }): void => {
    client ??= parts.openClient();
    const c = client;
    for (let i = 0; i < value.writes; i++) {
      proposals++;
      const request = { clientId: 'nemesis', seq: proposals, op: { f: 'write' as const, key: 'nemesis', value: proposals } };
      const sent = c.send(value.node, request, PROPOSAL_TIMEOUT_MS).catch(() => undefined);
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
    }
  };

  /** Wall milliseconds spent carrying out ops: the generator's clock does not count them. */
  let busyMs = 0;
  const nowMs = (): number => Date.now() - startMs - busyMs;
  const world: World = {
    nowMs,
    minPollMs: VIEW_POLL_MS,
    advanceTo: async (atMs) => {
      await sleepUnless(atMs - nowMs(), signal);
      return !signal.aborted;
    },
    view: async () => {
      if (gen.reactive && parts.status !== undefined && Date.now() - lastPollMs >= VIEW_POLL_MS) {
        lastPollMs = Date.now();
        await parts.status.poll().catch(() => undefined);
      }
      return view;
    },
    apply: async (op: GenOp) => {
      if (signal.aborted) return;
      const beganMs = Date.now();
      try {
        await applyOne(op);
      } finally {
        busyMs += Date.now() - beganMs;
      }
    },
  };
  const applyOne = async (op: GenOp): Promise<void> => {
    parts.history.record({ type: 'invoke', process: 'nemesis', f: op.f, value: op.value });
    if (op.f === 'propose') {
      propose(op.value);
      parts.history.record({ type: 'info', process: 'nemesis', f: op.f, value: op.value });
      return;
    }
    try {
      const outcome = await applyFault(op, parts.executor, parts.faultRng, parts.state);
      parts.history.record({ type: 'info', process: 'nemesis', f: op.f, value: outcome });
    } catch (err) {
      parts.history.record({ type: 'info', process: 'nemesis', f: op.f, value: null, error: (err as Error).message });
      parts.log(`warning: nemesis ${op.f} failed: ${(err as Error).message}`);
    }
  };
  const done = interpret(gen, world, parts.scheduleRng).catch((err: unknown) => {
    parts.log(`warning: the nemesis schedule stopped: ${(err as Error).message}`);
  });
  return {
    stop: async () => {
      stopping.abort();
      await done;
      await Promise.race([Promise.all([...inFlight]), new Promise((r) => setTimeout(r, PROPOSAL_TIMEOUT_MS).unref())]);
      client?.close();
    },
  };
}

/** Carry out the final (healing) generator of the nemesis to its end (its waits are slept): the heal phase. */
export async function runFinal(final: Gen, parts: Pick<NemesisLoopParts, 'executor' | 'state' | 'history' | 'status'>, rng: Rng): Promise<void> {
  const view = statusView({ ...parts, scheduleRng: rng, faultRng: rng, openClient: () => { throw new Error('a final generator cannot propose'); }, log: () => undefined });
  const startMs = Date.now();
  const world: World = {
    nowMs: () => Date.now() - startMs,
    advanceTo: async (atMs) => {
      await new Promise((r) => setTimeout(r, Math.max(0, atMs - (Date.now() - startMs))));
      return true;
    },
    view: () => view,
    apply: async (op) => {
      if (op.f === 'propose') throw new Error('a final generator cannot propose');
      parts.history.record({ type: 'invoke', process: 'nemesis', f: op.f, value: op.value });
      const healed = await applyFault(op, parts.executor, rng, parts.state);
      parts.history.record({ type: 'info', process: 'nemesis', f: op.f, value: healed });
    },
  };
  await interpret(final, world, rng);
}
