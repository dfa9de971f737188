// Fault windows from the nemesis records of the history (plugins.ts FaultOp): start-X opens a window
// of family X, stop-X closes it, kill/restart and pause/resume are the crash and pause families, and
// heal-all closes every window. A window still open when the run ends is closed at the run's end
// and marked `open`.
import type { OpRecord } from '../history/types.js';
import { isObject } from './jsonl.js';
import { faultEffect } from '../history/fault-effects.js';

export interface FaultWindow {
  readonly family: string;
  readonly fromNs: number;
  readonly toNs: number;
  /** The op that opened the window (e.g. start-partition) and its value as text. */
  readonly startF: string;
  readonly detail: string;
  /** Nodes hit, when the nemesis recorded them. */
  readonly nodes: number[];
  /** True when nothing closed the window before the run ended. */
  readonly open: boolean;
}

export interface FaultEvent {
  readonly timeNs: number;
  readonly f: string;
  readonly detail: string;
  readonly nodes: number[];
}

type Action = { kind: 'open'; family: string } | { kind: 'close'; family: string } | { kind: 'close-all' } | { kind: 'none' };

export function classifyFault(f: string): Action {
  const effect = faultEffect(f);
  if (effect !== undefined) {
    if (effect.kind === 'heal-all') return { kind: 'close-all' };
    return effect.kind === 'start' ? { kind: 'open', family: effect.family } : { kind: 'close', family: effect.family };
  }
  // A family this version does not know (a newer nemesis): still shade start-X .. stop-X.
  const m = /^(start|stop)-(.+)$/.exec(f);
  if (!m) return { kind: 'none' };
  return m[1] === 'start' ? { kind: 'open', family: m[2]! } : { kind: 'close', family: m[2]! };
}

/** Node ids mentioned in a nemesis value: [1, 3], {nodes: [...]}, {targets: [...]}, {n1: ..., n3: ...}, "n2". */
export function nodesIn(value: unknown): number[] {
  const out = new Set<number>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 3) return;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 1000) out.add(v);
    else if (typeof v === 'string') {
      const m = /^n(\d+)$/.exec(v);
      if (m) out.add(Number(m[1]));
    } else if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        const m = /^n(\d+)$/.exec(k);
        if (m) out.add(Number(m[1]));
        else if (k === 'nodes' || k === 'targets' || k === 'node' || k === 'killed' || k === 'paused') visit(x, depth + 1);
      }
    }
  };
  if (Array.isArray(value) || isObject(value)) visit(value, 0);
  return [...out].sort((a, b) => a - b);
}

/**
 * A partition's grudge ({"1": [2, 3], ...}: who drops whose messages) as text: the groups that can
 * talk, "n1 | n2 n3 n4 n5", when the grudge is symmetric and splits the nodes into cliques; otherwise
 * each node's cuts, "n1\u2717n2,n3" (n1 drops what n2 and n3 send).
 */
export function describeGrudge(grudge: Record<string, unknown>): string {
  const nodes = Object.keys(grudge).map(Number).filter(Number.isInteger).sort((a, b) => a - b);
  const drops = new Map<number, Set<number>>(nodes.map((n) => [n, new Set(Array.isArray(grudge[String(n)]) ? (grudge[String(n)] as unknown[]).map(Number) : [])]));
  const linked = (a: number, b: number): boolean => !drops.get(a)?.has(b) && !drops.get(b)?.has(a);
  if (nodes.every((a) => drops.get(a)!.size === 0)) return 'healed';
  // A one-way cut (a drops b, b does not drop a) is shown as each node's cuts, never as groups.
  const symmetric = nodes.every((a) => [...drops.get(a)!].every((b) => drops.get(b)?.has(a) === true));
  const groups: number[][] = [];
  for (const n of nodes) {
    const g = groups.find((grp) => grp.every((m) => linked(n, m)));
    if (g) g.push(n);
    else groups.push([n]);
  }
  const cliques = groups.every((g, i) => groups.every((h, j) => i === j || g.every((a) => h.every((b) => !linked(a, b)))));
  if (symmetric && cliques) return groups.map((g) => g.map((n) => `n${n}`).join(' ')).join(' | ');
  return nodes.filter((n) => drops.get(n)!.size > 0).map((n) => `n${n}\u2717${[...drops.get(n)!].map((m) => `n${m}`).join(',')}`).join(' ');
}

