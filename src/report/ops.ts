// Client operations as intervals: each invoke paired with its completion (DESIGN.md §2), and each
// client process given a lane of the timeline. A process runs one operation at a time and is
// retired after an `info`, so processes whose lifetimes do not overlap can share a lane (as a
// Jepsen worker thread carries process p, then p + concurrency, ...).
import type { CompletionType } from '../history/types.js';
import type { OpRecord } from '../history/types.js';


export interface OpInterval {
  /** history index of the invocation. */
  readonly index: number;
  readonly process: number;
  readonly f: string;
  readonly key: string | undefined;
  readonly startNs: number;
  /** Completion time; null when the run ended before the operation completed (counts as info). */
  readonly endNs: number | null;
  readonly outcome: CompletionType;
  readonly invokeValue: unknown;
  readonly resultValue: unknown;
  readonly error: string | undefined;
  readonly node: number | undefined;
}

export function pairOperations(history: readonly OpRecord[]): OpInterval[] {
  const open = new Map<number, OpRecord>();
  const ops: OpInterval[] = [];
  const close = (invoke: OpRecord, done: OpRecord | null): void => {
    const outcome: CompletionType = done === null || done.type === 'invoke' ? 'info' : done.type;
    ops.push({
      index: invoke.index,
      process: invoke.process as number,
      f: invoke.f,
      key: invoke.key,
      startNs: invoke.time,
      endNs: done === null ? null : Math.max(done.time, invoke.time),
      outcome,
      invokeValue: invoke.value,
      resultValue: done === null ? undefined : done.value,
      error: done?.error,
      node: done?.node ?? invoke.node,
    });
  };
  for (const rec of history) {
    if (rec.process === 'nemesis') continue;
    const pending = open.get(rec.process);
    if (rec.type === 'invoke') {
      // A second invoke on a busy process means the first never completed: keep it as unknown.
      if (pending) close(pending, null);
      open.set(rec.process, rec);
    } else if (pending) {
      close(pending, rec);
      open.delete(rec.process);
    }
  }
  for (const pending of open.values()) close(pending, null);
  ops.sort((a, b) => a.startNs - b.startNs || a.index - b.index);
  return ops;
}

export interface LaneAssignment {
  /** lane number for each process id. */
  readonly laneOf: Map<number, number>;
  /** process ids per lane, in the order they used it. */
  readonly lanes: number[][];
}

/** Greedy interval colouring by first invocation: the lowest free lane. */
export function assignLanes(ops: readonly OpInterval[], runEndNs: number): LaneAssignment {
  const span = new Map<number, { from: number; to: number }>();
  for (const op of ops) {
    const end = op.endNs ?? runEndNs;
    const s = span.get(op.process);
    if (!s) span.set(op.process, { from: op.startNs, to: end });
    else {
      s.from = Math.min(s.from, op.startNs);
      s.to = Math.max(s.to, end);
    }
  }
  const processes = [...span.entries()].sort((a, b) => a[1].from - b[1].from || a[0] - b[0]);
  const laneEnds: number[] = [];
  const lanes: number[][] = [];
  const laneOf = new Map<number, number>();
  for (const [proc, s] of processes) {
    let lane = laneEnds.findIndex((end) => end < s.from);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(s.to);
      lanes.push([]);
    } else {
      laneEnds[lane] = s.to;
    }
    lanes[lane]!.push(proc);
    laneOf.set(proc, lane);
  }
  return { laneOf, lanes };
}

/** The last time anything happened in the history (the run's end, as far as the report knows). */
export function historyEndNs(history: readonly OpRecord[]): number {
  let end = 0;
  for (const rec of history) if (rec.time > end) end = rec.time;
  return end;
}

/** Short text of an operation's value, for tooltips: `write 3`, `cas 1→2`, `read → 4`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'nil';
  if (Array.isArray(value) && value.length === 2) return `${describeValue(value[0])}\u2192${describeValue(value[1])}`;
  if (typeof value === 'string') return value.length > 40 ? `${value.slice(0, 40)}\u2026` : value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}\u2026` : text;
}
