// Fault windows and fault events of the report, from the nemesis records of the history (plugins.ts
// FaultOp) through the perf checker's derivation (src/checker/perf/: the same pairing of each
// nemesis invocation with its completion, the same windows from the one table of fault effects,
// src/history/fault-effects.ts): start-X opens a window of family X, stop-X closes it, kill/restart
// and pause/resume are the crash and pause families, and heal-all closes every window. The report
// adds, for a family this version does not know (a newer nemesis), a window from start-X to stop-X;
// the text and the nodes of each window; and a window still open when the run ends closed at the
// run's end and marked `open`.
import type { OpRecord } from '../history/types.js';
import { isObject } from './jsonl.js';
import { faultEffect } from '../history/fault-effects.js';
import { faultWindows as perfFaultWindows, type WindowEffect } from '../checker/perf/faults.js';
import { pairHistory } from '../checker/perf/ops.js';
import type { NemesisAction } from '../checker/perf/types.js';

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

/** The one table's effect of `f`, else start-X / stop-X of a family this version does not know. */
function reportEffect(f: string): WindowEffect<string> | undefined {
  const effect = faultEffect(f);
  if (effect !== undefined) return effect;
  const m = /^(start|stop)-(.+)$/.exec(f);
  if (!m) return undefined;
  return { kind: m[1] === 'start' ? 'start' : 'stop', family: m[2]! };
}

export function classifyFault(f: string): Action {
  const effect = reportEffect(f);
  if (effect === undefined) return { kind: 'none' };
  if (effect.kind === 'heal-all') return { kind: 'close-all' };
  return effect.kind === 'start' ? { kind: 'open', family: effect.family } : { kind: 'close', family: effect.family };
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
 * One nemesis action as an event, timed at its completion (when the fault took effect), with the
 * nodes taken from the completion when it names them (the invocation usually holds only a target
 * spec such as "minority").
 */
function eventOf(action: NemesisAction): FaultEvent {
  const detail = describe(action.value);
  const outcomeNodes = nodesIn(action.outcome);
  const done = isObject(action.outcome) && isObject(action.outcome['grudge']) ? describe(action.outcome) : '';
  return {
    timeNs: action.timeNs,
    f: action.f,
    detail: done && done !== 'healed' ? (detail ? `${detail}: ${done}` : done) : detail,
    nodes: outcomeNodes.length > 0 ? outcomeNodes : nodesIn(action.value),
  };
}

/** Nemesis ops in order, one per invocation (a completion without its invocation is one too). */
export function faultEvents(history: readonly OpRecord[]): FaultEvent[] {
  return pairHistory(history).nemesis.map(eventOf);
}

export function faultWindows(history: readonly OpRecord[], runEndNs: number): FaultWindow[] {
  const { windows } = perfFaultWindows(pairHistory(history).nemesis, reportEffect);
  return windows
    .map((w): FaultWindow => {
      // The actions that opened and extended it (the last op of a closed window closed it).
      const strikes = (w.endNs === null ? w.ops : w.ops.slice(0, -1)).map(eventOf);
      const first = strikes[0]!;
      let detail = first.detail;
      const nodes = new Set<number>();
      for (const ev of strikes) {
        // A second kill / pause while the first is in force widens the same window.
        for (const n of ev.nodes) nodes.add(n);
        if (ev !== first && ev.detail && !detail.includes(ev.detail)) detail = `${detail}, ${ev.detail}`;
      }
      return {
        family: w.family,
        fromNs: w.startNs,
        toNs: Math.max(w.endNs ?? runEndNs, w.startNs),
        startF: first.f,
        detail,
        nodes: [...nodes].sort((a, b) => a - b),
        open: w.endNs === null,
      };
    })
    .sort((a, b) => a.fromNs - b.fromNs);
}
