// The data embedded in a run's page, as compact columns (times in integer microseconds) so a run of
// 100,000 operations stays a few megabytes and parses in tens of milliseconds.
import type { NodeEvent } from '../history/events.js';
import type { RawRun } from './load-run.js';
import { assignLanes, describeValue, historyEndNs, pairOperations, type OpInterval } from './ops.js';
import { faultEvents, faultWindows } from './fault-windows.js';
import { leadership } from './leadership.js';
import { throughput } from './throughput.js';
import { thinToBudget, type GridPoint } from './thin.js';
import { summarize, type OpSummary } from './stats.js';
import { readVerdicts, type Verdicts } from './verdict.js';

/** Above this many operations the page embeds a thinned set (every fail and info kept first). */
export const MAX_EMBEDDED_OPS = 150_000;

const OUTCOME_CODE = { ok: 0, fail: 1, info: 2 } as const;

export const us = (ns: number): number => Math.round(ns / 1000);

export interface OpColumns {
  readonly n: number;
  readonly lane: number[];
  readonly proc: number[];
  readonly f: number[];
  readonly key: number[];
  readonly start: number[];
  /** -1 when the operation never completed. */
  readonly end: number[];
  /** 0 ok, 1 fail, 2 info. */
  readonly out: number[];
  readonly vin: string[];
  readonly vout: string[];
  /** index into errors, or -1. */
  readonly err: number[];
  readonly node: number[];
  readonly idx: number[];
  readonly fNames: string[];
  readonly keys: string[];
  readonly errors: string[];
}

export interface PageData {
  readonly run: { readonly name: string; readonly endUs: number; readonly generatedAt: string };
  readonly ops: OpColumns;
  readonly totalOps: number;
  readonly thinned: boolean;
  readonly lanes: number[][];
  readonly throughput: { readonly bucketUs: number; readonly ok: number[]; readonly fail: number[]; readonly info: number[] };
  readonly faults: { family: string; from: number; to: number; startF: string; detail: string; nodes: number[]; open: boolean; stats: FaultStats | null }[];
  readonly faultEvents: { t: number; f: string; detail: string; nodes: number[] }[];
  readonly leadership: {
    readonly nodes: number[];
    readonly leaders: { node: number; term: number; from: number; to: number; endedBy: string }[];
    readonly down: { node: number; from: number; to: number; approximate: boolean }[];
    readonly paused: { node: number; from: number; to: number }[];
    readonly restarts: { node: number; t: number }[];
    /** Where the intervals came from: the node event logs, results.json stats, or nowhere. */
    readonly source: 'events' | 'results' | 'status' | 'none';
  };
  readonly violations: { checker: string; invariant: string; message: string; t: number | null; events: unknown[]; certain: boolean }[];
  readonly counterexamples: Record<string, unknown>[];
}

