// Liveness under a stale leader: a majority of nodes that are up and hear each other must elect a
// leader within a bound (the lab's tester asks for one within 5 s) whenever nothing from outside
// it can legitimately hold it back. What may reach it from outside is a stale leader only: a node
// that still thinks it leads, in a term below every member's (Raft §5.1: such an AppendEntries is
// refused and resets nothing). A Raft whose election timer is reset by any message stays
// leaderless there for as long as the stale heartbeats arrive; a correct one elects.
//
// Input: the fault state over time (directed cuts, nodes down or paused) and each node's term and
// leadership over time (role and boot records of the event logs). Pure: no I/O.
import type { NodeEvent } from '../../history/events.js';

/** The fault state from timeNs on: cut.get(receiver) = senders it does not hear; down = dead or paused. */
export interface FaultSnapshot {
  readonly timeNs: number;
  readonly cut: ReadonlyMap<number, ReadonlySet<number>>;
  readonly down: ReadonlySet<number>;
}

/** A node's (term, leads) from timeNs on. */
export interface LeadershipRecord {
  readonly node: number;
  readonly timeNs: number;
  readonly term: number;
  readonly leads: boolean;
}

export interface LeaderlessStall {
  /** The up, connected majority that had no leader. */
  readonly members: readonly number[];
  /** The stale leaders it heard from meanwhile. */
  readonly staleLeaders: readonly number[];
  readonly fromNs: number;
  readonly toNs: number;
}

export interface LeaderlessOptions {
  readonly nodeIds: readonly number[];
  /** Sorted by time; the state before the first is "no faults". */
  readonly faults: readonly FaultSnapshot[];
  readonly leadership: readonly LeadershipRecord[];
  /** Where the observation ends (the nodes were stopped). */
  readonly endNs: number;
  /** A stall at least this long is reported. */
  readonly boundNs: number;
}

interface NodeView {
  term: number;
  leads: boolean;
}

function hears(cut: FaultSnapshot['cut'], receiver: number, sender: number): boolean {
  return cut.get(receiver)?.has(sender) !== true;
}

/** The majorities owed a leader right now and lacking one (as bitmasks over nodeIds), with their stale senders. */
function unservedMajorities(ids: readonly number[], fault: FaultSnapshot, view: ReadonlyMap<number, NodeView>): Map<number, number[]> {
  const n = ids.length;
  const majority = Math.floor(n / 2) + 1;
  const out = new Map<number, number[]>();
  for (let mask = 1; mask < 1 << n; mask++) {
    const members = ids.filter((_, i) => (mask >> i) & 1);
    if (members.length < majority) continue;
    if (members.some((m) => fault.down.has(m) || view.get(m) === undefined)) continue;
    if (members.some((a) => members.some((b) => a !== b && !hears(fault.cut, a, b)))) continue;
    if (members.some((m) => view.get(m)!.leads)) continue;
    const minTerm = Math.min(...members.map((m) => view.get(m)!.term));
    const stale: number[] = [];
    let owed = true;
    for (const o of ids) {
      if ((mask >> ids.indexOf(o)) & 1 || fault.down.has(o)) continue;
      if (!members.some((m) => hears(fault.cut, m, o))) continue;
      const v = view.get(o);
      if (v !== undefined && v.leads && v.term < minTerm) stale.push(o);
      else owed = false;
    }
    if (owed) out.set(mask, stale);
  }
  return out;
}

/**
 * The default bound: ten times the longest election timeout of the simulator's default timing
 * (and a little over the lab tester's 5 s), so a correct Raft never comes near it.
 */
export const DEFAULT_LEADERLESS_BOUND_NS = 6e9;

/** One line naming a stall: how long, from when, which majority, whose stale heartbeats, the bound. */
export function describeStall(st: LeaderlessStall, boundNs: number): string {
  const nodes = st.members.map((m) => `n${m}`).join(', ');
  const stale = st.staleLeaders.length > 0 ? `, hearing only stale heartbeats from ${st.staleLeaders.map((m) => `n${m}`).join(', ')}` : '';
  return `liveness: no leader for ${((st.toNs - st.fromNs) / 1e9).toFixed(1)} s (from ${(st.fromNs / 1e9).toFixed(2)} s) while ${nodes}, a majority that hears itself, was up${stale}; the bound is ${boundNs / 1e9} s`;
}

export function findLeaderlessStalls(options: LeaderlessOptions): LeaderlessStall[] {
  const ids = options.nodeIds;
  const times = [...new Set([...options.faults.map((f) => f.timeNs), ...options.leadership.map((r) => r.timeNs)])].filter((t) => t <= options.endNs).sort((a, b) => a - b);
  const leadership = [...options.leadership].sort((a, b) => a.timeNs - b.timeNs);
  const view = new Map<number, NodeView>();
  let fault: FaultSnapshot = { timeNs: 0, cut: new Map(), down: new Set() };
  let fi = 0;
  let li = 0;
  const open = new Map<number, { fromNs: number; stale: Set<number> }>();
  const stalls: LeaderlessStall[] = [];
  const close = (mask: number, atNs: number): void => {
    const s = open.get(mask);
    if (s === undefined) return;
    open.delete(mask);
    if (atNs - s.fromNs >= options.boundNs) {
      stalls.push({ members: ids.filter((_, i) => (mask >> i) & 1), staleLeaders: [...s.stale].sort((a, b) => a - b), fromNs: s.fromNs, toNs: atNs });
    }
  };
  for (const t of times) {
    while (fi < options.faults.length && options.faults[fi]!.timeNs <= t) fault = options.faults[fi++]!;
    while (li < leadership.length && leadership[li]!.timeNs <= t) {
      const r = leadership[li++]!;
      view.set(r.node, { term: r.term, leads: r.leads });
    }
    const now = unservedMajorities(ids, fault, view);
    for (const mask of [...open.keys()]) if (!now.has(mask)) close(mask, t);
    for (const [mask, stale] of now) {
      const s = open.get(mask);
      if (s === undefined) open.set(mask, { fromNs: t, stale: new Set(stale) });
      else for (const o of stale) s.stale.add(o);
    }
  }
  for (const mask of [...open.keys()]) close(mask, options.endNs);
  // A stall of a smaller majority inside a reported one of a larger majority says nothing more.
  return stalls.filter((s) => !stalls.some((o) => o !== s && o.members.length > s.members.length && s.members.every((m) => o.members.includes(m)) && o.fromNs <= s.fromNs && o.toNs >= s.toNs));
}

/** Each node's (term, leads) over time from its boot and role records (a boot is "not leading, in the persisted term"). */
export function leadershipOfEvents(events: ReadonlyMap<number, readonly NodeEvent[]>): LeadershipRecord[] {
  const out: LeadershipRecord[] = [];
  for (const [node, list] of events) {
    for (const e of list) {
      if (e.kind === 'boot') out.push({ node, timeNs: e.time, term: e.term, leads: false });
      else if (e.kind === 'role') out.push({ node, timeNs: e.time, term: e.term, leads: e.role === 'leader' });
    }
  }
  return out;
}