function describe(value: unknown): string {
  if (isObject(value) && isObject(value['grudge'])) return describeGrudge(value['grudge']);
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value) ?? '';
  return text.length > 80 ? `${text.slice(0, 80)}\u2026` : text;
}

/**
 * Nemesis ops in order, one per invocation, timed at their completion (when the fault took effect),
 * with the nodes taken from the completion when it names them (the invocation usually holds only a
 * target spec such as "minority").
 */
export function faultEvents(history: readonly OpRecord[]): FaultEvent[] {
  const events: FaultEvent[] = [];
  let pending: { rec: OpRecord; idx: number } | null = null;
  for (const rec of history) {
    if (rec.process !== 'nemesis') continue;
    if (rec.type === 'invoke') {
      events.push({ timeNs: rec.time, f: rec.f, detail: describe(rec.value), nodes: nodesIn(rec.value) });
      pending = { rec, idx: events.length - 1 };
    } else if (pending && pending.rec.f === rec.f) {
      // The fault took effect when the nemesis reported it done (as src/checker/perf/ counts it).
      const prev = events[pending.idx]!;
      const nodes = nodesIn(rec.value);
      const done = isObject(rec.value) && isObject(rec.value['grudge']) ? describe(rec.value) : '';
      events[pending.idx] = {
        ...prev,
        timeNs: Math.max(prev.timeNs, rec.time),
        nodes: nodes.length > 0 ? nodes : prev.nodes,
        detail: done && done !== 'healed' ? (prev.detail ? `${prev.detail}: ${done}` : done) : prev.detail,
      };
      pending = null;
    } else {
      // A completion without its invocation: keep it as the event.
      events.push({ timeNs: rec.time, f: rec.f, detail: describe(rec.value), nodes: nodesIn(rec.value) });
    }
  }
  return events;
}

export function faultWindows(history: readonly OpRecord[], runEndNs: number): FaultWindow[] {
  const open = new Map<string, { fromNs: number; startF: string; detail: string; nodes: Set<number> }>();
  const windows: FaultWindow[] = [];
  const closeFamily = (family: string, atNs: number): void => {
    const w = open.get(family);
    if (!w) return;
    open.delete(family);
    windows.push({ family, fromNs: w.fromNs, toNs: Math.max(atNs, w.fromNs), startF: w.startF, detail: w.detail, nodes: [...w.nodes].sort((a, b) => a - b), open: false });
  };
  for (const ev of faultEvents(history)) {
    const action = classifyFault(ev.f);
    switch (action.kind) {
      case 'open': {
        const w = open.get(action.family);
        if (w) {
          // A second kill / pause while the first is in force widens the same window.
          for (const n of ev.nodes) w.nodes.add(n);
          if (ev.detail && !w.detail.includes(ev.detail)) w.detail = `${w.detail}, ${ev.detail}`;
        } else {
          open.set(action.family, { fromNs: ev.timeNs, startF: ev.f, detail: ev.detail, nodes: new Set(ev.nodes) });
        }
        break;
      }
      case 'close':
        closeFamily(action.family, ev.timeNs);
        break;
      case 'close-all':
        for (const family of [...open.keys()]) closeFamily(family, ev.timeNs);
        break;
      case 'none':
        break;
      default: {
        const never: never = action;
        throw new Error(`unknown fault action ${JSON.stringify(never)}`);
      }
    }
  }
  for (const [family, w] of open) {
    windows.push({ family, fromNs: w.fromNs, toNs: Math.max(runEndNs, w.fromNs), startF: w.startF, detail: w.detail, nodes: [...w.nodes].sort((a, b) => a - b), open: true });
  }
  windows.sort((a, b) => a.fromNs - b.fromNs);
  return windows;
}