/** What the perf checker (src/checker/perf/) measured for one fault window, when it ran. */
export interface FaultStats {
  /** ok / completed client operations invoked during the window. */
  readonly availability: number | null;
  readonly completed: number;
  readonly newLeader: { node: number; term: number } | null;
  readonly timeToNewLeaderMs: number | null;
  readonly firstOkWriteMs: number | null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The perf checker's fault windows, matched to ours by family and start time. */
export function perfFaultStats(verdicts: Verdicts): { family: string; startNs: number; stats: FaultStats }[] {
  const perf = verdicts.checkers.find((c) => c.name.toLowerCase().includes('perf'));
  const list = perf?.data['faults'];
  if (!Array.isArray(list)) return [];
  const out: { family: string; startNs: number; stats: FaultStats }[] = [];
  for (const w of list) {
    if (typeof w !== 'object' || w === null) continue;
    const r = w as Record<string, unknown>;
    const startNs = num(r['startNs']);
    if (typeof r['family'] !== 'string' || startNs === null) continue;
    const a = (typeof r['availability'] === 'object' && r['availability'] !== null ? r['availability'] : {}) as Record<string, unknown>;
    const nl = r['newLeader'] as Record<string, unknown> | null | undefined;
    out.push({
      family: r['family'],
      startNs,
      stats: {
        availability: num(a['fraction']),
        completed: num(a['completed']) ?? 0,
        newLeader: nl && typeof nl === 'object' && num(nl['node']) !== null ? { node: num(nl['node'])!, term: num(nl['term']) ?? 0 } : null,
        timeToNewLeaderMs: num(r['timeToNewLeaderMs']),
        firstOkWriteMs: num(r['firstOkWriteMs']),
      },
    });
  }
  return out;
}

export interface PreparedRun {
  readonly data: PageData;
  readonly summary: OpSummary;
  readonly verdicts: Verdicts;
  readonly runEndNs: number;
}

function interner(): { table: string[]; id: (s: string) => number } {
  const table: string[] = [];
  const ids = new Map<string, number>();
  return {
    table,
    id(s: string): number {
      let i = ids.get(s);
      if (i === undefined) {
        i = table.length;
        table.push(s);
        ids.set(s, i);
      }
      return i;
    },
  };
}

function thinGroup(ops: readonly OpInterval[], runEndNs: number, budget: number): OpInterval[] {
  const points: GridPoint[] = ops.map((op) => ({
    x: op.startNs,
    y: Math.log10(Math.max(1, (op.endNs ?? runEndNs) - op.startNs)),
    group: OUTCOME_CODE[op.outcome],
  }));
  const kept = thinToBudget(points, { xMin: 0, xMax: runEndNs, yMin: 3, yMax: 12, xCells: 2000, yCells: 200 }, budget);
  return kept.map((i) => ops[i]!);
}

/**
 * Pick the operations to embed: all when they fit; else every failed and unknown operation (thinned
 * too only if they alone pass half the limit) and a grid-thinned set of the ok ones over (time,
 * log latency), in start order.
 */
export function selectOps(ops: readonly OpInterval[], runEndNs: number, maxOps: number): OpInterval[] {
  if (ops.length <= maxOps) return [...ops];
  const notOk = ops.filter((op) => op.outcome !== 'ok');
  const keptNotOk = notOk.length > maxOps / 2 ? thinGroup(notOk, runEndNs, Math.floor(maxOps / 2)) : notOk;
  const keptOk = thinGroup(ops.filter((op) => op.outcome === 'ok'), runEndNs, maxOps - keptNotOk.length);
  return [...keptNotOk, ...keptOk].sort((a, b) => a.startNs - b.startNs || a.index - b.index);
}

function columns(ops: readonly OpInterval[], laneOf: Map<number, number>): OpColumns {
  const fNames = interner();
  const keys = interner();
  const errors = interner();
  const c: OpColumns = {
    n: ops.length, lane: [], proc: [], f: [], key: [], start: [], end: [], out: [], vin: [], vout: [], err: [], node: [], idx: [],
    fNames: fNames.table, keys: keys.table, errors: errors.table,
  };
  for (const op of ops) {
    c.lane.push(laneOf.get(op.process) ?? 0);
    c.proc.push(op.process);
    c.f.push(fNames.id(op.f));
    c.key.push(op.key === undefined ? -1 : keys.id(op.key));
    c.start.push(us(op.startNs));
    c.end.push(op.endNs === null ? -1 : us(op.endNs));
    c.out.push(OUTCOME_CODE[op.outcome]);
    c.vin.push(describeValue(op.invokeValue));
    c.vout.push(op.outcome === 'ok' ? describeValue(op.resultValue) : '');
    c.err.push(op.error === undefined ? -1 : errors.id(op.error));
    c.node.push(op.node ?? -1);
    c.idx.push(op.index);
  }
  return c;
}

type LeaderList = PageData['leadership']['leaders'];

function toLeaders(list: readonly unknown[]): LeaderList {
  return list
    .filter((l): l is Record<string, number> => typeof l === 'object' && l !== null && typeof (l as Record<string, unknown>).node === 'number' && typeof (l as Record<string, unknown>).fromNs === 'number')
    .map((l) => ({ node: l.node!, term: Number(l.term ?? 0), from: us(l.fromNs!), to: us(typeof l.toNs === 'number' ? l.toNs : l.fromNs!), endedBy: 'unknown' }));
}

/** Without event logs: the invariant checker's statistics, else the subject's status polls (results.json `subject.leaders`). */
function leadersFromResults(verdicts: Verdicts, results: Record<string, unknown> | null): { leaders: LeaderList; source: 'results' | 'status' | 'none' } {
  for (const checker of verdicts.checkers) {
    const stats = checker.data['stats'];
    const list = stats && typeof stats === 'object' ? (stats as Record<string, unknown>)['leaders'] : undefined;
    if (!Array.isArray(list)) continue;
    const leaders = toLeaders(list);
    if (leaders.length > 0) return { leaders, source: 'results' };
  }
  const subject = results?.['subject'];
  const polled = subject && typeof subject === 'object' ? (subject as Record<string, unknown>)['leaders'] : undefined;
  if (Array.isArray(polled)) {
    const leaders = toLeaders(polled);
    if (leaders.length > 0) return { leaders, source: 'status' };
  }
  return { leaders: [], source: 'none' };
}

export function prepareRun(run: RawRun, options: { maxOps?: number } = {}): PreparedRun {
  const events: NodeEvent[] = run.nodes.flatMap((n) => n.events);
  let runEndNs = historyEndNs(run.history);
  for (const e of events) if (e.time > runEndNs) runEndNs = e.time;
  const allOps = pairOperations(run.history);
  const { laneOf, lanes } = assignLanes(allOps, runEndNs);
  const embedded = selectOps(allOps, runEndNs, options.maxOps ?? MAX_EMBEDDED_OPS);
  const fEvents = faultEvents(run.history);
  const lead = leadership(events, fEvents, runEndNs);
  const verdicts = readVerdicts(run.results);
  const tp = throughput(allOps, runEndNs);
  const perfStats = perfFaultStats(verdicts);
  const nodeIds = new Set<number>(run.nodes.map((n) => n.id));
  for (const e of events) nodeIds.add(e.node);
  for (const d of [...lead.down, ...lead.paused]) nodeIds.add(d.node);
  let leaders = lead.leaders.map((l) => ({ node: l.node, term: l.term, from: us(l.fromNs), to: us(l.toNs), endedBy: l.endedBy as string }));
  let source: PageData['leadership']['source'] = events.length > 0 ? 'events' : 'none';
  if (events.length === 0) {
    const found = leadersFromResults(verdicts, run.results);
    leaders = found.leaders;
    source = found.source;
    for (const l of leaders) nodeIds.add(l.node);
  }
  const data: PageData = {
    run: { name: run.name, endUs: us(runEndNs), generatedAt: new Date().toISOString() },
    ops: columns(embedded, laneOf),
    totalOps: allOps.length,
    thinned: embedded.length < allOps.length,
    lanes,
    throughput: { bucketUs: us(tp.bucketNs), ok: tp.ok, fail: tp.fail, info: tp.info },
    faults: faultWindows(run.history, runEndNs).map((w) => ({
      family: w.family, from: us(w.fromNs), to: us(w.toNs), startF: w.startF, detail: w.detail, nodes: w.nodes, open: w.open,
      stats: perfStats.find((p) => p.family === w.family && Math.abs(p.startNs - w.fromNs) < 50e6)?.stats ?? null,
    })),
    faultEvents: fEvents.map((e) => ({ t: us(e.timeNs), f: e.f, detail: e.detail, nodes: e.nodes })),
    leadership: {
      nodes: [...nodeIds].sort((a, b) => a - b),
      leaders,
      down: lead.down.map((d) => ({ node: d.node, from: us(d.fromNs), to: us(d.toNs), approximate: d.approximate })),
      paused: lead.paused.map((p) => ({ node: p.node, from: us(p.fromNs), to: us(p.toNs) })),
      restarts: lead.restarts.map((r) => ({ node: r.node, t: us(r.timeNs) })),
      source,
    },
    violations: verdicts.violations.map((v) => ({ checker: v.checker, invariant: v.invariant, message: v.message, t: v.timeNs === null ? null : us(v.timeNs), events: v.events, certain: v.certain })),
    counterexamples: verdicts.counterexamples,
  };
  return { data, summary: summarize(allOps, runEndNs), verdicts, runEndNs };
}
